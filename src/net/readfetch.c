/* SPDX-License-Identifier: MIT */
/*
 * Fetching for readers: each URL a reader asks for becomes a fetchm_req;
 * fetchm_run() does them all at once within the caps and logs each
 * failure once, and every body goes back to the reader as it arrives.
 */
#include "config.h"
#include "net/readfetch.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct pass {
	read_got_fn	*got;
	void		*got_ctx;
	struct fetchm_req *base;	/* reqs[i] is base + i */
};

static void
done(struct fetchm_req *r, void *ctx)
{
	struct pass *p = ctx;

	p->got(p->got_ctx, (size_t)(r - p->base), r->e,
	    r->e == ERR_OK ? buf_str(&r->body) : NULL,
	    r->e == ERR_OK ? r->body.len : 0);
	fetchm_req_cleanup(r);
}

static enum err
get(void *ctx, const char *const *urls, size_t n, size_t max_body,
    read_got_fn *got, void *got_ctx)
{
	struct readfetch *rfe = ctx;
	struct fetchm_req *reqs, **rp;
	struct pass p;
	size_t	 i;
	enum err e;

	if (n == 0)
		return ERR_OK;
	reqs = xcalloc(n, sizeof *reqs);
	rp = xcalloc(n, sizeof *rp);
	for (i = 0; i < n; i++) {
		fetchm_req_init(&reqs[i]);
		reqs[i].url = urls[i];
		reqs[i].max_body = max_body;
		rp[i] = &reqs[i];
	}
	p.got = got;
	p.got_ctx = got_ctx;
	p.base = reqs;
	e = fetchm_run(rp, n, &rfe->o, done, &p);
	/* Requests the run never finished (a multi failure). */
	for (i = 0; i < n; i++)
		fetchm_req_cleanup(&reqs[i]);
	free(rp);
	free(reqs);
	return e;
}

void
readfetch_init(struct readfetch *rfe, long connections, long per_host,
    bool allow_private)
{
	memset(rfe, 0, sizeof *rfe);
	fetchm_opts_init(&rfe->o);
	rfe->o.max_connections = connections;
	rfe->o.per_host = per_host;
	rfe->o.allow_private = allow_private;
	rfe->rf.get = get;
	rfe->rf.ctx = rfe;
}
