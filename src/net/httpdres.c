/* SPDX-License-Identifier: MIT */
/*
 * The resource table: path -> bytes put by the service, each with
 * ready-made libmicrohttpd responses (plain, gzip copy, the same two
 * under a page type for browsers, and a 304 of each) carrying ETag,
 * Last-Modified, Cache-Control, Vary and Link, so answering allocates
 * nothing; or path -> a file answered at each request (httpdfile.c).
 * And the choice between them per request (partner key, Accept,
 * If-None-Match, If-Modified-Since, Accept-Encoding).
 */
#include "config.h"
#include "net/httpd.h"
#include "net/httpdint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "net/httpcond.h"
#include "util/caps.h"
#include "util/hash.h"
#include "util/xmalloc.h"

static uint64_t
hash_path(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct res **
httpd_res_slot(const struct httpd *h, const char *path)
{
	struct res **rp;

	rp = &h->buckets[hash_path(path) & (h->nbuckets - 1)];
	while (*rp != NULL && strcmp((*rp)->path, path) != 0)
		rp = &(*rp)->next;
	return rp;
}

void
httpd_res_free(struct httpd *h, struct res *r)
{
	int	 v;

	if (r == NULL)
		return;
	if (r->mem != NULL) {
		for (v = 0; v < RES_VARIANTS; v++) {
			if (r->mem->ok[v] != NULL)
				MHD_destroy_response(r->mem->ok[v]);
			if (r->mem->nm[v] != NULL)
				MHD_destroy_response(r->mem->nm[v]);
		}
		h->bytes -= r->mem->bytes;
		free(r->mem);
	}
	/* A file part shares r's allocation. */
	if (r->file != NULL)
		httpd_file_drop_gz(h, r);
	free(r->path);
	free(r->realm);
	free(r);
}

static void
grow(struct httpd *h)
{
	struct res **old = h->buckets, *r, *next;
	size_t	 n = h->nbuckets, i;

	h->nbuckets = n * 2;
	h->buckets = xcalloc(h->nbuckets, sizeof *h->buckets);
	for (i = 0; i < n; i++)
		for (r = old[i]; r != NULL; r = next) {
			next = r->next;
			r->next = h->buckets[hash_path(r->path) &
			    (h->nbuckets - 1)];
			h->buckets[hash_path(r->path) & (h->nbuckets - 1)] = r;
		}
	free(old);
}

struct shared *
httpd_shared_new(size_t cap)
{
	struct shared *sh;

	sh = xmalloc(sizeof *sh + cap + 1);
	sh->refs = 1;
	sh->len = 0;
	return sh;
}

void
httpd_shared_unref(void *cls)
{
	struct shared *sh = cls;

	if (sh != NULL && --sh->refs == 0)
		free(sh);
}

struct shared *
httpd_gzip(const void *p, size_t n)
{
	struct shared *sh;
	z_stream z;
	size_t	 cap;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)n);
	sh = httpd_shared_new(cap);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = sh->data;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(sh);
		return NULL;
	}
	sh->len = z.total_out;
	deflateEnd(&z);
	return sh;
}

void
httpd_add_common(struct MHD_Response *resp, const char *etag, int64_t mtime,
    long max_age, bool private, const char *vary, const char *links)
{
	char	 date[HTTP_DATE_BUF], cc[64];

	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (mtime > 0) {
		http_date(mtime, date);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED,
		    date);
	}
	if (max_age >= 0) {
		snprintf(cc, sizeof cc, "%smax-age=%ld",
		    private ? "private, " : "", max_age);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    cc);
	}
	if (vary != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, vary);
	if (links != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LINK, links);
}

/*
 * libmicrohttpd 0.9.75 gives every 304 the Content-Length of its
 * response object and has no way to leave it out (no
 * MHD_create_response_empty() or MHD_RF_HEAD_ONLY_RESPONSE before
 * 0.9.76; a length set by hand under
 * MHD_RF_INSANITY_HEADER_CONTENT_LENGTH comes as a second one; a
 * response of unknown size is sent chunked, with a body). An empty
 * object would say "Content-Length: 0", which RFC 9110 section 8.6
 * forbids (a 304 may only carry the length of the 200 it stands for).
 * So a 304 is made on the variant's own bytes: its Content-Length is
 * that of the 200, and the library sends no body with a 304.
 */
struct MHD_Response *
httpd_shared_response(struct shared *sh)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer_with_free_callback_cls(sh->len,
	    sh->data, httpd_shared_unref, sh);
	if (resp == NULL)
		abort();
	sh->refs++;
	return resp;
}

/* The 304 of the variant whose bytes are sh. */
static struct MHD_Response *
make_304(struct shared *sh, const struct httpd_resource *rs,
    const char *etag, const char *vary)
{
	struct MHD_Response *resp;

	resp = httpd_shared_response(sh);
	httpd_add_common(resp, etag, rs->mtime, rs->max_age,
	    rs->realm != NULL, vary, rs->links);
	return resp;
}

/* A 200 answering with the bytes of sh: its 304 with a type and encoding. */
static struct MHD_Response *
make_body(struct shared *sh, const struct httpd_resource *rs,
    const char *type, const char *etag, const char *vary, bool gz)
{
	struct MHD_Response *resp;

	resp = make_304(sh, rs, etag, vary);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	return resp;
}

void
httpd_res_insert(struct httpd *h, struct res *r)
{
	struct res **rp;

	rp = httpd_res_slot(h, r->path);
	if (*rp != NULL) {
		r->next = (*rp)->next;
		httpd_res_free(h, *rp);
		h->nres--;
	}
	*rp = r;
	h->nres++;
	if (h->nres > h->nbuckets)
		grow(h);
}

void
httpd_put(struct httpd *h, const struct httpd_resource *rs)
{
	struct res *r;
	struct resmem *m;
	struct shared *plain, *gz, *sh;
	char	 hex[HASH_HEX_LEN + 1];
	const char *vary;
	int	 v;

	if (rs->file) {
		httpd_put_file(h, rs);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->mem = m = xcalloc(1, sizeof *m);
	r->path = xstrdup(rs->path);
	r->realm = rs->realm != NULL ? xstrdup(rs->realm) : NULL;
	m->mtime = rs->mtime;
	hash_hex(rs->body, rs->len, hex);
	gz = rs->len >= HTTPD_GZIP_MIN ? httpd_gzip(rs->body, rs->len) : NULL;
	if (gz != NULL && gz->len >= rs->len) {
		httpd_shared_unref(gz);
		gz = NULL;
	}
	plain = httpd_shared_new(rs->len);
	memcpy(plain->data, rs->body, rs->len);
	plain->len = rs->len;
	if (rs->page_type != NULL)
		vary = gz != NULL ? "Accept, Accept-Encoding" : "Accept";
	else
		vary = gz != NULL ? "Accept-Encoding" : NULL;
	for (v = 0; v < RES_VARIANTS; v++) {
		if (((v & RES_GZIP) && gz == NULL) ||
		    ((v & RES_PAGE) && rs->page_type == NULL))
			continue;
		sh = (v & RES_GZIP) ? gz : plain;
		snprintf(m->etag[v], sizeof m->etag[v], "\"%.16s%s%s\"", hex,
		    (v & RES_PAGE) ? "-xml" : "", (v & RES_GZIP) ? "-gz" : "");
		m->ok[v] = make_body(sh, rs, (v & RES_PAGE) ? rs->page_type :
		    rs->type, m->etag[v], vary, (v & RES_GZIP) != 0);
		m->nm[v] = make_304(sh, rs, m->etag[v], vary);
	}
	m->bytes = plain->len + (gz != NULL ? gz->len : 0);
	/* The responses hold the bytes now. */
	httpd_shared_unref(plain);
	httpd_shared_unref(gz);
	h->bytes += m->bytes;
	httpd_res_insert(h, r);
}

bool
httpd_remove(struct httpd *h, const char *path)
{
	struct res **rp = httpd_res_slot(h, path), *r = *rp;

	if (r == NULL)
		return false;
	*rp = r->next;
	h->nres--;
	httpd_res_free(h, r);
	return true;
}

bool
httpd_has(const struct httpd *h, const char *path)
{
	return *httpd_res_slot(h, path) != NULL;
}

size_t
httpd_count(const struct httpd *h, size_t *bytes)
{
	if (bytes != NULL)
		*bytes = h->bytes + h->gz_bytes;
	return h->nres;
}

size_t
httpd_sweep_files(struct httpd *h)
{
	struct res **rp, *r;
	size_t	 i, n = 0;

	for (i = 0; i < h->nbuckets; i++)
		for (rp = &h->buckets[i]; (r = *rp) != NULL; ) {
			if (r->file == NULL || r->file->gen == h->gen) {
				rp = &r->next;
				continue;
			}
			*rp = r->next;
			h->nres--;
			httpd_res_free(h, r);
			n++;
		}
	h->gen++;
	return n;
}

/* The request's key: Authorization: Bearer, else ?key=. Into buf. */
static const char *
request_key(struct MHD_Connection *c, char *buf, size_t size)
{
	const char *v, *k;
	size_t	 n;

	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	k = http_bearer(v, &n);
	if (k != NULL) {
		if (n >= size)
			return NULL;
		memcpy(buf, k, n);
		buf[n] = '\0';
		return buf;
	}
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "key");
	if (v == NULL || (n = strlen(v)) >= size ||
	    !http_unescape(v, n, buf, true))
		return NULL;
	return buf;
}

/* Fold every Accept field of a request into an httpd_accept. */
static enum MHD_Result
accept_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	if (key != NULL && strcasecmp(key, MHD_HTTP_HEADER_ACCEPT) == 0)
		httpd_accept_add(cls, value);
	return MHD_YES;
}

/* Serve table resource r: the variant the request asks for. */
enum MHD_Result
httpd_serve_res(struct httpd *h, struct MHD_Connection *c, struct res *r)
{
	const struct resmem *m = r->mem;
	const char *inm, *ims, *ae, *etags[RES_VARIANTS], *k;
	char	 key[CAP_HTTP_KEY + 1];
	struct httpd_accept acc;
	bool	 fresh, ok;
	size_t	 n = 0;
	int	 v = 0, i;

	if (r->realm != NULL) {
		/* Refused looks exactly like absent. */
		k = request_key(c, key, sizeof key);
		ok = h->auth != NULL && h->auth(h->auth_ctx, r->realm, k);
		explicit_bzero(key, sizeof key);
		if (!ok)
			return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	}
	if (r->file != NULL)
		return httpd_serve_file(h, c, r);
	if (m->ok[RES_PAGE] != NULL) {
		httpd_accept_init(&acc);
		MHD_get_connection_values(c, MHD_HEADER_KIND, accept_field,
		    &acc);
		if (httpd_accept_page(&acc))
			v |= RES_PAGE;
	}
	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (m->ok[RES_GZIP] != NULL && http_accepts_gzip(ae))
		v |= RES_GZIP;
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL) {
		/* Any variant's tag: they all stand for the same bytes. */
		for (i = 0; i < RES_VARIANTS; i++)
			if (m->ok[i] != NULL)
				etags[n++] = m->etag[i];
		fresh = http_etag_match(inm, etags, n);
	} else {
		ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
		fresh = m->mtime > 0 && http_not_modified_since(ims, m->mtime);
	}
	if (fresh)
		return httpd_answer(h, c, MHD_HTTP_NOT_MODIFIED, m->nm[v]);
	return httpd_answer(h, c, MHD_HTTP_OK, m->ok[v]);
}
