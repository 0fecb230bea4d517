/* SPDX-License-Identifier: MIT */
/*
 * Wire body markup as HTML: NITF and XHTML body elements serialized to
 * the HTML the pipeline sanitizes (NITF media become images or figures),
 * plain text split into paragraphs, and small helpers on that HTML.
 */
#include "config.h"
#include "read/wire.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/xmalloc.h"

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

char *
wire_html_excerpt(const char *html, size_t chars)
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
	/* An unterminated last tag opens no paragraph. */
	t = strchr(last, '>');
	if (t == NULL)
		return;
	t++;
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
