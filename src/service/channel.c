/* SPDX-License-Identifier: MIT */
/*
 * Selecting a channel's stories and writing its outputs. The head is
 * the channel's: with one source it starts from that source's own feed
 * head (so a one-source channel is what convert makes of the feed), and
 * the channel's title, description, icon and home page override it.
 */
#include "config.h"
#include "service/channel.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read/lifecycle.h"
#include "service/publish.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char *const format_names[] = { "rss", "atom", "jsonfeed" };
static const char *const format_labels[] = { "RSS", "Atom", "JSON Feed" };
#define NFORMATS	CHANNEL_FORMATS

/* Case-insensitive substring search (ASCII folding). */
static bool
contains(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle);
	const char *p;

	if (hay == NULL || n == 0)
		return false;
	for (p = hay; *p != '\0'; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

/* True when a has a category whose term or label is one of terms. */
static bool
has_category(const struct article *a, char *const *terms, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < a->ncategories; j++)
			if (text_ieq(a->categories[j].term, terms[i]) ||
			    text_ieq(a->categories[j].label, terms[i]))
				return true;
	return false;
}

/* True when a's title, summary or text has one of words, or a keyword. */
static bool
has_word(const struct article *a, char *const *words, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		if (contains(a->title, words[i]) ||
		    contains(a->summary, words[i]) ||
		    contains(a->content_text, words[i]))
			return true;
		for (j = 0; j < a->nkeywords; j++)
			if (text_ieq(a->keywords[j], words[i]))
				return true;
	}
	return false;
}

bool
channel_accepts(const struct channel_conf *ch, const struct article *a)
{
	if (ch->ncategories > 0 &&
	    !has_category(a, ch->categories, ch->ncategories))
		return false;
	if (ch->nkeywords > 0 && !has_word(a, ch->keywords, ch->nkeywords))
		return false;
	return !has_category(a, ch->exclude_categories,
	    ch->nexclude_categories) && !has_word(a, ch->exclude_keywords,
	    ch->nexclude_keywords);
}

char *
channel_path(const struct config *c, const struct channel_conf *ch,
    const struct writer *w)
{
	return xasprintf("%s/%s.%s", c->output_dir, ch->name, w->ext);
}

size_t
channel_hubs(const struct config *c, const struct channel_conf *ch,
    char *const **hubs)
{
	if (ch->nhubs > 0) {
		*hubs = ch->hubs;
		return ch->nhubs;
	}
	*hubs = c->hubs;
	return ch->restricted ? 0 : c->nhubs;
}

char *
channel_url(const struct config *c, const struct channel_conf *ch,
    const struct writer *w)
{
	size_t	 n;

	if (c->base_url == NULL)
		return NULL;
	n = strlen(c->base_url);
	return xasprintf("%s%s%s.%s", c->base_url, n > 0 &&
	    c->base_url[n - 1] == '/' ? "" : "/", ch->name, w->ext);
}

bool
channel_missing(const struct config *c, const struct channel_conf *ch)
{
	char	*path;
	bool	 missing = false;
	int	 i;

	for (i = 0; i < NFORMATS && !missing; i++) {
		if (!(ch->formats & (1u << i)))
			continue;
		path = channel_path(c, ch, writer_find(format_names[i]));
		missing = access(path, F_OK) != 0;
		free(path);
	}
	if (c->html_pages && !missing) {
		path = channel_path(c, ch, &writer_html);
		missing = access(path, F_OK) != 0;
		free(path);
	}
	return missing;
}

void
channel_links_init(struct channel_links *l, const struct channel_conf *ch)
{
	const struct writer *w;
	int	 i;

	memset(l, 0, sizeof *l);
	for (i = 0; i < NFORMATS; i++) {
		if (!(ch->formats & (1u << i)))
			continue;
		w = writer_find(format_names[i]);
		l->href[l->n] = xasprintf("%s.%s", ch->name, w->ext);
		l->v[l->n].href = l->href[l->n];
		l->v[l->n].type = w->media_type;
		l->v[l->n].label = format_labels[i];
		l->n++;
	}
}

void
channel_links_cleanup(struct channel_links *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->href[i]);
	memset(l, 0, sizeof *l);
}

/*
 * The headlines of one pass over a channel's stories (dedupe = title):
 * 64-bit hashes in an open-addressing table, sized for the channel's
 * limit (at most half full).
 */
struct titles {
	uint64_t	*slot;		/* 0: empty */
	size_t		 mask;
};

/*
 * FNV-1a over a headline's letters and digits, ASCII case folded, and
 * its non-ASCII bytes: "Council votes" and "COUNCIL VOTES!" are one.
 * 0 when it has none of them.
 */
static uint64_t
title_key(const char *s)
{
	const unsigned char *p;
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned c;
	bool	 any = false;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		c = *p;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c < 0x80 && !(c >= 'a' && c <= 'z') &&
		    !(c >= '0' && c <= '9'))
			continue;
		h = (h ^ c) * 0x100000001b3ULL;
		any = true;
	}
	if (!any)
		return 0;
	return h != 0 ? h : 1;
}

/* True when t has key already; else key is added. */
static bool
titles_seen(struct titles *t, uint64_t key, long limit)
{
	size_t	 i, n = 16;

	if (t->slot == NULL) {
		while (n < 2 * (size_t)limit)
			n <<= 1;
		t->slot = xcalloc(n, sizeof *t->slot);
		t->mask = n - 1;
	}
	for (i = key & t->mask; t->slot[i] != 0; i = (i + 1) & t->mask)
		if (t->slot[i] == key)
			return true;
	t->slot[i] = key;
	return false;
}

/* One open output of the channel. */
struct out {
	const struct writer *w;
	struct pubfile	 pf;
	struct write_sink *ws;
	struct write_opts wo;
	char		*url;
};

struct pick {
	const struct channel_conf *ch;
	struct feed	*head;
	struct out	*outs;
	int		 nouts;
	long		 count;
	int64_t		 newest;
	int64_t		 now;		/* the lifecycle's clock */
	struct titles	 titles;	/* dedupe = title */
};

static enum err
each_story(void *ctx, const char *source, const struct article *a,
    bool *more)
{
	struct pick *p = ctx;
	const struct sink *s;
	uint64_t key;
	enum err e = ERR_OK;
	int	 i;

	/* Embargoed (until their time) and withheld stories wait. */
	if (!channel_accepts(p->ch, a) || !lifecycle_pass(a, p->now, NULL))
		return ERR_OK;
	/* The first story in the channel's order keeps its headline. */
	if (p->ch->dedupe_titles) {
		key = title_key(a->title);
		if (key != 0 && titles_seen(&p->titles, key, p->ch->limit))
			return ERR_OK;
	}
	if (write_article_updated(a) > p->newest)
		p->newest = write_article_updated(a);
	for (i = 0; i < p->nouts && !e; i++) {
		s = write_sink_get(p->outs[i].ws);
		e = s->article(s->ctx, p->head, (struct article *)a);
	}
	if (++p->count >= p->ch->limit)
		*more = false;
	return e;
}

enum err
channel_head(const struct channel_conf *ch, struct store *st, struct feed *f)
{
	enum err e = ERR_OK;

	feed_init(f);
	if (ch->nsources == 1)
		e = store_get_feed(st, ch->sources[0], f);
	if (e)
		return e;
	if (ch->title != NULL)
		xstrset(&f->title, ch->title);
	else if (f->title == NULL)
		xstrset(&f->title, ch->name);
	if (ch->description != NULL)
		xstrset(&f->subtitle, ch->description);
	if (ch->icon != NULL)
		xstrset(&f->icon, ch->icon);
	if (ch->home_url != NULL)
		xstrset(&f->home_url, ch->home_url);
	return ERR_OK;
}

enum err
channel_scan(const struct config *c, const struct channel_conf *ch,
    struct store *st, int64_t now, struct channel_stats *cs)
{
	struct pick	 p;
	enum err	 e;

	memset(&p, 0, sizeof p);
	p.ch = ch;
	p.now = now;
	e = store_each_story(st, ch->sources, ch->nsources,
	    (enum store_order)ch->order, each_story, &p);
	free(p.titles.slot);
	cs->count = p.count;
	cs->newest = p.newest;
	cs->known = e == ERR_OK;
	return e;
}

enum err
channel_publish(const struct config *c, const struct channel_conf *ch,
    struct store *st, int64_t now, struct channel_stats *cs)
{
	struct out	 outs[NFORMATS + 1];
	struct pick	 p;
	struct feed	 head;
	struct channel_links links;
	struct html_opts ho;
	const struct sink *s;
	char		*path;
	int		 i, n = 0;
	enum err	 e, e2;

	memset(cs, 0, sizeof *cs);
	channel_links_init(&links, ch);
	memset(&ho, 0, sizeof ho);
	ho.feeds = links.v;
	ho.nfeeds = links.n;
	ho.index_href = CHANNEL_INDEX;
	ho.share_href = c->share_pages ? "share/" : NULL;
	e = channel_head(ch, st, &head);
	if (!e)
		e = publish_mkdirs(c->output_dir);
	/* The feeds, then (slot NFORMATS) the page for people. */
	for (i = 0; i <= NFORMATS && !e; i++) {
		struct out *o = &outs[n];

		if (i < NFORMATS ? !(ch->formats & (1u << i)) :
		    !c->html_pages)
			continue;
		memset(o, 0, sizeof *o);
		o->w = i < NFORMATS ? writer_find(format_names[i]) :
		    &writer_html;
		o->wo.html = &ho;
		if (c->stylesheet)
			o->wo.stylesheet = CHANNEL_XSL;
		path = channel_path(c, ch, o->w);
		e = publish_open(&o->pf, path);
		free(path);
		if (e)
			break;
		o->url = channel_url(c, ch, o->w);
		o->wo.feed_url = o->url;
		o->wo.nhubs = channel_hubs(c, ch, &o->wo.hubs);
		o->wo.generator = PACKAGE_NAME " " PACKAGE_VERSION;
		o->ws = write_sink_new(o->w, &o->wo, o->pf.fp);
		n++;
	}
	for (i = 0; i < n && !e; i++) {
		s = write_sink_get(outs[i].ws);
		e = s->head(s->ctx, &head);
	}
	memset(&p, 0, sizeof p);
	p.ch = ch;
	p.now = now;
	p.head = &head;
	p.outs = outs;
	p.nouts = n;
	if (!e)
		e = store_each_story(st, ch->sources, ch->nsources,
		    (enum store_order)ch->order, each_story, &p);
	free(p.titles.slot);
	for (i = 0; i < n && !e; i++) {
		s = write_sink_get(outs[i].ws);
		e = s->end(s->ctx, &head);
	}
	/* The sinks keep errno of a failed write (ENOSPC, EIO). */
	if (e == ERR_IO)
		log_error("%s: channel %s not written: %s", c->output_dir,
		    ch->name, strerror(errno));
	for (i = 0; i < n; i++) {
		write_sink_free(outs[i].ws);
		e2 = publish_close(&outs[i].pf, e == ERR_OK);
		if (!e)
			e = e2;
		free(outs[i].url);
	}
	feed_cleanup(&head);
	channel_links_cleanup(&links);
	cs->count = p.count;
	cs->newest = p.newest;
	cs->known = e == ERR_OK;
	return e;
}
