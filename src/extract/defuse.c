/* SPDX-License-Identifier: MIT */
/*
 * The defuse pass (see defuse.h): our own HTML tokenizer, which rewrites
 * input before gumbo parses it and caps what costs gumbo time (150 KB of
 * crafted tags took gumbo 0.10.1 28 s), and the gumbo options it needs.
 */
#include "config.h"
#include "extract/defuse.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* How far down the open elements an end tag looks for its start tag. */
#define DEFUSE_SEARCH	128
/* defuse_page: formatting elements with attributes that may be active. */
#define DEFUSE_PAGE_FORMAT_ATTRS	8

static char	*defuse_run(const char *, size_t, size_t *, size_t, size_t);

/*
 * How it works. The pass follows the HTML tokenizer (comments, bogus
 * comments, tags and their attribute states, raw text elements) and
 * writes every tag back in one unambiguous spelling, so no '<' reaches
 * gumbo that this pass did not see as a tag. Along the way it drops
 * attributes past CAP_HTML_ATTRS; strips attributes from formatting
 * elements (b, i, em...), which keeps the HTML "Noah's Ark" clause
 * effective (with distinct attributes the list of active formatting
 * elements grows without bound and gumbo reopens all of it at every
 * step); keeps a model of gumbo's stack of open elements that errs on
 * the deep side and drops start tags past CAP_HTML_DEPTH; and, as the
 * backstop for input that outwits the model, drops tags past
 * CAP_HTML_TAGS (gumbo's time grows with tags times depth, which this
 * bounds). Later tags vanish, their text stays: text is never dropped.
 */

/* Tag classes, after the tree construction chapter of the HTML spec. */
enum {
	L_VOID = 1 << 0,	/* never has content */
	L_FREE = 1 << 1,	/* closed implicitly, never nests by itself */
	L_SPECIAL = 1 << 2,	/* "special" category */
	L_SCOPE = 1 << 3,	/* ends "has an element in scope" */
	L_FORMAT = 1 << 4,	/* formatting element */
	L_RAW = 1 << 5,		/* raw text content */
	L_RCDATA = 1 << 6,	/* raw text with character references */
	L_PRE = 1 << 7,		/* written as pre (xmp, plaintext) */
	L_POPS = 1 << 8,	/* its end tag pops all above it, in scope */
	L_MATHSVG = 1 << 9	/* special and scoping in MathML and SVG only */
};

#define LV	(L_VOID | L_SPECIAL)
#define LF	(L_FREE | L_SPECIAL)
#define LS	L_SPECIAL
#define LP	(L_SPECIAL | L_POPS)
#define LB	(L_SPECIAL | L_SCOPE)

static const uint16_t lex[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_AREA] = LV, [GUMBO_TAG_BASE] = LV,
	[GUMBO_TAG_BASEFONT] = LV, [GUMBO_TAG_BGSOUND] = LV,
	[GUMBO_TAG_BR] = LV, [GUMBO_TAG_COL] = LV, [GUMBO_TAG_EMBED] = LV,
	[GUMBO_TAG_FRAME] = LV, [GUMBO_TAG_HR] = LV, [GUMBO_TAG_IMG] = LV,
	[GUMBO_TAG_INPUT] = LV, [GUMBO_TAG_KEYGEN] = LV,
	[GUMBO_TAG_LINK] = LV, [GUMBO_TAG_META] = LV,
	[GUMBO_TAG_PARAM] = LV, [GUMBO_TAG_SOURCE] = LV,
	[GUMBO_TAG_TRACK] = LV, [GUMBO_TAG_WBR] = LV,
	[GUMBO_TAG_IMAGE] = L_VOID, [GUMBO_TAG_ISINDEX] = LV,

	/* li, dd and dt nest in each other: counted, see model_autoclose. */
	[GUMBO_TAG_LI] = LS, [GUMBO_TAG_DD] = LS, [GUMBO_TAG_DT] = LS,
	[GUMBO_TAG_P] = LF, [GUMBO_TAG_TR] = LF, [GUMBO_TAG_TBODY] = LF,
	[GUMBO_TAG_THEAD] = LF, [GUMBO_TAG_TFOOT] = LF,
	[GUMBO_TAG_COLGROUP] = LF, [GUMBO_TAG_HEAD] = LF,
	[GUMBO_TAG_BODY] = LF, [GUMBO_TAG_TD] = LF | L_SCOPE,
	[GUMBO_TAG_TH] = LF | L_SCOPE, [GUMBO_TAG_CAPTION] = LF | L_SCOPE,
	[GUMBO_TAG_HTML] = LF | L_SCOPE, [GUMBO_TAG_OPTION] = L_FREE,

	[GUMBO_TAG_ADDRESS] = LP, [GUMBO_TAG_ARTICLE] = LP,
	[GUMBO_TAG_ASIDE] = LP, [GUMBO_TAG_BLOCKQUOTE] = LP,
	[GUMBO_TAG_BUTTON] = LP, [GUMBO_TAG_CENTER] = LP,
	[GUMBO_TAG_DETAILS] = LP, [GUMBO_TAG_DIR] = LP, [GUMBO_TAG_DIV] = LP,
	[GUMBO_TAG_DL] = LP, [GUMBO_TAG_FIELDSET] = LP,
	[GUMBO_TAG_FIGCAPTION] = LP, [GUMBO_TAG_FIGURE] = LP,
	[GUMBO_TAG_FOOTER] = LP, [GUMBO_TAG_FORM] = LP,
	[GUMBO_TAG_FRAMESET] = LS, [GUMBO_TAG_H1] = LP, [GUMBO_TAG_H2] = LP,
	[GUMBO_TAG_H3] = LP, [GUMBO_TAG_H4] = LP, [GUMBO_TAG_H5] = LP,
	[GUMBO_TAG_H6] = LP, [GUMBO_TAG_HEADER] = LP, [GUMBO_TAG_HGROUP] = LP,
	[GUMBO_TAG_LISTING] = LP, [GUMBO_TAG_MAIN] = LP, [GUMBO_TAG_MENU] = LP,
	[GUMBO_TAG_NAV] = LP, [GUMBO_TAG_NOSCRIPT] = LS, [GUMBO_TAG_OL] = LP,
	[GUMBO_TAG_PRE] = LP, [GUMBO_TAG_SECTION] = LP,
	[GUMBO_TAG_SELECT] = LP, [GUMBO_TAG_SUMMARY] = LP,
	[GUMBO_TAG_UL] = LP,

	[GUMBO_TAG_APPLET] = LB | L_POPS, [GUMBO_TAG_MARQUEE] = LB | L_POPS,
	[GUMBO_TAG_OBJECT] = LB | L_POPS, [GUMBO_TAG_TABLE] = LB | L_POPS,
	[GUMBO_TAG_TEMPLATE] = LB | L_POPS,
	[GUMBO_TAG_MI] = LB | L_MATHSVG, [GUMBO_TAG_MO] = LB | L_MATHSVG,
	[GUMBO_TAG_MN] = LB | L_MATHSVG, [GUMBO_TAG_MS] = LB | L_MATHSVG,
	[GUMBO_TAG_MTEXT] = LB | L_MATHSVG,
	[GUMBO_TAG_ANNOTATION_XML] = LB | L_MATHSVG,
	[GUMBO_TAG_FOREIGNOBJECT] = LB | L_MATHSVG,
	[GUMBO_TAG_DESC] = LB | L_MATHSVG,

	[GUMBO_TAG_IFRAME] = LS | L_RAW, [GUMBO_TAG_NOEMBED] = LS | L_RAW,
	[GUMBO_TAG_NOFRAMES] = LS | L_RAW, [GUMBO_TAG_SCRIPT] = LS | L_RAW,
	[GUMBO_TAG_STYLE] = LS | L_RAW, [GUMBO_TAG_XMP] = LS | L_RAW | L_PRE,
	[GUMBO_TAG_PLAINTEXT] = LS | L_RAW | L_PRE,
	[GUMBO_TAG_TITLE] = LB | L_RCDATA, [GUMBO_TAG_TEXTAREA] = LS | L_RCDATA,

	[GUMBO_TAG_A] = L_FORMAT, [GUMBO_TAG_B] = L_FORMAT,
	[GUMBO_TAG_BIG] = L_FORMAT, [GUMBO_TAG_CODE] = L_FORMAT,
	[GUMBO_TAG_EM] = L_FORMAT, [GUMBO_TAG_FONT] = L_FORMAT,
	[GUMBO_TAG_I] = L_FORMAT, [GUMBO_TAG_NOBR] = L_FORMAT,
	[GUMBO_TAG_S] = L_FORMAT, [GUMBO_TAG_SMALL] = L_FORMAT,
	[GUMBO_TAG_STRIKE] = L_FORMAT, [GUMBO_TAG_STRONG] = L_FORMAT,
	[GUMBO_TAG_TT] = L_FORMAT, [GUMBO_TAG_U] = L_FORMAT
};

#undef LV
#undef LF
#undef LS
#undef LP
#undef LB

struct open_el {
	const char	*name;	/* into the input; compared for unknown tags */
	size_t		 len;
	GumboTag	 tag;
	bool		 attrs;	/* a formatting element kept its attributes */
};

struct tag {
	const char	*name;
	size_t		 len;
	GumboTag	 tag;
	bool		 selfclose;
};

struct lexer {
	const char	*s;
	size_t		 n;
	struct buf	*out;
	struct buf	 attrs;		/* canonical attributes of the last tag */
	struct open_el	 open[CAP_HTML_DEPTH];
	size_t		 nopen;
	size_t		 nforeign;	/* svg and math elements in open */
	size_t		 dropped;	/* start tags dropped and not yet closed */
	size_t		 ntags;		/* tags written */
	size_t		 max_tags;	/* CAP_HTML_TAGS, or the caller's */
	size_t		 max_fmt;	/* open formatting elements with attributes */
};

/* HTML white space (the tokenizer's tab, LF, FF, CR and space). */
static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Append to a buf that has no cap (see defuse_html). */
static void
emit(struct buf *b, const char *p, size_t n)
{
	enum err	 e;

	e = buf_addn(b, p, n);
	assert(e == ERR_OK);
	(void)e;
}

static void
emits(struct buf *b, const char *s)
{
	emit(b, s, strlen(s));
}

/* Text that gumbo must read as text: '<' always, '&' too when raw. */
static void
emit_text(struct buf *b, const char *p, size_t n, bool raw)
{
	size_t	 i, run = 0;

	for (i = 0; i < n; i++) {
		if (p[i] != '<' && (!raw || p[i] != '&'))
			continue;
		emit(b, p + run, i - run);
		emits(b, p[i] == '<' ? "&lt;" : "&amp;");
		run = i + 1;
	}
	emit(b, p + run, n - run);
}

/* One attribute in canonical spelling: name="value", '"' as &quot;. */
static void
emit_attr(struct buf *b, const char *name, size_t nlen, const char *val,
    size_t vlen, bool has_val)
{
	size_t	 i, run = 0;

	emits(b, " ");
	emit(b, name, nlen);
	if (!has_val)
		return;
	emits(b, "=\"");
	for (i = 0; i < vlen; i++) {
		if (val[i] != '"')
			continue;
		emit(b, val + run, i - run);
		emits(b, "&quot;");
		run = i + 1;
	}
	emit(b, val + run, vlen - run);
	emits(b, "\"");
}

/*
 * An attribute value at s[i], after the '=' and any white space: quoted,
 * or up to white space or '>'. Returns the index after it, or 0 when the
 * input ends first.
 */
static size_t
read_value(const char *s, size_t n, size_t i, const char **v, size_t *vlen)
{
	char	 q;

	if (i >= n)
		return 0;
	if (s[i] == '"' || s[i] == '\'') {
		q = s[i++];
		*v = s + i;
		while (i < n && s[i] != q)
			i++;
		if (i >= n)
			return 0;
		*vlen = (size_t)(s + i - *v);
		return i + 1;
	}
	*v = s + i;
	while (i < n && !is_ws(s[i]) && s[i] != '>')
		i++;
	*vlen = (size_t)(s + i - *v);
	return i;
}

/*
 * Read the tag at s[i] ('<' or "</" then a letter) through the tag name
 * and attribute states of the HTML tokenizer. Its attributes go to
 * lx->attrs in canonical form. Returns the index after the '>', or 0
 * when the input ends inside the tag (the tokenizer then drops it).
 */
static size_t
read_tag(struct lexer *lx, size_t i, struct tag *t)
{
	const char	*s = lx->s, *an, *av = NULL;
	size_t		 n = lx->n, alen, avlen = 0, nattr = 0;
	bool		 has_val;

	buf_reset(&lx->attrs);
	i += s[i + 1] == '/' ? 2 : 1;
	t->name = s + i;
	while (i < n && !is_ws(s[i]) && s[i] != '/' && s[i] != '>')
		i++;
	t->len = (size_t)(s + i - t->name);
	t->tag = gumbo_tagn_enum(t->name, (unsigned)t->len);
	t->selfclose = false;
	for (;;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			return 0;
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '/') {
			if (i + 1 < n && s[i + 1] == '>') {
				t->selfclose = true;
				return i + 2;
			}
			i++;
			continue;
		}
		/* Attribute name; a leading '=' belongs to it. */
		an = s + i++;
		while (i < n && !is_ws(s[i]) && s[i] != '/' && s[i] != '>' &&
		    s[i] != '=')
			i++;
		alen = (size_t)(s + i - an);
		while (i < n && is_ws(s[i]))
			i++;
		has_val = i < n && s[i] == '=';
		if (has_val) {
			for (i++; i < n && is_ws(s[i]); i++)
				;
			i = read_value(s, n, i, &av, &avlen);
			if (i == 0)
				return 0;
		}
		if (nattr++ < CAP_HTML_ATTRS)
			emit_attr(&lx->attrs, an, alen, av, avlen, has_val);
	}
}

static bool
same_el(const struct open_el *e, const struct tag *t)
{
	if (e->tag != t->tag)
		return false;
	return t->tag != GUMBO_TAG_UNKNOWN || (e->len == t->len &&
	    strncasecmp(e->name, t->name, t->len) == 0);
}

static bool
is_foreign_root(GumboTag tag)
{
	return tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH;
}

/* A start tag in the model of gumbo's open elements. */
static void
model_open(struct lexer *lx, const struct tag *t, bool attrs)
{
	lx->open[lx->nopen].name = t->name;
	lx->open[lx->nopen].len = t->len;
	lx->open[lx->nopen].attrs = attrs;
	lx->open[lx->nopen++].tag = t->tag;
	if (is_foreign_root(t->tag))
		lx->nforeign++;
}

/*
 * Whether a start or end tag counts in the model. Tags that close
 * themselves (p, li, td...) never nest in HTML, but do in SVG and MathML,
 * where every element stays open until its end tag.
 */
static bool
model_counts(const struct lexer *lx, GumboTag tag)
{
	unsigned	 f = lex[tag];

	return !(f & L_VOID) && (!(f & L_FREE) || lx->nforeign > 0);
}

/*
 * Close open[from] and what is above it, up to open[to - 1]. Formatting
 * elements above it stay: gumbo keeps them in its list of active
 * formatting elements and reopens them at the next text ("reconstruct
 * the active formatting elements"), unless open[from] put a marker in
 * that list (applet, object, marquee, template).
 */
static void
model_remove(struct lexer *lx, size_t from, size_t to)
{
	GumboTag tag = lx->open[from].tag;
	size_t	 r, w;
	bool	 marker = tag == GUMBO_TAG_APPLET || tag == GUMBO_TAG_OBJECT ||
	    tag == GUMBO_TAG_MARQUEE || tag == GUMBO_TAG_TEMPLATE;

	for (r = w = from; r < lx->nopen; r++) {
		if (r >= to || (r > from && !marker &&
		    (lex[lx->open[r].tag] & L_FORMAT)))
			lx->open[w++] = lx->open[r];
		else if (is_foreign_root(lx->open[r].tag))
			lx->nforeign--;
	}
	lx->nopen = w;
}

/*
 * The classes of an open element: mi, desc and the like are ordinary
 * HTML elements unless svg or math may be open.
 */
static unsigned
open_flags(const struct lexer *lx, GumboTag tag)
{
	unsigned	 f = lex[tag];

	if ((f & L_MATHSVG) && lx->nforeign == 0)
		f &= ~(L_SPECIAL | L_SCOPE);
	return f;
}

/*
 * An end tag in the model. The model may keep elements gumbo has closed
 * (it errs on the deep side) but never closes one gumbo keeps: an end tag
 * pops only when the HTML "any other end tag", "in scope" and adoption
 * agency steps would pop as much. </form> removes the form element only.
 */
static void
model_close(struct lexer *lx, const struct tag *t)
{
	const struct open_el *e;
	size_t		 k, look;

	for (k = lx->nopen, look = 0; k > 0 && look < DEFUSE_SEARCH;
	    k--, look++) {
		e = &lx->open[k - 1];
		if (same_el(e, t))
			break;
		if (open_flags(lx, e->tag) & L_SCOPE)
			return;
		if ((open_flags(lx, e->tag) & L_SPECIAL) &&
		    !(lex[t->tag] & L_POPS))
			return;
	}
	if (k == 0 || look == DEFUSE_SEARCH)
		return;
	if (t->tag == GUMBO_TAG_FORM)
		model_remove(lx, k - 1, k);
	else
		model_remove(lx, k - 1, lx->nopen);
}

/*
 * A start tag li, dd or dt closes an open one of its kind unless a
 * special element other than address, div and p is in between (HTML
 * "in body": start tag li; start tag dd, dt).
 */
static void
model_autoclose(struct lexer *lx, GumboTag tag)
{
	const struct open_el *e;
	size_t		 k, look;

	for (k = lx->nopen, look = 0; k > 0 && look < DEFUSE_SEARCH;
	    k--, look++) {
		e = &lx->open[k - 1];
		if (tag == GUMBO_TAG_LI ? e->tag == GUMBO_TAG_LI :
		    e->tag == GUMBO_TAG_DD || e->tag == GUMBO_TAG_DT) {
			model_remove(lx, k - 1, lx->nopen);
			return;
		}
		if ((open_flags(lx, e->tag) & L_SPECIAL) &&
		    e->tag != GUMBO_TAG_ADDRESS && e->tag != GUMBO_TAG_DIV &&
		    e->tag != GUMBO_TAG_P)
			return;
	}
}

static void
emit_end(struct lexer *lx, const struct tag *t)
{
	emits(lx->out, "</");
	if (lex[t->tag] & L_PRE)
		emits(lx->out, "pre");
	else
		emit(lx->out, t->name, t->len);
	emits(lx->out, ">");
}

/* An end tag: keep it unless it closes a start tag we dropped. */
static void
end_tag(struct lexer *lx, const struct tag *t)
{
	if (lx->ntags >= lx->max_tags)
		return;
	lx->ntags++;
	if (model_counts(lx, t->tag)) {
		if (lx->dropped > 0) {
			lx->dropped--;
			return;
		}
		model_close(lx, t);
	}
	emit_end(lx, t);
}

/*
 * The content of a raw text element up to its end tag, written as
 * escaped text, then that end tag. Returns the index after it.
 */
static size_t
raw_text(struct lexer *lx, size_t i, const struct tag *st)
{
	const char	*s = lx->s, *p;
	size_t		 n = lx->n, j = i, e;
	struct tag	 t;

	if (st->tag == GUMBO_TAG_PLAINTEXT)
		j = n;
	for (; j < n; j++) {
		p = memchr(s + j, '<', n - j);
		if (p == NULL) {
			j = n;
			break;
		}
		j = (size_t)(p - s);
		if (j + 2 + st->len <= n && s[j + 1] == '/' &&
		    strncasecmp(s + j + 2, st->name, st->len) == 0 &&
		    (j + 2 + st->len == n || is_ws(s[j + 2 + st->len]) ||
		    s[j + 2 + st->len] == '/' || s[j + 2 + st->len] == '>'))
			break;
	}
	emit_text(lx->out, s + i, j - i, !(lex[st->tag] & L_RCDATA));
	if (j >= n)
		return n;
	e = read_tag(lx, j, &t);
	if (e == 0)
		return n;
	end_tag(lx, &t);
	return e;
}

/* A start tag at s[i]; returns the index after it (and any raw text). */
static size_t
start_tag(struct lexer *lx, size_t i)
{
	struct tag	 t;
	size_t		 e, k, nfmt;
	unsigned	 f;
	bool		 raw, counted, keep;

	e = read_tag(lx, i, &t);
	if (e == 0)
		return lx->n;
	f = lex[t.tag];
	raw = (f & (L_RAW | L_RCDATA)) != 0;
	counted = model_counts(lx, t.tag) && (raw || !t.selfclose);
	if (lx->ntags >= lx->max_tags)
		return raw ? raw_text(lx, e, &t) : e;
	lx->ntags++;
	if (t.tag == GUMBO_TAG_LI || t.tag == GUMBO_TAG_DD ||
	    t.tag == GUMBO_TAG_DT)
		model_autoclose(lx, t.tag);
	if (counted && lx->nopen == CAP_HTML_DEPTH) {
		lx->dropped++;
		return raw ? raw_text(lx, e, &t) : e;
	}
	/*
	 * defuse_page: formatting elements keep their attributes while
	 * fewer than max_fmt of those that did may be active (the model
	 * holds them until their own end tag), so the list stays short.
	 */
	keep = !defuse_strips_attrs(t.tag);
	if (!keep && counted && lx->max_fmt > 0 && lx->attrs.len > 0) {
		for (k = 0, nfmt = 0; k < lx->nopen; k++)
			nfmt += lx->open[k].attrs;
		keep = nfmt < lx->max_fmt;
	}
	if (counted)
		model_open(lx, &t, keep && defuse_strips_attrs(t.tag));
	emits(lx->out, "<");
	if (f & L_PRE)
		emits(lx->out, "pre");
	else
		emit(lx->out, t.name, t.len);
	if (keep)
		emit(lx->out, buf_str(&lx->attrs), lx->attrs.len);
	if (f & L_VOID)
		emits(lx->out, "/>");
	else
		emits(lx->out, ">");
	if (raw)
		return raw_text(lx, e, &t);
	if (t.selfclose && !(f & L_VOID))
		emit_end(lx, &t);
	return e;
}

/* See defuse.h. */
size_t
defuse_comment_end(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '>')
		return i + 1;
	if (i + 1 < n && s[i] == '-' && s[i + 1] == '>')
		return i + 2;
	for (; i + 2 < n; i++) {
		if (s[i] != '-' || s[i + 1] != '-')
			continue;
		if (s[i + 2] == '>')
			return i + 3;
		if (i + 3 < n && s[i + 2] == '!' && s[i + 3] == '>')
			return i + 4;
	}
	return n;
}

/* See defuse.h. */
bool
defuse_strips_attrs(GumboTag tag)
{
	return (lex[tag] & L_FORMAT) && tag != GUMBO_TAG_A;
}

/* The index after the next '>' from i (a bogus comment or doctype). */
static size_t
skip_bogus(const struct lexer *lx, size_t i)
{
	const char	*p;

	p = i < lx->n ? memchr(lx->s + i, '>', lx->n - i) : NULL;
	return p != NULL ? (size_t)(p - lx->s) + 1 : lx->n;
}

/* Markup at s[i] == '<'; returns the index after it. */
static size_t
markup(struct lexer *lx, size_t i)
{
	const char	*s = lx->s, *p;
	size_t		 n = lx->n;
	struct tag	 t;
	size_t		 e;
	char		 c = i + 1 < n ? s[i + 1] : '\0';

	if (text_is_alpha(c))
		return start_tag(lx, i);
	if (c == '/' && i + 2 < n && text_is_alpha(s[i + 2])) {
		e = read_tag(lx, i, &t);
		if (e == 0)
			return n;
		end_tag(lx, &t);
		return e;
	}
	if (c == '/' && i + 2 < n)
		return s[i + 2] == '>' ? i + 3 : skip_bogus(lx, i + 2);
	if (c == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-')
		return defuse_comment_end(s, n, i + 4);
	if (c == '!' && n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		/* Feed content means CDATA sections as text (XML rules). */
		p = memmem(s + i + 9, n - i - 9, "]]>", 3);
		if (p != NULL) {
			emit_text(lx->out, s + i + 9, (size_t)(p - s) - i - 9,
			    true);
			return (size_t)(p - s) + 3;
		}
	}
	if (c == '!' || c == '?')
		return skip_bogus(lx, i + 2);
	emits(lx->out, "&lt;");
	return i + 1;
}

static bool
is_control(const char *s, size_t i, size_t n)
{
	unsigned char	 c = (unsigned char)s[i];

	if (c < 0x20)
		return c != '\t' && c != '\n' && c != '\f' && c != '\r';
	if (c == 0x7f)
		return true;
	/* C1 controls, U+0080 to U+009F, as UTF-8. */
	return c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9f;
}

/*
 * A copy of s without control characters, or NULL when it has none.
 * Gumbo would turn each into U+FFFD; we drop them, as text_clean does.
 */
static char *
drop_controls(const char *s, size_t *n)
{
	char	*d;
	size_t	 i, o = 0;

	for (i = 0; i < *n && !is_control(s, i, *n); i++)
		;
	if (i == *n)
		return NULL;
	d = xmalloc(*n + 1);
	for (i = 0; i < *n; i++) {
		if (!is_control(s, i, *n))
			d[o++] = s[i];
		else if (s[i] == '\xc2')
			i++;
	}
	d[o] = '\0';
	*n = o;
	return d;
}

/* See defuse.h; the caller frees the result. */
char *
defuse_html(const char *html, size_t len, size_t *outlen)
{
	return defuse_run(html, len, outlen, CAP_HTML_TAGS, 0);
}

/* See defuse.h; the caller frees the result. */
char *
defuse_page(const char *html, size_t len, size_t *outlen)
{
	return defuse_run(html, len, outlen, CAP_PAGE_TAGS,
	    DEFUSE_PAGE_FORMAT_ATTRS);
}

static char *
defuse_run(const char *html, size_t len, size_t *outlen, size_t max_tags,
    size_t max_fmt)
{
	struct lexer	*lx;
	struct buf	 out;
	const char	*s = html, *p;
	char		*copy;
	size_t		 n = len, i = 0, j;

	copy = drop_controls(s, &n);
	if (copy != NULL)
		s = copy;
	/* No cap: the output is at most six times n ('"' to &quot;). */
	buf_init(&out, SIZE_MAX / 2);
	lx = xcalloc(1, sizeof(*lx));
	lx->s = s;
	lx->n = n;
	lx->out = &out;
	lx->max_tags = max_tags;
	lx->max_fmt = max_fmt;
	buf_init(&lx->attrs, SIZE_MAX / 2);
	while (i < n) {
		p = memchr(s + i, '<', n - i);
		j = p != NULL ? (size_t)(p - s) : n;
		emit(&out, s + i, j - i);
		if (p == NULL)
			break;
		i = markup(lx, j);
	}
	buf_cleanup(&lx->attrs);
	free(lx);
	free(copy);
	return buf_take(&out, outlen);
}

/*
 * Gumbo's allocator. Zeroed memory, because gumbo 0.10.1 reads parser
 * state it never initialized (valgrind shows it on any table), and no
 * NULL, because gumbo does not check for it.
 */
static void *
gumbo_zalloc(void *unused, size_t size)
{
	(void)unused;
	return xcalloc(1, size);
}

static void
gumbo_free(void *unused, void *p)
{
	(void)unused;
	free(p);
}

/* See defuse.h. */
void
defuse_gumbo_options(GumboOptions *opt)
{
	*opt = kGumboDefaultOptions;
	opt->allocator = gumbo_zalloc;
	opt->deallocator = gumbo_free;
	/* Gumbo copies the stack into every error: quadratic memory. */
	opt->max_errors = 0;
}
