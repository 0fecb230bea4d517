/* SPDX-License-Identifier: MIT */
/*
 * Reading OPML 2.0 subscription lists with libxml2's xmlReader (no
 * network, no DTD, no entities): each outline with an xmlUrl is a feed;
 * outlines around feeds are folders, whose titles become the feeds'
 * categories along with the components of their category attribute.
 */
#include "config.h"
#include "read/opml.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Reading state. */
struct opr {
	const char	*name;
	struct opml	*out;
	char		*folder[CAP_XML_DEPTH + 1];	/* by depth */
	bool		 rooted, body;
	size_t		 dropped;	/* outlines past CAP_OPML_OUTLINES */
	int		 err_line;	/* the first XML error */
	char		*err_msg;
	long		*starts;	/* the line of each <outline */
	size_t		 nstarts;
	size_t		 noutlines;	/* outline elements seen */
};

/*
 * A copy of s with each run of white space and control characters as one
 * space, trimmed; NULL when nothing is left.
 */
static char *
squeeze(const char *s)
{
	char	*out, *q;
	bool	 space = false;

	if (s == NULL)
		return NULL;
	out = q = xmalloc(strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= ' ' || *s == 0x7f) {
			space = q != out;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = false;
		*q++ = *s;
	}
	*q = '\0';
	if (q == out) {
		free(out);
		return NULL;
	}
	return out;
}

/* An attribute of the current element, names compared without case. */
static char *
attr(xmlTextReaderPtr r, const char *want)
{
	char	*v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		if (strcasecmp((const char *)xmlTextReaderConstLocalName(r),
		    want) == 0) {
			v = squeeze((const char *)xmlTextReaderConstValue(r));
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return v;
}

static bool
is_web(const char *u)
{
	return u != NULL && (text_istarts(u, "http://") ||
	    text_istarts(u, "https://")) && strpbrk(u, " \"<>") == NULL;
}

/* Add term to o's categories unless it is there (any case). */
static void
add_category(struct opml_outline *o, const char *term, size_t len)
{
	size_t	 i;

	while (len > 0 && (*term == ' ' || *term == '\t')) {
		term++;
		len--;
	}
	while (len > 0 && (term[len - 1] == ' ' || term[len - 1] == '\t'))
		len--;
	if (len == 0 || o->ncategories >= CAP_LIST)
		return;
	for (i = 0; i < o->ncategories; i++)
		if (strlen(o->categories[i]) == len &&
		    strncasecmp(o->categories[i], term, len) == 0)
			return;
	*VEC_PUSH(o->categories, o->ncategories) = xstrndup(term, len);
}

/* "/Boston/Weather,/News" -> Boston, Weather, News. */
static void
add_category_attr(struct opml_outline *o, const char *v)
{
	const char *p = v, *q;

	while (p != NULL && *p != '\0') {
		q = p + strcspn(p, ",/");
		add_category(o, p, (size_t)(q - p));
		p = *q != '\0' ? q + 1 : NULL;
	}
}

/* The line libxml2 gives the current node (where its start tag ends). */
static long
node_line(xmlTextReaderPtr r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r);

	return n != NULL ? xmlGetLineNo(n) :
	    xmlTextReaderGetParserLineNumber(r);
}

/*
 * The line each <outline tag starts on, in document order (comments,
 * CDATA sections and processing instructions skipped): libxml2 gives an
 * element the line its start tag ends on.
 */
static void
find_starts(struct opr *s, const char *p, size_t len)
{
	const char *end = p + len, *q;
	long	 line = 1;

	while (p < end) {
		if (*p == '\n') {
			line++;
			p++;
			continue;
		}
		if (*p != '<') {
			p++;
			continue;
		}
		q = NULL;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
		else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			q = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3);
		else if (end - p >= 2 && p[1] == '?')
			q = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
		else if (end - p > 8 && memcmp(p, "<outline", 8) == 0 &&
		    strchr(" \t\r\n/>", p[8]) != NULL)
			*VEC_PUSH(s->starts, s->nstarts) = line;
		if (q == NULL) {
			p++;
			continue;
		}
		for (; p < q; p++)
			if (*p == '\n')
				line++;
	}
}

/* One outline element of the body, whose start tag is on line. */
static void
outline(struct opr *s, xmlTextReaderPtr r, int depth, long line)
{
	struct opml_outline *o;
	char	*url, *title, *type;
	int	 d;

	url = attr(r, "xmlUrl");
	title = attr(r, "title");
	if (title == NULL)
		title = attr(r, "text");
	type = attr(r, "type");
	if (url == NULL) {
		if (type != NULL && (strcasecmp(type, "rss") == 0 ||
		    strcasecmp(type, "atom") == 0))
			log_warn("%s:%ld: outline \"%s\" of type %s has no "
			    "xmlUrl; skipped", s->name, line,
			    title != NULL ? title : "", type);
		else if (!xmlTextReaderIsEmptyElement(r) &&
		    depth <= CAP_XML_DEPTH) {
			/* A folder. */
			free(s->folder[depth]);
			s->folder[depth] = title;
			title = NULL;
		}
	} else if (!is_web(url))
		log_warn("%s:%ld: outline \"%s\": xmlUrl \"%s\" is not an "
		    "absolute http(s) URL; skipped", s->name, line,
		    title != NULL ? title : "", url);
	else if (s->out->n >= CAP_OPML_OUTLINES)
		s->dropped++;
	else {
		o = VEC_PUSH(s->out->v, s->out->n);
		memset(o, 0, sizeof *o);
		o->xml_url = url;
		o->title = title;
		o->type = type;
		o->line = line;
		url = title = type = NULL;
		o->html_url = attr(r, "htmlUrl");
		if (o->html_url != NULL && !is_web(o->html_url)) {
			log_warn("%s:%ld: htmlUrl \"%s\" is not an absolute "
			    "http(s) URL; left out", s->name, line,
			    o->html_url);
			free(o->html_url);
			o->html_url = NULL;
		}
		for (d = 0; d < depth && d <= CAP_XML_DEPTH; d++)
			if (s->folder[d] != NULL)
				add_category(o, s->folder[d],
				    strlen(s->folder[d]));
		url = attr(r, "category");
		if (url != NULL)
			add_category_attr(o, url);
	}
	free(url);
	free(title);
	free(type);
}

static void
on_error(void *arg, const char *msg, xmlParserSeverities severity,
    xmlTextReaderLocatorPtr loc)
{
	struct opr *s = arg;
	size_t	 n;

	if (s->err_msg != NULL || (severity != XML_PARSER_SEVERITY_ERROR &&
	    severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	s->err_line = xmlTextReaderLocatorLineNumber(loc);
	s->err_msg = xstrdup(msg != NULL ? msg : "error");
	n = strlen(s->err_msg);
	while (n > 0 && (s->err_msg[n - 1] == '\n' || s->err_msg[n - 1] == ' '))
		s->err_msg[--n] = '\0';
}

/* The line of offset off in data. */
static long
line_at(const char *data, size_t off)
{
	long	 line = 1;
	size_t	 i;

	for (i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

static enum err
walk(struct opr *s, xmlTextReaderPtr r)
{
	const char *name;
	char	*t;
	long	 line;
	int	 rc, type, depth;

	for (;;) {
		rc = xmlTextReaderRead(r);
		if (rc != 1)
			break;
		type = xmlTextReaderNodeType(r);
		depth = xmlTextReaderDepth(r);
		name = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth <= CAP_XML_DEPTH) {
				free(s->folder[depth]);
				s->folder[depth] = NULL;
			}
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		line = node_line(r);
		if (strcmp((const char *)xmlTextReaderConstName(r),
		    "outline") == 0 && s->noutlines < s->nstarts)
			line = s->starts[s->noutlines++];
		if (!s->rooted) {
			s->rooted = true;
			if (strcmp(name, "opml") != 0) {
				log_error("%s:%ld: not OPML: the root element "
				    "is <%s>", s->name, line, name);
				return ERR_UNSUPPORTED;
			}
			continue;
		}
		if (depth > CAP_XML_DEPTH) {
			log_error("%s:%ld: outlines nested too deep", s->name,
			    line);
			return ERR_PARSE;
		}
		if (depth == 1 && strcmp(name, "body") == 0)
			s->body = true;
		else if (depth == 2 && strcmp(name, "title") == 0 &&
		    s->out->title == NULL) {
			t = (char *)xmlTextReaderReadString(r);
			s->out->title = squeeze(t);
			xmlFree(t);
		} else if (depth >= 2 && strcmp(name, "outline") == 0 &&
		    s->body)
			outline(s, r, depth, line);
	}
	if (rc < 0) {
		log_error("%s:%d: ill-formed XML: %s", s->name,
		    s->err_line > 0 ? s->err_line :
		    xmlTextReaderGetParserLineNumber(r),
		    s->err_msg != NULL ? s->err_msg : "parse error");
		return ERR_PARSE;
	}
	if (!s->rooted) {
		log_error("%s:1: not OPML: no root element", s->name);
		return ERR_PARSE;
	}
	if (!s->body) {
		log_error("%s: not OPML: no <body> in <opml>", s->name);
		return ERR_PARSE;
	}
	return ERR_OK;
}

enum err
opml_read(const char *data, size_t len, const char *name, struct opml *out)
{
	xmlTextReaderPtr r;
	struct opr	 s;
	const char	*ent;
	enum err	 e;
	size_t		 i;

	memset(out, 0, sizeof *out);
	if (len > CAP_OPML || len > INT_MAX) {
		log_error("%s: larger than %zu bytes; refused", name,
		    (size_t)CAP_OPML);
		return ERR_TOO_LARGE;
	}
	ent = memmem(data, len, "<!ENTITY", 8);
	if (ent != NULL) {
		log_error("%s:%ld: entity declarations are not allowed in OPML",
		    name, line_at(data, (size_t)(ent - data)));
		return ERR_PARSE;
	}
	memset(&s, 0, sizeof s);
	s.name = name;
	s.out = out;
	r = xmlReaderForMemory(data, (int)len, name, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r == NULL) {
		log_error("%s: cannot start the XML parser", name);
		return ERR_PARSE;
	}
	xmlTextReaderSetErrorHandler(r, on_error, &s);
	find_starts(&s, data, len);
	e = walk(&s, r);
	xmlFreeTextReader(r);
	for (i = 0; i <= CAP_XML_DEPTH; i++)
		free(s.folder[i]);
	free(s.err_msg);
	free(s.starts);
	if (s.dropped > 0)
		log_warn("%s: %zu feeds past the first %d left out", name,
		    s.dropped, CAP_OPML_OUTLINES);
	if (e)
		opml_cleanup(out);
	return e;
}

void
opml_cleanup(struct opml *o)
{
	size_t	 i, j;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].title);
		free(o->v[i].xml_url);
		free(o->v[i].html_url);
		free(o->v[i].type);
		for (j = 0; j < o->v[i].ncategories; j++)
			free(o->v[i].categories[j]);
		free(o->v[i].categories);
	}
	free(o->v);
	free(o->title);
	memset(o, 0, sizeof *o);
}
