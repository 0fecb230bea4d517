/* SPDX-License-Identifier: MIT */
/*
 * Text hygiene at the boundary: every string that enters the model goes
 * through text_clean(), so writers can trust it is valid UTF-8 with no
 * control characters and nothing XML 1.0 forbids.
 */
#ifndef FEEDMILL_UTIL_TEXT_H
#define FEEDMILL_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/buf.h"

enum text_flags {
	TEXT_COLLAPSE = 1 << 0,	/* collapse whitespace runs to one space, trim */
	TEXT_MULTILINE = 1 << 1	/* keep \n and \t (otherwise they become spaces) */
};

/* text_utf8_decode() out of line: every form, for the inline part. */
size_t	 text_utf8_decode_slow(const char *s, size_t n, uint32_t *cp);
/*
 * Decode one UTF-8 sequence at s (n bytes left); 0 when invalid. ASCII
 * and the two- and three-byte forms are decoded inline (test-text checks
 * them against text_utf8_decode_slow()).
 */
static inline size_t
text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;

	if (n >= 1 && u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (n >= 2 && u[0] >= 0xc2 && u[0] <= 0xdf && (u[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return 2;
	}
	if (n >= 3 && u[0] >= 0xe0 && u[0] <= 0xef &&
	    (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
		c = (uint32_t)(u[0] & 0x0f) << 12 |
		    (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*cp = c;
		return 3;
	}
	return text_utf8_decode_slow(s, n, cp);
}

/* Encode cp as UTF-8 into out; returns the length (1..4). */
size_t	 text_utf8_encode(uint32_t cp, char out[4]);
/* The character Windows-1252 gives byte c (U+FFFD for its five holes). */
uint32_t text_cp1252(unsigned char c);
/* True when cp may appear in our text: an XML 1.0 Char, no C0/C1 control. */
static inline bool
text_char_ok(uint32_t cp)
{
	if (cp >= 0xa0)
		return (cp < 0xd800 || cp > 0xdfff) && cp != 0xfffe &&
		    cp != 0xffff && cp <= 0x10ffff;
	return cp == '\t' || cp == '\n' || cp == '\r' ||
	    (cp >= 0x20 && cp < 0x7f);
}
/* True when the n bytes at s are valid UTF-8. */
bool	 text_utf8_valid(const char *s, size_t n);

/*
 * Clean n bytes of text: invalid UTF-8 bytes are read as Windows-1252,
 * forbidden and control characters are dropped, and with TEXT_COLLAPSE
 * whitespace is collapsed and trimmed. The result is cut (on a character
 * boundary) at max bytes. Returns a new string, or NULL when nothing is
 * left.
 */
char	*text_clean(const char *s, size_t n, unsigned flags, size_t max);
/*
 * True when text_clean(s, n, flags, max) would return the n bytes of s
 * unchanged (so a caller may keep s); false when it would change, cut
 * or drop them.
 */
bool	 text_is_clean(const char *s, size_t n, unsigned flags, size_t max);
/* text_clean on a NUL-terminated string, NULL-safe. */
char	*text_clean_str(const char *s, unsigned flags, size_t max);

/*
 * A prefix of s of at most max_chars characters, cut at a word boundary
 * with "…" appended when anything was cut. Returns a new string.
 */
char	*text_excerpt(const char *s, size_t max_chars);

/* True when s is NULL or only whitespace. */
bool	 text_is_blank(const char *s);

/* Case-insensitive ASCII comparisons. */
bool	 text_ieq(const char *a, const char *b);
bool	 text_istarts(const char *s, const char *prefix);
/* ASCII letters and digits, whatever setlocale() says. */
static inline bool
text_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
text_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * The length of the longest prefix of the n bytes at s whose bytes all
 * lie in lo..hi and are neither x nor y (give a byte outside lo..hi to
 * leave x or y out): the scanners' fast path to the next byte they must
 * look at. Sixteen bytes at a time where the CPU has SSE2; inline, so
 * that the callers' constant bytes become constant vectors.
 */
static inline size_t
text_span(const char *s, size_t n, unsigned char lo, unsigned char hi,
    unsigned char x, unsigned char y)
{
	size_t	 i = 0;
	unsigned char c;
#ifdef __SSE2__
	/*
	 * With the high bit flipped, bytes compare as signed in the order
	 * they have unsigned: one signed compare each for "below lo" and
	 * "above hi". The mask's lowest bit is the first byte to stop at.
	 */
	const __m128i flip = _mm_set1_epi8((char)0x80);
	const __m128i vlo = _mm_set1_epi8((char)(lo ^ 0x80));
	const __m128i vhi = _mm_set1_epi8((char)(hi ^ 0x80));
	const __m128i vx = _mm_set1_epi8((char)x);
	const __m128i vy = _mm_set1_epi8((char)y);
	__m128i	 v, f, stop;
	unsigned m;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		f = _mm_xor_si128(v, flip);
		stop = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(f, vlo),
		    _mm_cmpgt_epi8(f, vhi)), _mm_or_si128(_mm_cmpeq_epi8(v, vx),
		    _mm_cmpeq_epi8(v, vy)));
		m = (unsigned)_mm_movemask_epi8(stop);
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < lo || c > hi || c == x || c == y)
			return i;
	}
	return n;
}

/* The value of hexadecimal digit c (0-9, a-f, A-F), or -1. */
int	 text_hex_value(int c);

/*
 * Streaming repair of input that should be UTF-8: valid sequences pass,
 * each invalid byte becomes its Windows-1252 character. Feed chunks in
 * order; the last call sets final. Appends to out.
 */
struct utf8_repair {
	char	 pend[4];
	size_t	 npend;
	unsigned long	 fixed;	/* count of bytes that were repaired */
};
enum err text_utf8_repair(struct utf8_repair *r, const char *s, size_t n,
	    bool final, struct buf *out) WARN_UNUSED;

#endif
