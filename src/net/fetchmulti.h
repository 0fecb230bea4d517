/* SPDX-License-Identifier: MIT */
/*
 * Many fetches at once through libcurl's multi interface, for the
 * service: conditional GET from stored state, a global and a per-host
 * connection cap, every limit of fetch.h, and the response headers the
 * scheduler needs (Retry-After, Cache-Control, Expires) plus whether
 * every redirect on the way was permanent. Each finished request is
 * handed to a callback at once, so bodies do not pile up.
 */
#ifndef FEEDMILL_NET_FETCHMULTI_H
#define FEEDMILL_NET_FETCHMULTI_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct fetchm_opts {
	const char	*user_agent;	/* NULL: feedmill/VERSION */
	long		 max_connections;	/* in total */
	long		 per_host;	/* connections to one host */
	long		 max_redirects;
	bool		 allow_private;
	long		 host_spacing;	/* fetchm_run: seconds between the
					   starts of two requests to one host
					   (host:port); 0 = none */
};

/* One request: the caller fills the "in" part; fetchm_run the rest. */
struct fetchm_req {
	/* in (borrowed for the run) */
	const char	*url;
	const char	*etag;		/* sent as If-None-Match */
	const char	*last_modified;	/* sent as If-Modified-Since */
	char *const	*headers;	/* extra "Name: value" lines */
	size_t		 nheaders;
	const char	*auth;		/* "user:password", or NULL */
	size_t		 max_body;	/* 0: CAP_FETCH_BODY */
	long		 timeout;	/* seconds; 0: CAP_FETCH_SECONDS */
	const char	*post;		/* a form body to POST, or NULL */
	void		*user;

	/* out (owned by the request until fetchm_req_cleanup()) */
	enum err	 e;		/* as fetch_url() */
	long		 status;
	struct buf	 body;
	char		*media_type;
	char		*charset;
	char		*effective_url;
	char		*resp_etag;
	char		*resp_last_modified;
	char		*retry_after;
	char		*cache_control;
	char		*expires;
	char		*link;		/* Link headers, joined by ", " */
	bool		 redirected;
	bool		 permanent;	/* redirected, and only by 301/308 */
};

void	 fetchm_opts_init(struct fetchm_opts *o);
void	 fetchm_req_init(struct fetchm_req *r);
/* Release the "out" part (the done callback may do it early). */
void	 fetchm_req_cleanup(struct fetchm_req *r);

/*
 * Fetch every request, at most o->max_connections at a time and, with
 * o->host_spacing, each host's in turn (in the order given) at least
 * that far apart, and call done(r, ctx) as each one finishes (in
 * completion order). Returns when all are done; ERR_OK unless the multi
 * handle itself failed.
 */
typedef void fetchm_done_fn(struct fetchm_req *r, void *ctx);
enum err fetchm_run(struct fetchm_req **reqs, size_t n,
	    const struct fetchm_opts *o, fetchm_done_fn *done,
	    void *ctx) WARN_UNUSED;

/*
 * The same on a libuv loop (curl's multi-uv shape: curl's socket and
 * timer callbacks drive uv_poll and uv_timer handles). Requests start as
 * soon as they are added (curl queues past the caps); done(r, ctx) runs
 * on the loop as each finishes, and may add more.
 */
struct uv_loop_s;
struct fetchm_loop;
struct fetchm_loop *fetchm_loop_new(struct uv_loop_s *loop,
	    const struct fetchm_opts *o, fetchm_done_fn *done, void *ctx);
void	 fetchm_loop_add(struct fetchm_loop *fl, struct fetchm_req *r);
/* Requests added and not yet done. */
size_t	 fetchm_loop_active(const struct fetchm_loop *fl);
/*
 * Abandon what is in flight (done is not called for it) and close; the
 * memory goes when libuv has closed the handles (keep running the loop).
 */
void	 fetchm_loop_close(struct fetchm_loop *fl);

#endif
