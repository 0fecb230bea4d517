/* SPDX-License-Identifier: MIT */
/*
 * The resource table: path -> bytes put by the service, each with
 * ready-made libmicrohttpd responses (plain, gzip copy, and a 304 of
 * each) carrying ETag, Last-Modified, Cache-Control, Vary and Link, so
 * answering allocates nothing; and the choice between them per request
 * (partner key, If-None-Match, If-Modified-Since, Accept-Encoding).
 */
#include "config.h"
#include "net/httpd.h"
#include "net/httpdint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "net/httpcond.h"
#include "util/caps.h"
#include "util/hash.h"
#include "util/xmalloc.h"

/* Bodies shorter than this are not worth a gzip copy. */
#define HTTPD_GZIP_MIN	256

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
httpd_res_free(struct res *r)
{
	if (r == NULL)
		return;
	MHD_destroy_response(r->plain);
	MHD_destroy_response(r->nm);
	if (r->gz != NULL) {
		MHD_destroy_response(r->gz);
		MHD_destroy_response(r->nm_gz);
	}
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

/* gzip the n bytes at p into a new buffer (*outlen), or NULL. */
static void *
gzip_copy(const void *p, size_t n, size_t *outlen)
{
	z_stream z;
	unsigned char *out;
	size_t	 cap;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)n);
	out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* The headers every answer about resource rs shares. */
static void
add_common(struct MHD_Response *resp, const struct httpd_resource *rs,
    const char *etag, bool vary)
{
	char	 date[HTTP_DATE_BUF], cc[64];

	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (rs->mtime > 0) {
		http_date(rs->mtime, date);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED,
		    date);
	}
	if (rs->max_age >= 0) {
		snprintf(cc, sizeof cc, "%smax-age=%ld",
		    rs->realm != NULL ? "private, " : "", rs->max_age);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    cc);
	}
	if (vary)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
		    "Accept-Encoding");
	if (rs->links != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LINK, rs->links);
}

static struct MHD_Response *
make_body(void *p, size_t n, const struct httpd_resource *rs,
    const char *etag, bool vary, bool gz)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(n, p, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		abort();
	add_common(resp, rs, etag, vary);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->type);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	return resp;
}

/*
 * A 304 (libmicrohttpd 0.9.75 adds "Content-Length: 0" to it, which
 * clients ignore on a 304; it cannot be left out).
 */
static struct MHD_Response *
make_304(const struct httpd_resource *rs, const char *etag, bool vary)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(0, NULL,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		abort();
	add_common(resp, rs, etag, vary);
	return resp;
}

void
httpd_put(struct httpd *h, const struct httpd_resource *rs)
{
	struct res *r, **rp;
	char	 hex[HASH_HEX_LEN + 1];
	void	*copy, *gz;
	size_t	 gzlen = 0;

	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(rs->path);
	r->realm = rs->realm != NULL ? xstrdup(rs->realm) : NULL;
	r->mtime = rs->mtime;
	hash_hex(rs->body, rs->len, hex);
	snprintf(r->etag, sizeof r->etag, "\"%.16s\"", hex);
	snprintf(r->etag_gz, sizeof r->etag_gz, "\"%.16s-gz\"", hex);
	gz = rs->len >= HTTPD_GZIP_MIN ? gzip_copy(rs->body, rs->len, &gzlen) :
	    NULL;
	if (gz != NULL && gzlen >= rs->len) {
		free(gz);
		gz = NULL;
	}
	copy = xmalloc(rs->len + 1);
	memcpy(copy, rs->body, rs->len);
	r->plain = make_body(copy, rs->len, rs, r->etag, gz != NULL, false);
	r->nm = make_304(rs, r->etag, gz != NULL);
	r->bytes = rs->len;
	if (gz != NULL) {
		r->gz = make_body(gz, gzlen, rs, r->etag_gz, true, true);
		r->nm_gz = make_304(rs, r->etag_gz, true);
		r->bytes += gzlen;
	}
	rp = httpd_res_slot(h, rs->path);
	if (*rp != NULL) {
		r->next = (*rp)->next;
		h->bytes -= (*rp)->bytes;
		httpd_res_free(*rp);
		h->nres--;
	}
	*rp = r;
	h->nres++;
	h->bytes += r->bytes;
	if (h->nres > h->nbuckets)
		grow(h);
}

bool
httpd_remove(struct httpd *h, const char *path)
{
	struct res **rp = httpd_res_slot(h, path), *r = *rp;

	if (r == NULL)
		return false;
	*rp = r->next;
	h->nres--;
	h->bytes -= r->bytes;
	httpd_res_free(r);
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
		*bytes = h->bytes;
	return h->nres;
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

/* Serve table resource r. */
enum MHD_Result
httpd_serve_res(struct httpd *h, struct MHD_Connection *c, const struct res *r)
{
	const char *inm, *ims, *ae, *etags[2], *k;
	char	 key[CAP_HTTP_KEY + 1];
	bool	 gz, fresh, ok;
	enum MHD_Result rc;

	if (r->realm != NULL) {
		/* Refused looks exactly like absent. */
		k = request_key(c, key, sizeof key);
		ok = h->auth != NULL && h->auth(h->auth_ctx, r->realm, k);
		explicit_bzero(key, sizeof key);
		if (!ok)
			return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	}
	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	gz = r->gz != NULL && http_accepts_gzip(ae);
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL) {
		etags[0] = r->etag;
		etags[1] = r->etag_gz;
		fresh = http_etag_match(inm, etags, r->gz != NULL ? 2 : 1);
	} else {
		ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
		fresh = r->mtime > 0 && http_not_modified_since(ims, r->mtime);
	}
	if (fresh)
		rc = httpd_answer(h, c, MHD_HTTP_NOT_MODIFIED, gz ? r->nm_gz : r->nm);
	else
		rc = httpd_answer(h, c, MHD_HTTP_OK, gz ? r->gz : r->plain);
	return rc;
}
