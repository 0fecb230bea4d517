/* SPDX-License-Identifier: MIT */
/*
 * Inside the HTTP server (net/httpd*.c only): the server's state, the
 * resource table (httpdres.c; file resources: httpdfile.c) and the
 * routes (httpdroute.c).
 */
#ifndef FEEDMILL_NET_HTTPDINT_H
#define FEEDMILL_NET_HTTPDINT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>
#include <uv.h>

#include "net/httpd.h"

/* Bodies shorter than this are not worth a gzip copy. */
#define HTTPD_GZIP_MIN	256

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

/*
 * Bytes that several responses answer with (a feed's and its page
 * variant's, a file's gzip copy): freed when the last holder lets go,
 * which may be after the resource is replaced (responses in flight).
 * Everything runs on the loop thread: a plain counter does.
 */
struct shared {
	unsigned	 refs;
	size_t		 len;
	unsigned char	 data[];
};

/* The in-memory part of a resource put with its bytes. */
struct resmem {
	/* Per variant: "0123456789abcdef", "...-gz", "...-xml", "...-xml-gz" */
	char		 etag[RES_VARIANTS][28];
	int64_t		 mtime;
	size_t		 bytes;
	/* Per variant, 200 and 304 (NULL: the variant does not exist). */
	struct MHD_Response *ok[RES_VARIANTS], *nm[RES_VARIANTS];
};

/*
 * A resource answered from its file (httpdfile.c): what the ETag was
 * computed from (the file is hashed again when its inode, size or mtime
 * differ at a request), and its gzip copy while it is in the
 * least-recently-used list of copies.
 */
struct resfile {
	const char	*type;		/* interned in httpd.types */
	long		 max_age;
	unsigned	 gen;		/* httpd.gen at the last put */
	bool		 nogz;		/* gzip does not pay for these bytes */
	bool		 known;		/* dev..hash are set */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtim;
	uint64_t	 hash;		/* the first 16 hex digits of SHA-256 */
	struct shared	*gz;		/* or NULL */
	struct res	*lru_prev, *lru_next;	/* while gz != NULL */
};

/* A resource of the table: in memory (mem) or from a file (file). */
struct res {
	struct res	*next;		/* hash chain */
	char		*path;
	char		*realm;
	struct resmem	*mem;
	struct resfile	*file;		/* in r's own allocation */
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
	int		 files_fd;	/* httpd_set_files(), or -1 */
	unsigned	 gen;		/* file resources put since the sweep */
	struct res	*lru_head, *lru_tail;	/* file resources with gzip */
	size_t		 gz_bytes;	/* their gzip copies */
	char		**types;	/* of file resources, interned */
	size_t		 ntypes;
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
/* Put r into the table at r->path, replacing (and freeing) any there. */
void		 httpd_res_insert(struct httpd *h, struct res *r);
/* Free r (taken out of the table), its gzip copy leaving h's list. */
void		 httpd_res_free(struct httpd *h, struct res *r);
/* Shared bytes with room for cap (refs 1, len 0). */
struct shared	*httpd_shared_new(size_t cap);
/* Let go of sh (a MHD free callback too; NULL is fine). */
void		 httpd_shared_unref(void *sh);
/* gzip the n bytes at p into new shared bytes, or NULL. */
struct shared	*httpd_gzip(const void *p, size_t n);
/*
 * A response answering with sh's bytes (it holds a reference): its
 * Content-Length is sh's length, also for a 304 or HEAD, which send no
 * body.
 */
struct MHD_Response *httpd_shared_response(struct shared *sh);
/*
 * The validator headers every answer about a resource carries: ETag,
 * Last-Modified (mtime > 0), Cache-Control (max_age >= 0; private with
 * a realm), Vary and Link (both when not NULL).
 */
void		 httpd_add_common(struct MHD_Response *resp, const char *etag,
		    int64_t mtime, long max_age, bool private,
		    const char *vary, const char *links);
/* Drop file resource r's gzip copy (taking it out of h's list). */
void		 httpd_file_drop_gz(struct httpd *h, struct res *r);
/* Put a file resource (httpd_put() with rs->file). */
void		 httpd_put_file(struct httpd *h, const struct httpd_resource *rs);
/* Answer a GET or HEAD for file resource r (its realm already opened). */
enum MHD_Result	 httpd_serve_file(struct httpd *h, struct MHD_Connection *c,
		    struct res *r);
/* Answer a GET or HEAD for r (keys, conditionals, gzip). */
enum MHD_Result	 httpd_serve_res(struct httpd *h, struct MHD_Connection *c,
		    struct res *r);
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
