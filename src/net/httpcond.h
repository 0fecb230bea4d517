/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of HTTP serving (RFC 9110/9111): conditional request
 * matching, Accept-Encoding negotiation, HTTP dates, bearer keys and
 * percent-decoding. No I/O: unit-tested on their own.
 */
#ifndef FEEDMILL_NET_HTTPCOND_H
#define FEEDMILL_NET_HTTPCOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_DATE_BUF	32

/* "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate) into out. */
void	 http_date(int64_t t, char out[HTTP_DATE_BUF]);

/*
 * True when the If-None-Match value inm lists "*" or an entity tag equal
 * (weak comparison: W/ ignored) to one of the n tags in etags (each
 * given quoted, as sent in ETag).
 */
bool	 http_etag_match(const char *inm, const char *const *etags, size_t n);

/*
 * True when the If-Modified-Since value ims is a date at or after mtime
 * (the resource has not changed since). An unparsable date is false.
 */
bool	 http_not_modified_since(const char *ims, int64_t mtime);

/*
 * True when the Accept-Encoding value ae (NULL: none) accepts gzip:
 * "gzip" or "x-gzip" or "*" with a q-value above zero, unless gzip
 * itself is given q=0.
 */
bool	 http_accepts_gzip(const char *ae);

/*
 * The key of an "Authorization: Bearer KEY" value, or NULL. Points into
 * auth; *len is its length.
 */
const char *http_bearer(const char *auth, size_t *len);

/*
 * Percent-decode the n bytes at s into out (at least n + 1 bytes),
 * '+' as a space when plus; NUL-terminated. False when an escape is
 * malformed or decodes to NUL.
 */
bool	 http_unescape(const char *s, size_t n, char *out, bool plus);

#endif
