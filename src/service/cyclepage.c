/* SPDX-License-Identifier: MIT */
/*
 * Full text in a cycle: the page of each new or changed story of a
 * fulltext source is queued as the story is stored, fetched after the
 * polls, and folded into the stored story (read/fulltext.c), whose
 * share page is then written again.
 */
#include "config.h"
#include "service/cycleint.h"

#include <stdlib.h>
#include <string.h>

#include "model/dump.h"
#include "model/undump.h"
#include "read/fulltext.h"
#include "read/lifecycle.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/uri.h"
#include "util/xmalloc.h"

void
cycle_page_free(struct page *pg)
{
	if (pg == NULL)
		return;
	fetchm_req_cleanup(&pg->req);
	free(pg->url);
	free(pg->dump);
	free(pg);
}

/*
 * Queue the page of a new or changed story of a fulltext source (at most
 * CAP_FULLTEXT_ITEMS a poll); the cycle fetches it, and cycle_on_page()
 * folds it into the stored story.
 */
void
cycle_want_page(struct ingest *in, const struct article *a)
{
	struct cycle *cy = in->cy;
	struct page *pg;
	struct buf b;

	if (!uri_is_web(a->url))
		return;
	if (in->n_pages++ == CAP_FULLTEXT_ITEMS)
		log_warn("%s: full text for the first %d new stories only",
		    in->src->sc->name, CAP_FULLTEXT_ITEMS);
	if (in->n_pages > CAP_FULLTEXT_ITEMS)
		return;
	buf_init(&b, CAP_OUTPUT);
	if (dump_article(&b, a) != ERR_OK) {
		buf_cleanup(&b);
		return;
	}
	pg = xcalloc(1, sizeof *pg);
	pg->src = in->src;
	pg->url = xstrdup(a->url);
	pg->dump = buf_take(&b, NULL);
	fetchm_req_init(&pg->req);
	*VEC_PUSH(cy->pages, cy->npages) = pg;
}

struct fetchm_req *
cycle_next_page(struct cycle *cy)
{
	struct page *pg;

	if (cy->next_page >= cy->npages)
		return NULL;
	pg = cy->pages[cy->next_page++];
	fetchm_req_cleanup(&pg->req);
	fetchm_req_init(&pg->req);
	pg->req.url = pg->url;
	pg->req.max_body = CAP_INPUT_HTML;
	pg->req.timeout = pg->src->sc->timeout;
	pg->req.user = pg;
	cy->pages_out++;
	return &pg->req;
}

size_t
cycle_pages_waiting(struct cycle *cy)
{
	/* Reads still running may queue more. */
	cycle_settle(cy);
	return cy->npages - cy->next_page;
}

/* When every queued page is done, the queue starts again empty. */
static void
pages_reset(struct cycle *cy)
{
	size_t	 i;

	if (cy->next_page < cy->npages || cy->pages_out > 0)
		return;
	for (i = 0; i < cy->npages; i++)
		cycle_page_free(cy->pages[i]);
	free(cy->pages);
	cy->pages = NULL;
	cy->npages = cy->next_page = 0;
}

/* Fold a fetched page into its stored story (see cycle_want_page()). */
static void
take_page(struct cycle *cy, struct page *pg, const struct fetchm_req *r)
{
	struct article	*a;
	struct feed	 f;
	struct job	*jb;
	const char	*name = pg->src->sc->name;
	bool		 changed = false;
	enum err	 e;

	a = article_new();
	feed_init(&f);
	e = undump_article(pg->dump, strlen(pg->dump), a);
	if (!e)
		e = store_get_feed(cy->st, name, &f);
	if (e == ERR_STORE) {
		cy->fatal = e;
		goto out;
	}
	if (e || fulltext_page(a, r->body.data, r->body.len, r->charset, &f,
	    r->effective_url != NULL ? r->effective_url : r->url, name) !=
	    ERR_OK) {
		log_warn("%s: %s: page not extracted; the feed's text is kept",
		    name, r->url);
		goto out;
	}
	e = cycle_batch(cy);
	if (!e)
		e = store_enrich_article(cy->st, a, cy->now, &changed);
	if (e) {
		cy->fatal = e;
		goto out;
	}
	cy->s->pages++;
	if (changed) {
		pg->src->changed = true;
		/* A version held back since it was queued has no page. */
		if (lifecycle_pass(a, cy->now, NULL) &&
		    cycle_share_ready(cy)) {
			jb = cycle_job_new(cy, pg->src, NULL, NULL);
			readjob_add_page(&jb->rj, &f, a);
			a = NULL;
			cycle_queue_pages(cy, jb);
		}
	}
out:
	feed_cleanup(&f);
	article_free(a);
}

void
cycle_on_page(struct fetchm_req *r, void *ctx)
{
	struct cycle	*cy = ctx;
	struct page	*pg = r->user;

	cy->pages_out--;
	if (r->e != ERR_OK || r->body.len == 0)
		log_warn("%s: %s: page not read; the feed's text is kept",
		    pg->src->sc->name, r->url);
	else if (!cy->fatal)
		take_page(cy, pg, r);
	fetchm_req_cleanup(r);
	free(pg->dump);
	pg->dump = NULL;
	pages_reset(cy);
}

void
fetchm_page_opts(struct fetchm_opts *fo, const struct config *c)
{
	fetchm_opts_from_config(fo, c);
	if (fo->max_connections > CAP_FULLTEXT_CONNECTIONS)
		fo->max_connections = CAP_FULLTEXT_CONNECTIONS;
	fo->host_spacing = 0;
}
