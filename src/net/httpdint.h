/* SPDX-License-Identifier: MIT */
/*
 * Inside the HTTP server (net/httpd*.c only): the server's state, the
 * resource table (httpdres.c) and the routes (httpdroute.c).
 */
#ifndef FEEDMILL_NET_HTTPDINT_H
#define FEEDMILL_NET_HTTPDINT_H

#include <stdbool.h>
#include <stdint.h>

#include <microhttpd.h>
#include <uv.h>

#include "net/httpd.h"

/*
 * The variants of a resource, as an index: the page bit (answered to a
 * browser's navigation under httpd_resource.page_type) or'ed with the
 * gzip bit.
 */
enum {
	RES_GZIP = 1,
	RES_PAGE = 2,
	RES_VARIANTS = 4
};

/* A resource of the table. */
struct res {
	struct res	*next;		/* hash chain */
	char		*path;
	char		*realm;
	/* Per variant: "0123456789abcdef", "...-gz", "...-xml", "...-xml-gz" */
	char		 etag[RES_VARIANTS][28];
	int64_t		 mtime;
	size_t		 bytes;
	/* Per variant, 200 and 304 (NULL: the variant does not exist). */
	struct MHD_Response *ok[RES_VARIANTS], *nm[RES_VARIANTS];
};

/* A dynamic route. */
struct route {
	char		*prefix;
	size_t		 len;
	unsigned	 methods;
	size_t		 max_body;
	httpd_handler	*fn;
	void		*ctx;
};

/* A connection, for the request-head deadline. */
struct conn {
	struct conn	*prev, *next;
	int		 fd;
	uint64_t	 deadline;	/* loop milliseconds; 0: none */
};

struct httpd {
	uv_loop_t	*loop;
	uv_poll_t	 poll;
	uv_timer_t	 timer;		/* MHD_get_timeout() */
	uv_timer_t	 sweep;		/* request-head deadlines */
	int		 closing;	/* handles still to close */
	struct MHD_Daemon *d;
	unsigned	 port;
	uint64_t	 timeout_ms;
	struct res	**buckets;
	size_t		 nbuckets, nres, bytes;
	struct route	*routes;
	size_t		 nroutes;
	struct conn	*conns;
	httpd_authorize_fn *auth;
	void		*auth_ctx;
	struct MHD_Response *r400, *r404, *r405, *r413, *r431;
	uint64_t	 status[600];
};

/* The table slot of path (*slot is NULL when absent). */
struct res	**httpd_res_slot(const struct httpd *h, const char *path);
void		 httpd_res_free(struct res *r);
/* Answer a GET or HEAD for r (keys, conditionals, gzip). */
enum MHD_Result	 httpd_serve_res(struct httpd *h, struct MHD_Connection *c,
		    const struct res *r);
/* Queue resp with status, counting it. */
enum MHD_Result	 httpd_answer(struct httpd *h, struct MHD_Connection *c,
		    int status, struct MHD_Response *resp);
/* The route for path (longest prefix), or NULL. */
const struct route *httpd_find_route(const struct httpd *h, const char *path);
/* Call rt's handler and queue its answer (body: a POST's, or NULL). */
enum MHD_Result	 httpd_run_route(struct httpd *h, struct MHD_Connection *c,
		    const struct route *rt, unsigned method, const char *path,
		    struct buf *body);

#endif
