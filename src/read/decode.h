/* SPDX-License-Identifier: MIT */
/*
 * Charset decoding for readers: find what an input is written in (BOM,
 * transport charset, XML declaration or <meta>, a plausibility check),
 * then turn it into UTF-8 chunk by chunk. Invalid bytes never stop a
 * read: in UTF-8 input each one becomes its Windows-1252 character.
 */
#ifndef FEEDMILL_READ_DECODE_H
#define FEEDMILL_READ_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/text.h"

struct decoder {
	char		 charset[48];	/* canonical name in use, "UTF-8" */
	const char	*why;		/* where the charset came from */
	void		*cd;		/* iconv_t, or NULL for UTF-8 */
	struct utf8_repair repair;
	char		 pend[16];	/* incomplete multibyte input */
	size_t		 npend;
	size_t		 skip;		/* BOM bytes still to drop */
	unsigned long	 invalid;	/* bytes that were not in the charset */
};

/*
 * Choose the charset from the first bytes of the input (head, n bytes),
 * the charset the transport declared (may be NULL) and, for XML, the
 * encoding declaration. Unknown charset names fall back to UTF-8 with a
 * warning naming the input.
 */
void		 decode_init(struct decoder *d, const char *name,
		    const char *head, size_t n, const char *transport);
void		 decode_cleanup(struct decoder *d);
/* Append the UTF-8 of n input bytes to out; final on the last call. */
enum err	 decode_chunk(struct decoder *d, const char *s, size_t n,
		    bool final, struct buf *out) WARN_UNUSED;
/* The encoding named in an XML declaration or HTML <meta> within head,
 * copied into out (size outlen); false when none. */
bool		 decode_declared(const char *head, size_t n, char *out,
		    size_t outlen);

#endif
