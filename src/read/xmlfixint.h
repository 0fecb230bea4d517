/* SPDX-License-Identifier: MIT */
/*
 * What the two halves of the XML repair pass share: xmlfix.c repairs
 * (references, controls, stray "<"), xmlrespell.c respells for speed
 * and keeps the pass in step with libxml2's reading (xmlfix.h).
 */
#ifndef FEEDMILL_READ_XMLFIXINT_H
#define FEEDMILL_READ_XMLFIXINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "read/xmlfix.h"

/*
 * Where the text state is, for references (xmlfix.h): in text, or where
 * in a start or end tag, as XML's grammar has it (with ASCII names).
 */
enum {
	XF_DEAD,	/* (tag_next: outside the grammar) */
	XF_PROLOG,	/* before the first tag: nothing is spelled anew */
	XF_TEXT,	/* element content */
	XF_LT,		/* after the "<" of a tag */
	XF_SNAME,	/* a start tag's name */
	XF_SPACE,	/* after white space in a start tag */
	XF_ANAME,	/* an attribute's name */
	XF_EQ,		/* after it, before "=" */
	XF_VALUE,	/* after "=", before the quote */
	XF_QUOT,	/* inside a value in '"' */
	XF_APOS,	/* inside a value in "'" */
	XF_AFTER,	/* after a value's closing quote */
	XF_SLASH,	/* after the "/" of an empty element */
	XF_ENAME0,	/* after "</" */
	XF_ENAME,	/* an end tag's name */
	XF_EEND,	/* after it, before ">" */
	XF_N
};

/*
 * Bytes the repair pass looks at: the C0 controls XML 1.0 forbids (all
 * but tab, LF and CR), and in text "&" and "<". Every other byte is
 * copied as it is.
 */
#define BAD	1	/* a forbidden control: dropped */
#define MARK	2	/* "&" or "<": stops a text run */

extern const unsigned char xmlfix_byte_class[256];

static inline bool
xf_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Can this byte follow "<" in markup? (name start, "/", "!", "?") */
static inline bool
xf_is_markup_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '_' || c == ':' || c == '/' || c == '!' || c == '?' ||
	    c >= 0x80;
}

/* Do the n bytes at s start with lit? */
static inline bool
xf_starts(const char *s, size_t n, const char *lit)
{
	size_t	 k = strlen(lit);

	return n >= k && memcmp(s, lit, k) == 0;
}

/*
 * The first occurrence of the len-byte lit in the n bytes at s, or
 * NULL (xmlfix.c).
 */
const char	*xmlfix_find(const char *s, size_t n, const char *lit,
		    size_t len);

/*
 * The run of element text a non-ASCII character was found in, as
 * offsets into the bytes of one xmlfix_chunk() call: where it ends ("<"
 * or "&"), and from where on no "]" follows in it. libxml2 reads "]]>"
 * in text differently on its fast and slow paths, and a run whose end
 * is not in sight might hold one: no references there (nor in a run
 * that ends the document, respell_text_ref()).
 */
struct respell_run {
	size_t	 end;		/* 0: none looked at yet */
	size_t	 from;		/* references from here (SIZE_MAX: none) */
};

/*
 * Bring f->tag from where it was at p[*tp] to where it is at p[to] (of
 * n), over text-state bytes only (no section), and set *tp to to. Tags
 * are followed by XML's grammar: the first thing outside it (a stray
 * quote, an unquoted value, "<" in a value, a name that is not ASCII,
 * "<!" of no section) clears f->refs. Done only when a non-ASCII byte
 * or a section asks, and at a chunk's end.
 */
void		 respell_catch_up(struct xmlfix *f, const char *p, size_t *tp,
		    size_t to, size_t n);
/*
 * A comment, PI, DOCTYPE or CDATA section starts at s (n bytes in
 * sight): clear f->refs unless libxml2 must read it as the pass does.
 */
void		 respell_check_markup(struct xmlfix *f, const char *s,
		    size_t n);
/*
 * The length of the non-ASCII character at p[k] (of n) if it should
 * leave as a reference, its code point in *cp; else 0. Its length (0 if
 * it is none) in *len either way.
 */
size_t		 respell_text_ref(struct respell_run *r, const char *p,
		    size_t k, size_t n, uint32_t *cp, size_t *len);
/*
 * Keep aside the contents of the CDATA section at s (n bytes) when it is
 * whole there and may be kept (xmlfix.h), and output the section with
 * only its line feeds (out held base bytes before this chunk's). The
 * bytes consumed, or 0 to leave it as it is.
 */
size_t		 respell_keep_cdata(struct xmlfix *f, const char *s, size_t n,
		    struct buf *out, size_t base, enum err *e);
/* Append the decimal character reference of cp. */
enum err	 respell_add_ref(struct buf *out, uint32_t cp) WARN_UNUSED;

#endif
