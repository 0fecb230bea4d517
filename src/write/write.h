/* SPDX-License-Identifier: MIT */
/*
 * Writers: model -> bytes, one file per output format, each exporting a
 * const struct writer listed in write.c. Writers append to a struct buf
 * that the caller flushes after each call, so output streams in constant
 * memory. Output is deterministic: the same model gives the same bytes.
 */
#ifndef FEEDMILL_WRITE_WRITE_H
#define FEEDMILL_WRITE_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/feed.h"
#include "util/buf.h"

struct share_opts;		/* write/share.h */
struct html_opts;		/* write/html.h */

struct write_opts {
	const char	*feed_url;	/* where this output lives (self link) */
	const char	*generator;	/* "feedmill 0.1.0" */
	const struct share_opts *share;	/* -t share settings; NULL: defaults */
	const char	*stylesheet;	/* RSS, Atom: <?xml-stylesheet?> href */
	const struct html_opts *html;	/* -t html settings; NULL: defaults */
	/*
	 * WebSub hubs the output advertises (rel="hub", JSON Feed "hubs"):
	 * when nhubs > 0 they replace the feed's own hub. Borrowed.
	 */
	char *const	*hubs;
	size_t		 nhubs;
};

/* One story file a per-story writer wrote, for its index. */
struct write_entry {
	char	*file;		/* file name inside the directory */
	char	*title;
	char	*url;		/* the story's web URL, or NULL */
	char	*id;
};

struct writer {
	const char	*name;		/* "rss", "atom", "jsonfeed", "dump" */
	const char	*media_type;	/* "application/rss+xml" */
	const char	*ext;		/* file extension without the dot */
	size_t		 state_size;	/* zeroed state passed to each call */
	/*
	 * The head, called once before the first article (first is that
	 * article, or NULL for an empty feed: writers that need a feed-level
	 * date fall back to it).
	 */
	enum err	(*head)(void *st, const struct write_opts *o,
			    const struct feed *f, const struct article *first,
			    struct buf *out);
	enum err	(*article)(void *st, const struct write_opts *o,
			    const struct feed *f, const struct article *a,
			    struct buf *out);
	enum err	(*end)(void *st, const struct write_opts *o,
			    const struct feed *f, struct buf *out);
	/*
	 * Per-story writers (share, ninjs) set multi: article() writes one
	 * whole document per story, head() and end() are not called, and
	 * index() writes the index of a directory output (write/outdir.h).
	 */
	bool		 multi;
	const char	*index_name;	/* "index.html" */
	enum err	(*index)(const struct write_opts *o,
			    const struct feed *f, const struct write_entry *e,
			    size_t n, struct buf *out);
};

extern const struct writer writer_rss;
extern const struct writer writer_atom;
extern const struct writer writer_jsonfeed;
extern const struct writer writer_dump;
extern const struct writer writer_share;
extern const struct writer writer_ninjs;
extern const struct writer writer_html;

/* The writer called name, or NULL. */
const struct writer *writer_find(const char *name);
/* Space-separated writer names, for --help. */
const char	*writer_names(void);

/*
 * A sink that runs a writer and sends its bytes to fp. Write errors on
 * fp become ERR_IO (with errno kept). Free with write_sink_free().
 */
struct write_sink;
struct write_sink *write_sink_new(const struct writer *w,
		    const struct write_opts *o, FILE *fp);
void		 write_sink_free(struct write_sink *ws);
/* The struct sink to hand to a reader; borrowed from ws. */
const struct sink *write_sink_get(struct write_sink *ws);

/* The feed-level date writers use: updated, else published, else the
 * first article's updated or published, else 0. */
int64_t		 write_feed_date(const struct feed *f,
		    const struct article *first);
/* The date of an article for "updated": updated, else published. */
int64_t		 write_article_updated(const struct article *a);
/* An id usable as an IRI: the id itself, or a tag: URI wrapping it. New string. */
char		*write_iri_id(const char *id);

/*
 * Helpers the RSS, Atom and JSON Feed writers share. The checks decide
 * what may be written: a value that fails one is left out or replaced,
 * so output stays valid whatever the model holds.
 */

/*
 * An output buffer with a sticky error: after the first failure every
 * write_put*() call does nothing and e keeps the error. b is borrowed.
 */
struct write_out {
	struct buf	*b;
	enum err	 e;
};

/* Append s to w->b (inline: pages make hundreds of these calls). */
static inline void
write_put(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add(w->b, s);
}

/* Append the n bytes at s to w->b. */
static inline void
write_putn(struct write_out *w, const char *s, size_t n)
{
	if (w->e == ERR_OK)
		w->e = buf_addn(w->b, s, n);
}
/* Append v in decimal ("%" PRId64). */
void		 write_put_int(struct write_out *w, int64_t v);
/* Append s as a JSON string that is inert in <script> (buf_add_json_script). */
void		 write_put_json_script(struct write_out *w, const char *s);
/* Append a printf-style formatted string to w->b. */
void		 write_putf(struct write_out *w, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Append s as XML character data (buf_add_xml). */
void		 write_put_xml(struct write_out *w, const char *s);
/* Append s as a double-quoted XML attribute value (buf_add_xml_attr). */
void		 write_put_attr(struct write_out *w, const char *s);
/*
 * Append <?xml-stylesheet type="text/xsl" href="HREF"?> on a line of its
 * own when href is set (RSS and Atom, from write_opts.stylesheet), so a
 * browser shows the feed through that XSLT stylesheet (write/feedxsl.c).
 */
void		 write_stylesheet_pi(struct write_out *w, const char *href);
/* Append the indent for depth: two spaces a level. */
void		 write_indent(struct write_out *w, int depth);
/* Append <name>text</name> on a line of its own, when write_has_text(text). */
void		 write_xml_elem(struct write_out *w, int depth, const char *name,
		    const char *text);
/*
 * Append a's images as Media RSS <media:content medium="image"> elements
 * at depth, lead image first (readers often take the first as the
 * thumbnail), each with its caption (else alt text) and credit. Images
 * whose URL url_ok refuses are left out.
 */
void		 write_media_images(struct write_out *w, int depth,
		    const struct article *a, bool (*url_ok)(const char *));

/*
 * True when s (NULL-safe) has a character that survives escaping and is
 * not white space: invalid UTF-8 and characters XML forbids do not count.
 */
bool		 write_has_text(const char *s);
/*
 * True when s is an absolute http(s) URL (lowercase scheme) with a host
 * and nothing RFC 3986 forbids (white space, controls, <>"{}|\^`): what
 * "https?://\S+" in our profiles accepts, and what readers can follow.
 */
bool		 write_web_url_ok(const char *s);
/* True when c is an ASCII letter or digit, whatever the locale. */
bool		 write_is_alnum(int c);
/*
 * True when s is a language tag every format we write accepts: 2-8
 * letters, then "-" subtags of 1-8 letters or digits (xsd:language and
 * the JSON Feed profile; "en_US" is refused).
 */
bool		 write_lang_ok(const char *s);
/*
 * True when s is a plain addr-spec: one "@" with something on both sides,
 * only characters that need no quoting in mail or in a mailto: URI.
 */
bool		 write_email_ok(const char *s);
/* True when s looks like a media type: "type/subtype", printable ASCII. */
bool		 write_mime_ok(const char *s);
/*
 * type when write_mime_ok() takes it, else "application/octet-stream".
 * Borrowed (from the caller, or static).
 */
const char	*write_mime_or_octet(const char *type);
/* True when t is a known date every format we write spells (1900-9999). */
bool		 write_date_ok(int64_t t);

/*
 * The feed title: the feed's, else the host of its home page, else
 * "Untitled". New string; the caller frees it.
 */
char		*write_feed_title(const struct feed *f);
/*
 * The article title, which RSS readers, Atom and our profiles want: the
 * article's, else the start of its summary or text, else "Untitled".
 * New string; the caller frees it.
 */
char		*write_article_title(const struct article *a);
/*
 * The article id, as is. The model never leaves it empty; should it be,
 * the URL stands in, else a SHA-256 of the text (the same in every
 * writer). New string; the caller frees it.
 */
char		*write_article_id(const struct article *a);
/*
 * Where the output lives: o->feed_url, else the feed's self URL, the
 * first that url_ok takes; NULL for neither. Borrowed from o or f.
 */
const char	*write_self_url(const struct write_opts *o, const struct feed *f,
		    bool (*url_ok)(const char *));
/*
 * The i-th WebSub hub the output advertises (o->hubs, else the feed's
 * own hub when the output keeps the feed's self link: no feed_url),
 * counting only URLs url_ok takes; NULL past the last. Borrowed.
 */
const char	*write_hub(const struct write_opts *o, const struct feed *f,
		    size_t i, bool (*url_ok)(const char *));
/*
 * a's language when write_lang_ok() takes it and it is not the feed's
 * (compared without case), else NULL. Borrowed from a.
 */
const char	*write_article_lang(const struct feed *f,
		    const struct article *a);
/* The category's term, else its label (may be NULL). Borrowed from c. */
const char	*write_category_term(const struct category *c);
/* True when s is the term of one of a's categories (keyword dedupe). */
bool		 write_is_category_term(const struct article *a,
		    const char *s);

#endif
