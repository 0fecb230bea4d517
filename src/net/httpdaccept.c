/* SPDX-License-Identifier: MIT */
/*
 * Reading the Accept header of a request for an RSS or Atom file: how
 * much it wants a page (text/html, application/xhtml+xml), a feed type
 * or plain XML, so the server can tell a browser's navigation from a
 * feed reader (RFC 9110 section 12.5.1). Pure: unit-tested on its own.
 */
#include "config.h"
#include "net/httpd.h"

#include <strings.h>

/* The media types that count, and the class each one is in. */
enum kind {
	KIND_NONE,
	KIND_PAGE,
	KIND_FEED,
	KIND_XML
};

#define KIND(t, k)	{ t, sizeof t - 1, k }
static const struct {
	const char	*type;
	size_t		 len;
	enum kind	 kind;
} kinds[] = {
	KIND("text/html", KIND_PAGE),
	KIND("application/xhtml+xml", KIND_PAGE),
	KIND("application/rss+xml", KIND_FEED),
	KIND("application/atom+xml", KIND_FEED),
	KIND("application/rdf+xml", KIND_FEED),
	KIND("application/xml", KIND_XML),
	KIND("text/xml", KIND_XML)
};
#undef KIND

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The bytes that end a token here (one lookup per byte: every request). */
static const unsigned char ends_token[256] = {
	['\0'] = 1, [' '] = 1, ['\t'] = 1, [';'] = 1, [','] = 1, ['='] = 1
};

/* Past a token at p: up to white space, ';', ',', '=' or the end. */
static const char *
skip_token(const char *p)
{
	while (!ends_token[(unsigned char)*p])
		p++;
	return p;
}

static enum kind
kind_of(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].len == n && strncasecmp(p, kinds[i].type, n) == 0)
			return kinds[i].kind;
	return KIND_NONE;
}

/*
 * A qvalue ("0", "0.5", "1.000") at p, n bytes, in thousandths; -1 when
 * it is not one.
 */
static int
qvalue(const char *p, size_t n)
{
	size_t	 i;
	int	 q, scale = 100;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* Past a parameter value at p (a token or a quoted string). */
static const char *
skip_value(const char *p)
{
	if (*p != '"')
		return skip_token(p);
	for (p++; *p != '\0' && *p != '"'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return *p == '"' ? p + 1 : p;
}

void
httpd_accept_init(struct httpd_accept *a)
{
	a->page = a->feed = a->xml = -1;
}

void
httpd_accept_add(struct httpd_accept *a, const char *value)
{
	const char *p = value, *type, *name, *v;
	size_t	 tlen, nlen;
	enum kind k;
	int	 q, *slot;

	if (p == NULL)
		return;
	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return;
		type = p;
		p = skip_token(p);
		tlen = (size_t)(p - type);
		q = 1000;
		/* Parameters: only q matters; a bad one spoils the range. */
		for (p = skip_ows(p); *p == ';'; p = skip_ows(p)) {
			name = skip_ows(p + 1);
			p = skip_token(name);
			nlen = (size_t)(p - name);
			if (*p != '=')
				continue;
			v = p + 1;
			p = skip_value(v);
			if (nlen == 1 && (*name == 'q' || *name == 'Q'))
				q = qvalue(v, (size_t)(p - v));
		}
		if (*p != ',' && *p != '\0') {
			/* Junk after the range: skip to the next one. */
			while (*p != ',' && *p != '\0')
				p++;
			continue;
		}
		k = kind_of(type, tlen);
		if (k == KIND_NONE || q < 0)
			continue;
		slot = k == KIND_PAGE ? &a->page : k == KIND_FEED ? &a->feed :
		    &a->xml;
		if (q > *slot)
			*slot = q;
	}
}

bool
httpd_accept_page(const struct httpd_accept *a)
{
	return a->page > 0 && a->page > a->feed && a->page >= a->xml;
}
