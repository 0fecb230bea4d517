/* SPDX-License-Identifier: MIT */
/*
 * Full text for feeds and sitemaps. The reader's stories are held (as
 * deep copies; past CAP_FULLTEXT_ITEMS they keep the feed's text), their
 * pages fetched all at once through net/fetchmulti.c, and each page
 * folded into its story by read/fulltext.c (shared with the service).
 */
#include "config.h"
#include "cmd/fulltext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/dump.h"
#include "model/undump.h"
#include "net/fetchmulti.h"
#include "read/fulltext.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/uri.h"
#include "util/xmalloc.h"

struct fulltext {
	const struct sink	*out;
	struct fulltext_opts	 o;
	struct sink		 in;
	struct feed		 feed;
	bool			 have_head;
	struct article		**arts;
	size_t			 narts;
	size_t			 done;
	size_t			 wanted;
};

/* A deep copy through the dump (which carries every model field). */
static struct article *
copy_article(const struct article *a)
{
	struct article *c = article_new();
	struct buf b;
	size_t	 i;

	buf_init(&b, CAP_OUTPUT);
	if (dump_article(&b, a) != ERR_OK || undump_article(b.data, b.len,
	    c) != ERR_OK) {
		article_reset(c);
		xstrset(&c->id, a->id);
		xstrset(&c->url, a->url);
	}
	buf_cleanup(&b);
	for (i = 0; i < a->nexplains; i++)
		article_explain(c, a->explains[i].field, a->explains[i].rule);
	return c;
}

static enum err
ft_head(void *ctx, struct feed *f)
{
	struct fulltext *ft = ctx;
	struct buf b;

	buf_init(&b, CAP_OUTPUT);
	/* A head that does not read back keeps what it gave. */
	if (dump_feed(&b, f) == ERR_OK &&
	    undump_feed(b.data, b.len, &ft->feed) != ERR_OK)
		log_debug("%s: feed head copied in part", ft->o.ro->name);
	buf_cleanup(&b);
	if (f->base_url != NULL)
		xstrset(&ft->feed.base_url, f->base_url);
	ft->have_head = true;
	return ERR_OK;
}

static enum err
ft_article(void *ctx, const struct feed *f, struct article *a)
{
	struct fulltext *ft = ctx;

	(void)f;
	if (ft->narts == CAP_FULLTEXT_ITEMS)
		log_warn("%s: full text for the first %zu stories only",
		    ft->o.ro->name, (size_t)CAP_FULLTEXT_ITEMS);
	ft->arts = xreallocarray(ft->arts, ft->narts + 1, sizeof *ft->arts);
	ft->arts[ft->narts++] = copy_article(a);
	return ERR_OK;
}

static void
on_done(struct fetchm_req *r, void *ctx)
{
	struct fulltext *ft = ctx;
	struct article	*a = r->user;

	ft->done++;
	if (ft->o.progress)
		fprintf(stderr, "\rfull text: %zu/%zu", ft->done, ft->wanted);
	if (r->e != ERR_OK || r->body.len == 0) {
		log_warn("%s: page not read; the feed's text is kept", r->url);
		fetchm_req_cleanup(r);
		return;
	}
	/* A page that cannot be read leaves the feed's story as it was. */
	(void)!fulltext_page(a, r->body.data, r->body.len, r->charset,
	    &ft->feed, r->effective_url != NULL ? r->effective_url : r->url,
	    ft->o.ro->source);
	fetchm_req_cleanup(r);
}

struct fulltext *
fulltext_new(const struct sink *out, const struct fulltext_opts *o)
{
	struct fulltext *ft = xcalloc(1, sizeof *ft);

	ft->out = out;
	ft->o = *o;
	feed_init(&ft->feed);
	ft->in.head = ft_head;
	ft->in.article = ft_article;
	ft->in.end = NULL;	/* set below: end runs the fetches */
	ft->in.ctx = ft;
	return ft;
}

/* As read.c does for --explain, after the merge. */
static void
explain(const struct article *a)
{
	struct buf b;

	buf_init(&b, CAP_TEXT);
	if (dump_explain(&b, a) == ERR_OK)
		fprintf(stderr, "explain\t%s\n%s", a->id != NULL ? a->id : "",
		    buf_str(&b));
	buf_cleanup(&b);
}

static enum err
ft_end(void *ctx, struct feed *f)
{
	struct fulltext *ft = ctx;
	struct fetchm_req *reqs, **rp;
	struct fetchm_opts fo;
	size_t	 i, n = 0;
	enum err e;

	/* The head may carry fields that came after the items. */
	feed_cleanup(&ft->feed);
	feed_init(&ft->feed);
	(void)ft_head(ft, f);
	reqs = xcalloc(ft->narts + 1, sizeof *reqs);
	rp = xcalloc(ft->narts + 1, sizeof *rp);
	for (i = 0; i < ft->narts && i < CAP_FULLTEXT_ITEMS; i++) {
		if (ft->arts[i]->url == NULL || !uri_is_web(ft->arts[i]->url))
			continue;
		fetchm_req_init(&reqs[n]);
		reqs[n].url = ft->arts[i]->url;
		reqs[n].max_body = CAP_INPUT_HTML;
		reqs[n].user = ft->arts[i];
		rp[n] = &reqs[n];
		n++;
	}
	ft->wanted = n;
	fetchm_opts_init(&fo);
	fo.max_connections = ft->o.connections;
	fo.per_host = ft->o.per_host;
	fo.allow_private = ft->o.allow_private;
	e = n > 0 ? fetchm_run(rp, n, &fo, on_done, ft) : ERR_OK;
	if (ft->o.progress && n > 0)
		fputc('\n', stderr);
	free(rp);
	free(reqs);
	if (!e)
		e = ft->out->head(ft->out->ctx, &ft->feed);
	for (i = 0; i < ft->narts && !e; i++) {
		if (ft->o.explain)
			explain(ft->arts[i]);
		e = ft->out->article(ft->out->ctx, &ft->feed, ft->arts[i]);
	}
	if (!e)
		e = ft->out->end(ft->out->ctx, &ft->feed);
	return e;
}

struct sink *
fulltext_sink(struct fulltext *ft)
{
	ft->in.end = ft_end;
	return &ft->in;
}

void
fulltext_free(struct fulltext *ft)
{
	size_t	 i;

	if (ft == NULL)
		return;
	for (i = 0; i < ft->narts; i++)
		article_free(ft->arts[i]);
	free(ft->arts);
	feed_cleanup(&ft->feed);
	free(ft);
}
