/* SPDX-License-Identifier: MIT */
/* Bare ampersands and HTML entities repaired before XML parsing. */
#include "config.h"
#include "read/xmlfix.h"
#include "read/xmlfixint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

enum { S_TEXT, S_CDATA, S_COMMENT, S_PI, S_DOCTYPE };

/* The longest construct we need to see whole: "&" name ";" or a marker. */
#define LOOKAHEAD	48

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

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
		while (p < end && xf_is_space(*p))
			p++;
		name = p;
		while (p < end && (is_name_char(*p) || *p == ':'))
			p++;
		nlen = (size_t)(p - name);
		while (p < end && xf_is_space(*p))
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
		else if ((unsigned char)*v >= 0x20 || xf_is_space(*v))
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

const unsigned char xmlfix_byte_class[256] = {
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
		if (i >= n || (xmlfix_byte_class[(unsigned char)s[i]] & stop))
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
		/*
		 * s[k] is a forbidden control: skip it. The pass found the
		 * end of this section before, so the bytes it leaves may
		 * end it sooner for libxml2 ("]]\001>"): no more respelling.
		 */
		f->fixed++;
		f->refs = false;
		s += k + 1;
		n -= k + 1;
	}
}

const char *
xmlfix_find(const char *s, size_t n, const char *lit, size_t len)
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

/*
 * Is the "<" at s (n bytes) that of a start or end tag, which the text
 * state copies as it is? Not "<!" or "<?" (markers), nor a stray "<".
 */
static bool
is_tag(const char *s, size_t n)
{
	return n > 1 && xf_is_markup_start((unsigned char)s[1]) &&
	    s[1] != '!' && s[1] != '?';
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
		if (c >= 0x80 || xmlfix_byte_class[c] != 0)
			return i;
		i++;	/* tab, LF, CR */
	}
}

enum err
xmlfix_chunk(struct xmlfix *f, const char *s, size_t n, bool final,
    struct buf *out)
{
	const char *p, *end, *hit;
	struct respell_run run = { 0, 0 };
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
				if (xmlfix_byte_class[c] == BAD) {
					e = buf_addn(out, p + i, k - i);
					if (e)
						break;
					f->fixed++;
					i = ++k;
					continue;
				}
				if (c >= 0x80) {
					/* (only with references) */
					respell_catch_up(f, p, &tp, k, n);
					if (!f->refs || f->tag != XF_TEXT ||
					    respell_text_ref(&run, p, k, n, &cp,
					    &len) == 0) {
						k += f->refs &&
						    f->tag == XF_TEXT &&
						    len > 0 ? len : 1;
						continue;
					}
					e = buf_addn(out, p + i, k - i);
					if (!e)
						e = respell_add_ref(out, cp);
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
				respell_catch_up(f, p, &tp, i, n);
			if (f->keep && f->refs && f->tag == XF_TEXT &&
			    xf_starts(p + i, left, "<![CDATA[")) {
				k = respell_keep_cdata(f, p + i, left, out,
				    base, &e);
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
				respell_catch_up(f, p, &tp, i, n);
			if (f->refs && p[i] == '<' && i + 1 < n &&
			    (p[i + 1] == '!' || p[i + 1] == '?'))
				respell_check_markup(f, p + i, left);
			if (xf_starts(p + i, left, "<![CDATA["))
				f->state = S_CDATA, k = 9;
			else if (xf_starts(p + i, left, "<!--"))
				f->state = S_COMMENT, k = 4;
			else if (xf_starts(p + i, left, "<?"))
				f->state = S_PI, k = 2;
			else if (xf_starts(p + i, left, "<!DOCTYPE"))
				f->state = S_DOCTYPE, k = 9;
			else if (left > 1 && !xf_is_markup_start(
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
			hit = xmlfix_find(p + i, left, end, strlen(end));
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
		respell_catch_up(f, p, &tp, n - f->hold.len, n);
	return e;
}
