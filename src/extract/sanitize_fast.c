/* SPDX-License-Identifier: MIT */
/*
 * The sanitizer's fast path (see sanitize_fast.h). Feed content is
 * mostly p, a, strong, em, img, figure and lists, properly nested; for
 * that, the HTML tree construction steps reduce to "push, pop, and close
 * an open p or li first", and this file takes them without gumbo, into
 * an arena. Anything else (misnesting, tables, unknown elements, rare
 * character references) is declined before it could matter.
 */
#include "config.h"
#include "extract/sanitize_fast.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/defuse.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Inputs longer than this go to gumbo (keeps the output caps far off). */
#define FAST_MAX_LEN	(CAP_HTML / 16)
/* Nesting deeper than this goes to gumbo (well below CAP_HTML_DEPTH). */
#define FAST_MAX_DEPTH	64
/* Tags past this go to gumbo (below CAP_HTML_TAGS). */
#define FAST_MAX_TAGS	(CAP_HTML_TAGS / 2)
#define FAST_CHUNK	16384

/*
 * Part 1: what the fast path reads. Each accepted element has the tree
 * construction behaviour of its class in HTML's "in body" insertion
 * mode; an element with no class declines the input.
 */
enum {
	C_PHRASE = 1 << 0,	/* "any other start tag": push, pop */
	C_FORMAT = 1 << 1,	/* formatting: never nested in itself */
	C_VOID = 1 << 2,	/* no content, no end tag */
	C_BLOCK = 1 << 3,	/* closes an open p first */
	C_HEADING = 1 << 4,	/* h1-h6 */
	C_LI = 1 << 5,		/* li: in ul or ol, closes an open li */
	C_DDT = 1 << 6,		/* dd, dt: in dl, close an open dd or dt */
	C_PRE = 1 << 7,		/* a line feed right after it is dropped */
	C_LIST = 1 << 8,	/* ul, ol: where li goes */
	C_DL = 1 << 9,		/* dl: where dd and dt go */
	C_RAW = 1 << 10		/* raw text up to its end tag (iframe) */
};

#define P	C_PHRASE
#define F	(C_PHRASE | C_FORMAT)
#define B	C_BLOCK
#define H	(C_BLOCK | C_HEADING)

static const uint16_t cls[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_A] = F, [GUMBO_TAG_B] = F, [GUMBO_TAG_BIG] = F,
	[GUMBO_TAG_CODE] = F, [GUMBO_TAG_EM] = F, [GUMBO_TAG_FONT] = F,
	[GUMBO_TAG_I] = F, [GUMBO_TAG_S] = F, [GUMBO_TAG_SMALL] = F,
	[GUMBO_TAG_STRIKE] = F, [GUMBO_TAG_STRONG] = F, [GUMBO_TAG_TT] = F,
	[GUMBO_TAG_U] = F,

	[GUMBO_TAG_ABBR] = P, [GUMBO_TAG_CITE] = P, [GUMBO_TAG_DEL] = P,
	[GUMBO_TAG_DFN] = P, [GUMBO_TAG_INS] = P, [GUMBO_TAG_KBD] = P,
	[GUMBO_TAG_MARK] = P, [GUMBO_TAG_Q] = P, [GUMBO_TAG_SAMP] = P,
	[GUMBO_TAG_SPAN] = P, [GUMBO_TAG_SUB] = P, [GUMBO_TAG_SUP] = P,
	[GUMBO_TAG_TIME] = P, [GUMBO_TAG_VAR] = P,

	[GUMBO_TAG_BR] = C_VOID, [GUMBO_TAG_IMG] = C_VOID,
	[GUMBO_TAG_WBR] = C_VOID, [GUMBO_TAG_HR] = C_VOID | C_BLOCK,
	[GUMBO_TAG_IFRAME] = C_RAW,

	[GUMBO_TAG_ADDRESS] = B, [GUMBO_TAG_ARTICLE] = B,
	[GUMBO_TAG_ASIDE] = B, [GUMBO_TAG_BLOCKQUOTE] = B,
	[GUMBO_TAG_CENTER] = B, [GUMBO_TAG_DETAILS] = B, [GUMBO_TAG_DIV] = B,
	[GUMBO_TAG_FIGCAPTION] = B, [GUMBO_TAG_FIGURE] = B,
	[GUMBO_TAG_FOOTER] = B, [GUMBO_TAG_HEADER] = B,
	[GUMBO_TAG_HGROUP] = B, [GUMBO_TAG_MAIN] = B, [GUMBO_TAG_NAV] = B,
	[GUMBO_TAG_P] = B, [GUMBO_TAG_SECTION] = B, [GUMBO_TAG_SUMMARY] = B,
	[GUMBO_TAG_PRE] = C_BLOCK | C_PRE,
	[GUMBO_TAG_UL] = C_BLOCK | C_LIST, [GUMBO_TAG_OL] = C_BLOCK | C_LIST,
	[GUMBO_TAG_DL] = C_BLOCK | C_DL,
	[GUMBO_TAG_LI] = C_BLOCK | C_LI,
	[GUMBO_TAG_DD] = C_BLOCK | C_DDT, [GUMBO_TAG_DT] = C_BLOCK | C_DDT,

	[GUMBO_TAG_H1] = H, [GUMBO_TAG_H2] = H, [GUMBO_TAG_H3] = H,
	[GUMBO_TAG_H4] = H, [GUMBO_TAG_H5] = H, [GUMBO_TAG_H6] = H
};

#undef P
#undef F
#undef B
#undef H

/*
 * The named character references read here (gumbo knows all of HTML's;
 * any other name declines). Only with the ';', which makes the reading
 * the same in text and in attribute values.
 */
static const struct {
	const char	*name;
	const char	*utf8;
} refs[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", "\xc2\xa0" }, { "hellip", "\xe2\x80\xa6" },
	{ "mdash", "\xe2\x80\x94" }, { "ndash", "\xe2\x80\x93" },
	{ "lsquo", "\xe2\x80\x98" }, { "rsquo", "\xe2\x80\x99" },
	{ "ldquo", "\xe2\x80\x9c" }, { "rdquo", "\xe2\x80\x9d" },
	{ "laquo", "\xc2\xab" }, { "raquo", "\xc2\xbb" },
	{ "copy", "\xc2\xa9" }, { "reg", "\xc2\xae" },
	{ "trade", "\xe2\x84\xa2" }, { "deg", "\xc2\xb0" },
	{ "middot", "\xc2\xb7" }, { "bull", "\xe2\x80\xa2" },
	{ "euro", "\xe2\x82\xac" }, { "pound", "\xc2\xa3" },
	{ "times", "\xc3\x97" }, { "eacute", "\xc3\xa9" },
	{ NULL, NULL }
};

/*
 * Part 2: the arena. Nodes, attributes and child lists live in chunks
 * freed at once; text lives in one buffer as long as the input (decoded
 * text is never longer than its source, and each text node ends where a
 * '<' was).
 */

struct chunk {
	struct chunk	*next;
	size_t		 used, size;
	alignas(max_align_t) unsigned char data[];
};

/* A node as gumbo has it, with the links the build needs. */
struct fnode {
	GumboNode	 g;
	struct fnode	*first, *last, *next;	/* children, in order */
	struct fnode	*all;			/* every element, for linking */
	unsigned	 nkids;
};

struct fast_tree {
	struct chunk	*chunks;
	char		*text;		/* text of all text nodes */
};

static void *
alloc(struct fast_tree *t, size_t n)
{
	struct chunk	*c = t->chunks;
	size_t		 size;
	void		*p;

	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (c == NULL || c->size - c->used < n) {
		size = n > FAST_CHUNK ? n : FAST_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->next = t->chunks;
		c->used = 0;
		c->size = size;
		t->chunks = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

/* See sanitize_fast.h. */
void
fast_tree_free(struct fast_tree *t)
{
	struct chunk	*c, *next;

	if (t == NULL)
		return;
	for (c = t->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(t->text);
	free(t);
}

/*
 * Part 3: the build. The stack of open elements is the one HTML keeps;
 * the accepted input never leaves a formatting element off it, so the
 * "active formatting elements" steps have nothing to do.
 */

struct build {
	struct fast_tree *t;
	const char	*s;
	size_t		 n, i;
	struct fnode	*open[FAST_MAX_DEPTH + 1];
	size_t		 nopen;
	struct fnode	*elems;		/* every element (struct fnode.all) */
	struct fnode	*text;		/* the text node being written */
	char		*tp;		/* where its next byte goes */
	bool		 white;		/* it is white space so far */
	bool		 skip_lf;	/* just after <pre> */
	bool		 has_p;		/* a p is open */
	unsigned	 heading;	/* headings open */
	size_t		 ntags;
};

static struct fnode *
cur(const struct build *b)
{
	return b->open[b->nopen - 1];
}

static GumboTag
cur_tag(const struct build *b)
{
	return cur(b)->g.v.element.tag;
}

static void
append(struct fnode *parent, struct fnode *kid)
{
	kid->g.parent = &parent->g;
	kid->g.index_within_parent = parent->nkids++;
	if (parent->last != NULL)
		parent->last->next = kid;
	else
		parent->first = kid;
	parent->last = kid;
}

/* End the text node being written (a tag follows). */
static void
text_end(struct build *b)
{
	if (b->text == NULL)
		return;
	*b->tp++ = '\0';
	b->text->g.type = b->white ? GUMBO_NODE_WHITESPACE : GUMBO_NODE_TEXT;
	b->text = NULL;
}

/* Append n bytes of decoded text (white is true when all are white). */
static void
text_add(struct build *b, const char *p, size_t n, bool white)
{
	if (b->text == NULL) {
		b->text = alloc(b->t, sizeof(*b->text));
		b->text->g.v.text.text = b->tp;
		b->white = true;
		append(cur(b), b->text);
	}
	memcpy(b->tp, p, n);
	b->tp += n;
	b->white = b->white && white;
}

static struct fnode *
element(struct build *b, GumboTag tag)
{
	struct fnode	*e;

	e = alloc(b->t, sizeof(*e));
	e->g.type = GUMBO_NODE_ELEMENT;
	e->g.v.element.tag = tag;
	e->g.v.element.tag_namespace = GUMBO_NAMESPACE_HTML;
	e->all = b->elems;
	b->elems = e;
	return e;
}

static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* A code point gumbo passes through unchanged (and we accept). */
static bool
plain_cp(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return true;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return false;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return false;
	/* Noncharacters. */
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return false;
	return true;
}

/*
 * The character reference at s[i] == '&' among n bytes: its UTF-8 in
 * out (at most 4 bytes) and the index after it in *next. Returns the
 * length written, 0 for a '&' that starts no reference (kept as it is),
 * or -1 to decline.
 */
static int
char_ref(const char *s, size_t n, size_t i, char out[4], size_t *next)
{
	uint32_t	 cp = 0;
	size_t		 j = i + 1, k, len;
	int		 d, digits = 0;
	bool		 hex;

	if (j >= n || (!text_is_alpha(s[j]) && !text_is_digit(s[j]) && s[j] != '#'))
		return 0;
	if (s[j] == '#') {
		j++;
		hex = j < n && (s[j] == 'x' || s[j] == 'X');
		if (hex)
			j++;
		for (; j < n; j++, digits++) {
			d = hex ? text_hex_value(s[j]) : text_is_digit(s[j]) ?
			    s[j] - '0' : -1;
			if (d < 0 || digits >= 7)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (digits == 0 || digits >= 7 || j >= n || s[j] != ';' ||
		    !plain_cp(cp))
			return -1;
		*next = j + 1;
		return (int)text_utf8_encode(cp, out);
	}
	for (len = 0; j + len < n && (text_is_alpha(s[j + len]) ||
	    text_is_digit(s[j + len])); len++)
		;
	if (j + len >= n || s[j + len] != ';')
		return -1;
	for (k = 0; refs[k].name != NULL; k++)
		if (strlen(refs[k].name) == len &&
		    memcmp(refs[k].name, s + j, len) == 0) {
			*next = j + len + 1;
			len = strlen(refs[k].utf8);
			memcpy(out, refs[k].utf8, len);
			return (int)len;
		}
	return -1;
}

/*
 * The length of the UTF-8 character at s[i] (of n bytes) beyond ASCII,
 * or 0 when it is invalid or not a plain_cp().
 */
static size_t
utf8_len(const char *p, size_t n, size_t i)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t	 cp;
	size_t		 k, j;

	if (s[i] >= 0xc2 && s[i] <= 0xdf)
		k = 2;
	else if (s[i] >= 0xe0 && s[i] <= 0xef)
		k = 3;
	else if (s[i] >= 0xf0 && s[i] <= 0xf4)
		k = 4;
	else
		return 0;
	if (i + k > n)
		return 0;
	cp = s[i] & (0xff >> (k + 1));
	for (j = 1; j < k; j++) {
		if ((s[i + j] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i + j] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
	    !plain_cp(cp))
		return 0;
	return k;
}

/*
 * Text from b->i up to the next '<' (or the end). False to decline:
 * control characters, CR, invalid UTF-8, noncharacters, references we
 * do not read.
 */
static bool
text(struct build *b)
{
	const unsigned char *s = (const unsigned char *)b->s;
	size_t		 n = b->n, i = b->i, run, k, j, next;
	char		 enc[4];
	int		 r;
	bool		 white;

	if (b->skip_lf) {
		b->skip_lf = false;
		if (s[i] == '&')
			return false;
		if (s[i] == '\n')
			i++;
	}
	while (i < n && s[i] != '<') {
		/* A run of characters that stand for themselves. */
		run = i;
		white = true;
		while (i < n) {
			/*
			 * Bytes from the space to 0x7e other than '<' and
			 * '&' at once: as below, they are white only when all
			 * are spaces.
			 */
			k = text_span(b->s + i, n - i, 0x20, 0x7e, '<', '&');
			for (j = i; white && j < i + k; j++)
				white = s[j] == ' ';
			i += k;
			if (i >= n)
				break;
			if (s[i] > 0x20 && s[i] < 0x7f && s[i] != '<' &&
			    s[i] != '&') {
				white = false;
				i++;
			} else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
				i++;
			else if (s[i] >= 0x80) {
				k = utf8_len(b->s, n, i);
				if (k == 0)
					break;
				white = false;
				i += k;
			} else
				break;
		}
		if (i > run) {
			text_add(b, b->s + run, i - run, white);
			continue;
		}
		if (s[i] != '&')
			return false;
		r = char_ref(b->s, n, i, enc, &next);
		if (r < 0)
			return false;
		if (r == 0) {
			text_add(b, "&", 1, false);
			i++;
			continue;
		}
		text_add(b, enc, (size_t)r, r == 1 && is_ws(enc[0]));
		i = next;
	}
	b->i = i;
	return true;
}

/*
 * An attribute value between quotes, or unquoted, decoded into the text
 * buffer. Returns it, or NULL to decline.
 */
static const char *
attr_value(struct build *b, size_t *ip)
{
	const unsigned char *s = (const unsigned char *)b->s;
	size_t		 n = b->n, i = *ip, next, k;
	const char	*v = b->tp;
	char		 q = 0, enc[4];
	int		 r;

	if (i < n && (s[i] == '"' || s[i] == '\''))
		q = (char)s[i++];
	for (;;) {
		/*
		 * Quoted, bytes from the space to 0x7e other than the quote
		 * and '&' are copied as they are (the last branch below).
		 */
		if (q != 0) {
			k = text_span(b->s + i, n - i, 0x20, 0x7e,
			    (unsigned char)q, '&');
			memcpy(b->tp, s + i, k);
			b->tp += k;
			i += k;
		}
		if (i >= n)
			return NULL;
		if (q != 0 && s[i] == (unsigned char)q) {
			i++;
			break;
		}
		if (q == 0 && (is_ws(s[i]) || s[i] == '>'))
			break;
		if (q == 0 && (s[i] == '"' || s[i] == '\'' || s[i] == '<' ||
		    s[i] == '=' || s[i] == '`' || s[i] == '&'))
			return NULL;
		if (s[i] == '&') {
			r = char_ref(b->s, n, i, enc, &next);
			if (r < 0)
				return NULL;
			if (r == 0) {
				*b->tp++ = '&';
				i++;
			} else {
				memcpy(b->tp, enc, (size_t)r);
				b->tp += r;
				i = next;
			}
			continue;
		}
		/* Controls, CR and what is not plain UTF-8 decline. */
		if (s[i] >= 0x80) {
			k = utf8_len(b->s, n, i);
			if (k == 0)
				return NULL;
			memcpy(b->tp, s + i, k);
			b->tp += k;
			i += k;
			continue;
		}
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') ||
		    s[i] == 0x7f)
			return NULL;
		*b->tp++ = (char)s[i++];
	}
	*b->tp++ = '\0';
	*ip = i;
	return v;
}

/*
 * The attributes of a start tag, from b->i (after the name) through
 * '>'. Gumbo keeps the first of duplicate names. strip drops them all
 * (the defuse pass does so for formatting elements). False to decline.
 */
static bool
attributes(struct build *b, struct fnode *e, bool strip, bool *selfclose)
{
	const char	*s = b->s;
	size_t		 n = b->n, i = b->i, an, k, na = 0;
	GumboAttribute	*list[CAP_HTML_ATTRS], *a;
	const char	*name, *value;
	char		*lname;
	bool		 dup;

	*selfclose = false;
	for (;;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			return false;
		if (s[i] == '>') {
			i++;
			break;
		}
		if (s[i] == '/') {
			if (i + 1 < n && s[i + 1] == '>') {
				*selfclose = true;
				i += 2;
				break;
			}
			return false;
		}
		/* A name is what the tokenizer takes for one ("alt=""x""). */
		for (an = i; i < n && (unsigned char)s[i] > 0x20 &&
		    s[i] != 0x7f && s[i] != '/' && s[i] != '>' && s[i] != '=' &&
		    s[i] != '<'; i += k) {
			k = (unsigned char)s[i] < 0x80 ? 1 : utf8_len(s, n, i);
			if (k == 0)
				return false;
		}
		if (i == an || i >= n ||
		    (!is_ws(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/'))
			return false;
		lname = b->tp;
		for (k = an; k < i; k++)
			*b->tp++ = (char)(s[k] >= 'A' && s[k] <= 'Z' ?
			    s[k] + 32 : s[k]);
		*b->tp++ = '\0';
		name = lname;
		while (i < n && is_ws(s[i]))
			i++;
		value = "";
		if (i < n && s[i] == '=') {
			for (i++; i < n && is_ws(s[i]); i++)
				;
			value = attr_value(b, &i);
			if (value == NULL)
				return false;
		}
		if (strip)
			continue;
		dup = false;
		for (k = 0; k < na && !dup; k++)
			dup = strcmp(list[k]->name, name) == 0;
		if (dup)
			continue;
		if (na == CAP_HTML_ATTRS)
			return false;
		a = alloc(b->t, sizeof(*a));
		a->attr_namespace = GUMBO_ATTR_NAMESPACE_NONE;
		a->name = name;
		a->value = value;
		list[na++] = a;
	}
	b->i = i;
	if (na > 0) {
		e->g.v.element.attributes.data = alloc(b->t,
		    na * sizeof(void *));
		memcpy(e->g.v.element.attributes.data, list,
		    na * sizeof(void *));
		e->g.v.element.attributes.length = (unsigned)na;
		e->g.v.element.attributes.capacity = (unsigned)na;
	}
	return true;
}

static void
pop(struct build *b)
{
	GumboTag tag = cur_tag(b);

	if (tag == GUMBO_TAG_P)
		b->has_p = false;
	else if (cls[tag] & C_HEADING)
		b->heading--;
	b->nopen--;
}

static bool
is_open(const struct build *b, GumboTag tag)
{
	size_t	 k;

	for (k = 1; k < b->nopen; k++)
		if (b->open[k]->g.v.element.tag == tag)
			return true;
	return false;
}

/* Read a tag name at b->i; GUMBO_TAG_UNKNOWN when it is none we read. */
static GumboTag
tag_name(struct build *b)
{
	const char	*s = b->s;
	size_t		 i = b->i, start = i;

	while (i < b->n && (text_is_alpha(s[i]) || text_is_digit(s[i])))
		i++;
	if (i >= b->n || (!is_ws(s[i]) && s[i] != '/' && s[i] != '>'))
		return GUMBO_TAG_UNKNOWN;
	b->i = i;
	return gumbo_tagn_enum(s + start, (unsigned)(i - start));
}

/*
 * The content of a raw text element (iframe) and its end tag, from b->i.
 * The sanitizer never reads that content, so the element stays empty.
 * False to decline (no end tag, or one with more than white space).
 */
static bool
raw_text(struct build *b, GumboTag tag, bool selfclose)
{
	const char	*s = b->s, *name = gumbo_normalized_tagname(tag);
	size_t		 n = b->n, i = b->i, len = strlen(name);

	if (selfclose)
		return false;
	for (;;) {
		while (i < n && s[i] != '<')
			i++;
		if (i + 2 + len > n)
			return false;
		if (s[i + 1] == '/' && strncasecmp(s + i + 2, name, len) == 0)
			break;
		i++;
	}
	for (i += 2 + len; i < n && is_ws(s[i]); i++)
		;
	if (i >= n || s[i] != '>')
		return false;
	b->i = i + 1;
	return true;
}

/*
 * A start tag at b->i (after '<'). The checks keep to inputs where
 * HTML's steps for it come down to: close the current p (or li, dd, dt)
 * when the new element would, then push. False to decline.
 */
static bool
start_tag(struct build *b)
{
	GumboTag	 tag;
	unsigned	 c;
	struct fnode	*e;
	bool		 selfclose;

	tag = tag_name(b);
	c = cls[tag];
	if (c == 0 || ++b->ntags > FAST_MAX_TAGS)
		return false;
	if ((c & C_FORMAT) && is_open(b, tag))
		return false;
	if ((c & C_HEADING) && b->heading > 0)
		return false;
	if (c & C_LI) {
		if (cur_tag(b) == GUMBO_TAG_LI)
			pop(b);
	} else if (c & C_DDT) {
		if (cur_tag(b) == GUMBO_TAG_DD || cur_tag(b) == GUMBO_TAG_DT)
			pop(b);
	}
	if ((c & C_BLOCK) && b->has_p) {
		if (cur_tag(b) != GUMBO_TAG_P)
			return false;
		pop(b);
	}
	if ((c & C_LI) && !(cls[cur_tag(b)] & C_LIST))
		return false;
	if ((c & C_DDT) && !(cls[cur_tag(b)] & C_DL))
		return false;
	e = element(b, tag);
	if (!attributes(b, e, defuse_strips_attrs(tag), &selfclose))
		return false;
	if (selfclose && !(c & C_VOID))
		return false;
	append(cur(b), e);
	if (c & C_RAW)
		return raw_text(b, tag, selfclose);
	if (c & C_VOID)
		return true;
	if (b->nopen > FAST_MAX_DEPTH)
		return false;
	b->open[b->nopen++] = e;
	if (tag == GUMBO_TAG_P)
		b->has_p = true;
	else if (c & C_HEADING)
		b->heading++;
	if (c & C_PRE)
		b->skip_lf = true;
	return true;
}

/* Elements an end tag for another element closes on its way. */
static bool
implied_end(GumboTag tag)
{
	return tag == GUMBO_TAG_P || tag == GUMBO_TAG_LI ||
	    tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT;
}

/*
 * An end tag at b->i (after "</"). It must close the current element,
 * or, for a block, the one under elements an end tag closes implicitly
 * (p, li, dd, dt), which is what HTML does then too. False to decline.
 */
static bool
end_tag(struct build *b)
{
	GumboTag	 tag;
	unsigned	 c;
	size_t		 k;

	tag = tag_name(b);
	c = cls[tag];
	if (c == 0 || (c & C_VOID) || ++b->ntags > FAST_MAX_TAGS)
		return false;
	while (b->i < b->n && is_ws(b->s[b->i]))
		b->i++;
	if (b->i >= b->n || b->s[b->i] != '>')
		return false;
	b->i++;
	k = b->nopen - 1;
	if (c & C_BLOCK)
		while (k > 0 && b->open[k]->g.v.element.tag != tag &&
		    implied_end(b->open[k]->g.v.element.tag))
			k--;
	if (k == 0 || b->open[k]->g.v.element.tag != tag)
		return false;
	while (b->nopen > k)
		pop(b);
	return true;
}

/* Markup at b->i == '<'. False to decline. */
static bool
markup(struct build *b)
{
	const char	*s = b->s;
	size_t		 n = b->n, i = b->i;

	if (i + 1 < n && text_is_alpha(s[i + 1])) {
		text_end(b);
		b->skip_lf = false;
		b->i = i + 1;
		return start_tag(b);
	}
	if (i + 2 < n && s[i + 1] == '/' && text_is_alpha(s[i + 2])) {
		text_end(b);
		b->skip_lf = false;
		b->i = i + 2;
		return end_tag(b);
	}
	if (i + 3 < n && memcmp(s + i + 1, "!--", 3) == 0) {
		/* Dropped by the defuse pass: text on both sides joins. */
		b->i = defuse_comment_end(s, n, i + 4);
		return true;
	}
	return false;
}

/* Give every element its children as gumbo's vector. */
static void
link_children(struct build *b)
{
	struct fnode	*e, *k;
	void		**v;
	unsigned	 i;

	for (e = b->elems; e != NULL; e = e->all) {
		if (e->nkids == 0)
			continue;
		v = alloc(b->t, e->nkids * sizeof(void *));
		for (i = 0, k = e->first; k != NULL; k = k->next)
			v[i++] = &k->g;
		e->g.v.element.children.data = v;
		e->g.v.element.children.length = e->nkids;
		e->g.v.element.children.capacity = e->nkids;
	}
}

/* See sanitize_fast.h. */
const GumboNode *
fast_tree_parse(const char *html, size_t len, struct fast_tree **ft)
{
	struct build	 b;
	struct fnode	*root;
	bool		 ok = true;

	*ft = NULL;
	if (len > FAST_MAX_LEN)
		return NULL;
	memset(&b, 0, sizeof b);
	b.t = xcalloc(1, sizeof(*b.t));
	/* Decoded text, names and values take at most len + 1 bytes. */
	b.t->text = xmalloc(len + 16);
	b.tp = b.t->text;
	b.s = html;
	b.n = len;
	root = element(&b, GUMBO_TAG_HTML);
	b.open[b.nopen++] = root;
	while (ok && b.i < b.n) {
		if (html[b.i] == '<')
			ok = markup(&b);
		else
			ok = text(&b);
	}
	if (!ok) {
		fast_tree_free(b.t);
		return NULL;
	}
	text_end(&b);
	link_children(&b);
	*ft = b.t;
	return &root->g;
}
