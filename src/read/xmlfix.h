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

#include "util/buf.h"
#include "util/caps.h"

struct xmlfix_entity {
	char		*name;
	char		*value;
};

struct xmlfix {
	int		 state;
	struct buf	 hold;		/* bytes kept for the next chunk */
	unsigned long	 fixed;		/* references repaired */
	struct xmlfix_entity ents[CAP_XML_ENTITIES];	/* declared */
	size_t		 nents;
	size_t		 expanded;	/* bytes their references added */
};

void		 xmlfix_init(struct xmlfix *f);
void		 xmlfix_cleanup(struct xmlfix *f);
/* Append the repaired form of n bytes of UTF-8 XML to out. */
enum err	 xmlfix_chunk(struct xmlfix *f, const char *s, size_t n,
		    bool final, struct buf *out) WARN_UNUSED;

#endif
