/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the wire readers (NITF, NewsML-G2, NewsML 1.2,
 * ninjs, AP JSON, plain text), private to read/. Wire items are small,
 * so they are loaded whole (up to CAP_INPUT_WIRE) and read as a DOM.
 */
#ifndef FEEDMILL_READ_WIRE_H
#define FEEDMILL_READ_WIRE_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "model/article.h"
#include "model/feed.h"
#include "read/input.h"
#include "read/read.h"
#include "util/buf.h"

/*
 * Read all of in (at most CAP_INPUT_WIRE bytes) and decode it to UTF-8
 * into out (initialized here; the caller cleans it up). Errors are
 * logged with the input name.
 */
enum err	 wire_slurp(struct input *in, const struct read_opts *o,
		    struct buf *out) WARN_UNUSED;
/*
 * Read in as an XML document: decoded, bare '&' and HTML entities
 * repaired, parsed without network, DTDs or entity expansion (and with
 * recovery unless o->strict). *docp is the caller's (xmlFreeDoc).
 * Messages name the input and line.
 */
enum err	 wire_load_xml(struct input *in, const struct read_opts *o,
		    xmlDocPtr *docp) WARN_UNUSED;

/* Is n an element with this local name (any namespace)? */
bool		 wire_is(const xmlNode *n, const char *local);
/* The first child element of n named local, or NULL. Borrowed. */
xmlNode		*wire_child(const xmlNode *n, const char *local);
/* The next sibling element after n named local, or NULL. */
xmlNode		*wire_next(const xmlNode *n, const char *local);
/* The first descendant element of n (depth first) named local. */
xmlNode		*wire_find(const xmlNode *n, const char *local);
/* The text of n, whitespace collapsed; NULL when blank. Caller frees. */
char		*wire_text(const xmlNode *n);
/* The text of n's child local (see wire_text), or NULL. */
char		*wire_child_text(const xmlNode *n, const char *local);
/* Attribute name of n (no namespace), trimmed; NULL when blank. */
char		*wire_attr(const xmlNode *n, const char *name);
/* Store s (owned) in *dst unless *dst is already set. */
void		 wire_keep(char **dst, char *s);
/* Parse a wire date (ISO 8601 basic or extended, RFC 822) into *w. */
bool		 wire_date(const char *s, struct when *w);
/* wire_date on attribute name of n; false when absent or bad. */
bool		 wire_attr_date(const xmlNode *n, const char *name,
		    struct when *w);
/*
 * Append the children of n as HTML to out: paragraphs, headings, lists,
 * tables, quotes and inline markup pass with their HTML names (NITF's
 * hl2 becomes h2, bq blockquote); other elements keep only their
 * content; scripts and styles are dropped. NITF <media> becomes an
 * image of a (when a is not NULL) with its caption and credit, or,
 * without a picture URL, a <figure><figcaption> in the HTML.
 */
enum err	 wire_html(const xmlNode *n, struct article *a,
		    struct buf *out) WARN_UNUSED;
/*
 * The start of the text of html (tags dropped, up to the first
 * paragraph end), at most chars characters; NULL when empty. Caller
 * frees.
 */
char		*wire_html_excerpt(const char *html, size_t chars);
/* Does text s (after leading space) open with an HTML tag? */
bool		 wire_looks_html(const char *s);
/*
 * Finish a wire story before it is pushed: a closing copyright
 * paragraph leaves the body; a text item without a body gets its
 * description as the body; without a headline, the slugline, else the
 * start of the summary or body text stands in (wire copy is sometimes
 * sent without one, and feed readers need a title).
 */
void		 wire_finish(struct article *a);
/*
 * Cut a closing copyright paragraph ("© AGENCY ...", "Copyright ...")
 * off the end of html, in place: it repeats the copyright field.
 */
void		 wire_trim_copyright(char *html);
/* "text" as HTML paragraphs (blank lines split them) appended to out. */
enum err	 wire_text_to_html(const char *text, struct buf *out)
		    WARN_UNUSED;
/*
 * Add a category from a subject code: term is the code (an IPTC QCode
 * "subj:04000000" or a bare code), scheme the vocabulary URI when known,
 * label the name. Takes nothing; copies.
 */
void		 wire_category(struct article *a, const char *code,
		    const char *scheme, const char *label);
/* Map "usable"/"withheld"/"canceled" (any "stat:" prefix) to *ps. */
bool		 wire_pubstatus(const char *s, enum pubstatus *ps);
/*
 * Push a feed of the articles the reader collected: head, each
 * article (after wire_finish), end. Relative URLs resolve against
 * o->base_url; a feed without a title takes the first story's source
 * or credit. f and the articles stay the caller's.
 */
enum err	 wire_push(const struct read_opts *o, const struct sink *out,
		    struct feed *f, struct article **arts, size_t n) WARN_UNUSED;

/*
 * The NITF document rooted at root into a (fields already set are
 * kept), used by the NITF reader and for NITF inside NewsML. name
 * is the input name for messages.
 */
void		 nitf_to_article(const xmlNode *root, struct article *a,
		    const char *name);
/* NITF <body.content> (or any XHTML body) as HTML + images into a. */
void		 nitf_body(const xmlNode *content, struct article *a);

/* ninjs (ninjs.c), shared with the AP Media API reader. */
struct json_t;
/* One ninjs item object into a. */
void		 ninjs_item(const struct json_t *item, struct article *a);
/* Load in as JSON (capped, decoded); *rootp is the caller's. */
enum err	 ninjs_load(struct input *in, const struct read_opts *o,
		    struct json_t **rootp) WARN_UNUSED;
/* Map n item objects and push them as one feed of this format. */
enum err	 ninjs_push(const struct read_opts *o, struct json_t **items,
		    size_t n, const char *format, const struct sink *out) WARN_UNUSED;

#endif
