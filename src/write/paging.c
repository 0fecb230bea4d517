/* SPDX-License-Identifier: MIT */
/*
 * RFC 5005 paged and archived feeds. The sink keeps the stories (the
 * last page needs the total), then writes each document whole through
 * the ordinary writer, adding the history links after its head: Atom
 * <link>, RSS <atom:link>, and next_url in JSON Feed (which has no
 * other link relations).
 */
#include "config.h"
#include "write/paging.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/uri.h"
#include "util/xmalloc.h"

bool
paging_supported(const struct writer *w)
{
	return strcmp(w->name, "rss") == 0 || strcmp(w->name, "atom") == 0 ||
	    strcmp(w->name, "jsonfeed") == 0;
}

char *
paging_file_name(const char *feed_url, const char *ext, bool archive,
    size_t k)
{
	const char *seg, *end, *path;
	char	*name, *dot, *p, *res;

	end = feed_url + strcspn(feed_url, "?#");
	path = strstr(feed_url, "://");
	path = path != NULL && path < end ? strchr(path + 3, '/') : NULL;
	seg = end;
	if (path != NULL && path < end)
		while (seg[-1] != '/')
			seg--;
	if (seg == end)
		name = xasprintf("feed.%s", ext);
	else
		name = xstrndup(seg, (size_t)(end - seg));
	for (p = name; *p != '\0'; p++)
		if (!write_is_alnum((unsigned char)*p) &&
		    strchr("._-", *p) == NULL)
			*p = '-';
	if (name[0] == '.')
		name[0] = '-';
	if (k == 1 && !archive)
		return name;
	dot = strrchr(name, '.');
	if (dot != NULL && dot != name)
		*dot++ = '\0';
	else
		dot = NULL;
	res = xasprintf("%s-%s%zu%s%s", name, archive ? "archive-" : "", k,
	    dot != NULL ? "." : "", dot != NULL ? dot : "");
	free(name);
	return res;
}

struct paging_sink {
	const struct writer	*w;
	struct write_opts	 o;
	size_t			 page_size;
	bool			 archive;
	struct outdir		*od;
	struct article		**items;
	size_t			 nitems;
	size_t			 ndocs;
	char			*first_url;	/* page 1 or the current feed */
	struct sink		 sink;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A deep copy of a (every string and array). */
static struct article *
article_copy(const struct article *a)
{
	struct article *c;
	size_t	 i;

	c = xmalloc(sizeof *c);
	*c = *a;
#define X(f) c->f = dup_or_null(a->f);
	ARTICLE_STR_FIELDS(X)
#undef X
	c->base_url = dup_or_null(a->base_url);
	c->authors = a->nauthors ? xcalloc(a->nauthors, sizeof *c->authors) :
	    NULL;
	for (i = 0; i < a->nauthors; i++) {
		c->authors[i].name = dup_or_null(a->authors[i].name);
		c->authors[i].email = dup_or_null(a->authors[i].email);
		c->authors[i].url = dup_or_null(a->authors[i].url);
	}
	c->images = a->nimages ? xcalloc(a->nimages, sizeof *c->images) : NULL;
	for (i = 0; i < a->nimages; i++) {
		c->images[i] = a->images[i];
		c->images[i].url = dup_or_null(a->images[i].url);
		c->images[i].type = dup_or_null(a->images[i].type);
		c->images[i].caption = dup_or_null(a->images[i].caption);
		c->images[i].credit = dup_or_null(a->images[i].credit);
		c->images[i].alt = dup_or_null(a->images[i].alt);
	}
	c->enclosures = a->nenclosures ? xcalloc(a->nenclosures,
	    sizeof *c->enclosures) : NULL;
	for (i = 0; i < a->nenclosures; i++) {
		c->enclosures[i] = a->enclosures[i];
		c->enclosures[i].url = dup_or_null(a->enclosures[i].url);
		c->enclosures[i].type = dup_or_null(a->enclosures[i].type);
	}
	c->categories = a->ncategories ? xcalloc(a->ncategories,
	    sizeof *c->categories) : NULL;
	for (i = 0; i < a->ncategories; i++) {
		c->categories[i].term = dup_or_null(a->categories[i].term);
		c->categories[i].scheme = dup_or_null(a->categories[i].scheme);
		c->categories[i].label = dup_or_null(a->categories[i].label);
	}
	c->keywords = a->nkeywords ? xcalloc(a->nkeywords,
	    sizeof *c->keywords) : NULL;
	for (i = 0; i < a->nkeywords; i++)
		c->keywords[i] = dup_or_null(a->keywords[i]);
	c->links = a->nlinks ? xcalloc(a->nlinks, sizeof *c->links) : NULL;
	for (i = 0; i < a->nlinks; i++) {
		c->links[i].href = dup_or_null(a->links[i].href);
		c->links[i].rel = dup_or_null(a->links[i].rel);
		c->links[i].type = dup_or_null(a->links[i].type);
		c->links[i].title = dup_or_null(a->links[i].title);
		c->links[i].lang = dup_or_null(a->links[i].lang);
	}
	c->explains = a->nexplains ? xcalloc(a->nexplains,
	    sizeof *c->explains) : NULL;
	for (i = 0; i < a->nexplains; i++) {
		c->explains[i].field = dup_or_null(a->explains[i].field);
		c->explains[i].rule = dup_or_null(a->explains[i].rule);
	}
	return c;
}

static enum err
on_head(void *ctx, struct feed *f)
{
	return ERR_OK;
}

static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct paging_sink *ps = ctx;

	*VEC_PUSH(ps->items, ps->nitems) = article_copy(a);
	return ERR_OK;
}

/* The history links of one document. */
struct hist {
	char	*self;
	char	*first, *prev, *next, *last;		/* paged */
	char	*current, *prev_arch, *next_arch;	/* archived */
	bool	 fh_archive, fh_complete;
};

static void
hist_cleanup(struct hist *h)
{
	free(h->self);
	free(h->first);
	free(h->prev);
	free(h->next);
	free(h->last);
	free(h->current);
	free(h->prev_arch);
	free(h->next_arch);
}

/* The URL of document k (0: none). New string, or NULL. */
static char *
doc_url(const struct paging_sink *ps, bool archive, size_t k)
{
	char	*name, *url;

	if (k == 0)
		return NULL;
	name = paging_file_name(ps->o.feed_url, ps->w->ext, archive, k);
	url = uri_resolve(ps->o.feed_url, name);
	free(name);
	return url;
}

/* One link element in the writer's own syntax, when href is set. */
static void
put_link(struct write_out *w, const struct writer *wr, const char *rel,
    const char *href)
{
	if (href == NULL || !write_web_url_ok(href))
		return;
	if (strcmp(wr->name, "atom") == 0)
		write_put(w, "  <link rel=\"");
	else
		write_put(w, "    <atom:link rel=\"");
	write_put(w, rel);
	write_putf(w, "\" type=\"%s\" href=\"", wr->media_type);
	write_put_attr(w, href);
	write_put(w, "\"/>\n");
}

/* The history elements that follow an Atom or RSS head. */
static void
put_hist(struct write_out *w, const struct writer *wr, const struct hist *h)
{
	const char *indent;

	if (strcmp(wr->name, "jsonfeed") == 0)
		return;
	indent = strcmp(wr->name, "atom") == 0 ? "  " : "    ";
	/* "next" is the writer's own, from the feed's next_url. */
	put_link(w, wr, "first", h->first);
	put_link(w, wr, "previous", h->prev);
	put_link(w, wr, "last", h->last);
	put_link(w, wr, "current", h->current);
	put_link(w, wr, "prev-archive", h->prev_arch);
	put_link(w, wr, "next-archive", h->next_arch);
	if (h->fh_archive)
		write_putf(w, "%s<fh:archive xmlns:fh=\"%s\"/>\n", indent,
		    FH_NS);
	if (h->fh_complete)
		write_putf(w, "%s<fh:complete xmlns:fh=\"%s\"/>\n", indent,
		    FH_NS);
}

/*
 * Write the document holding items [from, to) as file name, with the
 * links in h; next_url is what the writer writes as its "next" link.
 */
static enum err
write_doc(struct paging_sink *ps, const struct feed *f, size_t from,
    size_t to, const struct hist *h, const char *next_url, const char *name)
{
	struct write_opts o = ps->o;
	struct buf out;
	struct feed pf = *f;
	struct write_out w;
	void	*st;
	size_t	 i;
	enum err e;

	buf_init(&out, CAP_OUTPUT);
	w.b = &out;
	w.e = ERR_OK;
	st = ps->w->state_size > 0 ? xcalloc(1, ps->w->state_size) : NULL;
	o.feed_url = h->self;
	/* Every document is part of one feed: they share its id. */
	if (pf.id == NULL)
		pf.id = ps->first_url;
	pf.self_url = NULL;
	pf.next_url = (char *)next_url;
	e = ps->w->head(st, &o, &pf, from < to ? ps->items[from] : NULL, &out);
	if (!e) {
		put_hist(&w, ps->w, h);
		e = w.e;
	}
	for (i = from; !e && i < to; i++)
		e = ps->w->article(st, &o, &pf, ps->items[i], &out);
	if (!e)
		e = ps->w->end(st, &o, &pf, &out);
	if (!e)
		e = outdir_write(ps->od, name, out.data, out.len);
	if (!e)
		ps->ndocs++;
	free(st);
	buf_cleanup(&out);
	return e;
}

/* Pages of page_size items, newest first: first/previous/next/last. */
static enum err
write_paged(struct paging_sink *ps, const struct feed *f)
{
	struct hist h;
	size_t	 npages, k, n = ps->page_size;
	char	*name;
	enum err e = ERR_OK;

	npages = ps->nitems == 0 ? 1 : (ps->nitems + n - 1) / n;
	for (k = 1; !e && k <= npages; k++) {
		memset(&h, 0, sizeof h);
		h.self = doc_url(ps, false, k);
		h.first = doc_url(ps, false, 1);
		h.last = doc_url(ps, false, npages);
		h.prev = doc_url(ps, false, k - 1);
		h.next = k < npages ? doc_url(ps, false, k + 1) : NULL;
		name = paging_file_name(ps->o.feed_url, ps->w->ext, false, k);
		e = write_doc(ps, f, (k - 1) * n,
		    k * n < ps->nitems ? k * n : ps->nitems, &h, h.next, name);
		free(name);
		hist_cleanup(&h);
	}
	return e;
}

/*
 * Archives of page_size items counted from the oldest, so a full
 * archive never changes as stories are added; the current feed holds
 * the newest 1..page_size stories and links to the newest archive, or
 * is fh:complete when there is none. In JSON Feed, next_url leads from
 * the current feed through the archives to the oldest.
 */
static enum err
write_archived(struct paging_sink *ps, const struct feed *f)
{
	struct hist h;
	size_t	 narch, ncur, j, n = ps->page_size, t = ps->nitems;
	char	*name;
	enum err e;

	narch = t > 0 ? (t - 1) / n : 0;
	ncur = t - narch * n;
	memset(&h, 0, sizeof h);
	h.self = doc_url(ps, false, 1);
	h.prev_arch = doc_url(ps, true, narch);
	h.fh_complete = narch == 0;
	name = paging_file_name(ps->o.feed_url, ps->w->ext, false, 1);
	e = write_doc(ps, f, 0, ncur, &h, strcmp(ps->w->name, "jsonfeed") ==
	    0 ? h.prev_arch : NULL, name);
	free(name);
	hist_cleanup(&h);
	for (j = narch; !e && j >= 1; j--) {
		memset(&h, 0, sizeof h);
		h.self = doc_url(ps, true, j);
		h.current = doc_url(ps, false, 1);
		h.prev_arch = doc_url(ps, true, j - 1);
		h.next_arch = j < narch ? doc_url(ps, true, j + 1) : NULL;
		h.fh_archive = true;
		name = paging_file_name(ps->o.feed_url, ps->w->ext, true, j);
		e = write_doc(ps, f, t - j * n, t - (j - 1) * n, &h,
		    strcmp(ps->w->name, "jsonfeed") == 0 ? h.prev_arch : NULL,
		    name);
		free(name);
		hist_cleanup(&h);
	}
	return e;
}

static enum err
on_end(void *ctx, struct feed *f)
{
	struct paging_sink *ps = ctx;
	enum err e;

	ps->first_url = doc_url(ps, false, 1);
	e = ps->archive ? write_archived(ps, f) : write_paged(ps, f);
	if (!e)
		e = outdir_finish(ps->od);
	return e;
}

struct paging_sink *
paging_sink_new(const struct writer *w, const struct write_opts *o,
    size_t page_size, bool archive, struct outdir *od)
{
	struct paging_sink *ps;

	ps = xcalloc(1, sizeof *ps);
	ps->w = w;
	ps->o = *o;
	ps->page_size = page_size > 0 ? page_size : 1;
	ps->archive = archive;
	ps->od = od;
	ps->sink.head = on_head;
	ps->sink.article = on_article;
	ps->sink.end = on_end;
	ps->sink.ctx = ps;
	return ps;
}

const struct sink *
paging_sink_get(struct paging_sink *ps)
{
	return &ps->sink;
}

size_t
paging_sink_docs(const struct paging_sink *ps)
{
	return ps->ndocs;
}

void
paging_sink_free(struct paging_sink *ps)
{
	size_t	 i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->nitems; i++)
		article_free(ps->items[i]);
	free(ps->items);
	free(ps->first_url);
	free(ps);
}
