/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the wire readers: loading a whole wire item
 * (decoded, entity-repaired, parsed as a DOM without network or entity
 * expansion), walking elements by local name, wire dates and codes,
 * and finishing and pushing the stories. Body markup to HTML is in
 * wirehtml.c.
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
		a->title = wire_html_excerpt(a->content_html, 100);
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
	/* A wire file has no feed title: name it for who sent the story. */
	if (f->title == NULL && n > 0)
		f->title = arts[0]->source != NULL ? xstrdup(arts[0]->source) :
		    arts[0]->credit != NULL ? xstrdup(arts[0]->credit) : NULL;
	e = out->head(out->ctx, f);
	for (i = 0; i < n && !e; i++) {
		wire_finish(arts[i]);
		e = out->article(out->ctx, f, arts[i]);
	}
	if (!e)
		e = out->end(out->ctx, f);
	return e;
}
