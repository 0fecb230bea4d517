/* SPDX-License-Identifier: MIT */
/*
 * Selecting a channel's stories and writing its outputs. The head is
 * the channel's: with one source it starts from that source's own feed
 * head (so a one-source channel is what convert makes of the feed), and
 * the channel's title, description, icon and home page override it.
 */
#include "config.h"
#include "service/channel.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/publish.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char *const format_names[] = { "rss", "atom", "jsonfeed" };
#define NFORMATS	3

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

bool
channel_accepts(const struct channel_conf *ch, const struct article *a)
{
	size_t	 i, j;
	bool	 ok;

	if (ch->ncategories > 0) {
		ok = false;
		for (i = 0; i < ch->ncategories && !ok; i++)
			for (j = 0; j < a->ncategories && !ok; j++)
				ok = text_ieq(a->categories[j].term,
				    ch->categories[i]) ||
				    text_ieq(a->categories[j].label,
				    ch->categories[i]);
		if (!ok)
			return false;
	}
	if (ch->nkeywords > 0) {
		ok = false;
		for (i = 0; i < ch->nkeywords && !ok; i++) {
			ok = contains(a->title, ch->keywords[i]) ||
			    contains(a->summary, ch->keywords[i]) ||
			    contains(a->content_text, ch->keywords[i]);
			for (j = 0; j < a->nkeywords && !ok; j++)
				ok = text_ieq(a->keywords[j], ch->keywords[i]);
		}
		if (!ok)
			return false;
	}
	return true;
}

char *
channel_path(const struct config *c, const struct channel_conf *ch,
    const struct writer *w)
{
	return xasprintf("%s/%s.%s", c->output_dir, ch->name, w->ext);
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
	return missing;
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
};

static enum err
each_story(void *ctx, const char *source, const struct article *a,
    bool *more)
{
	struct pick *p = ctx;
	const struct sink *s;
	enum err e = ERR_OK;
	int	 i;

	if (!channel_accepts(p->ch, a))
		return ERR_OK;
	for (i = 0; i < p->nouts && !e; i++) {
		s = write_sink_get(p->outs[i].ws);
		e = s->article(s->ctx, p->head, (struct article *)a);
	}
	if (++p->count >= p->ch->limit)
		*more = false;
	return e;
}

/* The channel's feed head (see the top of this file). */
static enum err
make_head(const struct channel_conf *ch, struct store *st, struct feed *f)
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
channel_publish(const struct config *c, const struct channel_conf *ch,
    struct store *st, long *count)
{
	struct out	 outs[NFORMATS];
	struct pick	 p;
	struct feed	 head;
	const struct sink *s;
	char		*path;
	int		 i, n = 0;
	enum err	 e, e2;

	*count = 0;
	e = make_head(ch, st, &head);
	if (!e)
		e = publish_mkdirs(c->output_dir);
	for (i = 0; i < NFORMATS && !e; i++) {
		struct out *o = &outs[n];

		if (!(ch->formats & (1u << i)))
			continue;
		memset(o, 0, sizeof *o);
		o->w = writer_find(format_names[i]);
		path = channel_path(c, ch, o->w);
		e = publish_open(&o->pf, path);
		free(path);
		if (e)
			break;
		o->url = channel_url(c, ch, o->w);
		o->wo.feed_url = o->url;
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
	p.head = &head;
	p.outs = outs;
	p.nouts = n;
	if (!e)
		e = store_each_story(st, ch->sources, ch->nsources,
		    (enum store_order)ch->order, each_story, &p);
	for (i = 0; i < n && !e; i++) {
		s = write_sink_get(outs[i].ws);
		e = s->end(s->ctx, &head);
	}
	for (i = 0; i < n; i++) {
		write_sink_free(outs[i].ws);
		e2 = publish_close(&outs[i].pf, e == ERR_OK);
		if (!e)
			e = e2;
		free(outs[i].url);
	}
	feed_cleanup(&head);
	*count = p.count;
	return e;
}
