/* SPDX-License-Identifier: MIT */
/*
 * What the "http" fuzz target checks of the server's responses (see
 * fuzzhttp.h): each one parsed, with a status from a fixed set,
 * well-formed header lines, a body of Content-Length bytes (none for a
 * HEAD: told apart by what follows), and for a file of the table: asked
 * for by its own path, opened by its partner's key, with its bytes.
 */
#include "config.h"
#include "fuzz/fuzzhttp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "service/websub.h"
#include "util/text.h"
#include "util/xmalloc.h"

struct http_input http_in;

void
http_fail(const char *what, const char *out, size_t outlen)
{
	fprintf(stderr, "fuzz http: %s\n--- request bytes (%zu)\n%.*s\n"
	    "--- response bytes (%zu)\n%.*s\n", what, http_in.len,
	    (int)(http_in.len > 4096 ? 4096 : http_in.len),
	    http_in.in != NULL ? http_in.in : "", outlen,
	    (int)(outlen > 4096 ? 4096 : outlen), out != NULL ? out : "");
	abort();
}

bool
http_has(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

bool
http_sent(const char *s)
{
	return http_has(http_in.in, http_in.len, s) ||
	    strstr(http_in.decoded, s) != NULL;
}

bool
http_sent_icase(const char *s)
{
	size_t	 n = strlen(s), i;

	for (i = 0; n > 0 && i + n <= http_in.len; i++)
		if (strncasecmp(http_in.in + i, s, n) == 0)
			return true;
	return strcasestr(http_in.decoded, s) != NULL;
}

/* The input with every %XX decoded and '+' as space, NUL-free. */
static char *
decode_all(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1), *o = out;
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		hi = s[i] == '%' && i + 2 < n ? text_hex_value(s[i + 1]) : -1;
		lo = hi >= 0 ? text_hex_value(s[i + 2]) : -1;
		if (lo >= 0) {
			*o = (char)(hi * 16 + lo);
			i += 2;
		} else
			*o = s[i] == '+' ? ' ' : s[i];
		if (*o != '\0')
			o++;
	}
	*o = '\0';
	return out;
}

void
http_in_set(const char *s, size_t n)
{
	http_in.in = s;
	http_in.len = n;
	free(http_in.decoded);
	http_in.decoded = decode_all(s, n);
}

void
http_in_done(void)
{
	free(http_in.decoded);
	http_in.decoded = NULL;
}

static bool
tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

static bool
status_sane(int s)
{
	switch (s) {
	case 100: case 200: case 304: case 400: case 404: case 405:
	case 410: case 413: case 414: case 417: case 431: case 500:
	case 501: case 503: case 505:
		return true;
	default:
		return false;
	}
}

size_t
http_parse_head(const char *p, size_t n, struct http_resp *r, const char *all,
    size_t alllen)
{
	const char *end, *line, *eol, *colon, *v;
	size_t	 len;

	memset(r, 0, sizeof *r);
	r->length = -1;
	end = memmem(p, n, "\r\n\r\n", 4);
	if (end == NULL)
		return 0;
	if (n < 13 || (strncmp(p, "HTTP/1.1 ", 9) != 0 &&
	    strncmp(p, "HTTP/1.0 ", 9) != 0) || p[9] < '1' || p[9] > '5' ||
	    p[10] < '0' || p[10] > '9' || p[11] < '0' || p[11] > '9' ||
	    p[12] != ' ')
		http_fail("malformed status line", all, alllen);
	r->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	if (!status_sane(r->status))
		http_fail("unexpected status", all, alllen);
	line = (const char *)memmem(p, (size_t)(end - p) + 2, "\r\n", 2) + 2;
	for (; line < end + 2; line = eol + 2) {
		eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
		len = (size_t)(eol - line);
		colon = memchr(line, ':', len);
		if (colon == NULL || colon == line)
			http_fail("header line without a name", all, alllen);
		for (v = line; v < colon; v++)
			if (!tchar(*v))
				http_fail("bad byte in a header name", all,
				    alllen);
		for (v = colon + 1; v < eol; v++)
			if (((unsigned char)*v < 0x20 && *v != '\t') ||
			    *v == 0x7f)
				http_fail("control byte in a header value", all,
				    alllen);
		v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		len = (size_t)(eol - v);
#define IS(name) ((size_t)(colon - line) == sizeof name - 1 && \
	    strncasecmp(line, name, sizeof name - 1) == 0)
		if (IS("Content-Length")) {
			if (r->length >= 0)
				http_fail("two Content-Length headers", all,
				    alllen);
			if (len == 0 || len > 12 || strspn(v, "0123456789") <
			    len)
				http_fail("bad Content-Length", all, alllen);
			r->length = strtoll(v, NULL, 10);
		} else if (IS("ETag")) {
			r->etag = v;
			r->etag_len = len;
		} else if (IS("Content-Encoding"))
			r->encoding = v;
		else if (IS("Content-Type")) {
			r->type = v;
			r->type_len = len;
		} else if (IS("Transfer-Encoding"))
			r->chunked = len >= 7 &&
			    strncasecmp(v + len - 7, "chunked", 7) == 0;
#undef IS
	}
	return (size_t)(end + 4 - p);
}

/* True when p (n bytes) begins a response, or is the end. */
static bool
next_ok(const char *p, size_t n)
{
	return n == 0 || (n >= 5 && strncmp(p, "HTTP/", 5) == 0);
}

/* The file of the table an ETag names, or NULL. */
static struct http_file *
file_of(const struct http_resp *r)
{
	size_t	 i;

	if (r->etag_len < 18 || (r->etag[0] != '"' && r->etag[0] != 'W'))
		return NULL;
	for (i = 0; i < http_nfiles; i++)
		if (http_files[i].served && memmem(r->etag, r->etag_len,
		    http_files[i].tag, 16) != NULL)
			return &http_files[i];
	return NULL;
}

/*
 * True when the input asked for path (a request target of its own).
 * libmicrohttpd 0.9.75 ends the target at a NUL byte, so "/a.rss\0x"
 * asks for /a.rss: harmless, as only a path of the table can match.
 */
static bool
asked(const char *path)
{
	const char *p = http_in.in, *end = http_in.in + http_in.len;
	size_t	 n = strlen(path);
	char	 c;

	while ((p = memmem(p, (size_t)(end - p), path, n)) != NULL) {
		c = p + n < end ? p[n] : ' ';
		if (p > http_in.in && (p[-1] == ' ' || p[-1] == '\t') &&
		    (c == ' ' || c == '?' || c == '\r' || c == '\n' ||
		    c == '\t' || c == '#' || c == '\0'))
			return true;
		p++;
	}
	return false;
}

size_t
http_check_responses(const char *out, size_t n)
{
	struct http_resp r;
	struct http_file *f;
	const char *p = out, *body;
	size_t	 left = n, head, count = 0, blen;
	bool	 with;

	while (left > 0) {
		head = http_parse_head(p, left, &r, out, n);
		if (head == 0)
			http_fail("a response cut short", out, n);
		count++;
		body = p + head;
		left -= head;
		f = file_of(&r);
		if (r.etag != NULL && f == NULL)
			http_fail("an ETag of no file in the table", out, n);
		if (f != NULL) {
			if (r.status != 200 && r.status != 304)
				http_fail("a file answered with another status",
				    out, n);
			if (!asked(f->path) && (f->alias == NULL ||
			    !asked(f->alias)))
				http_fail("a file answered for another path",
				    out, n);
			if (f->key != NULL && !http_sent(f->key))
				http_fail("a restricted file without its key",
				    out, n);
			/* A 304 needs a validator, gzip someone asking. */
			if (r.status == 304 &&
			    !http_sent_icase("If-None-Match") &&
			    !http_sent_icase("If-Modified-Since"))
				http_fail("a 304 without a validator", out, n);
			if (r.encoding != NULL && !http_sent_icase("gzip") &&
			    !http_sent("*"))
				http_fail("gzip for a client not asking", out,
				    n);
		} else if (r.status == 200 && !(r.type != NULL &&
		    http_has(r.type, r.type_len, "text/plain") &&
		    (http_sent("/healthz") || http_sent("/metrics") ||
		    http_sent(WEBSUB_PATH))))
			http_fail("a 200 that is neither a file nor a "
			    "route", out, n);
		if (r.status < 200 || r.status == 304) {
			if (r.status == 304 && r.length > 0 &&
			    !next_ok(body, left))
				http_fail("a 304 with a body", out, n);
			p = body;
			continue;
		}
		if (r.chunked)
			http_fail("a chunked response (all are from "
			    "memory)", out, n);
		if (r.length < 0)
			http_fail("a response without Content-Length", out, n);
		blen = (size_t)r.length;
		/* A HEAD gets no body: tell by what follows. */
		if (f != NULL && r.status == 200)
			with = blen <= left && ((blen == f->len &&
			    memcmp(body, f->body, blen) == 0) ||
			    (f->gz != NULL && blen == f->gzlen &&
			    memcmp(body, f->gz, blen) == 0));
		else
			with = blen <= left && next_ok(body + blen,
			    left - blen);
		if (!with && !next_ok(body, left))
			http_fail("a body that is not Content-Length long",
			    out, n);
		if (with) {
			body += blen;
			left -= blen;
		}
		p = body;
	}
	return count;
}
