/* SPDX-License-Identifier: MIT */
/*
 * XML text, XML attribute and JSON string escaping. Each escaper scans
 * for the next byte that needs a look (a byte table) and appends the
 * plain runs between them in one go.
 */
#include "config.h"
#include "util/escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/text.h"

/*
 * Bytes that end a plain run: NUL (the end), the bytes each format
 * escapes or drops, and every non-ASCII byte (checked as UTF-8). In XML
 * text '"', tab and newline are plain; in attributes they are escaped.
 */
static const unsigned char xml_text_stop[256] = {
	[0x00 ... 0x08] = 1, [0x0b ... 0x1f] = 1,
	['&'] = 1, ['<'] = 1, ['>'] = 1,
	[0x7f ... 0xff] = 1
};
static const unsigned char xml_attr_stop[256] = {
	[0x00 ... 0x1f] = 1,
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	[0x7f ... 0xff] = 1
};
/* JSON: '/' stops only to check for "</". */
static const unsigned char json_stop[256] = {
	[0x00 ... 0x1f] = 1,
	['"'] = 1, ['\\'] = 1, ['/'] = 1,
	[0x80 ... 0xff] = 1
};
/* JSON inside <script>: also < > &. */
static const unsigned char json_script_stop[256] = {
	[0x00 ... 0x1f] = 1,
	['"'] = 1, ['\\'] = 1, ['/'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1,
	[0x80 ... 0xff] = 1
};

/*
 * The first byte at or after p that stop marks; end points to the
 * string's NUL. With SSE2, 16 bytes at a time are checked for control
 * and non-ASCII bytes (below 0x20 as signed bytes) and for c0 .. c5 (and
 * DEL when del): a superset of stop, which has the last word.
 */
static inline const unsigned char *
scan(const unsigned char *p, const unsigned char *end,
    const unsigned char *stop, bool del, char c0, char c1, char c2, char c3,
    char c4, char c5)
{
#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8(0x20);
	__m128i	 x, m;
	int	 bits;

	while (end - p >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)p);
		m = _mm_cmplt_epi8(x, lo);
		if (del)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x,
			    _mm_set1_epi8(0x7f)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c0)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c1)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c2)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c3)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c4)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(c5)));
		bits = _mm_movemask_epi8(m);
		if (bits == 0) {
			p += 16;
			continue;
		}
		p += __builtin_ctz((unsigned)bits);
		if (stop[*p])
			return p;
		p++;
	}
#endif
	while (!stop[*p])
		p++;
	return p;
}

/*
 * Decode the UTF-8 sequence at p, a NUL-terminated string: a NUL is
 * never a continuation byte, so the decoder stops at it (the 4 is only
 * the longest sequence, not bytes known to be there).
 */
static size_t
decode(const unsigned char *p, uint32_t *cp)
{
	return text_utf8_decode((const char *)p, 4, cp);
}

/*
 * What add_xml() writes for the byte c a scan stopped at: its escape, the
 * byte itself (line feed and tab in text), or NULL when it goes.
 */
static const char *
xml_escape_of(unsigned char c, bool attr)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\n': return attr ? "&#10;" : "\n";
	case '\t': return attr ? "&#9;" : "\t";
	case '\r': return "&#13;";
	default: return NULL;
	}
}

static enum err
add_xml(struct buf *b, const char *s, const unsigned char *stop, bool attr)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end;
	const char *rep;
	uint32_t cp;
	size_t	 k;
	enum err e;

	end = p + strlen(s);
	for (;;) {
		if (attr)
			p = scan(p, end, stop, true, '&', '<', '>', '"', '&',
			    '&');
		else
			p = scan(p, end, stop, true, '&', '<', '>', '&', '&',
			    '&');
		if (*p >= 0x80) {
			k = decode(p, &cp);
			if (k != 0 && text_char_ok(cp)) {
				/* Valid and allowed: part of the run. */
				p += k;
				continue;
			}
		} else
			k = *p == '\0' ? 0 : 1;
		e = buf_addn(b, run, (size_t)(p - run));
		if (e)
			return e;
		if (*p == '\0')
			return ERR_OK;
		/* Forbidden characters and invalid bytes go (NULL). */
		rep = xml_escape_of(*p, attr);
		if (rep != NULL) {
			e = buf_add(b, rep);
			if (e)
				return e;
		}
		p += k != 0 ? k : 1;
		run = p;
	}
}

enum err
buf_add_xml(struct buf *b, const char *s)
{
	return add_xml(b, s, xml_text_stop, false);
}

enum err
buf_add_xml_attr(struct buf *b, const char *s)
{
	return add_xml(b, s, xml_attr_stop, true);
}

/*
 * The first byte at or after p that needs a look in clean text: below
 * the space, DEL, '&', '<', '>' and, in attributes, '"'. Bytes from 0x80
 * on are trusted to be allowed characters' UTF-8.
 */
static inline const unsigned char *
scan_clean(const unsigned char *p, const unsigned char *end, bool attr)
{
#ifdef __SSE2__
	const __m128i flip = _mm_set1_epi8((char)0x80);
	const __m128i lo = _mm_set1_epi8((char)(0x20 ^ 0x80));
	__m128i	 x, m;
	int	 bits;

	while (end - p >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)p);
		m = _mm_cmplt_epi8(_mm_xor_si128(x, flip), lo);
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('&')));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
		if (attr)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x,
			    _mm_set1_epi8('"')));
		bits = _mm_movemask_epi8(m);
		if (bits != 0)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
	while (*p >= 0x20 && *p != 0x7f && *p != '&' && *p != '<' &&
	    *p != '>' && (!attr || *p != '"'))
		p++;
	return p;
}

/*
 * add_xml() for clean text: the runs between the bytes scan_clean()
 * stops at are copied without decoding; those bytes are written as
 * add_xml() writes them.
 */
static enum err
add_xml_clean(struct buf *b, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s, *run, *end;
	const char *rep;
	enum err e;

	end = p + strlen(s);
	for (;;) {
		run = p;
		p = scan_clean(p, end, attr);
		e = buf_addn(b, run, (size_t)(p - run));
		if (e || *p == '\0')
			return e;
		rep = xml_escape_of(*p, attr);
		e = buf_add(b, rep != NULL ? rep : "");
		if (e)
			return e;
		p++;
	}
}

enum err
buf_add_xml_clean(struct buf *b, const char *s)
{
	return add_xml_clean(b, s, false);
}

enum err
buf_add_xml_attr_clean(struct buf *b, const char *s)
{
	return add_xml_clean(b, s, true);
}

static const char hexdigits[] = "0123456789abcdef";

static enum err
add_json(struct buf *b, const char *s, const unsigned char *stop,
    bool script)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end;
	const char *rep;
	char	 u[7];
	uint32_t cp;
	size_t	 k;
	enum err e;

	e = buf_addc(b, '"');
	if (e)
		return e;
	end = p + strlen(s);
	for (;;) {
		if (script)
			p = scan(p, end, stop, false, '"', '\\', '/', '<', '>',
			    '&');
		else
			p = scan(p, end, stop, false, '"', '\\', '/', '"', '"',
			    '"');
		if (*p == '/' && (p == (const unsigned char *)s || p[-1] != '<')) {
			p++;
			continue;
		}
		k = 1;
		if (*p >= 0x80) {
			k = decode(p, &cp);
			if (k != 0 && cp != 0x2028 && cp != 0x2029) {
				p += k;
				continue;
			}
		}
		e = buf_addn(b, run, (size_t)(p - run));
		if (e)
			return e;
		if (*p == '\0')
			break;
		switch (*p) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '/': rep = "\\/"; break;
		case '<': rep = "\\u003c"; break;
		case '>': rep = "\\u003e"; break;
		case '&': rep = "\\u0026"; break;
		case '\n': rep = "\\n"; break;
		case '\t': rep = "\\t"; break;
		case '\r': rep = "\\r"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		default:
			if (k == 0) {
				/* An invalid byte goes. */
				rep = NULL;
				k = 1;
			} else if (*p >= 0x80)
				rep = cp == 0x2028 ? "\\u2028" : "\\u2029";
			else {
				memcpy(u, "\\u00", 4);
				u[4] = hexdigits[*p >> 4];
				u[5] = hexdigits[*p & 0xf];
				u[6] = '\0';
				rep = u;
			}
			break;
		}
		if (rep != NULL) {
			e = buf_add(b, rep);
			if (e)
				return e;
		}
		p += k;
		run = p;
	}
	return buf_addc(b, '"');
}

enum err
buf_add_json(struct buf *b, const char *s)
{
	return add_json(b, s, json_stop, false);
}

enum err
buf_add_json_script(struct buf *b, const char *s)
{
	return add_json(b, s, json_script_stop, true);
}
