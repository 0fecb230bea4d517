/* SPDX-License-Identifier: MIT */
/*
 * The streaming XML feed reader shared by RSS and Atom: a libxml2 SAX2
 * push parser fed with UTF-8 (read/decode.c), an element stack that
 * tracks xml:base, xml:lang and where we are (channel, item, author...),
 * text capture for leaf elements, and a dispatch table per namespace
 * family (rss.c, atom.c, xmlext.c). Private to read/.
 */
#ifndef FEEDMILL_READ_XML_H
#define FEEDMILL_READ_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "model/feed.h"
#include "read/read.h"
#include "util/buf.h"
#include "util/caps.h"

/* Namespaces, folded into families. */
enum xml_ns {
	NS_OTHER = 0,
	NS_RSS,		/* no namespace, RSS 1.0, RSS 0.90 */
	NS_RDF,
	NS_ATOM,	/* Atom 1.0 */
	NS_ATOM03,	/* Atom 0.3 */
	NS_CONTENT,
	NS_DC,
	NS_DCTERMS,
	NS_MEDIA,
	NS_ITUNES,
	NS_SLASH,
	NS_WFW,
	NS_XHTML,
	NS_GOOGLEPLAY
};

/* Where an element sits; inherited by children unless changed. */
enum xml_where {
	IN_NONE = 0,
	IN_FEED,
	IN_ITEM,
	IN_IMAGE,	/* RSS channel image */
	IN_TEXTINPUT,
	IN_PERSON,	/* Atom author/contributor, itunes:owner */
	IN_MEDIA,	/* media:content */
	IN_IGNORE	/* atom:source, nested items, anything skipped */
};

/* Root families, for sniffing and for -f checks. */
enum xml_family { FAMILY_NONE, FAMILY_RSS, FAMILY_ATOM };

/* One attribute of a SAX2 start tag. */
struct xml_attr {
	enum xml_ns	 ns;		/* NS_OTHER for none */
	const char	*local;
	const char	*value;		/* NUL-terminated copy */
};

struct xml_frame {
	enum xml_ns	 ns;
	const char	*local;		/* libxml2 dictionary string */
	const char	*nsuri;		/* namespace URI, or NULL */
	enum xml_where	 where;
	char		*base;		/* owned when own_base */
	char		*lang;		/* owned when own_lang */
	bool		 own_base, own_lang;
	const struct xml_tag *tag;	/* NULL when unknown */
	int		 mode;		/* text mode chosen at start (XT_*) */
	bool		 html;		/* the text is HTML once decoded */
	bool		 base64;	/* the text is Base64 (Atom) */
	char		*saved;		/* an attribute kept for the end handler */
};

/* How to capture an element's content. */
enum {
	XT_NONE = 0,
	XT_TEXT,	/* character data only; child tags dropped */
	XT_HTML,	/* escaped HTML (character data is HTML source) */
	XT_XHTML	/* inline markup: child elements serialized as HTML */
};

/* Frames beyond the cap are counted but not stored. */
#define CAP_XML_DEPTH_FRAMES	CAP_XML_DEPTH

struct xml_reader;
struct xmlfix;

/* A table entry: what to do with one element. */
struct xml_tag {
	enum xml_ns	 ns;
	const char	*local;
	int		 mode;		/* XT_* capture; start may override */
	void		(*start)(struct xml_reader *x, struct xml_frame *fr,
			    const struct xml_attr *attrs, size_t nattrs);
	void		(*end)(struct xml_reader *x, struct xml_frame *fr,
			    char *text, size_t len);
};

struct xml_reader {
	const struct read_opts	*o;
	const struct sink	*out;
	void			*parser;	/* xmlParserCtxtPtr */
	enum xml_family		 family;	/* of the root element */
	enum xml_family		 want;		/* what the caller asked for */
	struct feed		 feed;
	struct article		*art;		/* the item being read, or NULL */
	struct person		*person;	/* the person being read */
	struct person		 person_tmp;
	/*
	 * Inside media:content: its image's index in art->images plus one
	 * (0: none); an index, as a later image moves the array.
	 */
	size_t			 media_image;
	bool			 headed;
	bool			 rooted;
	enum err		 err;		/* first error; stops the parse */
	unsigned long		 nerrors;	/* XML errors seen */
	int			 depth;
	struct xml_frame	 stack[CAP_XML_DEPTH_FRAMES];
	int			 cap_depth;	/* capturing frame, or -1 */
	int			 cap_mode;
	bool			 cap_skip_wrapper;	/* Atom xhtml outer div */
	int			 cap_wrapper_depth;
	struct buf		 text;
	struct buf		 vals;		/* a start tag's attributes */
	struct xmlfix		*fix;		/* the repair pass */
	/* Namespace URIs and element names seen last (libxml2 interns them). */
	struct {
		const char	*uri;
		enum xml_ns	 ns;
	}			 nscache[4];
	unsigned		 nsnext;
	struct {
		const char	*local;
		enum xml_ns	 ns;
		const struct xml_tag *tag;
	}			 tagcache[64];
	void			*entities;	/* HTML entities made on demand */
	const char		*atom_uri;	/* an old Atom namespace of the root */
	const char		*rss_uri;	/* an unknown RSS namespace of the root */
	bool			 atom_nons;	/* an Atom root without a namespace */
	bool			 core_summary;	/* the item's summary is its own */
};

/* Tables from rss.c, atom.c and xmlext.c, sorted by (ns, local). */
extern const struct xml_tag xml_rss_tags[];
extern const size_t xml_rss_ntags;
extern const struct xml_tag xml_atom_tags[];
extern const size_t xml_atom_ntags;
extern const struct xml_tag xml_ext_tags[];
extern const size_t xml_ext_ntags;

/* Parse in as an XML feed of family want (FAMILY_NONE: either). */
enum err	 xml_parse(struct input *in, const struct read_opts *o,
		    const struct sink *out, enum xml_family want) WARN_UNUSED;

/* The family of a root element name and namespace URI (xmlname.c). */
enum xml_family	 xml_root_family(const char *local, const char *nsuri);
/* The namespace feeds mean by an undeclared prefix, or NS_OTHER. */
enum xml_ns	 xml_ns_of_prefix(const char *prefix);
/* The namespace of a URI (cached by the address libxml2 interned). */
enum xml_ns	 xml_ns_of(struct xml_reader *x, const char *uri);
/* A reader's table entry for an element, or NULL (cached likewise). */
const struct xml_tag *xml_lookup(struct xml_reader *x, enum xml_ns ns,
		    const char *local);

/* Helpers for the handlers. */
const char	*xml_attr(const struct xml_attr *attrs, size_t n,
		    enum xml_ns ns, const char *local);
/* Resolve a URL against the xml:base in effect (new string or NULL). */
char		*xml_url(struct xml_reader *x, const char *ref);
/* Start and finish an item; finishing pushes it to the sink. */
void		 xml_item_begin(struct xml_reader *x, struct xml_frame *fr);
void		 xml_item_end(struct xml_reader *x);
/* The current element's line number, for messages. */
long		 xml_line(struct xml_reader *x);
/* Text with surrounding white space trimmed, as a new string or NULL. */
char		*xml_trim(const char *text, size_t len);
/* Set *dst to a trimmed copy of text, replacing (force) or only if empty. */
void		 xml_set(char **dst, const char *text, size_t len, bool force);
/*
 * xml_set on the item's field inside an item, on the feed head's field
 * inside the channel or feed, nowhere else.
 */
#define XML_SET_WHERE(x, fr, item_field, feed_field, t, len, force) do {	\
	if ((fr)->where == IN_ITEM)					\
		xml_set(&(x)->art->item_field, (t), (len), (force));	\
	else if ((fr)->where == IN_FEED)				\
		xml_set(&(x)->feed.feed_field, (t), (len), (force));	\
} while (0)
/* Parse a date; warn (with line) when it cannot be read. */
void		 xml_date(struct xml_reader *x, struct when *w, const char *text,
		    size_t len, bool force);
/* The text mode an Atom-style type attribute asks for. */
int		 xml_type_mode(const char *type, const char *mode03);
/* Add a copy of p to the article or feed that owns the current element. */
void		 xml_add_person(struct xml_reader *x, enum xml_where where,
		    const struct person *p);
/* Split an RSS author string ("a@b.c (Name)", "Name <a@b.c>") into p. */
void		 xml_person_parse(struct person *p, const char *s);

#endif
