/* SPDX-License-Identifier: MIT */
/*
 * The embedded HTTP server of feedmill serve: libmicrohttpd in external
 * epoll mode, driven by the service's libuv loop (one thread). It serves
 * a table of resources put by the service (never a path from the
 * request), with ETag/Last-Modified conditionals, HEAD and gzip, plus
 * dynamic routes (health, metrics, WebSub). A resource is held in
 * memory with a gzip copy made once per put, or answered from its file,
 * opened at each request, with gzip copies of the recently asked ones.
 */
#ifndef FEEDMILL_NET_HTTPD_H
#define FEEDMILL_NET_HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Methods, as bits (httpd_route() takes a set of them). */
enum {
	HTTPD_GET = 1 << 0,
	HTTPD_HEAD = 1 << 1,
	HTTPD_POST = 1 << 2
};

struct httpd_opts {
	const char	*listen;	/* "127.0.0.1:8080", "[::1]:8080",
					   ":8080" (every address); port 0
					   picks a free one (httpd_port()) */
	long		 timeout;	/* seconds: idle connections, and the
					   deadline for a request's head; 0:
					   CAP_HTTP_TIMEOUT */
	long		 max_connections;	/* 0: CAP_HTTP_CONNECTIONS */
	long		 per_ip;	/* 0: CAP_HTTP_PER_IP */
};

/*
 * Called for every resource with a realm, before it is served: true when
 * key (NULL when the request has none) opens realm. The key is never
 * logged by the server; the function must not log it either.
 */
typedef bool httpd_authorize_fn(void *ctx, const char *realm,
		    const char *key);

/* A request as a route handler sees it (all borrowed for the call). */
struct httpd_request {
	unsigned	 method;	/* one HTTPD_* bit */
	const char	*path;		/* as sent (not percent-decoded),
					   without the query */
	const char	*body;		/* POST body (NUL-terminated), or NULL */
	size_t		 body_len;
	void		*impl;		/* the server's */
};

/* What a route handler answers: status 200, no body, until it sets them. */
struct httpd_response {
	int		 status;
	struct buf	 body;		/* capped at CAP_HTTP_RESPONSE */
	void		*impl;		/* the server's */
};

/*
 * A route handler. It runs on the loop thread and must not block; it
 * fills rs (status, body, type, headers). rq and rs are valid only
 * during the call.
 */
typedef void httpd_handler(void *ctx, const struct httpd_request *rq,
		    struct httpd_response *rs);

/* One resource of the table (httpd_put() copies everything). */
struct httpd_resource {
	const char	*path;		/* URL path: "/news.rss" (no '%', no
					   "..": it is matched byte for byte) */
	const char	*type;		/* Content-Type */
	bool		 file;		/* answered from the file path + 1
					   under the folder of
					   httpd_set_files(), opened at each
					   request; body, len, mtime, links
					   and page_type are not used */
	const void	*body;
	size_t		 len;
	int64_t		 mtime;		/* Last-Modified, UTC seconds */
	long		 max_age;	/* Cache-Control max-age; < 0: no
					   Cache-Control */
	const char	*links;		/* Link header value (e.g.
					   '<https://hub>; rel="hub", <...>;
					   rel="self"'), or NULL */
	const char	*realm;		/* NULL: public; else the
					   authorizer must open it */
	const char	*page_type;	/* NULL, or the Content-Type of the
					   same bytes for a browser's
					   navigation (httpd_accept_page()):
					   an RSS or Atom file answered as
					   "application/xml" so the browser
					   applies its stylesheet. Answers
					   then carry Vary: Accept */
};

struct httpd;
struct uv_loop_s;

/* Longest host part of a listen address. */
#define HTTPD_HOST_MAX	256

/*
 * Split a listen address ("host:port", "[v6]:port", ":port") into host
 * ("" for every address) and port (digits, at most 65535). False when
 * it is not one; nothing is resolved.
 */
bool		 httpd_listen_split(const char *spec,
		    char host[HTTPD_HOST_MAX], char port[6]);

/*
 * Listen on o->listen and serve from loop. ERR_CONFIG for a bad
 * address, ERR_NET when it cannot listen (both logged). *out is the
 * caller's, freed with httpd_free() before the loop ends.
 */
enum err	 httpd_new(struct uv_loop_s *loop, const struct httpd_opts *o,
		    struct httpd **out) WARN_UNUSED;
/* Stop listening, drop every connection and free h (NULL is fine). */
void		 httpd_free(struct httpd *h);
/* The port listened on (useful after port 0). */
unsigned	 httpd_port(const struct httpd *h);
/* The authorizer for resources with a realm (none: they are all 404). */
void		 httpd_set_authorizer(struct httpd *h, httpd_authorize_fn *fn,
		    void *ctx);

/*
 * Add or replace the resource at r->path. The body is copied, its ETag
 * is a hash of the bytes (so an unchanged rewrite keeps it), and text
 * bodies get a gzip copy now, served to clients that accept gzip.
 * Responses in flight keep the old bytes.
 *
 * With r->file, only the description is kept: each request opens the
 * file (a missing one is a 404), answers with the inode it opened (a
 * file replaced by rename is never served half) and hashes it again for
 * the ETag when its inode, size or mtime changed since the last
 * request. Its gzip copy is made at the first request that accepts
 * gzip and kept while among the most recently asked for, up to
 * CAP_HTTP_GZIP_CACHE bytes of copies in all. Putting a file resource
 * again keeps what it learned.
 */
void		 httpd_put(struct httpd *h, const struct httpd_resource *r);
/* Remove the resource at path; false when there is none. */
bool		 httpd_remove(struct httpd *h, const char *path);
/* True when path is in the table. */
bool		 httpd_has(const struct httpd *h, const char *path);
/*
 * Resources in the table, and the bytes they hold in memory (plain and
 * gzip, with the gzip copies of file resources).
 */
size_t		 httpd_count(const struct httpd *h, size_t *bytes);
/* The folder file resources are under (opened now; NULL: none). */
void		 httpd_set_files(struct httpd *h, const char *dir);
/*
 * Remove the file resources not put since the last sweep (a rescan puts
 * every file still there, then sweeps); how many went.
 */
size_t		 httpd_sweep_files(struct httpd *h);

/*
 * Route requests whose path is prefix (when it ends in "/": starts with
 * it) and whose method is one of methods to fn. The table is looked up
 * first; the longest matching prefix wins. GET routes answer HEAD too.
 * A POST body longer than max_body is refused with 413 (0: no body
 * accepted). A route on the same prefix replaces the old one.
 */
void		 httpd_route(struct httpd *h, const char *prefix,
		    unsigned methods, size_t max_body, httpd_handler *fn,
		    void *ctx);
/* Remove the route on prefix (e.g. before its ctx is freed). */
void		 httpd_unroute(struct httpd *h, const char *prefix);

/* Query parameter name, percent-decoded, or NULL. Borrowed for the call. */
const char	*httpd_query(const struct httpd_request *rq, const char *name);
/* Request header name (any case), or NULL. Borrowed for the call. */
const char	*httpd_header(const struct httpd_request *rq, const char *name);
/* The client's address as text ("127.0.0.1"). Borrowed for the call. */
const char	*httpd_client(const struct httpd_request *rq);
/* Set the Content-Type of a route's answer (copied). */
void		 httpd_response_type(struct httpd_response *rs,
		    const char *type);
/* Add a response header (both copied; no CR or LF allowed: ignored). */
void		 httpd_response_header(struct httpd_response *rs,
		    const char *name, const char *value);

/*
 * What the Accept header fields of a request ask for, as far as an RSS
 * or Atom file is concerned: the highest q-value (in thousandths, -1:
 * not listed by name; wildcards never count) of a page type (text/html,
 * application/xhtml+xml), a feed type (application/rss+xml,
 * application/atom+xml, application/rdf+xml) and plain XML
 * (application/xml, text/xml).
 */
struct httpd_accept {
	int		 page;
	int		 feed;
	int		 xml;
};

/* Nothing listed yet. */
void		 httpd_accept_init(struct httpd_accept *a);
/* Add one Accept field value (NULL: nothing) to a. */
void		 httpd_accept_add(struct httpd_accept *a, const char *value);
/*
 * True when a is a browser's navigation: a page type is listed with
 * q > 0, no feed type at or above it and no plain XML type above it
 * (browsers list application/xml lower; feed readers list their types
 * first, or send wildcards only, or no Accept at all).
 */
bool		 httpd_accept_page(const struct httpd_accept *a);

/*
 * Requests answered, by status: fn is called for each status answered
 * at least once, in increasing order.
 */
void		 httpd_each_status(const struct httpd *h,
		    void (*fn)(void *ctx, int status, uint64_t count),
		    void *ctx);

#endif
