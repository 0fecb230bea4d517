/* SPDX-License-Identifier: MIT */
/*
 * The XML repair pass's respelling for speed (xmlfix.h): sparse
 * non-ASCII element text as character references, CDATA contents kept
 * aside, and the grammar it follows tags and markup by so that it stops
 * wherever libxml2 might read the document otherwise.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "read/xmlfixint.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* The classes of bytes in a tag, for tag_next. */
enum { C_OTHER, C_START, C_NAME, C_SPACE, C_GT, C_SLASH, C_EQ, C_QUOT,
	C_APOS, C_N };

static const unsigned char tag_class[256] = {
	['a'] = C_START, ['b'] = C_START, ['c'] = C_START, ['d'] = C_START,
	['e'] = C_START, ['f'] = C_START, ['g'] = C_START, ['h'] = C_START,
	['i'] = C_START, ['j'] = C_START, ['k'] = C_START, ['l'] = C_START,
	['m'] = C_START, ['n'] = C_START, ['o'] = C_START, ['p'] = C_START,
	['q'] = C_START, ['r'] = C_START, ['s'] = C_START, ['t'] = C_START,
	['u'] = C_START, ['v'] = C_START, ['w'] = C_START, ['x'] = C_START,
	['y'] = C_START, ['z'] = C_START,
	['A'] = C_START, ['B'] = C_START, ['C'] = C_START, ['D'] = C_START,
	['E'] = C_START, ['F'] = C_START, ['G'] = C_START, ['H'] = C_START,
	['I'] = C_START, ['J'] = C_START, ['K'] = C_START, ['L'] = C_START,
	['M'] = C_START, ['N'] = C_START, ['O'] = C_START, ['P'] = C_START,
	['Q'] = C_START, ['R'] = C_START, ['S'] = C_START, ['T'] = C_START,
	['U'] = C_START, ['V'] = C_START, ['W'] = C_START, ['X'] = C_START,
	['Y'] = C_START, ['Z'] = C_START, ['_'] = C_START, [':'] = C_START,
	['0'] = C_NAME, ['1'] = C_NAME, ['2'] = C_NAME, ['3'] = C_NAME,
	['4'] = C_NAME, ['5'] = C_NAME, ['6'] = C_NAME, ['7'] = C_NAME,
	['8'] = C_NAME, ['9'] = C_NAME, ['.'] = C_NAME, ['-'] = C_NAME,
	[' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE,
	['>'] = C_GT, ['/'] = C_SLASH, ['='] = C_EQ, ['"'] = C_QUOT,
	['\''] = C_APOS
};

/*
 * Where a tag goes from a state on a class of byte, by XML's grammar
 * (ASCII names): XF_DEAD for anything it does not allow there, where
 * libxml2's recovery may read on in a way the pass cannot follow. (The
 * text states and the inside of values are not walked by it.)
 */
static const unsigned char tag_next[XF_N][C_N] = {
	[XF_LT] = { [C_START] = XF_SNAME, [C_SLASH] = XF_ENAME0 },
	[XF_SNAME] = { [C_START] = XF_SNAME, [C_NAME] = XF_SNAME,
	    [C_SPACE] = XF_SPACE, [C_GT] = XF_TEXT, [C_SLASH] = XF_SLASH },
	[XF_SPACE] = { [C_START] = XF_ANAME, [C_SPACE] = XF_SPACE,
	    [C_GT] = XF_TEXT, [C_SLASH] = XF_SLASH },
	[XF_ANAME] = { [C_START] = XF_ANAME, [C_NAME] = XF_ANAME,
	    [C_SPACE] = XF_EQ, [C_EQ] = XF_VALUE },
	[XF_EQ] = { [C_SPACE] = XF_EQ, [C_EQ] = XF_VALUE },
	[XF_VALUE] = { [C_SPACE] = XF_VALUE, [C_QUOT] = XF_QUOT,
	    [C_APOS] = XF_APOS },
	[XF_AFTER] = { [C_SPACE] = XF_SPACE, [C_GT] = XF_TEXT,
	    [C_SLASH] = XF_SLASH },
	[XF_SLASH] = { [C_GT] = XF_TEXT },
	[XF_ENAME0] = { [C_START] = XF_ENAME },
	[XF_ENAME] = { [C_START] = XF_ENAME, [C_NAME] = XF_ENAME,
	    [C_SPACE] = XF_EEND, [C_GT] = XF_TEXT },
	[XF_EEND] = { [C_SPACE] = XF_EEND, [C_GT] = XF_TEXT }
};

/*
 * The longest name or attribute value the pass follows; longer, it
 * stops spelling anew (libxml2 refuses names from 50,000 bytes on).
 */
#define RUN_MAX		(1024 * 1024)

/*
 * A non-ASCII character leaves as a reference only when the next one is
 * at least this many bytes away: libxml2 reads a reference at the cost
 * of about ten characters of its slow path.
 */
#define REF_GAP		16

/*
 * A CDATA section is kept aside only with this many line feeds at most:
 * the short section stands in for it with all of them (the parser
 * counts lines), and must reach the parser's reader in one piece.
 */
#define KEEP_LINES	200

/*
 * The pass can no longer be sure that libxml2 reads the document as it
 * does (xmlfix.h): nothing more is spelled anew. Sections already kept
 * aside stay to be asked for.
 */
static void
lose_sync(struct xmlfix *f)
{
	f->refs = false;
}

/* Can c start an XML name, as we follow them (ASCII only)? */
static bool
is_name_start(unsigned char c)
{
	return tag_class[c] == C_START;
}

/* Can c be in an XML name, as we follow them? */
static bool
is_name_byte(unsigned char c)
{
	return tag_class[c] == C_START || tag_class[c] == C_NAME;
}

void
respell_catch_up(struct xmlfix *f, const char *p, size_t *tp, size_t to,
    size_t n)
{
	const unsigned char *row;
	size_t	 i = *tp, from, k;
	const char *q;
	unsigned char c, st;

	while (f->refs && i < to) {
		switch (f->tag) {
		case XF_PROLOG:
		case XF_TEXT:
			q = memchr(p + i, '<', to - i);
			if (q == NULL) {
				i = to;
				break;
			}
			i = (size_t)(q - p) + 1;
			if (i >= n) {
				lose_sync(f);
				break;
			}
			c = (unsigned char)p[i];
			/* (A stray "<" leaves as "&lt;": still text.) */
			if (!xf_is_markup_start(c))
				break;
			f->tag = XF_LT;
			f->run = 0;
			break;
		case XF_QUOT:
		case XF_APOS:
			/* To the closing quote: a "<" before it loses the sync. */
			k = text_span(p + i, to - i, 0x00, 0xff,
			    f->tag == XF_QUOT ? '"' : '\'', '<');
			f->run += k;
			i += k;
			if (i < to && p[i] == '<') {
				lose_sync(f);
				break;
			}
			if (i < to) {
				i++;
				f->tag = XF_AFTER;
				f->run = 0;
			}
			if (f->run > RUN_MAX)
				lose_sync(f);
			break;
		default:
			/* The bytes that keep the state (a name, spaces). */
			row = tag_next[f->tag];
			from = i;
			while (i < to &&
			    row[tag_class[(unsigned char)p[i]]] == f->tag)
				i++;
			f->run += i - from;
			if (f->run > RUN_MAX) {
				lose_sync(f);
				break;
			}
			if (i == to)
				break;
			st = row[tag_class[(unsigned char)p[i++]]];
			if (st == XF_DEAD)
				lose_sync(f);
			f->tag = st;
			f->run = 0;
			break;
		}
	}
	*tp = to;
}

/*
 * A comment, processing instruction or DOCTYPE starts at s (n bytes in
 * sight), and f->tag is where the text before it left off: keep the
 * sync only when libxml2 must read it the way the pass does, whatever
 * its recovery does with broken markup. The construct must be in
 * element content or between top-level markup and whole in sight; a
 * comment without "--" in it (and not "<!-->" or "<!--->", which
 * libxml2's push parser may take for whole); a PI whose target is a
 * name followed by white space or "?>" and with no "<" or ">" before
 * its end (a broken XML declaration makes libxml2 skip to the next
 * ">"); neither with U+FFFE or U+FFFF (which end libxml2's reading of
 * it). A DOCTYPE always loses the sync.
 */
void
respell_check_markup(struct xmlfix *f, const char *s, size_t n)
{
	const char *end, *body;
	size_t	 i;

	if (f->tag != XF_TEXT && f->tag != XF_PROLOG)
		goto lost;
	if (xf_starts(s, n, "<![CDATA["))
		return;
	if (xf_starts(s, n, "<!--")) {
		end = xmlfix_find(s + 4, n - 4, "-->", 3);
		if (end == NULL || end == s + 4 || s[4] == '-' ||
		    s[4] == '>' || end[-1] == '-' ||
		    xmlfix_find(s + 4, (size_t)(end - s) - 4, "--", 2) != NULL)
			goto lost;
		body = s + 4;
	} else if (xf_starts(s, n, "<?")) {
		end = xmlfix_find(s + 2, n - 2, "?>", 2);
		if (end == NULL || end == s + 2 ||
		    !is_name_start((unsigned char)s[2]))
			goto lost;
		for (i = 3; s + i < end && is_name_byte((unsigned char)s[i]);
		    i++)
			;
		if (s + i < end && !xf_is_space(s[i]))
			goto lost;
		body = s + i;
		if (memchr(body, '<', (size_t)(end - body)) != NULL ||
		    memchr(body, '>', (size_t)(end - body)) != NULL)
			goto lost;
	} else
		goto lost;
	n = (size_t)(end - body);
	if (xmlfix_find(body, n, "\xef\xbf\xbe", 3) == NULL &&
	    xmlfix_find(body, n, "\xef\xbf\xbf", 3) == NULL)
		return;
lost:
	lose_sync(f);
}

size_t
respell_text_ref(struct respell_run *r, const char *p, size_t k, size_t n,
    uint32_t *cp, size_t *len)
{
	const char *br;
	size_t	 gap;

	*len = text_utf8_decode(p + k, n - k, cp);
	/* (C1 controls are left for the reader to map as Windows-1252.) */
	if (*len == 0 || *cp < 0xa0 || !text_char_ok(*cp))
		return 0;
	if (k >= r->end) {
		r->end = k + text_span(p + k, n - k, 0x00, 0xff, '<', '&');
		/*
		 * Not in a run whose end is not in sight, nor in one that
		 * ends the document: libxml2's push parser leaves a last
		 * byte of text unread at the end of its input, so the ";"
		 * after "&#233;" would be lost where "\xc3\xa9;" is read.
		 */
		if (r->end >= n)
			r->from = SIZE_MAX;
		else {
			br = memrchr(p + k, ']', r->end - k);
			r->from = br != NULL ? (size_t)(br - p) + 1 : k;
		}
	}
	if (k < r->from)
		return 0;
	/* Only where the next non-ASCII byte is far enough away. */
	gap = text_span(p + k + *len, r->end - k - *len, 0x00, 0x7f, 0x80,
	    0x80);
	if (gap < REF_GAP && k + *len + gap < r->end)
		return 0;
	return *len;
}

/* scan_cdata() for the byte at s[j] (of n): false to give up. */
static bool
scan_byte(const char *s, size_t n, size_t j, size_t *lines, bool *bad)
{
	unsigned char c = (unsigned char)s[j];

	if (c == '\n')
		return ++*lines <= KEEP_LINES;
	if (c == 0xef)
		return !(n - j >= 3 && (unsigned char)s[j + 1] == 0xbf &&
		    ((unsigned char)s[j + 2] & 0xfe) == 0xbe);
	if (xmlfix_byte_class[c] == BAD)
		*bad = true;
	return true;
}

/*
 * Look over the n bytes of a CDATA section's contents at s in one pass:
 * false when they hold U+FFFE or U+FFFF (the parser's to refuse) or
 * more than KEEP_LINES line feeds; else the count of line feeds in
 * *lines, and in *bad whether a control to drop is among them. Sixteen
 * bytes at a time where the CPU has SSE2 (controls and 0xEF stop it).
 */
static bool
scan_cdata(const char *s, size_t n, size_t *lines, bool *bad)
{
	size_t	 i = 0;
	unsigned char c;
#ifdef __SSE2__
	const __m128i flip = _mm_set1_epi8((char)0x80);
	const __m128i below = _mm_set1_epi8((char)(0x20 ^ 0x80));
	const __m128i ef = _mm_set1_epi8((char)0xef);
	__m128i	 v;
	unsigned m;
#endif

	*lines = 0;
	*bad = false;
#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(
		    _mm_xor_si128(v, flip), below), _mm_cmpeq_epi8(v, ef)));
		for (; m != 0; m &= m - 1)
			if (!scan_byte(s, n, i + (size_t)__builtin_ctz(m),
			    lines, bad))
				return false;
	}
#endif
	for (; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c < 0x20 || c == 0xef) && !scan_byte(s, n, i, lines, bad))
			return false;
	}
	return true;
}

size_t
respell_keep_cdata(struct xmlfix *f, const char *s, size_t n, struct buf *out,
    size_t base, enum err *e)
{
	const char *c = s + 9, *end;
	struct xmlfix_kept *k;
	size_t	 len, lines;
	bool	 bad;

	end = xmlfix_find(c, n - 9, "]]>", 3);
	if (end == NULL)
		return 0;
	len = (size_t)(end - c);
	if (!scan_cdata(c, len, &lines, &bad))
		return 0;
	if (bad) {
		/*
		 * A control to drop: without it libxml2 may see the section
		 * end sooner ("]]\001>" is "]]>" to it), where the pass
		 * found its end in the bytes as they came.
		 */
		lose_sync(f);
		return 0;
	}
	if (len + 64 * (f->nkept - f->head + 1) >
	    CAP_XML_CDATA_KEPT - f->cdata.len)
		return 0;
	*e = buf_addn(out, s, 9);
	if (*e)
		return 0;
	if (f->nkept == f->akept) {
		f->akept = f->akept != 0 ? 2 * f->akept : 16;
		f->kept = xreallocarray(f->kept, f->akept, sizeof *f->kept);
	}
	k = &f->kept[f->nkept++];
	k->pos = f->pos + (out->len - base);
	k->off = f->cdata.len;
	*e = buf_addn(&f->cdata, c, len);
	k->len = f->cdata.len - k->off;
	while (!*e && lines-- > 0)
		*e = buf_addc(out, '\n');
	if (!*e)
		*e = buf_addn(out, "]]>", 3);
	return 9 + len + 3;
}

enum err
respell_add_ref(struct buf *out, uint32_t cp)
{
	enum err e;

	e = buf_addn(out, "&#", 2);
	if (!e)
		e = buf_add_uint(out, cp);
	if (!e)
		e = buf_addc(out, ';');
	return e;
}
