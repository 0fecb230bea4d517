/* SPDX-License-Identifier: MIT */
/*
 * URL helpers: RFC 3986 resolution through uriparser (which, unlike
 * libcurl's URL API, gets fragments and empty references right).
 */
#ifndef FEEDMILL_UTIL_URI_H
#define FEEDMILL_UTIL_URI_H

#include <stdbool.h>

/* True when s starts with a URI scheme ("http:", "tag:", "urn:"). */
bool	 uri_has_scheme(const char *s);
/* True when s is an absolute http(s) URL with a host. */
bool	 uri_is_web(const char *s);
/* True when s is usable as an IRI as-is (scheme, no spaces or controls). */
bool	 uri_is_iri(const char *s);

/*
 * Resolve ref against base (either may be NULL). Non-ASCII characters and
 * spaces are percent-encoded first; surrounding white space is trimmed.
 * Returns a new string, or NULL when ref is empty or cannot be made
 * absolute (no usable base for a relative reference).
 */
char	*uri_resolve(const char *base, const char *ref);

/*
 * uri_resolve() without its shortcut for absolute web URLs that need no
 * change: always through uriparser. For tests, which check that both
 * agree.
 */
char	*uri_resolve_parsed(const char *base, const char *ref);

/* The scheme and host of an absolute URL, "https://example.com", or NULL. */
char	*uri_origin(const char *s);

/*
 * url without its fragment and the query parameters that only say
 * where a reader came from (utm_*, fbclid, gclid and other campaign
 * and click trackers): one story's address however it was shared. The
 * other parameters keep their order. A new string.
 */
char	*uri_strip_tracking(const char *url);

/* Percent-encode everything outside RFC 3986 unreserved characters. */
char	*uri_escape_component(const char *s);

#endif
