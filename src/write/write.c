/* SPDX-License-Identifier: MIT */
/* The writer table, the streaming write sink, and helpers writers share. */
#include "config.h"
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static const struct writer *const writers[] = {
	&writer_rss,
	&writer_atom,
	&writer_jsonfeed,
	&writer_dump,
};

const struct writer *
writer_find(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	if (strcmp(name, "json") == 0)
		name = "jsonfeed";
	for (i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

const char *
writer_names(void)
{
	return "rss atom jsonfeed dump";
}

struct write_sink {
	const struct writer	*w;
	struct write_opts	 o;
	FILE			*fp;
	void			*st;
	struct buf		 out;
	struct feed		*head;	/* borrowed from the reader */
	int			 head_done;
	struct sink		 sink;
};

static enum err
flush(struct write_sink *ws)
{
	if (ws->out.len > 0 &&
	    fwrite(ws->out.data, 1, ws->out.len, ws->fp) != ws->out.len) {
		buf_reset(&ws->out);
		return ERR_IO;
	}
	buf_reset(&ws->out);
	return ERR_OK;
}

static enum err
start(struct write_sink *ws, const struct feed *f, const struct article *first)
{
	enum err e;

	if (ws->head_done)
		return ERR_OK;
	ws->head_done = 1;
	e = ws->w->head(ws->st, &ws->o, f, first, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

static enum err
on_head(void *ctx, struct feed *f)
{
	struct write_sink *ws = ctx;

	/* The head is written with the first article, whose date it may need. */
	ws->head = f;
	return ERR_OK;
}

static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct write_sink *ws = ctx;
	enum err e;

	e = start(ws, f, a);
	if (!e)
		e = ws->w->article(ws->st, &ws->o, f, a, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

static enum err
on_end(void *ctx, struct feed *f)
{
	struct write_sink *ws = ctx;
	enum err e;

	e = start(ws, f, NULL);
	if (!e)
		e = ws->w->end(ws->st, &ws->o, f, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

struct write_sink *
write_sink_new(const struct writer *w, const struct write_opts *o, FILE *fp)
{
	struct write_sink *ws;

	ws = xcalloc(1, sizeof *ws);
	ws->w = w;
	ws->o = *o;
	ws->fp = fp;
	ws->st = w->state_size > 0 ? xcalloc(1, w->state_size) : NULL;
	buf_init(&ws->out, CAP_OUTPUT);
	ws->sink.head = on_head;
	ws->sink.article = on_article;
	ws->sink.end = on_end;
	ws->sink.ctx = ws;
	return ws;
}

void
write_sink_free(struct write_sink *ws)
{
	if (ws == NULL)
		return;
	buf_cleanup(&ws->out);
	free(ws->st);
	free(ws);
}

const struct sink *
write_sink_get(struct write_sink *ws)
{
	return &ws->sink;
}

int64_t
write_feed_date(const struct feed *f, const struct article *first)
{
	if (f->updated.t != 0)
		return f->updated.t;
	if (f->published.t != 0)
		return f->published.t;
	if (first != NULL)
		return write_article_updated(first);
	return 0;
}

int64_t
write_article_updated(const struct article *a)
{
	return a->updated.t != 0 ? a->updated.t : a->published.t;
}

char *
write_iri_id(const char *id)
{
	char	*esc, *res;

	if (uri_is_iri(id))
		return xstrdup(id);
	/* RFC 4151 tag URI; the id is percent-encoded so it stays stable. */
	esc = uri_escape_component(id);
	res = xasprintf("tag:feedmill,2026:%s", esc);
	free(esc);
	return res;
}
