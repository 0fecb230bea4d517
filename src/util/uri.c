/* SPDX-License-Identifier: MIT */
/* URL resolution and checks on top of uriparser. */
#include "config.h"
#include "util/uri.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uriparser/Uri.h>

#include "util/buf.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

bool
uri_has_scheme(const char *s)
{
	const char *p = s;

	if (s == NULL || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	for (p++; *p != '\0'; p++) {
		if (*p == ':')
			return true;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		    *p == '.'))
			return false;
	}
	return false;
}

bool
uri_is_web(const char *s)
{
	const char *h;

	if (text_istarts(s, "http://"))
		h = s + 7;
	else if (text_istarts(s, "https://"))
		h = s + 8;
	else
		return false;
	return *h != '\0' && *h != '/';
}

/* Bytes an IRI cannot hold (NUL ends the scan). */
static const unsigned char iri_bad[256] = {
	[0x00 ... 0x20] = 1, [0x7f] = 1,
	['<'] = 1, ['>'] = 1, ['"'] = 1, ['{'] = 1, ['}'] = 1, ['|'] = 1,
	['\\'] = 1, ['^'] = 1, ['`'] = 1
};

bool
uri_is_iri(const char *s)
{
	const unsigned char *p;

	if (!uri_has_scheme(s))
		return false;
	for (p = (const unsigned char *)s; !iri_bad[*p]; p++)
		;
	return *p == '\0';
}

/* Trim, then percent-encode bytes uriparser would reject. */
static char *
prepare(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *p, *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = (const unsigned char *)s + strlen(s);
	while (end > (const unsigned char *)s && (end[-1] == ' ' ||
	    end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	buf_init(&b, CAP_URL * 3);
	for (p = (const unsigned char *)s; p < end; p++) {
		enum err e;

		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;	/* WHATWG URL strips these */
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '^' || *p == '`' ||
		    *p == '{' || *p == '|' || *p == '}') {
			char	 enc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			e = buf_addn(&b, enc, 3);
		} else
			e = buf_addc(&b, (char)*p);
		if (e) {
			buf_cleanup(&b);
			return NULL;
		}
	}
	return buf_take(&b, NULL);
}

static char *
tostring(const UriUriA *u)
{
	int	 len = 0;
	char	*s;

	if (uriToStringCharsRequiredA(u, &len) != URI_SUCCESS)
		return NULL;
	s = xmalloc((size_t)len + 1);
	if (uriToStringA(s, u, len + 1, NULL) != URI_SUCCESS) {
		free(s);
		return NULL;
	}
	return s;
}

static bool
parse(UriUriA *u, const char *s)
{
	const char *err;

	return uriParseSingleUriA(u, s, &err) == URI_SUCCESS;
}

static bool
low_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* RFC 3986 pchar without percent-encoding. */
static bool
pchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("-._~!$&'()*+,;=:@", c) != NULL);
}

static bool
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static bool
query_char(const char *p)
{
	return pchar(*p) || *p == '/' || *p == '?' || (*p == '%' &&
	    is_hex(p[1]) && is_hex(p[2]));
}

/*
 * An absolute http(s) URL that resolving leaves as it is: lowercase
 * scheme and host, an optional port, a path without dot segments, empty
 * segments or percent-encoding, and plain query and fragment. Most URLs
 * in feeds are such, and uriparser costs thousands of instructions.
 */
static bool
plain_web_url(const char *s)
{
	const char *p, *seg;
	size_t	 n;

	if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else
		return false;
	if (!low_alnum(*p))
		return false;
	while (low_alnum(*p) || ((*p == '.' || *p == '-') && low_alnum(p[1])))
		p++;
	if (*p == ':') {
		for (n = 0, p++; *p >= '0' && *p <= '9'; p++)
			n++;
		if (n == 0 || n > 5)
			return false;
	}
	while (*p == '/') {
		seg = ++p;
		while (pchar(*p))
			p++;
		n = (size_t)(p - seg);
		if ((n == 0 && *p == '/') || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
	}
	if (*p == '?')
		for (p++; query_char(p); p++)
			;
	if (*p == '#')
		for (p++; query_char(p); p++)
			;
	return *p == '\0' && (size_t)(p - s) <= CAP_URL;
}

char *
uri_resolve(const char *base, const char *ref)
{
	if (ref != NULL && plain_web_url(ref))
		return xstrdup(ref);
	return uri_resolve_parsed(base, ref);
}

char *
uri_resolve_parsed(const char *base, const char *ref)
{
	UriUriA	 ub, ur, out;
	char	*pb = NULL, *pr = NULL, *res = NULL;

	if (ref == NULL)
		return NULL;
	pr = prepare(ref);
	if (pr == NULL || *pr == '\0' || strlen(pr) > CAP_URL)
		goto done;
	if (!parse(&ur, pr))
		goto done;
	if (ur.scheme.first != NULL) {
		/* Already absolute: normalize dot segments only. */
		uriNormalizeSyntaxExA(&ur, URI_NORMALIZE_PATH);
		res = tostring(&ur);
		uriFreeUriMembersA(&ur);
		goto done;
	}
	if (base == NULL || !uri_has_scheme(base)) {
		/* A protocol-relative "//host/path" with no base: https. */
		if (ur.hostText.first != NULL)
			base = "https:";
		else {
			uriFreeUriMembersA(&ur);
			goto done;
		}
	}
	pb = prepare(base);
	if (pb == NULL || !parse(&ub, pb)) {
		uriFreeUriMembersA(&ur);
		goto done;
	}
	if (uriAddBaseUriExA(&out, &ur, &ub, URI_RESOLVE_STRICTLY) ==
	    URI_SUCCESS) {
		/* As for absolute ones, so resolving twice changes nothing. */
		uriNormalizeSyntaxExA(&out, URI_NORMALIZE_PATH);
		res = tostring(&out);
		uriFreeUriMembersA(&out);
	}
	uriFreeUriMembersA(&ub);
	uriFreeUriMembersA(&ur);
done:
	free(pb);
	free(pr);
	if (res != NULL && strlen(res) > CAP_URL) {
		free(res);
		res = NULL;
	}
	return res;
}

char *
uri_origin(const char *s)
{
	UriUriA	 u;
	char	*res = NULL, *p;

	p = prepare(s);
	if (p == NULL)
		return NULL;
	if (parse(&u, p)) {
		if (u.scheme.first != NULL && u.hostText.first != NULL)
			res = xasprintf("%.*s://%.*s%s%.*s",
			    (int)(u.scheme.afterLast - u.scheme.first),
			    u.scheme.first,
			    (int)(u.hostText.afterLast - u.hostText.first),
			    u.hostText.first, u.portText.first != NULL ? ":" : "",
			    u.portText.first != NULL ?
			    (int)(u.portText.afterLast - u.portText.first) : 0,
			    u.portText.first != NULL ? u.portText.first : "");
		uriFreeUriMembersA(&u);
	}
	free(p);
	return res;
}

/* Query parameters of campaign and click trackers (utm_* apart). */
static const char *const trackers[] = {
	"_hsenc", "_hsmi", "dclid", "fbclid", "gbraid", "gclid", "igshid",
	"mc_cid", "mc_eid", "mkt_tok", "msclkid", "twclid", "wbraid", "yclid"
};

static bool
is_tracker(const char *name, size_t n)
{
	size_t	 i;

	if (n > 4 && strncasecmp(name, "utm_", 4) == 0)
		return true;
	for (i = 0; i < sizeof trackers / sizeof trackers[0]; i++)
		if (strlen(trackers[i]) == n &&
		    strncasecmp(name, trackers[i], n) == 0)
			return true;
	return false;
}

char *
uri_strip_tracking(const char *url)
{
	const char *q, *end, *p, *amp;
	size_t	 n, name;
	char	*res, *o, sep;

	end = url + strcspn(url, "#");
	q = memchr(url, '?', (size_t)(end - url));
	if (q == NULL)
		q = end;
	res = xmalloc((size_t)(end - url) + 1);
	memcpy(res, url, (size_t)(q - url));
	o = res + (q - url);
	for (p = q + (q < end); p < end; p = amp + (amp < end)) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		n = (size_t)(amp - p);
		name = strcspn(p, "=&#");
		if (name > n)
			name = n;
		if (n == 0 || is_tracker(p, name))
			continue;
		sep = o == res + (q - url) ? '?' : '&';
		*o++ = sep;
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	return res;
}

char *
uri_escape_component(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char	*out, *o;

	out = xmalloc(strlen(s) * 3 + 1);
	o = out;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}
