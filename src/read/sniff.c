/* SPDX-License-Identifier: MIT */
/*
 * Format sniffing: which reader fits these first bytes? Content decides
 * (the root element and its namespace, a JSON object with a JSON Feed
 * version); the media type only breaks ties, since servers often lie.
 */
#include "config.h"
#include "read/read.h"

#include <stdbool.h>
#include <string.h>

#include "util/text.h"

/* Copy the first bytes as ASCII, dropping the NULs of UTF-16. */
static size_t
narrow(const char *head, size_t n, char *out, size_t outlen)
{
	const unsigned char *u = (const unsigned char *)head;
	size_t	 i = 0, o = 0;

	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		i = 3;
	else if (n >= 4 && ((u[0] == 0 && u[1] == 0 && u[2] == 0xfe &&
	    u[3] == 0xff) || (u[0] == 0xff && u[1] == 0xfe && u[2] == 0 &&
	    u[3] == 0)))
		i = 4;
	else if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff)))
		i = 2;
	for (; i < n && o + 1 < outlen; i++)
		if (u[i] != 0)
			out[o++] = (char)u[i];
	out[o] = '\0';
	return o;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Skip the prolog: declaration, comments, PIs, DOCTYPE. */
static const char *
skip_prolog(const char *p)
{
	const char *e;

	for (;;) {
		p = skip_space(p);
		if (strncmp(p, "<?", 2) == 0)
			e = strstr(p, "?>");
		else if (strncmp(p, "<!--", 4) == 0)
			e = strstr(p, "-->");
		else if (strncmp(p, "<!DOCTYPE", 9) == 0 ||
		    strncmp(p, "<!doctype", 9) == 0) {
			/* An internal subset may hold '>' inside brackets. */
			e = strchr(p, '[');
			if (e != NULL && e < strchr(p, '>'))
				e = strstr(e, "]>");
			else
				e = strchr(p, '>');
		} else
			return p;
		if (e == NULL)
			return p + strlen(p);
		p = strchr(e, '>') + 1;
	}
}

static const struct reader *
by_root(const char *p)
{
	char	 name[64];
	const char *local;
	size_t	 n = 0;

	if (*p != '<')
		return NULL;
	p++;
	while (*p != '\0' && *p != '>' && *p != ' ' && *p != '/' &&
	    *p != '\t' && *p != '\n' && *p != '\r' && n + 1 < sizeof name)
		name[n++] = *p++;
	name[n] = '\0';
	local = strchr(name, ':') != NULL ? strchr(name, ':') + 1 : name;
	if (strcmp(local, "rss") == 0 || strcmp(local, "RDF") == 0 ||
	    strcmp(local, "channel") == 0 || strcmp(local, "Channel") == 0)
		return &reader_rss;
	if (strcmp(local, "feed") == 0 || strcmp(local, "entry") == 0)
		return &reader_atom;
	if (strcmp(local, "nitf") == 0)
		return &reader_nitf;
	if (strcmp(local, "urlset") == 0 || strcmp(local, "sitemapindex") == 0)
		return &reader_sitemap;
	if (text_ieq(name, "html") || text_ieq(name, "head") ||
	    text_ieq(name, "body") || text_ieq(name, "meta") ||
	    text_ieq(name, "title"))
		return &reader_html;
	if (strcmp(local, "newsMessage") == 0 ||
	    strcmp(local, "newsItem") == 0 ||
	    strcmp(local, "packageItem") == 0 || strcmp(local, "NewsML") == 0)
		return &reader_newsml;
	return NULL;
}

/*
 * A JSON object with ninjs keys (an item, or a wrapper around items),
 * as opposed to JSON Feed's "items" of "id"/"content_html".
 */
static bool
is_ninjs(const char *p)
{
	static const char *const keys[] = { "\"uri\"", "\"headlines\"",
	    "\"headline\"", "\"body_html\"", "\"versioncreated\"",
	    "\"versionCreated\"", "\"bodies\"", "\"guid\"",
	    "\"pubstatus\"", "\"pubStatus\"", NULL };
	size_t	 i;

	for (i = 0; keys[i] != NULL; i++)
		if (strstr(p, keys[i]) != NULL)
			return true;
	return false;
}

/*
 * Plain text, the last resort: no markup or JSON opening, no NUL bytes
 * (binary) in what we saw. Legacy wire texts (ANPA-1312, IPTC 7901) pass
 * too; the text reader refuses them by name.
 */
static bool
is_text(const char *head, size_t n, const char *p)
{
	const unsigned char *u = (const unsigned char *)head;
	bool	 utf16;

	utf16 = n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff));
	if (*p == '\0' || *p == '<' || *p == '{' || *p == '[')
		return false;
	return utf16 || memchr(head, '\0', n) == NULL;
}

const struct reader *
read_sniff(const char *head, size_t n, const char *media_type)
{
	char	 text[2048];
	const char *p;

	/* gzip: the sitemap reader inflates it and passes other formats on. */
	if (n >= 2 && (unsigned char)head[0] == 0x1f &&
	    (unsigned char)head[1] == 0x8b)
		return &reader_sitemap;
	narrow(head, n, text, sizeof text);
	p = skip_space(text);
	if (*p == '{') {
		if (strstr(p, "jsonfeed.org/version") != NULL)
			return &reader_jsonfeed;
		if (strstr(p, "\"api_version\"") != NULL &&
		    strstr(p, "\"data\"") != NULL)
			return &reader_apjson;
		if (is_ninjs(p))
			return &reader_ninjs;
		if (strstr(p, "\"items\"") != NULL)
			return &reader_jsonfeed;
	} else if (*p == '<') {
		const struct reader *r = by_root(skip_prolog(p));

		if (r != NULL)
			return r;
	}
	if (media_type != NULL) {
		if (text_istarts(media_type, "application/rss+xml") ||
		    text_istarts(media_type, "application/rdf+xml"))
			return &reader_rss;
		if (text_istarts(media_type, "application/atom+xml"))
			return &reader_atom;
		if ((text_istarts(media_type, "text/html") ||
		    text_istarts(media_type, "application/xhtml+xml")) &&
		    *p == '<')
			return &reader_html;
		if (text_istarts(media_type, "application/feed+json") ||
		    (text_istarts(media_type, "application/json") && *p == '{'))
			return &reader_jsonfeed;
	}
	if (is_text(head, n, p))
		return &reader_wiretext;
	return NULL;
}
