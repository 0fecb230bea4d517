/* SPDX-License-Identifier: MIT */
/*
 * A streaming repair pass between decoding and the XML parser, for the
 * two most common faults of real feeds: a bare "&" ("Q&A") and HTML
 * named entities (&nbsp; &eacute;) that XML does not know. HTML names
 * and XML's own five become numeric references (libxml2 drops entity
 * references after an error it recovered from), unknown or bare ones
 * become "&#38;", and references to characters XML forbids are dropped;
 * "&#X41;" is read as HTML reads it. CDATA sections,
 * comments, processing instructions and the DOCTYPE pass untouched, but
 * plain-text entities the DOCTYPE declares (<!ENTITY id "tag:x,">) are
 * remembered and their references replaced here, within caps, so that
 * the XML parser never expands an entity.
 */
#ifndef FEEDMILL_READ_XMLFIX_H
#define FEEDMILL_READ_XMLFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/caps.h"

struct xmlfix_entity {
	char		*name;
	char		*value;
};

/* A CDATA section's contents kept aside (see xmlfix_kept()). */
struct xmlfix_kept {
	uint64_t	 pos;		/* where they start in the output */
	size_t		 off, len;	/* where they are in cdata */
};

struct xmlfix {
	int		 state;
	int		 tag;		/* where in the text state (XF_*) */
	size_t		 run;		/* bytes of the name or value in it */
	bool		 refs;		/* non-ASCII text as references */
	bool		 keep;		/* CDATA contents kept aside */
	uint64_t	 pos;		/* where a chunk's output starts */
	struct buf	 cdata;		/* the contents kept */
	struct xmlfix_kept *kept;	/* in order of pos, from head on */
	size_t		 nkept, head, akept;
	struct buf	 hold;		/* bytes kept for the next chunk */
	struct buf	 work;		/* held bytes and a chunk */
	unsigned long	 fixed;		/* references repaired */
	struct xmlfix_entity ents[CAP_XML_ENTITIES];	/* declared */
	size_t		 nents;
	size_t		 expanded;	/* bytes their references added */
};

/*
 * With refs set (xmlfix_init leaves it off), the non-ASCII characters
 * of element text leave as character references ("caf&#233;"): libxml2
 * reads them as the same characters, but the ASCII around them on its
 * fast path instead of character by character. Where that could change
 * what it reads (text before "]]>", a run whose end is not in sight or
 * that ends the document, dense non-ASCII text) they pass as they are.
 *
 * The respelling is faithful only while libxml2 reads the document as
 * the pass does, which its recovery from broken markup does not
 * promise. So the pass follows tags by XML's grammar (ASCII names,
 * quoted values without "<") and looks at each comment and processing
 * instruction whole: at the first thing outside the grammar, a DOCTYPE,
 * or markup it cannot see whole, it clears refs and spells nothing
 * anew for the rest of the document (what it kept aside stays to be
 * asked for).
 */
void		 xmlfix_init(struct xmlfix *f);
/*
 * With keep set (with refs, whose view of element content it shares;
 * and pos kept up to date by the caller: where in all the output the
 * next chunk's will start), a CDATA section in element content that is
 * whole in a chunk leaves with only its line feeds, and its contents,
 * repaired, wait in f: the XML parser reads the short section at far
 * less cost, and its reader asks for the real contents by the position
 * of the section's (xmlfix_kept, in the order of the output). Sections
 * whose contents the parser would refuse (U+FFFE, U+FFFF), with many
 * lines, or over the cap of what may wait pass as they are; one with a
 * control to drop also ends the respelling (xmlfix.h above).
 */
/*
 * The kept contents of the CDATA section whose contents start at pos
 * in the output: true with *s and *len set (borrowed until the next
 * xmlfix_chunk()), false when none starts there. Sections before pos
 * are dropped.
 */
bool		 xmlfix_kept(struct xmlfix *f, uint64_t pos, const char **s,
		    size_t *len);
/* Drop the kept contents of sections before pos (the parser is past). */
void		 xmlfix_forget(struct xmlfix *f, uint64_t pos);
void		 xmlfix_cleanup(struct xmlfix *f);
/* Append the repaired form of n bytes of UTF-8 XML to out. */
enum err	 xmlfix_chunk(struct xmlfix *f, const char *s, size_t n,
		    bool final, struct buf *out) WARN_UNUSED;

#endif
