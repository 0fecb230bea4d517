/* SPDX-License-Identifier: MIT */
/*
 * A streaming repair pass between decoding and the XML parser, for the
 * two most common faults of real feeds: a bare "&" ("Q&A") and HTML
 * named entities (&nbsp; &eacute;) that XML does not know. HTML names
 * become numeric references, unknown or bare ones become "&amp;", and
 * references to characters XML forbids are dropped. CDATA sections,
 * comments, processing instructions and the DOCTYPE pass untouched.
 */
#ifndef FEEDMILL_READ_XMLFIX_H
#define FEEDMILL_READ_XMLFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct xmlfix {
	int		 state;
	struct buf	 hold;		/* bytes kept for the next chunk */
	unsigned long	 fixed;		/* references repaired */
};

void		 xmlfix_init(struct xmlfix *f);
void		 xmlfix_cleanup(struct xmlfix *f);
/* Append the repaired form of n bytes of UTF-8 XML to out. */
enum err	 xmlfix_chunk(struct xmlfix *f, const char *s, size_t n,
		    bool final, struct buf *out) WARN_UNUSED;

#endif
