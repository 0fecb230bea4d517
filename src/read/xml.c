/* SPDX-License-Identifier: MIT */
/*
 * The SAX2 driver for XML feeds. libxml2 runs as a push parser over
 * UTF-8 we decoded ourselves (XML_PARSE_IGNORE_ENC), never loads a DTD,
 * never touches the network (XML_PARSE_NONET) and never expands
 * entities declared in the document: the only entities it knows beyond
 * XML's five are HTML's named ones, which feeds use without declaring
 * (plain-text entities a DOCTYPE declares are replaced before parsing,
 * within caps, by read/xmlfix.c). To spare libxml2 its slow paths, the
 * repair pass also spells sparse non-ASCII text as character references
 * and keeps CDATA contents aside (on_cdata() puts them back).
 */
#include "config.h"
#include "read/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "read/decode.h"
#include "read/xmlfix.h"
#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

#define XML_NS_URI	"http://www.w3.org/XML/1998/namespace"
#define CHUNK		(64 * 1024)

long
xml_line(struct xml_reader *x)
{
	xmlParserCtxtPtr ctxt = x->parser;

	if (ctxt == NULL || ctxt->input == NULL)
		return 0;
	return ctxt->input->line;
}

static void
fail(struct xml_reader *x, enum err e)
{
	if (x->err == ERR_OK)
		x->err = e;
	xmlStopParser(x->parser);
}

static enum err
push_head(struct xml_reader *x)
{
	if (x->headed)
		return ERR_OK;
	x->headed = true;
	return x->out->head(x->out->ctx, &x->feed);
}

void
xml_item_begin(struct xml_reader *x, struct xml_frame *fr)
{
	enum err e;

	if (x->art != NULL) {
		/* An item inside an item: skip it whole. */
		fr->where = IN_IGNORE;
		return;
	}
	e = push_head(x);
	if (e) {
		fail(x, e);
		return;
	}
	x->art = article_new();
	x->core_summary = false;
	if (fr->base != NULL)
		x->art->base_url = xstrdup(fr->base);
	if (fr->lang != NULL)
		x->art->language = xstrdup(fr->lang);
	fr->where = IN_ITEM;
}

void
xml_item_end(struct xml_reader *x)
{
	enum err e;

	if (x->art == NULL)
		return;
	e = x->out->article(x->out->ctx, &x->feed, x->art);
	article_free(x->art);
	x->art = NULL;
	if (e)
		fail(x, e);
}

/*
 * Append an attribute value from SAX2 and a NUL to b (the reader's
 * scratch, reset for each tag); return where it starts. Without entity
 * substitution libxml2 hands back a literal "&" in an attribute as
 * "&#38;" (so that a tree could keep entity references); undo that.
 */
#define NO_VALUE	SIZE_MAX

static size_t
attr_value(struct buf *b, const char *v, const char *vend)
{
	size_t	 start = b->len, n = (size_t)(vend - v);
	char	*s, *o, *p, *end;

	/* Appended with its NUL, or NO_VALUE (read as "") over the cap. */
	if (buf_addn(b, v, n) || buf_addc(b, '\0')) {
		buf_truncate(b, start);
		return NO_VALUE;
	}
	s = b->data + start;
	if (memchr(s, '&', n) == NULL || memmem(s, n, "&#38;", 5) == NULL)
		return start;
	for (o = p = s, end = s + n; p < end; ) {
		if (end - p >= 5 && memcmp(p, "&#38;", 5) == 0) {
			*o++ = '&';
			p += 5;
		} else
			*o++ = *p++;
	}
	buf_truncate(b, start + (size_t)(o - s) + 1);
	b->data[b->len - 1] = '\0';
	return start;
}

/* The value attr_value() appended at off. */
static const char *
attr_at(const struct buf *b, size_t off)
{
	return off == NO_VALUE ? "" : b->data + off;
}

/* Serialize a start tag inside captured XHTML or stray HTML markup. */
static void
cap_start_tag(struct xml_reader *x, const char *local, int nattrs,
    const xmlChar **attrs)
{
	enum err e;
	int	 i;

	e = buf_addc(&x->text, '<');
	if (!e)
		e = buf_add(&x->text, local);
	for (i = 0; i < nattrs && !e; i++) {
		const char *name = (const char *)attrs[5 * i];
		const char *v = (const char *)attrs[5 * i + 3];
		const char *vend = (const char *)attrs[5 * i + 4];
		size_t	 off;

		buf_reset(&x->vals);
		off = attr_value(&x->vals, v, vend);
		e = buf_addf(&x->text, " %s=\"", name);
		if (!e)
			e = buf_add_xml_attr(&x->text, attr_at(&x->vals, off));
		if (!e)
			e = buf_addc(&x->text, '"');
	}
	if (!e)
		e = buf_addc(&x->text, '>');
	(void)e;	/* over the cap: the field is cut, warned at the end */
}

static bool
is_void(const char *local)
{
	static const char *const voids[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "source", "track", "wbr"
	};
	size_t	 i;

	for (i = 0; i < sizeof voids / sizeof voids[0]; i++)
		if (strcmp(local, voids[i]) == 0)
			return true;
	return false;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces_,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct xml_reader *x = ctx;
	const char *local = (const char *)localname;
	struct xml_frame *fr, *parent;
	struct xml_attr attrs[32];
	size_t	 nattrs = 0, offs[32];
	const char *val;
	int	 i;

	if (x->err)
		return;
	x->depth++;
	if (x->depth > CAP_XML_DEPTH_FRAMES)
		return;
	parent = x->depth > 1 ? &x->stack[x->depth - 2] : NULL;
	fr = &x->stack[x->depth - 1];
	memset(fr, 0, sizeof *fr);
	if (URI == NULL && prefix != NULL)
		fr->ns = xml_ns_of_prefix((const char *)prefix);
	else
		fr->ns = xml_ns_of(x, (const char *)URI);
	fr->local = local;
	fr->nsuri = (const char *)URI;
	fr->where = parent != NULL ? parent->where : IN_NONE;
	fr->base = parent != NULL ? parent->base : (char *)x->o->base_url;
	fr->lang = parent != NULL ? parent->lang : NULL;

	if (!x->rooted) {
		x->rooted = true;
		/* (What the root says may change what a URI means.) */
		memset(x->nscache, 0, sizeof x->nscache);
		x->family = xml_root_family(local, (const char *)URI);
		if (x->family == FAMILY_NONE ||
		    (x->want != FAMILY_NONE && x->want != x->family)) {
			log_error("%s:%ld: not %s feed: the root element is <%s>",
			    x->o->name, xml_line(x),
			    x->want == FAMILY_ATOM ? "an Atom" :
			    x->want == FAMILY_RSS ? "an RSS" : "an RSS or Atom",
			    local);
			fail(x, ERR_UNSUPPORTED);
			return;
		}
		/* An Atom feed without its namespace. */
		if (x->family == FAMILY_ATOM && fr->ns == NS_RSS) {
			x->atom_nons = true;
			fr->ns = NS_ATOM;
		}
		/* Pre-1.0 Atom drafts used namespaces of their own. */
		if (x->family == FAMILY_ATOM && fr->ns == NS_OTHER && URI != NULL) {
			x->atom_uri = (const char *)URI;
			fr->ns = NS_ATOM;
		}
		/* So did RSS ("http://backend.userland.com/rss2.1"). */
		if (x->family == FAMILY_RSS && fr->ns == NS_OTHER && URI != NULL) {
			x->rss_uri = (const char *)URI;
			fr->ns = NS_RSS;
		}
	}

	/* Inside a captured field: serialize markup or skip tags. */
	if (x->cap_depth >= 0) {
		if (x->cap_mode == XT_XHTML || x->cap_mode == XT_HTML) {
			if (x->cap_skip_wrapper && x->depth == x->cap_depth + 1 &&
			    fr->ns == NS_XHTML && strcmp(local, "div") == 0) {
				x->cap_wrapper_depth = x->depth;
				return;
			}
			x->cap_skip_wrapper = false;
			cap_start_tag(x, local, nb_attributes, attributes);
		}
		return;
	}

	for (i = 0; i < nb_attributes && nattrs < 32; i++) {
		const char *auri = (const char *)attributes[5 * i + 2];
		const char *v = (const char *)attributes[5 * i + 3];
		const char *vend = (const char *)attributes[5 * i + 4];
		const char *aname = (const char *)attributes[5 * i];

		if (nattrs == 0)
			buf_reset(&x->vals);
		offs[nattrs] = attr_value(&x->vals, v, vend);
		val = attr_at(&x->vals, offs[nattrs]);
		if (auri != NULL && strcmp(auri, XML_NS_URI) == 0) {
			if (strcmp(aname, "base") == 0) {
				char *b = uri_resolve(fr->base, val);

				if (b != NULL) {
					/* (a repeated xml:base replaces) */
					if (fr->own_base)
						free(fr->base);
					fr->base = b;
					fr->own_base = true;
				}
			} else if (strcmp(aname, "lang") == 0 &&
			    *val != '\0') {
				if (fr->own_lang)
					free(fr->lang);
				fr->lang = xstrdup(val);
				fr->own_lang = true;
			}
		}
		attrs[nattrs].ns = auri != NULL ? xml_ns_of(x, auri) : NS_OTHER;
		if (auri == NULL)
			attrs[nattrs].ns = NS_OTHER;
		attrs[nattrs].local = aname;
		nattrs++;
	}
	/* (The values are in place now that the scratch will not move.) */
	for (i = 0; i < (int)nattrs; i++)
		attrs[i].value = attr_at(&x->vals, offs[i]);

	if (fr->where != IN_IGNORE) {
		fr->tag = xml_lookup(x, fr->ns, local);
		/*
		 * An element of the core vocabulary that we do not know, in an
		 * item (or an Atom feed head), is a structure of its own: its
		 * <title> or <id> is not the item's (<entry><image><title>).
		 */
		if (fr->tag == NULL && (fr->ns == NS_RSS || fr->ns == NS_ATOM ||
		    fr->ns == NS_ATOM03) && (fr->where == IN_ITEM ||
		    (fr->where == IN_FEED && x->family == FAMILY_ATOM)))
			fr->where = IN_IGNORE;
		if (fr->tag != NULL) {
			fr->mode = fr->tag->mode;
			if (fr->tag->start != NULL)
				fr->tag->start(x, fr, attrs, nattrs);
			if (fr->mode != XT_NONE && fr->where != IN_IGNORE) {
				x->cap_depth = x->depth;
				x->cap_mode = fr->mode;
				/*
				 * The XHTML <div> around inline markup is not
				 * content; some feeds wrap escaped HTML in one too.
				 */
				x->cap_skip_wrapper = fr->mode == XT_XHTML ||
				    fr->mode == XT_HTML;
				x->cap_wrapper_depth = 0;
				buf_reset(&x->text);
			}
		}
	}
}

static void
frame_release(struct xml_frame *fr)
{
	if (fr->own_base)
		free(fr->base);
	if (fr->own_lang)
		free(fr->lang);
	free(fr->saved);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *URI)
{
	struct xml_reader *x = ctx;
	struct xml_frame *fr;

	if (x->err) {
		if (x->depth > 0 && x->depth <= CAP_XML_DEPTH_FRAMES)
			frame_release(&x->stack[x->depth - 1]);
		x->depth--;
		return;
	}
	if (x->depth > CAP_XML_DEPTH_FRAMES) {
		x->depth--;
		return;
	}
	fr = &x->stack[x->depth - 1];
	if (x->cap_depth >= 0 && x->depth != x->cap_depth) {
		/* A child of a captured field. */
		if ((x->cap_mode == XT_XHTML || x->cap_mode == XT_HTML) &&
		    x->depth != x->cap_wrapper_depth &&
		    !is_void((const char *)localname)) {
			/* Over the cap the field is cut; on_text warned. */
			enum err e = buf_addf(&x->text, "</%s>", localname);

			(void)e;
		}
		x->depth--;
		return;
	}
	if (x->cap_depth == x->depth) {
		x->cap_depth = -1;
		if (fr->tag != NULL && fr->tag->end != NULL)
			fr->tag->end(x, fr, x->text.data != NULL ?
			    x->text.data : (char *)"", x->text.len);
	} else if (fr->tag != NULL && fr->tag->end != NULL &&
	    fr->where != IN_IGNORE)
		fr->tag->end(x, fr, NULL, 0);
	frame_release(fr);
	x->depth--;
}

/*
 * U+0080..U+009F are C1 controls, but text that holds them meant
 * Windows-1252 (0x92 is a quote): a copy with those characters mapped,
 * or NULL when there are none.
 */
static char *
demoronize(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	size_t	 i, o = 0;
	uint32_t cp;
	char	*out;

	while ((p = memchr(p, 0xc2, (size_t)(end - p))) != NULL &&
	    (p + 1 == end || (unsigned char)p[1] < 0x80 ||
	    (unsigned char)p[1] > 0x9f))
		p++;
	if (p == NULL)
		return NULL;
	/* Two bytes become at most three. */
	out = xmalloc(len / 2 * 3 + 2);
	for (i = 0; i < len; i++) {
		if (i + 1 < len && (unsigned char)s[i] == 0xc2 &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f) {
			cp = text_cp1252((unsigned char)s[i + 1]);
			if (cp != 0xfffd)
				o += text_utf8_encode(cp, out + o);
			i++;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct xml_reader *x = ctx;
	char	*fixed;
	enum err e;

	if (x->cap_depth < 0 || x->err)
		return;
	fixed = demoronize((const char *)ch, (size_t)len);
	if (fixed != NULL) {
		ch = (const xmlChar *)fixed;
		len = (int)strlen(fixed);
	}
	if (x->cap_mode == XT_XHTML) {
		char	*s = xstrndup((const char *)ch, (size_t)len);

		e = buf_add_xml(&x->text, s);
		free(s);
	} else
		e = buf_addn(&x->text, ch, (size_t)len);
	free(fixed);
	if (e == ERR_TOO_LARGE && x->text.max != 0) {
		log_warn("%s:%ld: element text longer than %zu bytes; cut",
		    x->o->name, xml_line(x), x->text.max);
		x->text.max = x->text.len;	/* warn once per field */
	}
}

/* Where libxml2 reads, as an offset into all the bytes it was given. */
static uint64_t
parse_pos(struct xml_reader *x)
{
	xmlParserCtxtPtr ctxt = x->parser;

	return (uint64_t)ctxt->input->consumed +
	    (uint64_t)(ctxt->input->cur - ctxt->input->base);
}

/*
 * A CDATA section: its contents, or those the repair pass kept aside
 * for the section that starts here (libxml2 is at its contents).
 */
static void
on_cdata(void *ctx, const xmlChar *ch, int len)
{
	struct xml_reader *x = ctx;
	const char *kept;
	size_t	 klen;

	if (x->fix->keep && xmlfix_kept(x->fix, parse_pos(x), &kept, &klen)) {
		ch = (const xmlChar *)kept;
		len = (int)klen;
	}
	on_text(ctx, ch, len);
}

static void
free_entity(void *payload, const xmlChar *name)
{
	xmlEntityPtr ent = payload;

	/* libxml2 may hang a declaration's text on an entity we returned. */
	xmlFree((xmlChar *)ent->name);
	xmlFree(ent->content);
	xmlFree(ent->orig);
	xmlFree((xmlChar *)ent->ExternalID);
	xmlFree((xmlChar *)ent->SystemID);
	xmlFree((xmlChar *)ent->URI);
	xmlFree(ent);
}

/*
 * Undeclared entities: feeds use HTML's (&nbsp; &eacute;) freely. We
 * answer with a "predefined" entity whose content libxml2 inlines as
 * character data; nothing else is ever expanded.
 */
static xmlEntityPtr
on_entity(void *ctx, const xmlChar *name)
{
	struct xml_reader *x = ctx;
	const htmlEntityDesc *d;
	xmlEntityPtr ent;
	char	 utf8[5];
	size_t	 n;

	ent = xmlGetPredefinedEntity(name);
	if (ent != NULL)
		return ent;
	if (x->entities != NULL) {
		ent = xmlHashLookup(x->entities, name);
		if (ent != NULL)
			return ent;
	}
	d = htmlEntityLookup(name);
	if (d == NULL)
		return NULL;
	if (x->entities == NULL)
		x->entities = xmlHashCreate(16);
	n = text_utf8_encode(d->value, utf8);
	utf8[n] = '\0';
	ent = xmlMalloc(sizeof *ent);
	if (ent == NULL)
		abort();
	memset(ent, 0, sizeof *ent);
	ent->type = XML_ENTITY_DECL;
	ent->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	ent->name = xmlStrdup(name);
	ent->content = xmlStrdup((const xmlChar *)utf8);
	ent->length = (int)n;
	if (xmlHashAddEntry(x->entities, name, ent) != 0) {
		free_entity(ent, name);
		return NULL;
	}
	return ent;
}

static void
on_error(void *ctx, xmlErrorPtr error)
{
	struct xml_reader *x = ctx;
	char	*msg;
	size_t	 n;

	if (error == NULL || error->level == XML_ERR_WARNING)
		return;
	/* A namespace prefix nobody declared is the feed's, not ours. */
	if (error->domain == XML_FROM_NAMESPACE)
		return;
	/*
	 * A parameter entity of the DTD (%HTMLlat1;) is never loaded: we
	 * read no external DTD, so its absence is our choice, not a fault.
	 */
	if (!x->o->strict && error->code == XML_ERR_UNDECLARED_ENTITY &&
	    error->message != NULL &&
	    strncmp(error->message, "PEReference", 11) == 0)
		return;
	x->nerrors++;
	if (x->nerrors > 1 && !x->o->strict)
		return;
	msg = xstrdup(error->message != NULL ? error->message : "error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (x->o->strict) {
		log_error("%s:%d: ill-formed XML: %s", x->o->name, error->line,
		    msg);
		fail(x, ERR_PARSE);
	} else
		log_warn("%s:%d: ill-formed XML: %s (recovering what can be "
		    "read)", x->o->name, error->line, msg);
	free(msg);
}

static void
cleanup(struct xml_reader *x)
{
	while (x->depth > 0) {
		if (x->depth <= CAP_XML_DEPTH_FRAMES)
			frame_release(&x->stack[x->depth - 1]);
		x->depth--;
	}
	article_free(x->art);
	x->art = NULL;
	person_cleanup(&x->person_tmp);
	feed_cleanup(&x->feed);
	buf_cleanup(&x->text);
	buf_cleanup(&x->vals);
	if (x->entities != NULL)
		xmlHashFree(x->entities, free_entity);
	if (x->parser != NULL) {
		xmlParserCtxtPtr ctxt = x->parser;

		/*
		 * Entity declarations in an internal subset make libxml2 build
		 * a document to hold them even in SAX mode; it is ours to free.
		 */
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
}

enum err
xml_parse(struct input *in, const struct read_opts *o,
    const struct sink *out, enum xml_family want)
{
	struct xml_reader *x;
	struct decoder	 dec;
	struct xmlfix	 fix;
	xmlSAXHandler	 sax;
	struct buf	 ubuf, fbuf;
	char		*chunk;
	size_t		 got;
	enum err	 e = ERR_OK;
	int		 opts;

	x = xcalloc(1, sizeof *x);
	x->o = o;
	x->out = out;
	x->want = want;
	x->cap_depth = -1;
	feed_init(&x->feed);
	buf_init(&x->text, CAP_HTML);
	buf_init(&x->vals, CAP_INPUT_XML);
	if (o->base_url != NULL)
		x->feed.base_url = xstrdup(o->base_url);

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_cdata;
	sax.getEntity = on_entity;
	sax.serror = on_error;

	x->parser = xmlCreatePushParserCtxt(&sax, x, NULL, 0, o->name);
	if (x->parser == NULL)
		abort();
	opts = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOWARNING;
	if (!o->strict)
		opts |= XML_PARSE_RECOVER;
	xmlCtxtUseOptions(x->parser, opts);

	decode_init(&dec, o->name, in->peek, in->npeek, in->charset);
	xmlfix_init(&fix);
	/*
	 * The repair pass respells for speed (xmlfix.h: non-ASCII text as
	 * references, CDATA contents kept aside) while it can be sure that
	 * libxml2 reads the document as it does; the fuzz targets read
	 * every input both ways (xml_literal) and compare.
	 */
	fix.refs = !o->xml_literal;
	fix.keep = !o->xml_literal;
	x->fix = &fix;
	/* Room for a chunk as it usually comes out of each pass. */
	buf_init(&ubuf, 4 * CHUNK + 64);
	buf_reserve(&ubuf, CHUNK + 64);
	buf_init(&fbuf, 8 * CHUNK + 256);
	buf_reserve(&fbuf, CHUNK + CHUNK / 4);
	chunk = xmalloc(CHUNK);
	for (;;) {
		e = input_read(in, chunk, CHUNK, &got);
		if (e == ERR_TOO_LARGE) {
			log_error("%s: input larger than %zu bytes; refused",
			    o->name, in->max);
			break;
		}
		if (e) {
			log_error("%s: read error", o->name);
			break;
		}
		buf_reset(&ubuf);
		buf_reset(&fbuf);
		e = decode_chunk(&dec, chunk, got, got == 0, &ubuf);
		if (!e)
			e = xmlfix_chunk(&fix, buf_str(&ubuf), ubuf.len, got == 0,
			    &fbuf);
		if (e)
			break;
		xmlParseChunk(x->parser, buf_str(&fbuf), (int)fbuf.len,
		    got == 0);
		fix.pos += fbuf.len;
		/* What libxml2 is past, it will not read again. */
		if (((xmlParserCtxtPtr)x->parser)->instate == XML_PARSER_EOF)
			fix.keep = false;
		xmlfix_forget(&fix, fix.keep ? parse_pos(x) : UINT64_MAX);
		if (x->err || got == 0)
			break;
		if (((xmlParserCtxtPtr)x->parser)->disableSAX &&
		    !((xmlParserCtxtPtr)x->parser)->recovery)
			break;
	}
	free(chunk);
	buf_cleanup(&ubuf);
	buf_cleanup(&fbuf);
	if (fix.fixed > 0)
		log_info("%s: %lu bare \"&\" or HTML entities repaired",
		    o->name, fix.fixed);
	xmlfix_cleanup(&fix);
	if (dec.invalid > 0)
		log_warn("%s: %lu bytes were not valid %s and were replaced",
		    o->name, dec.invalid, dec.charset);
	decode_cleanup(&dec);

	if (!e)
		e = x->err;
	if (!e && !x->rooted) {
		log_error("%s: not an XML feed: no root element%s", o->name,
		    x->nerrors ? " (ill-formed XML)" : "");
		e = ERR_PARSE;
	}
	if (!e && x->nerrors > 1)
		log_warn("%s: %lu XML errors in all", o->name, x->nerrors);
	if (!e) {
		/* An unfinished item at a truncated end still counts. */
		if (x->cap_depth >= 0 && x->cap_depth <= CAP_XML_DEPTH_FRAMES) {
			struct xml_frame *fr = &x->stack[x->cap_depth - 1];

			x->cap_depth = -1;
			if (fr->tag != NULL && fr->tag->end != NULL)
				fr->tag->end(x, fr, (char *)buf_str(&x->text),
				    x->text.len);
		}
		if (x->art != NULL)
			xml_item_end(x);
		e = x->err;
	}
	if (!e)
		e = push_head(x);
	if (!e)
		e = out->end(out->ctx, &x->feed);
	cleanup(x);
	free(x);
	return e;
}
