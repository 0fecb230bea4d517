/* SPDX-License-Identifier: MIT */
/* Bare ampersands and HTML entities repaired before XML parsing. */
#include "config.h"
#include "read/xmlfix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libxml/HTMLparser.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

enum { S_TEXT, S_CDATA, S_COMMENT, S_PI, S_DOCTYPE };

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

/* The longest construct we need to see whole: "&" name ";" or a marker. */
#define LOOKAHEAD	48

void
xmlfix_init(struct xmlfix *f)
{
	f->state = S_TEXT;
	f->tag = XF_PROLOG;
	f->run = 0;
	f->refs = false;
	f->keep = false;
	f->pos = 0;
	buf_init(&f->cdata, CAP_XML_CDATA_KEPT);
	f->kept = NULL;
	f->nkept = f->head = f->akept = 0;
	f->fixed = 0;
	f->nents = 0;
	f->expanded = 0;
	buf_init(&f->hold, 4 * LOOKAHEAD);
	buf_init(&f->work, CAP_INPUT_XML);
}

void
xmlfix_cleanup(struct xmlfix *f)
{
	size_t	 i;

	for (i = 0; i < f->nents; i++) {
		free(f->ents[i].name);
		free(f->ents[i].value);
	}
	f->nents = 0;
	buf_cleanup(&f->hold);
	buf_cleanup(&f->work);
	buf_cleanup(&f->cdata);
	free(f->kept);
	f->kept = NULL;
	f->nkept = f->head = f->akept = 0;
}

bool
xmlfix_kept(struct xmlfix *f, uint64_t pos, const char **s, size_t *len)
{
	xmlfix_forget(f, pos);
	if (f->head == f->nkept || f->kept[f->head].pos != pos)
		return false;
	*s = f->cdata.data + f->kept[f->head].off;
	*len = f->kept[f->head].len;
	f->head++;
	return true;
}

void
xmlfix_forget(struct xmlfix *f, uint64_t pos)
{
	while (f->head < f->nkept && f->kept[f->head].pos < pos)
		f->head++;
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Remember the general entities declared in n bytes of a DOCTYPE whose
 * value is plain text (no reference, no markup): <!ENTITY name "value">.
 * Parameter and external entities are left alone; the first declaration
 * of a name wins, as in XML.
 */
static void
note_entities(struct xmlfix *f, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *name, *val, *q;
	size_t	 nlen, vlen, i;
	char	 quote;

	while (f->nents < CAP_XML_ENTITIES &&
	    (p = memmem(p, (size_t)(end - p), "<!ENTITY", 8)) != NULL) {
		p += 8;
		while (p < end && is_space(*p))
			p++;
		name = p;
		while (p < end && (is_name_char(*p) || *p == ':'))
			p++;
		nlen = (size_t)(p - name);
		while (p < end && is_space(*p))
			p++;
		if (nlen == 0 || nlen >= LOOKAHEAD - 2 || p >= end ||
		    (*p != '"' && *p != '\''))
			continue;
		quote = *p++;
		val = p;
		q = memchr(val, quote, (size_t)(end - val));
		if (q == NULL)
			break;
		p = q + 1;
		vlen = (size_t)(q - val);
		if (vlen > CAP_XML_ENTITY_VALUE || memchr(val, '&', vlen) ||
		    memchr(val, '<', vlen) || memchr(val, '%', vlen))
			continue;
		for (i = 0; i < f->nents; i++)
			if (strlen(f->ents[i].name) == nlen &&
			    memcmp(f->ents[i].name, name, nlen) == 0)
				break;
		if (i < f->nents)
			continue;
		f->ents[f->nents].name = xstrndup(name, nlen);
		f->ents[f->nents].value = xstrndup(val, vlen);
		f->nents++;
	}
}

/*
 * The value of a declared entity, escaped for text or an attribute;
 * false when the name is not declared or the expansion cap is spent.
 */
static bool
expand_entity(struct xmlfix *f, const char *name, struct buf *out,
    enum err *e)
{
	const char *v;
	size_t	 i;

	for (i = 0; i < f->nents; i++)
		if (strcmp(f->ents[i].name, name) == 0)
			break;
	if (i == f->nents)
		return false;
	v = f->ents[i].value;
	if (f->expanded + strlen(v) > CAP_XML_ENTITY_EXPANSION)
		return false;
	f->expanded += strlen(v);
	for (; *v != '\0' && !*e; v++) {
		if (*v == '"')
			*e = buf_add(out, "&#34;");
		else if (*v == '\'')
			*e = buf_add(out, "&#39;");
		else if (*v == '>')
			*e = buf_add(out, "&#62;");
		else if ((unsigned char)*v >= 0x20 || is_space(*v))
			*e = buf_addc(out, *v);
	}
	return true;
}

/* The character of one of XML's five entities, or NUL. */
static char
predefined(const char *name)
{
	if (strcmp(name, "amp") == 0)
		return '&';
	if (strcmp(name, "lt") == 0)
		return '<';
	if (strcmp(name, "gt") == 0)
		return '>';
	if (strcmp(name, "quot") == 0)
		return '"';
	if (strcmp(name, "apos") == 0)
		return '\'';
	return '\0';
}

/*
 * The character reference for c. libxml2 drops entity references, even
 * &amp;, once a recovered document has had an error; character
 * references always pass, so every entity leaves here as one.
 */
static const char *
ref_of(char c)
{
	switch (c) {
	case '&':
		return "&#38;";
	case '<':
		return "&#60;";
	case '>':
		return "&#62;";
	case '"':
		return "&#34;";
	default:
		return "&#39;";
	}
}

/*
 * Handle the reference at s[0] == '&' with n bytes available. Writes the
 * replacement and returns the bytes consumed, or 0 when more input is
 * needed to decide.
 */
static size_t
fix_ref(struct xmlfix *f, const char *s, size_t n, bool final,
    struct buf *out, enum err *e)
{
	const htmlEntityDesc *d;
	char	 name[LOOKAHEAD], num[16], pre;
	size_t	 i = 1, len;
	uint32_t cp = 0;
	bool	 ok = true;

	if (i < n && s[i] == '#') {
		bool	 hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');

		i += hex ? 2 : 1;
		for (; i < n && i < LOOKAHEAD; i++) {
			int	 dv = hex ? text_hex_value(s[i]) :
			    s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1;

			if (dv < 0)
				break;
			cp = cp > 0x10ffff ? cp : cp * (hex ? 16 : 10) +
			    (uint32_t)dv;
		}
		if (i >= n && !final && n < LOOKAHEAD)
			return 0;
		if (i < n && s[i] == ';' && i > (hex ? 3u : 2u)) {
			/*
			 * &#128;..&#159; name C1 controls, but every feed that
			 * writes them means Windows-1252 (&#146; is a quote).
			 */
			if (cp >= 0x80 && cp <= 0x9f) {
				cp = text_cp1252((unsigned char)cp);
				f->fixed++;
				if (cp == 0xfffd)
					return i + 1;
				snprintf(num, sizeof num, "&#%u;", cp);
				*e = buf_add(out, num);
				return i + 1;
			}
			if (!text_char_ok(cp)) {
				f->fixed++;
				return i + 1;	/* XML forbids it: drop */
			}
			/* HTML reads "&#X41;" too; XML wants a lower-case x. */
			if (hex && s[2] == 'X') {
				f->fixed++;
				*e = buf_add(out, "&#x");
				if (!*e)
					*e = buf_addn(out, s + 3, i - 2);
				return i + 1;
			}
			*e = buf_addn(out, s, i + 1);
			return i + 1;
		}
		f->fixed++;
		*e = buf_add(out, ref_of('&'));
		return 1;
	}
	for (; i < n && i < LOOKAHEAD - 1 && is_name_char(s[i]); i++)
		;
	if (i >= n && !final && n < LOOKAHEAD)
		return 0;
	if (i < n && s[i] == ';' && i > 1) {
		len = i - 1;
		memcpy(name, s + 1, len);
		name[len] = '\0';
		pre = predefined(name);
		if (pre != '\0') {
			*e = buf_add(out, ref_of(pre));
			return i + 1;
		}
		if (expand_entity(f, name, out, e))
			return i + 1;
		d = htmlEntityLookup((const xmlChar *)name);
		if (d != NULL) {
			snprintf(num, sizeof num, "&#%u;", d->value);
			f->fixed++;
			*e = buf_add(out, num);
			return i + 1;
		}
		ok = false;
	}
	(void)ok;
	f->fixed++;
	*e = buf_add(out, ref_of('&'));
	return 1;
}

/*
 * Bytes the repair pass looks at: the C0 controls XML 1.0 forbids (all
 * but tab, LF and CR), and in text "&" and "<". Every other byte is
 * copied as it is.
 */
#define BAD	1	/* a forbidden control: dropped */
#define MARK	2	/* "&" or "<": stops a text run */

static const unsigned char byte_class[256] = {
	BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
	BAD, 0, 0, BAD, BAD, 0, BAD, BAD,
	BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
	BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
	['&'] = MARK, ['<'] = MARK
};

/*
 * The length of the prefix of s[0..n) holding no byte whose class has a
 * bit of stop: text_span() skips the bytes from the space up (and, for
 * MARK, other than "&" and "<"), the others are looked at one by one.
 */
static size_t
span(const char *s, size_t n, unsigned char stop)
{
	size_t	 i = 0;
	unsigned char x = (stop & MARK) ? '&' : 0, y = (stop & MARK) ? '<' : 0;

	for (;;) {
		i += text_span(s + i, n - i, 0x20, 0xff, x, y);
		if (i >= n || (byte_class[(unsigned char)s[i]] & stop))
			return i;
		i++;
	}
}

/* Append n bytes, dropping the C0 controls XML 1.0 forbids. */
static enum err
emit(struct xmlfix *f, struct buf *out, const char *s, size_t n)
{
	size_t	 k;
	enum err e;

	for (;;) {
		k = span(s, n, BAD);
		e = buf_addn(out, s, k);
		if (e || k == n)
			return e;
		/* s[k] is a forbidden control: skip it. */
		f->fixed++;
		s += k + 1;
		n -= k + 1;
	}
}

/*
 * The first occurrence of the len-byte lit in the n bytes at s, or
 * NULL: memmem(), by memchr() on the first byte (the markers we look
 * for rarely start elsewhere in the section).
 */
static const char *
find(const char *s, size_t n, const char *lit, size_t len)
{
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= len &&
	    (p = memchr(p, lit[0], (size_t)(end - p) - len + 1)) != NULL) {
		if (memcmp(p, lit, len) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* Can this byte follow "<" in markup? (name start, "/", "!", "?") */
static bool
is_markup_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '_' || c == ':' || c == '/' || c == '!' || c == '?' ||
	    c >= 0x80;
}

/*
 * Is the "<" at s (n bytes) that of a start or end tag, which the text
 * state copies as it is? Not "<!" or "<?" (markers), nor a stray "<".
 */
static bool
is_tag(const char *s, size_t n)
{
	return n > 1 && is_markup_start((unsigned char)s[1]) &&
	    s[1] != '!' && s[1] != '?';
}

static bool
starts(const char *s, size_t n, const char *lit)
{
	size_t	 k = strlen(lit);

	return n >= k && memcmp(s, lit, k) == 0;
}

/*
 * The length of the prefix of s[0..n) that the text state copies as it
 * is: with references, also up to a non-ASCII byte.
 */
static size_t
text_run(const struct xmlfix *f, const char *s, size_t n)
{
	size_t	 i = 0;
	unsigned char c;

	if (!f->refs)
		return span(s, n, BAD | MARK);
	for (;;) {
		i += text_span(s + i, n - i, 0x20, 0x7f, '&', '<');
		if (i >= n)
			return i;
		c = (unsigned char)s[i];
		if (c >= 0x80 || byte_class[c] != 0)
			return i;
		i++;	/* tab, LF, CR */
	}
}

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

/*
 * Bring f->tag from where it was at p[*tp] to where it is at p[to] (of
 * n), over text-state bytes only (no section), and set *tp to to. Tags
 * are followed by XML's grammar: the first thing outside it (a stray
 * quote, an unquoted value, "<" in a value, a name that is not ASCII,
 * "<!" of no section) loses the sync (lose_sync()). Done only when a
 * non-ASCII byte or a section asks, and at a chunk's end.
 */
static void
catch_up(struct xmlfix *f, const char *p, size_t *tp, size_t to, size_t n)
{
	const unsigned char *row;
	size_t	 i = *tp, from;
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
			if (!is_markup_start(c))
				break;
			f->tag = XF_LT;
			f->run = 0;
			break;
		case XF_QUOT:
		case XF_APOS:
			c = f->tag == XF_QUOT ? '"' : '\'';
			q = memchr(p + i, c, to - i);
			if (memchr(p + i, '<', (q != NULL ? (size_t)(q - p) :
			    to) - i) != NULL) {
				lose_sync(f);
				break;
			}
			f->run += (q != NULL ? (size_t)(q - p) : to) - i;
			if (q == NULL)
				i = to;
			else {
				i = (size_t)(q - p) + 1;
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
static void
check_markup(struct xmlfix *f, const char *s, size_t n)
{
	const char *end, *body;
	size_t	 i;

	if (f->tag != XF_TEXT && f->tag != XF_PROLOG)
		goto lost;
	if (starts(s, n, "<![CDATA["))
		return;
	if (starts(s, n, "<!--")) {
		end = find(s + 4, n - 4, "-->", 3);
		if (end == NULL || end == s + 4 || s[4] == '-' ||
		    s[4] == '>' || end[-1] == '-' ||
		    find(s + 4, (size_t)(end - s) - 4, "--", 2) != NULL)
			goto lost;
		body = s + 4;
	} else if (starts(s, n, "<?")) {
		end = find(s + 2, n - 2, "?>", 2);
		if (end == NULL || end == s + 2 ||
		    !is_name_start((unsigned char)s[2]))
			goto lost;
		for (i = 3; s + i < end && (is_name_char(s[i]) ||
		    s[i] == ':'); i++)
			;
		if (s + i < end && !is_space(s[i]))
			goto lost;
		body = s + i;
		if (memchr(body, '<', (size_t)(end - body)) != NULL ||
		    memchr(body, '>', (size_t)(end - body)) != NULL)
			goto lost;
	} else
		goto lost;
	if (find(body, (size_t)(end - body), "\xef\xbf\xbe", 3) == NULL &&
	    find(body, (size_t)(end - body), "\xef\xbf\xbf", 3) == NULL)
		return;
lost:
	lose_sync(f);
}

/*
 * The run of element text a non-ASCII character was found in, as
 * offsets into the bytes of one xmlfix_chunk() call: where it ends ("<"
 * or "&"), and from where on no "]" follows in it. libxml2 reads "]]>"
 * in text differently on its fast and slow paths, and a run whose end
 * is not in sight might hold one: no references there.
 */
struct run {
	size_t	 end;		/* 0: none looked at yet */
	size_t	 from;		/* references from here (SIZE_MAX: none) */
};

/*
 * The length of the non-ASCII character at p[k] (of n) if it should
 * leave as a reference, its code point in *cp; else 0. Its length (0 if
 * it is none) in *len either way.
 */
static size_t
text_ref(struct run *r, const char *p, size_t k, size_t n, bool final,
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
		if (r->end >= n && !final)
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
	if (byte_class[c] == BAD)
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

/*
 * Keep aside the contents of the CDATA section at s (n bytes) when it is
 * whole there and may be kept (xmlfix.h), and output the section with
 * only its line feeds (out held base bytes before this chunk's). The
 * bytes consumed, or 0 to leave it as it is.
 */
static size_t
keep_cdata(struct xmlfix *f, const char *s, size_t n, struct buf *out,
    size_t base, enum err *e)
{
	const char *c = s + 9, *end;
	struct xmlfix_kept *k;
	size_t	 len, lines;
	bool	 bad;

	end = find(c, n - 9, "]]>", 3);
	if (end == NULL)
		return 0;
	len = (size_t)(end - c);
	if (!scan_cdata(c, len, &lines, &bad))
		return 0;
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
	*e = bad ? emit(f, &f->cdata, c, len) : buf_addn(&f->cdata, c, len);
	k->len = f->cdata.len - k->off;
	while (!*e && lines-- > 0)
		*e = buf_addc(out, '\n');
	if (!*e)
		*e = buf_addn(out, "]]>", 3);
	return 9 + len + 3;
}

/* Append the decimal character reference of cp. */
static enum err
add_ref(struct buf *out, uint32_t cp)
{
	enum err e;

	e = buf_addn(out, "&#", 2);
	if (!e)
		e = buf_add_uint(out, cp);
	if (!e)
		e = buf_addc(out, ';');
	return e;
}

enum err
xmlfix_chunk(struct xmlfix *f, const char *s, size_t n, bool final,
    struct buf *out)
{
	const char *p, *end, *hit;
	struct run run = { 0, 0 };
	size_t	 i = 0, k, left, len, tp = 0, base = out->len;
	uint32_t cp;
	unsigned char c;
	enum err e = ERR_OK;

	/*
	 * Work on the held bytes followed by this chunk (the chunk itself
	 * when nothing is held: the common case, without a copy).
	 */
	if (f->head == f->nkept) {
		/* Every kept section was read (or passed): start over. */
		buf_reset(&f->cdata);
		f->nkept = f->head = 0;
	}
	p = s;
	if (f->hold.len > 0) {
		buf_reset(&f->work);
		buf_reserve(&f->work, f->hold.len + n);
		e = buf_addn(&f->work, f->hold.data, f->hold.len);
		if (!e && n > 0)
			e = buf_addn(&f->work, s, n);
		p = buf_str(&f->work);
		n = f->work.len;
	}
	buf_reset(&f->hold);
	while (!e && i < n) {
		left = n - i;
		if (!final && left < LOOKAHEAD) {
			e = buf_addn(&f->hold, p + i, left);
			break;
		}
		switch (f->state) {
		case S_TEXT:
			/*
			 * Copy up to the next '&' or '<', dropping forbidden
			 * controls on the way (as emit() does). The "<" of a
			 * start or end tag joins the run: below it would be
			 * copied as it is too, and the next round would go on
			 * with text, unless the bytes left could be held.
			 */
			for (k = i;;) {
				k += text_run(f, p + k, n - k);
				if (k >= n)
					break;
				c = (unsigned char)p[k];
				if (byte_class[c] == BAD) {
					e = buf_addn(out, p + i, k - i);
					if (e)
						break;
					f->fixed++;
					i = ++k;
					continue;
				}
				if (c >= 0x80) {
					/* (only with references) */
					catch_up(f, p, &tp, k, n);
					if (!f->refs || f->tag != XF_TEXT ||
					    text_ref(&run, p, k, n, final, &cp,
					    &len) == 0) {
						k += f->refs &&
						    f->tag == XF_TEXT &&
						    len > 0 ? len : 1;
						continue;
					}
					e = buf_addn(out, p + i, k - i);
					if (!e)
						e = add_ref(out, cp);
					if (e)
						break;
					i = k += len;
					continue;
				}
				if (c != '<' || !is_tag(p + k, n - k) ||
				    (!final && n - k - 1 < LOOKAHEAD))
					break;
				k++;
			}
			if (!e)
				e = buf_addn(out, p + i, k - i);
			i = k;
			if (e || i >= n)
				break;
			left = n - i;
			if (p[i] == '<' && i + 1 < n && p[i + 1] == '!')
				catch_up(f, p, &tp, i, n);
			if (f->keep && f->refs && f->tag == XF_TEXT &&
			    starts(p + i, left, "<![CDATA[")) {
				k = keep_cdata(f, p + i, left, out, base, &e);
				if (e || k > 0) {
					i += k;
					tp = i;
					break;
				}
			}
			if (p[i] == '&') {
				k = fix_ref(f, p + i, left, final, out, &e);
				if (k == 0) {
					e = buf_addn(&f->hold, p + i, left);
					i = n;
				} else
					i += k;
				break;
			}
			if (p[i] == '<' && i + 1 < n && p[i + 1] == '?')
				catch_up(f, p, &tp, i, n);
			if (f->refs && p[i] == '<' && i + 1 < n &&
			    (p[i + 1] == '!' || p[i + 1] == '?'))
				check_markup(f, p + i, left);
			if (starts(p + i, left, "<![CDATA["))
				f->state = S_CDATA, k = 9;
			else if (starts(p + i, left, "<!--"))
				f->state = S_COMMENT, k = 4;
			else if (starts(p + i, left, "<?"))
				f->state = S_PI, k = 2;
			else if (starts(p + i, left, "<!DOCTYPE"))
				f->state = S_DOCTYPE, k = 9;
			else if (left > 1 && !is_markup_start(
			    (unsigned char)p[i + 1])) {
				/* A stray "<" in text ("a < b"). */
				f->fixed++;
				e = buf_add(out, "&lt;");
				i++;
				break;
			} else
				k = 1;
			e = buf_addn(out, p + i, k);
			i += k;
			break;
		default:
			end = f->state == S_CDATA ? "]]>" :
			    f->state == S_COMMENT ? "-->" :
			    f->state == S_PI ? "?>" : "]>";
			hit = find(p + i, left, end, strlen(end));
			if (f->state == S_DOCTYPE) {
				/* No internal subset: the first '>' ends it. */
				const char *gt = memchr(p + i, '>', left);
				const char *br = memchr(p + i, '[', left);

				if (gt != NULL && (br == NULL || gt < br)) {
					hit = gt;
					end = ">";
				}
			}
			if (hit == NULL) {
				/* Keep a possible partial end marker. */
				k = left > 2 ? left - 2 : 0;
				if (final)
					k = left;
				if (f->state == S_DOCTYPE)
					note_entities(f, p + i, k);
				e = emit(f, out, p + i, k);
				i += k;
				if (!final && i < n) {
					e = e ? e : buf_addn(&f->hold, p + i,
					    n - i);
					i = n;
				}
				break;
			}
			k = (size_t)(hit - (p + i)) + strlen(end);
			if (f->state == S_DOCTYPE)
				note_entities(f, p + i, k);
			e = emit(f, out, p + i, k);
			i += k;
			f->state = S_TEXT;
			tp = i;
			break;
		}
	}
	/* Where the text state is at the first byte held (or the end). */
	if (f->state == S_TEXT)
		catch_up(f, p, &tp, n - f->hold.len, n);
	return e;
}
