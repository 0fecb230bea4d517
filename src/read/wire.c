/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the wire readers: loading a whole wire item
 * (decoded, entity-repaired, parsed as a DOM without network or entity
 * expansion), walking elements by local name, wire dates and codes, and
 * turning NITF/XHTML body markup into HTML for the pipeline to sanitize.
 */
#include "config.h"
#include "read/wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "read/decode.h"
#include "read/xmlfix.h"
#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define CHUNK	(64 * 1024)

enum err
wire_slurp(struct input *in, const struct read_opts *o, struct buf *out)
{
	struct decoder	 d;
	char		*chunk;
	size_t		 got;
	enum err	 e;

	buf_init(out, CAP_INPUT_WIRE);
	decode_init(&d, o->name, in->peek, in->npeek, in->charset);
	chunk = xmalloc(CHUNK);
	do {
		e = input_read(in, chunk, CHUNK, &got);
		if (e == ERR_TOO_LARGE || (!e && in->pos > CAP_INPUT_WIRE)) {
			log_error("%s: input larger than %zu bytes; refused",
			    o->name, in->max < CAP_INPUT_WIRE ? in->max :
			    CAP_INPUT_WIRE);
			e = ERR_TOO_LARGE;
			break;
		}
		if (e) {
			log_error("%s: read error: %s", o->name,
			    strerror(errno));
			break;
		}
		e = decode_chunk(&d, chunk, got, got == 0, out);
		if (e) {
			log_error("%s: input larger than %zu bytes; refused",
			    o->name, (size_t)CAP_INPUT_WIRE);
			break;
		}
	} while (got != 0);
	free(chunk);
	decode_cleanup(&d);
	return e;
}

/* The first XML error of a parse, kept instead of printed. */
struct xerr {
	const char	*name;
	bool		 strict;
	unsigned long	 n;
};

static void
on_xml_error(void *ctx, xmlErrorPtr error)
{
	xmlParserCtxtPtr pc = ctx;
	struct xerr	*x = pc->_private;
	char		*msg;

	if (error == NULL || error->level == XML_ERR_WARNING ||
	    error->domain == XML_FROM_NAMESPACE)
		return;
	if (x->n++ > 0)
		return;
	msg = text_clean_str(error->message != NULL ? error->message :
	    "error", TEXT_COLLAPSE, 200);
	if (x->strict)
		log_error("%s:%d: ill-formed XML: %s", x->name, error->line,
		    msg != NULL ? msg : "error");
	else
		log_warn("%s:%d: ill-formed XML: %s (recovering what can be "
		    "read)", x->name, error->line, msg != NULL ? msg : "error");
	free(msg);
}

enum err
wire_load_xml(struct input *in, const struct read_opts *o, xmlDocPtr *docp)
{
	struct buf	 u, fixed;
	struct xmlfix	 fix;
	struct xerr	 x = { o->name, o->strict, 0 };
	xmlParserCtxtPtr pc;
	xmlDocPtr	 doc;
	int		 flags;
	enum err	 e;

	*docp = NULL;
	e = wire_slurp(in, o, &u);
	if (e) {
		buf_cleanup(&u);
		return e;
	}
	buf_init(&fixed, CAP_INPUT_WIRE + CAP_INPUT_WIRE / 4);
	xmlfix_init(&fix);
	e = xmlfix_chunk(&fix, buf_str(&u), u.len, true, &fixed);
	xmlfix_cleanup(&fix);
	buf_cleanup(&u);
	if (e) {
		log_error("%s: input too large after repair; refused", o->name);
		buf_cleanup(&fixed);
		return e;
	}
	flags = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOWARNING |
	    XML_PARSE_NOERROR | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
	if (!o->strict)
		flags |= XML_PARSE_RECOVER;
	pc = xmlNewParserCtxt();
	if (pc == NULL)
		abort();
	pc->_private = &x;
	pc->sax->serror = on_xml_error;
	pc->vctxt.error = NULL;
	pc->vctxt.warning = NULL;
	doc = xmlCtxtReadMemory(pc, buf_str(&fixed), (int)fixed.len, o->name,
	    "UTF-8", flags);
	if (doc != NULL && (x.n > 0 || !pc->wellFormed) && o->strict) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(pc);
	buf_cleanup(&fixed);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		if (x.n == 0 || !o->strict)
			log_error("%s: not an XML document: no root element",
			    o->name);
		return ERR_PARSE;
	}
	*docp = doc;
	return ERR_OK;
}

bool
wire_is(const xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0;
}

xmlNode *
wire_child(const xmlNode *n, const char *local)
{
	xmlNode	*c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (wire_is(c, local))
			return c;
	return NULL;
}

xmlNode *
wire_next(const xmlNode *n, const char *local)
{
	xmlNode	*c;

	if (n == NULL)
		return NULL;
	for (c = n->next; c != NULL; c = c->next)
		if (wire_is(c, local))
			return c;
	return NULL;
}

static xmlNode *
find_depth(const xmlNode *n, const char *local, int depth)
{
	xmlNode	*c, *r;

	if (n == NULL || depth > CAP_XML_DEPTH)
		return NULL;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (wire_is(c, local))
			return c;
		r = find_depth(c, local, depth + 1);
		if (r != NULL)
			return r;
	}
	return NULL;
}

xmlNode *
wire_find(const xmlNode *n, const char *local)
{
	return find_depth(n, local, 0);
}

char *
wire_text(const xmlNode *n)
{
	xmlChar	*s;
	char	*r;

	if (n == NULL)
		return NULL;
	s = xmlNodeGetContent(n);
	if (s == NULL)
		return NULL;
	r = text_clean_str((const char *)s, TEXT_COLLAPSE, CAP_TEXT);
	xmlFree(s);
	return r;
}

char *
wire_child_text(const xmlNode *n, const char *local)
{
	return wire_text(wire_child(n, local));
}

char *
wire_attr(const xmlNode *n, const char *name)
{
	xmlChar	*s;
	char	*r;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	s = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (s == NULL)
		return NULL;
	r = text_clean_str((const char *)s, TEXT_COLLAPSE, CAP_TEXT);
	xmlFree(s);
	return r;
}

void
wire_keep(char **dst, char *s)
{
	if (*dst == NULL)
		*dst = s;
	else
		free(s);
}

bool
wire_date(const char *s, struct when *w)
{
	if (s == NULL || text_is_blank(s))
		return false;
	return date_parse(s, w);
}

bool
wire_attr_date(const xmlNode *n, const char *name, struct when *w)
{
	char	*s;
	bool	 ok;

	s = wire_attr(n, name);
	ok = wire_date(s, w);
	free(s);
	return ok;
}

/* HTML elements that pass with their own name. */
static const char *const keep_tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
	"dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
	"caption", "blockquote", "pre", "em", "strong", "b", "i", "u",
	"sub", "sup", "br", "a", "q", "cite", "code", "figure",
	"figcaption", "img", "hr", "div", "span", "col", "colgroup",
	"abbr", "small", "s", "del", "ins", "mark", NULL
};

/* Attributes kept on any element that has them. */
static const char *const keep_attrs[] = {
	"href", "src", "alt", "title", "colspan", "rowspan", "width",
	"height", NULL
};

/* The HTML name for element n, or NULL to keep only its content. */
static const char *
html_name(const xmlNode *n)
{
	const char *name = (const char *)n->name;
	size_t	 i;

	if (strcmp(name, "hl1") == 0)
		return "h1";
	if (strcmp(name, "hl2") == 0)
		return "h2";
	if (strcmp(name, "bq") == 0)
		return "blockquote";
	if (strcmp(name, "block") == 0)
		return "div";
	if (strcmp(name, "credit") == 0)
		return "cite";
	for (i = 0; keep_tags[i] != NULL; i++)
		if (strcmp(name, keep_tags[i]) == 0)
			return keep_tags[i];
	return NULL;
}

static bool
is_void(const char *tag)
{
	return strcmp(tag, "br") == 0 || strcmp(tag, "img") == 0 ||
	    strcmp(tag, "hr") == 0 || strcmp(tag, "col") == 0;
}

/* A NITF <media> element: an image of a, or a figure in the HTML. */
static enum err
html_media(const xmlNode *m, struct article *a, struct buf *out)
{
	xmlNode	*ref;
	char	*src, *caption, *credit, *type, *w, *h;
	struct image *im;
	enum err e = ERR_OK;

	caption = wire_child_text(m, "media-caption");
	credit = wire_child_text(m, "media-producer");
	src = NULL;
	type = NULL;
	w = h = NULL;
	for (ref = wire_child(m, "media-reference"); ref != NULL && src == NULL;
	    ref = wire_next(ref, "media-reference")) {
		src = wire_attr(ref, "source");
		if (src == NULL)
			src = wire_attr(ref, "data-location");
		if (src != NULL) {
			type = wire_attr(ref, "mime-type");
			w = wire_attr(ref, "width");
			h = wire_attr(ref, "height");
		}
	}
	if (src != NULL && a != NULL && a->nimages < CAP_LIST) {
		im = article_add_image(a);
		im->url = src;
		im->type = type;
		im->width = w != NULL ? atoi(w) : 0;
		im->height = h != NULL ? atoi(h) : 0;
		im->caption = caption;
		im->credit = credit;
		free(w);
		free(h);
		return ERR_OK;
	}
	if (caption != NULL || credit != NULL) {
		e = buf_add(out, "<figure><figcaption>");
		if (!e && caption != NULL)
			e = buf_add_xml(out, caption);
		if (!e && caption != NULL && credit != NULL)
			e = buf_add(out, " ");
		if (!e && credit != NULL)
			e = buf_add_xml(out, credit);
		if (!e)
			e = buf_add(out, "</figcaption></figure>\n");
	}
	free(src);
	free(type);
	free(w);
	free(h);
	free(caption);
	free(credit);
	return e;
}

static enum err
html_children(const xmlNode *n, struct article *a, struct buf *out,
    int depth)
{
	const xmlNode *c;
	const char *tag;
	xmlAttr	*at;
	xmlChar	*v;
	size_t	 i;
	enum err e = ERR_OK;

	if (depth > CAP_XML_DEPTH)
		return ERR_OK;
	for (c = n->children; c != NULL && !e; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				e = buf_add_xml(out, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (wire_is(c, "script") || wire_is(c, "style") ||
		    wire_is(c, "head") || wire_is(c, "title"))
			continue;
		if (wire_is(c, "media")) {
			e = html_media(c, a, out);
			continue;
		}
		tag = html_name(c);
		if (tag == NULL) {
			e = html_children(c, a, out, depth + 1);
			continue;
		}
		e = buf_addf(out, "<%s", tag);
		for (at = c->properties; at != NULL && !e; at = at->next) {
			for (i = 0; keep_attrs[i] != NULL; i++)
				if (strcmp((const char *)at->name,
				    keep_attrs[i]) == 0)
					break;
			if (keep_attrs[i] == NULL)
				continue;
			v = xmlNodeGetContent((const xmlNode *)at);
			if (v == NULL)
				continue;
			e = buf_addf(out, " %s=\"", keep_attrs[i]);
			if (!e)
				e = buf_add_xml_attr(out, (const char *)v);
			if (!e)
				e = buf_addc(out, '"');
			xmlFree(v);
		}
		if (!e)
			e = buf_add(out, ">");
		if (is_void(tag))
			continue;
		if (!e)
			e = html_children(c, a, out, depth + 1);
		if (!e)
			e = buf_addf(out, "</%s>", tag);
	}
	return e;
}

enum err
wire_html(const xmlNode *n, struct article *a, struct buf *out)
{
	if (n == NULL)
		return ERR_OK;
	return html_children(n, a, out, 0);
}

enum err
wire_text_to_html(const char *text, struct buf *out)
{
	const char *p, *q, *end;
	char	*para;
	enum err e = ERR_OK;

	for (p = text; *p != '\0' && !e; p = end) {
		/* A paragraph ends at a blank line. */
		q = p;
		end = NULL;
		while (*q != '\0') {
			const char *nl = strchr(q, '\n');

			if (nl == NULL) {
				q += strlen(q);
				break;
			}
			q = nl + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n') {
				end = q + 1;
				q = nl;
				break;
			}
		}
		if (end == NULL)
			end = q;
		para = text_clean(p, (size_t)(q - p), TEXT_COLLAPSE, CAP_HTML);
		if (para != NULL) {
			e = buf_add(out, "<p>");
			if (!e)
				e = buf_add_xml(out, para);
			if (!e)
				e = buf_add(out, "</p>\n");
			free(para);
		}
	}
	return e;
}

bool
wire_looks_html(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s[0] == '<' && ((s[1] >= 'a' && s[1] <= 'z') ||
	    (s[1] >= 'A' && s[1] <= 'Z'));
}

/* The first characters of the text of html (tags dropped), or NULL. */
static char *
html_excerpt(const char *html, size_t chars)
{
	struct buf b;
	const char *p;
	char	*t, *r;
	bool	 tag = false;
	enum err e = ERR_OK;

	buf_init(&b, CAP_TEXT);
	for (p = html; *p != '\0' && !e && b.len < 4 * chars; p++) {
		if (*p == '<') {
			tag = true;
			/* A paragraph end ends the excerpt. */
			if (b.len > 0 && (strncmp(p, "</p", 3) == 0 ||
			    strncmp(p, "<br", 3) == 0))
				break;
		} else if (*p == '>')
			tag = false;
		else if (!tag)
			e = buf_addc(&b, *p);
	}
	t = text_clean_str(buf_str(&b), TEXT_COLLAPSE, CAP_TEXT);
	buf_cleanup(&b);
	if (t == NULL)
		return NULL;
	r = text_excerpt(t, chars);
	free(t);
	return r;
}

/*
 * Drop a closing copyright paragraph from a body: it repeats the
 * copyright field and is not part of the story ("© AGENCY. All rights
 * ..." at the end of wire copy).
 */
void
wire_trim_copyright(char *html)
{
	char	*p, *last = NULL, *t;
	size_t	 i;

	for (p = html; (p = strcasestr(p, "<p")) != NULL; p++)
		if (p[2] == '>' || p[2] == ' ')
			last = p;
	if (last == NULL)
		return;
	t = strchr(last, '>') + 1;
	while (*t == ' ' || *t == '\n')
		t++;
	if (!(strncmp(t, "\xc2\xa9", 2) == 0 || text_istarts(t, "copyright") ||
	    text_istarts(t, "(c) ")))
		return;
	/* Only when nothing but the paragraph and space follows. */
	p = strcasestr(t, "</p>");
	if (p == NULL)
		return;
	for (i = 4; p[i] != '\0'; i++)
		if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')
			return;
	*last = '\0';
}

void
wire_finish(struct article *a)
{
	struct buf b;

	if (a->content_html != NULL)
		wire_trim_copyright(a->content_html);
	/* A text item without a body: its description is the story. */
	if (a->content_html == NULL && a->nimages == 0 && a->summary != NULL &&
	    (a->html_fields & ART_HTML_SUMMARY) == 0) {
		buf_init(&b, CAP_HTML);
		if (wire_text_to_html(a->summary, &b) == ERR_OK)
			a->content_html = buf_dup_or_null(&b);
		buf_cleanup(&b);
	}
	if (a->title != NULL)
		return;
	if (a->slugline != NULL)
		a->title = xstrdup(a->slugline);
	else if (a->summary != NULL)
		a->title = text_excerpt(a->summary, 100);
	else if (a->content_html != NULL)
		a->title = html_excerpt(a->content_html, 100);
	else if (a->content_text != NULL)
		a->title = text_excerpt(a->content_text, 100);
	if (a->title != NULL)
		article_explain(a, "title", "wire: no headline; from the "
		    "slugline, summary or body");
}

void
wire_category(struct article *a, const char *code, const char *scheme,
    const char *label)
{
	struct category *c;
	size_t	 i;

	if (code == NULL || text_is_blank(code) || a->ncategories >= CAP_LIST)
		return;
	for (i = 0; i < a->ncategories; i++)
		if (a->categories[i].term != NULL &&
		    strcmp(a->categories[i].term, code) == 0)
			return;
	c = article_add_category(a);
	c->term = xstrdup(code);
	if (scheme != NULL)
		c->scheme = xstrdup(scheme);
	if (label != NULL && !text_is_blank(label))
		c->label = xstrdup(label);
}

bool
wire_pubstatus(const char *s, enum pubstatus *ps)
{
	const char *p;

	if (s == NULL)
		return false;
	p = strchr(s, ':');
	p = p != NULL ? p + 1 : s;
	if (text_ieq(p, "usable"))
		*ps = PUBSTATUS_USABLE;
	else if (text_ieq(p, "withheld"))
		*ps = PUBSTATUS_WITHHELD;
	else if (text_ieq(p, "canceled") || text_ieq(p, "cancelled") ||
	    text_ieq(p, "kill") || text_ieq(p, "killed"))
		*ps = PUBSTATUS_CANCELED;
	else
		return false;
	return true;
}

enum err
wire_push(const struct read_opts *o, const struct sink *out,
    struct feed *f, struct article **arts, size_t n)
{
	size_t	 i;
	enum err e;

	if (o->base_url != NULL && f->base_url == NULL)
		xstrset(&f->base_url, o->base_url);
	e = out->head(out->ctx, f);
	for (i = 0; i < n && !e; i++) {
		wire_finish(arts[i]);
		e = out->article(out->ctx, f, arts[i]);
	}
	if (!e)
		e = out->end(out->ctx, f);
	return e;
}
