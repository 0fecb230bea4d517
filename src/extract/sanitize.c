/* SPDX-License-Identifier: MIT */
/*
 * The HTML allowlist sanitizer and HTML to plain text, on gumbo's HTML5
 * tree. Surprise: gumbo 0.10.1 is quadratic or worse in nesting and in
 * attributes, so the input first goes through the defuse pass (defuse.c),
 * which rewrites it in a spelling gumbo reads exactly as we do and caps
 * what costs time.
 */
#include "config.h"
#include "extract/sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "extract/defuse.h"
#include "extract/sanitize_fast.h"
#include "extract/sanitize_reparse.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

/* Content stops here, leaving room in CAP_HTML to close the elements. */
#define HTML_SOFT_CAP	(CAP_HTML - CAP_HTML_DEPTH * 16)
/* Inputs up to this long have their output's room made at once. */
#define RESERVE_MAX	(CAP_HTML / 16)
/* Image URLs remembered to skip noscript copies of lazy images. */
#define RECENT_IMGS	8
#define SCHEME_MAX	15

/*
 * Part 1: the parse. Gumbo reads the defused input as a fragment in a
 * div; the character helpers serve the parts below.
 */

/* HTML white space (the tokenizer's tab, LF, FF, CR and space). */
static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * A parsed fragment: the fast path's tree (sanitize_fast.c) when the
 * input is simple enough, else gumbo's; the defused text must outlive
 * gumbo's tree.
 */
struct tree {
	GumboOptions	 opt;
	GumboOutput	*out;
	char		*canon;
	struct fast_tree *fast;
	const GumboNode	*root;	/* the element holding the fragment */
};

static void	(*observer)(void *, const char *, const char *, bool);
static void	*observer_ctx;

/* False when parser is SANITIZE_FAST and the fast path declines. */
static bool
tree_parse(struct tree *t, const char *html, size_t n,
    enum sanitize_parser parser)
{
	memset(t, 0, sizeof(*t));
	if (parser != SANITIZE_GUMBO) {
		t->root = fast_tree_parse(html, n, &t->fast);
		if (t->root != NULL || parser == SANITIZE_FAST)
			return t->root != NULL;
	}
	t->canon = defuse_html(html, n, &n);
	defuse_gumbo_options(&t->opt);
	t->opt.fragment_context = GUMBO_TAG_DIV;
	t->out = gumbo_parse_with_options(&t->opt, t->canon, n);
	t->root = t->out->root;
	return true;
}

static void
tree_free(struct tree *t)
{
	if (t->out != NULL)
		gumbo_destroy_output(&t->opt, t->out);
	free(t->canon);
	fast_tree_free(t->fast);
}

/*
 * Part 2: element and attribute tables for the serializer.
 */

enum akind {
	A_TEXT,		/* kept as is */
	A_URL,		/* checked and resolved */
	A_INT,		/* digits (an optional "px" dropped) */
	A_SINT,		/* digits with an optional sign */
	A_BOOL,		/* written without a value */
	A_DIR		/* ltr, rtl or auto */
};

struct attr {
	const char	*name;
	enum akind	 kind;
};

enum {
	T_KEEP = 1 << 0,	/* serialize it */
	T_DIV = 1 << 1,		/* serialize it as div (block containers) */
	T_DROP = 1 << 2,	/* drop it with its content */
	T_VOID = 1 << 3,	/* no end tag */
	T_BLOCK = 1 << 4,	/* a word boundary in plain text */
	T_EMPTY_OK = 1 << 5	/* kept even with no content */
};

struct elem {
	unsigned		 flags;
	const struct attr	*attrs;	/* allowed, in output order */
};

static const struct attr at_none[] = { { NULL, A_TEXT } };
static const struct attr at_a[] = { { "title", A_TEXT }, { NULL, A_TEXT } };
static const struct attr at_img[] = {
	{ "sizes", A_TEXT }, { "alt", A_TEXT }, { "title", A_TEXT },
	{ "width", A_INT }, { "height", A_INT }, { NULL, A_TEXT }
};
static const struct attr at_source[] = {
	{ "sizes", A_TEXT }, { "type", A_TEXT }, { "media", A_TEXT },
	{ NULL, A_TEXT }
};
static const struct attr at_video[] = {
	{ "src", A_URL }, { "poster", A_URL }, { "controls", A_BOOL },
	{ "width", A_INT }, { "height", A_INT }, { NULL, A_TEXT }
};
static const struct attr at_audio[] = {
	{ "src", A_URL }, { "controls", A_BOOL }, { NULL, A_TEXT }
};
static const struct attr at_track[] = {
	{ "kind", A_TEXT }, { "srclang", A_TEXT }, { "label", A_TEXT },
	{ NULL, A_TEXT }
};
static const struct attr at_iframe[] = {
	{ "width", A_INT }, { "height", A_INT }, { "allowfullscreen", A_BOOL },
	{ NULL, A_TEXT }
};
static const struct attr at_cell[] = {
	{ "colspan", A_INT }, { "rowspan", A_INT }, { "headers", A_TEXT },
	{ "scope", A_TEXT }, { NULL, A_TEXT }
};
static const struct attr at_ol[] = {
	{ "start", A_SINT }, { "reversed", A_BOOL }, { "type", A_TEXT },
	{ NULL, A_TEXT }
};
static const struct attr at_li[] = { { "value", A_SINT }, { NULL, A_TEXT } };
static const struct attr at_time[] = {
	{ "datetime", A_TEXT }, { NULL, A_TEXT }
};
static const struct attr at_cite[] = { { "cite", A_URL }, { NULL, A_TEXT } };
static const struct attr at_edit[] = {
	{ "cite", A_URL }, { "datetime", A_TEXT }, { NULL, A_TEXT }
};
static const struct attr at_title[] = {
	{ "title", A_TEXT }, { NULL, A_TEXT }
};
/* Allowed on every kept element, after its own. */
static const struct attr at_global[] = {
	{ "lang", A_TEXT }, { "dir", A_DIR }, { NULL, A_TEXT }
};

#define K	T_KEEP
#define KB	(T_KEEP | T_BLOCK)
#define DB	(T_DIV | T_BLOCK)
#define X	T_DROP

static const struct elem elems[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_A] = { K, at_a },
	[GUMBO_TAG_ABBR] = { K, at_title },
	[GUMBO_TAG_AUDIO] = { K | T_EMPTY_OK, at_audio },
	[GUMBO_TAG_B] = { K, at_none },
	[GUMBO_TAG_BLOCKQUOTE] = { KB, at_cite },
	[GUMBO_TAG_BR] = { KB | T_VOID, at_none },
	[GUMBO_TAG_CAPTION] = { KB, at_none },
	[GUMBO_TAG_CITE] = { K, at_none },
	[GUMBO_TAG_CODE] = { K, at_none },
	[GUMBO_TAG_DD] = { KB, at_none },
	[GUMBO_TAG_DEL] = { K, at_edit },
	[GUMBO_TAG_DETAILS] = { KB, at_none },
	[GUMBO_TAG_DFN] = { K, at_title },
	[GUMBO_TAG_DIV] = { KB, at_none },
	[GUMBO_TAG_DL] = { KB, at_none },
	[GUMBO_TAG_DT] = { KB, at_none },
	[GUMBO_TAG_EM] = { K, at_none },
	[GUMBO_TAG_FIGCAPTION] = { KB, at_none },
	[GUMBO_TAG_FIGURE] = { KB, at_none },
	[GUMBO_TAG_H1] = { KB, at_none },
	[GUMBO_TAG_H2] = { KB, at_none },
	[GUMBO_TAG_H3] = { KB, at_none },
	[GUMBO_TAG_H4] = { KB, at_none },
	[GUMBO_TAG_H5] = { KB, at_none },
	[GUMBO_TAG_H6] = { KB, at_none },
	[GUMBO_TAG_HR] = { KB | T_VOID, at_none },
	[GUMBO_TAG_I] = { K, at_none },
	[GUMBO_TAG_IFRAME] = { K | T_EMPTY_OK, at_iframe },
	[GUMBO_TAG_IMG] = { K | T_VOID, at_img },
	[GUMBO_TAG_INS] = { K, at_edit },
	[GUMBO_TAG_KBD] = { K, at_none },
	[GUMBO_TAG_LI] = { KB, at_li },
	[GUMBO_TAG_MARK] = { K, at_none },
	[GUMBO_TAG_OL] = { KB, at_ol },
	[GUMBO_TAG_P] = { KB, at_none },
	[GUMBO_TAG_PRE] = { KB, at_none },
	[GUMBO_TAG_Q] = { K, at_cite },
	[GUMBO_TAG_RP] = { K, at_none },
	[GUMBO_TAG_RT] = { K, at_none },
	[GUMBO_TAG_RUBY] = { K, at_none },
	[GUMBO_TAG_S] = { K, at_none },
	[GUMBO_TAG_SAMP] = { K, at_none },
	[GUMBO_TAG_SMALL] = { K, at_none },
	[GUMBO_TAG_SOURCE] = { K | T_VOID, at_source },
	[GUMBO_TAG_SPAN] = { K, at_none },
	[GUMBO_TAG_STRONG] = { K, at_none },
	[GUMBO_TAG_SUB] = { K, at_none },
	[GUMBO_TAG_SUMMARY] = { KB, at_none },
	[GUMBO_TAG_SUP] = { K, at_none },
	[GUMBO_TAG_TABLE] = { KB, at_none },
	[GUMBO_TAG_TBODY] = { KB, at_none },
	[GUMBO_TAG_TD] = { KB | T_EMPTY_OK, at_cell },
	[GUMBO_TAG_TFOOT] = { KB, at_none },
	[GUMBO_TAG_TH] = { KB | T_EMPTY_OK, at_cell },
	[GUMBO_TAG_THEAD] = { KB, at_none },
	[GUMBO_TAG_TIME] = { K, at_time },
	[GUMBO_TAG_TR] = { KB, at_none },
	[GUMBO_TAG_TRACK] = { K | T_VOID, at_track },
	[GUMBO_TAG_U] = { K, at_none },
	[GUMBO_TAG_UL] = { KB, at_none },
	[GUMBO_TAG_VAR] = { K, at_none },
	[GUMBO_TAG_VIDEO] = { K | T_EMPTY_OK, at_video },
	[GUMBO_TAG_WBR] = { K | T_VOID, at_none },

	[GUMBO_TAG_ADDRESS] = { DB, at_none },
	[GUMBO_TAG_ARTICLE] = { DB, at_none },
	[GUMBO_TAG_ASIDE] = { DB, at_none },
	[GUMBO_TAG_CENTER] = { DB, at_none },
	[GUMBO_TAG_DIR] = { DB, at_none },
	[GUMBO_TAG_FIELDSET] = { DB, at_none },
	[GUMBO_TAG_FOOTER] = { DB, at_none },
	[GUMBO_TAG_FORM] = { DB, at_none },
	[GUMBO_TAG_HEADER] = { DB, at_none },
	[GUMBO_TAG_HGROUP] = { DB, at_none },
	[GUMBO_TAG_LEGEND] = { DB, at_none },
	[GUMBO_TAG_LISTING] = { DB, at_none },
	[GUMBO_TAG_MAIN] = { DB, at_none },
	[GUMBO_TAG_MENU] = { DB, at_none },
	[GUMBO_TAG_NAV] = { DB, at_none },
	[GUMBO_TAG_SECTION] = { DB, at_none },

	/* Plugins go; their fallback content, shown without them, stays. */
	[GUMBO_TAG_APPLET] = { 0, NULL }, [GUMBO_TAG_OBJECT] = { 0, NULL },

	[GUMBO_TAG_AREA] = { X, NULL },
	[GUMBO_TAG_BASE] = { X, NULL }, [GUMBO_TAG_BASEFONT] = { X, NULL },
	[GUMBO_TAG_BGSOUND] = { X, NULL }, [GUMBO_TAG_BUTTON] = { X, NULL },
	[GUMBO_TAG_COL] = { X, NULL }, [GUMBO_TAG_COLGROUP] = { X, NULL },
	[GUMBO_TAG_DATALIST] = { X, NULL }, [GUMBO_TAG_EMBED] = { X, NULL },
	[GUMBO_TAG_FRAME] = { X, NULL }, [GUMBO_TAG_FRAMESET] = { X, NULL },
	[GUMBO_TAG_HEAD] = { X, NULL }, [GUMBO_TAG_INPUT] = { X, NULL },
	[GUMBO_TAG_ISINDEX] = { X, NULL }, [GUMBO_TAG_KEYGEN] = { X, NULL },
	[GUMBO_TAG_LINK] = { X, NULL }, [GUMBO_TAG_MATH] = { X, NULL },
	[GUMBO_TAG_MENUITEM] = { X, NULL }, [GUMBO_TAG_META] = { X, NULL },
	[GUMBO_TAG_NOEMBED] = { X, NULL }, [GUMBO_TAG_NOFRAMES] = { X, NULL },
	[GUMBO_TAG_OPTGROUP] = { X, NULL },
	[GUMBO_TAG_OPTION] = { X, NULL }, [GUMBO_TAG_PARAM] = { X, NULL },
	[GUMBO_TAG_SCRIPT] = { X, NULL }, [GUMBO_TAG_SELECT] = { X, NULL },
	[GUMBO_TAG_STYLE] = { X, NULL }, [GUMBO_TAG_SVG] = { X, NULL },
	[GUMBO_TAG_TEMPLATE] = { X, NULL }, [GUMBO_TAG_TEXTAREA] = { X, NULL },
	[GUMBO_TAG_TITLE] = { X, NULL }
};

#undef K
#undef KB
#undef DB
#undef X

/*
 * Part 3: plain text. Text is gathered with white space collapsed as it
 * goes, and the tree is walked without recursion (through parent links),
 * so any depth is fine.
 */

struct textout {
	struct buf	 b;
	size_t		 max;	/* the cap of b */
	bool		 space;	/* a space is due before the next character */
	bool		 full;	/* the cap was reached */
};

static void
text_init(struct textout *t, size_t max)
{
	buf_init(&t->b, max);
	t->max = max;
	t->space = false;
	t->full = false;
}

/* Append n bytes: one character, or a run of ASCII that may be cut. */
static void
text_put(struct textout *t, const char *p, size_t n)
{
	if (t->full)
		return;
	if (t->space) {
		if (buf_addc(&t->b, ' ') != ERR_OK) {
			t->full = true;
			return;
		}
		t->space = false;
	}
	if (n > t->max - t->b.len) {
		n = (unsigned char)*p < 0x80 ? t->max - t->b.len : 0;
		t->full = true;
	}
	if (buf_addn(&t->b, p, n) != ERR_OK)
		t->full = true;
}

static void
text_break(struct textout *t)
{
	if (t->b.len > 0)
		t->space = true;
}

/*
 * Append text: runs of white space (and U+00A0) become one space,
 * characters XML 1.0 forbids are dropped, invalid UTF-8 becomes U+FFFD.
 */
static void
text_add(struct textout *t, const char *s, size_t n)
{
	size_t		 i = 0, run, k;
	uint32_t	 cp;
	unsigned char	 c;

	while (i < n && !t->full) {
		/*
		 * A run of printable ASCII, lone spaces inside it included:
		 * such a space is the one text_break() would have text_put()
		 * write there, and text_put() cuts the run where it would
		 * have cut the space and the word after it.
		 */
		run = i;
		for (;;) {
			i += text_span(s + i, n - i, 0x21, 0x7e, 0, 0);
			if (i == run || i + 1 >= n || s[i] != ' ' ||
			    (unsigned char)s[i + 1] <= 0x20 ||
			    (unsigned char)s[i + 1] >= 0x7f)
				break;
			i++;
		}
		if (i > run) {
			text_put(t, s + run, i - run);
			continue;
		}
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (is_ws(c))
				text_break(t);
			i++;
			continue;
		}
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			text_put(t, "\xef\xbf\xbd", 3);
			i++;
		} else if (cp == 0xa0) {
			text_break(t);
			i += k;
		} else {
			if (text_char_ok(cp))
				text_put(t, s + i, k);
			i += k;
		}
	}
}

static const GumboVector *
kids(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
		return &n->v.element.children;
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	return NULL;
}

static const GumboNode *
next_sibling(const GumboNode *n)
{
	const GumboVector *v;
	size_t		 i;
	int		 k;

	if (n->parent == NULL)
		return NULL;
	v = kids(n->parent);
	i = n->index_within_parent;
	if (i >= v->length || v->data[i] != n) {
		k = gumbo_vector_index_of((GumboVector *)v, n);
		if (k < 0)
			return NULL;
		i = (size_t)k;
	}
	return i + 1 < v->length ? v->data[i + 1] : NULL;
}

/* Visit n on the way down; true when its children are to be visited. */
static bool
text_enter(struct textout *t, const GumboNode *n)
{
	const GumboElement *el;

	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA:
		text_add(t, n->v.text.text, strlen(n->v.text.text));
		return false;
	case GUMBO_NODE_ELEMENT:
		el = &n->v.element;
		if (el->tag_namespace != GUMBO_NAMESPACE_HTML ||
		    (elems[el->tag].flags & T_DROP) ||
		    el->tag == GUMBO_TAG_IFRAME || el->tag == GUMBO_TAG_NOSCRIPT)
			return false;
		if (elems[el->tag].flags & T_BLOCK)
			text_break(t);
		return el->children.length > 0;
	default:
		return false;
	}
}

/* The text of the tree under root, appended to t. */
static void
text_walk(struct textout *t, const GumboNode *root)
{
	const GumboNode *n = root, *sib;

	for (;;) {
		if (text_enter(t, n)) {
			n = kids(n)->data[0];
			continue;
		}
		for (;;) {
			if (n->type == GUMBO_NODE_ELEMENT &&
			    (elems[n->v.element.tag].flags & T_BLOCK))
				text_break(t);
			if (n == root)
				return;
			sib = next_sibling(n);
			if (sib != NULL) {
				n = sib;
				break;
			}
			n = n->parent;
			if (n == NULL)
				return;
		}
	}
}

static char *
text_take(struct textout *t)
{
	if (t->b.len > 0 && buf_str(&t->b)[t->b.len - 1] == ' ')
		buf_truncate(&t->b, t->b.len - 1);
	if (t->b.len == 0) {
		buf_cleanup(&t->b);
		return NULL;
	}
	return buf_take(&t->b, NULL);
}

/*
 * Part 4: URLs. A URL attribute survives only with an allowed scheme,
 * read the way a browser reads it (white space and control characters
 * inside are ignored, so "jav&#x09;ascript:" is javascript:).
 */

static const char *const url_schemes[] = {
	"http", "https", "mailto", "tel", "ftp", NULL
};

static const char *const iframe_hosts[] = {
	"www.youtube.com", "youtube.com", "www.youtube-nocookie.com",
	"player.vimeo.com", "www.dailymotion.com", "player.twitch.tv",
	"w.soundcloud.com", "open.spotify.com", "bandcamp.com",
	"embed.ted.com", NULL
};

/* Substrings of image URLs that are lazy-loading stand-ins. */
static const char *const placeholders[] = {
	"blank.gif", "blank.png", "spacer.gif", "pixel.gif", "pixel.png",
	"transparent.gif", "transparent.png", "1x1.gif", "1x1.png",
	"placeholder", NULL
};

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/*
 * The scheme of URL s, lowercased into sch, or false for a relative URL.
 * A scheme too long to be one we allow comes back as "".
 */
static bool
url_scheme(const char *s, char sch[SCHEME_MAX + 1])
{
	size_t		 n = 0;
	unsigned char	 c;

	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c <= 0x20 || c == 0x7f)
			continue;
		if (c == ':') {
			sch[n <= SCHEME_MAX ? n : 0] = '\0';
			return n > 0;
		}
		if (!text_is_alpha(c) && (n == 0 || (!text_is_digit(c) && c != '+' &&
		    c != '-' && c != '.')))
			return false;
		if (n < SCHEME_MAX)
			sch[n] = (char)to_lower(c);
		n++;
	}
	return false;
}

/* s without surrounding white space and without controls inside. */
static char *
strip_controls(const char *s, size_t max)
{
	struct buf	 b;
	const char	*end;
	size_t		 run;

	while (*s != '\0' && (unsigned char)*s <= 0x20)
		s++;
	end = s + strlen(s);
	while (end > s && (unsigned char)end[-1] <= 0x20)
		end--;
	buf_init(&b, max);
	while (s < end) {
		for (run = 0; s + run < end && (unsigned char)s[run] >= 0x20 &&
		    s[run] != 0x7f; run++)
			;
		if (buf_addn(&b, s, run) != ERR_OK) {
			buf_cleanup(&b);
			return NULL;
		}
		s += run;
		if (s < end)
			s++;
	}
	return buf_take(&b, NULL);
}

/* data:image/{png,gif,jpeg,webp} only: no SVG, which can carry script. */
static char *
data_image(const char *s)
{
	static const char *const types[] = {
		"image/png", "image/gif", "image/jpeg", "image/webp", NULL
	};
	const char *const *t;
	char		*u, *p;
	size_t		 n;

	u = strip_controls(s, CAP_DATA_URL);
	if (u == NULL)
		return NULL;
	if (text_istarts(u, "data:")) {
		p = u + 5;
		for (t = types; *t != NULL; t++) {
			n = strlen(*t);
			if (strncasecmp(p, *t, n) == 0 &&
			    (p[n] == ';' || p[n] == ','))
				return u;
		}
	}
	free(u);
	return NULL;
}

/*
 * A safe, absolute (when base is known) form of URL s, or NULL to drop
 * it. data_ok admits data:image URLs (img src only).
 */
static char *
clean_url(const char *base, const char *s, bool data_ok)
{
	char	 sch[SCHEME_MAX + 1], *u;

	if (url_scheme(s, sch)) {
		if (strcmp(sch, "data") == 0)
			return data_ok ? data_image(s) : NULL;
		if (!in_list(url_schemes, sch))
			return NULL;
		u = uri_resolve(NULL, s);
	} else if (base != NULL)
		u = uri_resolve(base, s);
	else
		u = strip_controls(s, CAP_URL);
	if (u != NULL && (*u == '\0' || (url_scheme(u, sch) &&
	    !in_list(url_schemes, sch)))) {
		free(u);
		u = NULL;
	}
	return u;
}

/* A srcset descriptor: "2x", "1.5x", "640w". */
static bool
srcset_desc_ok(const char *p, size_t n)
{
	size_t	 i;

	if (n < 2 || (p[n - 1] != 'w' && p[n - 1] != 'x' && p[n - 1] != 'h'))
		return false;
	for (i = 0; i + 1 < n; i++)
		if (!text_is_digit(p[i]) && p[i] != '.')
			return false;
	return true;
}

/*
 * The srcset candidate at s (HTML "parse a srcset attribute"): its URL
 * in *u and *un, its descriptor in *d and *dn. Returns where the next
 * one starts, or NULL at the end.
 */
static const char *
srcset_next(const char *s, const char **u, size_t *un, const char **d,
    size_t *dn)
{
	while (is_ws(*s) || *s == ',')
		s++;
	if (*s == '\0')
		return NULL;
	*u = s;
	while (*s != '\0' && !is_ws(*s))
		s++;
	*un = (size_t)(s - *u);
	*d = s;
	*dn = 0;
	if (s[-1] == ',') {
		/* "a.jpg," has no descriptor. */
		while (*un > 0 && (*u)[*un - 1] == ',')
			(*un)--;
		return s;
	}
	while (is_ws(*s))
		s++;
	*d = s;
	while (*s != '\0' && *s != ',')
		s++;
	*dn = (size_t)(s - *d);
	while (*dn > 0 && is_ws((*d)[*dn - 1]))
		(*dn)--;
	return s;
}

/*
 * A srcset with every candidate URL cleaned and resolved, written back as
 * "url 2x, url2 640w"; candidates with bad URLs or descriptors are left
 * out. NULL when none is left.
 */
static char *
clean_srcset(const char *base, const char *s)
{
	struct buf	 b;
	const char	*u0, *d0;
	char		*raw, *u;
	size_t		 un, dn, mark;
	enum err	 e;

	buf_init(&b, CAP_TEXT);
	for (;;) {
		s = srcset_next(s, &u0, &un, &d0, &dn);
		if (s == NULL)
			break;
		if (un == 0)
			continue;
		raw = xstrndup(u0, un);
		u = clean_url(base, raw, false);
		free(raw);
		e = ERR_OK;
		mark = b.len;
		if (u != NULL && (dn == 0 || srcset_desc_ok(d0, dn))) {
			if (b.len > 0)
				e = buf_add(&b, ", ");
			if (e == ERR_OK)
				e = buf_add(&b, u);
			if (e == ERR_OK && dn > 0)
				e = buf_addc(&b, ' ');
			if (e == ERR_OK && dn > 0)
				e = buf_addn(&b, d0, dn);
		}
		free(u);
		if (e) {
			/* Full: keep the candidates that fitted. */
			buf_truncate(&b, mark);
			break;
		}
	}
	if (b.len == 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

/*
 * Part 5: the serializer. It walks the tree recursively down to
 * CAP_HTML_DEPTH and writes what the tables allow; deeper content is kept
 * as its text. Output near CAP_HTML is cut at an element boundary or
 * inside a text, and the open elements are still closed.
 */

struct san {
	struct buf	 out;
	const char	*base;
	bool		 bad;		/* a write failed since the last check */
	bool		 full;		/* CAP_HTML reached: end tags only */
	/*
	 * The fast path's tree: its text and attribute values are clean
	 * (plain_cp() characters only, so no noncharacter and no CR).
	 */
	bool		 plain;
	unsigned	 noscript;	/* inside this many noscript elements */
	size_t		 nimg;		/* img elements written */
	char		*recent[RECENT_IMGS];	/* src of the last imgs */
	size_t		 nrecent;
	/* Elements written and not closed yet, innermost last (T_DIV as div). */
	GumboTag	 open[CAP_HTML_DEPTH + 1];
	size_t		 nopen;
	/*
	 * The innermost picture being written (its source children are
	 * kept) and the img child that keeps it (see picture_img()).
	 */
	const GumboNode	*pic;
	const GumboNode	*pic_img;
};

static void	walk(struct san *, const GumboNode *, unsigned);

static void
putn(struct san *st, const char *s, size_t n)
{
	if (buf_addn(&st->out, s, n) != ERR_OK)
		st->bad = true;
}

static void
put(struct san *st, const char *s)
{
	putn(st, s, strlen(s));
}

/* put() for a string literal, its length known. */
#define PUT(st, lit)	putn(st, lit, sizeof(lit) - 1)

/*
 * The length of the noncharacter (U+FDD0 to U+FDEF, U+xFFFE, U+xFFFF
 * past the first plane) in UTF-8 at p, or 0. Escaping keeps them (XML
 * allows them), but gumbo reads each one written as U+FFFD; from a
 * character reference it keeps them.
 */
static size_t
nonchar_len(const unsigned char *p)
{
	if (p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf)
		return 3;
	if (p[0] >= 0xf0 && p[0] <= 0xf4 && p[1] != '\0' &&
	    (p[1] & 0x0f) == 0x0f && p[2] == 0xbf &&
	    (p[3] == 0xbe || p[3] == 0xbf))
		return 4;
	return 0;
}

/*
 * s with each noncharacter as U+FFFD, as reading the output back would
 * have it: s itself when it has none, else a copy in *copy.
 */
static const char *
no_nonchars(const char *s, char **copy)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf	 b;
	size_t		 k, n = strlen(s), i = 0;

	*copy = NULL;
	/* Every noncharacter starts with a byte from 0xef. */
	while (i < n) {
		i += text_span(s + i, n - i, 0, 0xee, 0xff, 0xff);
		if (i >= n || nonchar_len(p + i) > 0)
			break;
		i++;
	}
	if (i == n)
		return s;
	buf_init(&b, CAP_HTML);
	for (p = (const unsigned char *)s; *p != '\0';) {
		k = *p >= 0xef ? nonchar_len(p) : 0;
		if (k > 0) {
			if (buf_add(&b, "\xef\xbf\xbd") != ERR_OK)
				break;
			p += k;
		} else if (buf_addc(&b, (char)*p++) != ERR_OK)
			break;
	}
	*copy = buf_take(&b, &k);
	return *copy != NULL ? *copy : "";
}

/* name="value" (escaped), or the bare name when value is NULL. */
static void
put_attr(struct san *st, const char *name, const char *value)
{
	char	*copy;

	PUT(st, " ");
	put(st, name);
	if (value == NULL)
		return;
	PUT(st, "=\"");
	if (buf_add_xml_attr(&st->out, no_nonchars(value, &copy)) != ERR_OK)
		st->bad = true;
	free(copy);
	PUT(st, "\"");
}

/* put_attr() for a value as the tree has it. */
static void
put_tree_attr(struct san *st, const char *name, const char *value)
{
	if (!st->plain) {
		put_attr(st, name, value);
		return;
	}
	PUT(st, " ");
	put(st, name);
	PUT(st, "=\"");
	if (buf_add_xml_attr_clean(&st->out, value) != ERR_OK)
		st->bad = true;
	PUT(st, "\"");
}

/* False, with everything written since mark undone, past the cap. */
static bool
fits(struct san *st, size_t mark)
{
	if (!st->bad && st->out.len <= HTML_SOFT_CAP)
		return true;
	buf_truncate(&st->out, mark);
	st->bad = false;
	st->full = true;
	return false;
}

static void
put_text(struct san *st, const char *text)
{
	size_t	 mark = st->out.len, n;
	char	*cut, *copy;
	const char *s;

	if (st->full)
		return;
	if (st->plain) {
		/* Clean text: no noncharacters, nothing to drop. */
		if (buf_add_xml_clean(&st->out, text) == ERR_OK &&
		    st->out.len <= HTML_SOFT_CAP)
			return;
		buf_truncate(&st->out, mark);
	}
	s = no_nonchars(text, &copy);
	if (buf_add_xml(&st->out, s) == ERR_OK &&
	    st->out.len <= HTML_SOFT_CAP) {
		free(copy);
		return;
	}
	/* The part that surely fits (escaping at most quintuples it). */
	buf_truncate(&st->out, mark);
	st->full = true;
	n = mark < HTML_SOFT_CAP ? (HTML_SOFT_CAP - mark) / 5 : 0;
	n = strnlen(s, n);
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	cut = xstrndup(s, n);
	if (buf_add_xml(&st->out, cut) != ERR_OK)
		buf_truncate(&st->out, mark);
	free(cut);
	free(copy);
}

static const char *
attr_get(const GumboElement *el, const char *name)
{
	const GumboAttribute *a;

	a = gumbo_get_attribute(&el->attributes, name);
	return a != NULL ? a->value : NULL;
}

/*
 * An integer attribute ("12", "12px", " -3 " when signed) in decimal
 * into out, as "%ld" writes it; false when s is not one.
 */
static bool
int_text(const char *s, bool sign, char out[16])
{
	char	 d[16], *p = d + sizeof d;
	long	 v = 0;
	bool	 neg = false;
	size_t	 n = 0;

	while (is_ws(*s))
		s++;
	if (sign && *s == '-') {
		neg = true;
		s++;
	}
	for (; text_is_digit(*s); s++, n++)
		if (n < 9)
			v = v * 10 + (*s - '0');
	if (n == 0 || n > 9)
		return false;
	if (text_istarts(s, "px"))
		s += 2;
	while (is_ws(*s))
		s++;
	if (*s != '\0')
		return false;
	*--p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (neg && p[0] != '0')
		*--p = '-';
	memcpy(out, p, (size_t)(d + sizeof d - p));
	return true;
}

/* int_text() as a new string, or NULL. */
static char *
int_value(const char *s, bool sign)
{
	char	 num[16];

	return int_text(s, sign, num) ? xstrdup(num) : NULL;
}

/* The value to write for an attribute of kind k, or NULL to drop it. */
static char *
attr_value(const struct san *st, enum akind k, const char *v)
{
	switch (k) {
	case A_URL:
		return clean_url(st->base, v, false);
	case A_INT:
	case A_SINT:
		return int_value(v, k == A_SINT);
	case A_DIR:
		if (text_ieq(v, "ltr") || text_ieq(v, "rtl") ||
		    text_ieq(v, "auto"))
			return xstrdup(text_ieq(v, "ltr") ? "ltr" :
			    text_ieq(v, "rtl") ? "rtl" : "auto");
		return NULL;
	default:
		return xstrdup(v);
	}
}

/* The allowed attributes of el in list order, then lang and dir. */
static void
put_attrs(struct san *st, const GumboElement *el, const struct attr *list)
{
	const char	*v;
	char		*w;
	int		 pass;

	for (pass = 0; pass < 2; pass++, list = at_global) {
		for (; list->name != NULL; list++) {
			v = attr_get(el, list->name);
			if (v == NULL)
				continue;
			if (list->kind == A_BOOL) {
				put_attr(st, list->name, NULL);
				continue;
			}
			if (list->kind == A_TEXT) {
				put_tree_attr(st, list->name, v);
				continue;
			}
			w = attr_value(st, list->kind, v);
			if (w != NULL)
				put_attr(st, list->name, w);
			free(w);
		}
	}
}

/* True for an element gumbo does not know, by its name in the source. */
static bool
is_named(const GumboElement *el, const char *name)
{
	const char	*p = el->original_tag.data;
	size_t		 len = strlen(name);
	char		 c;

	if (el->tag != GUMBO_TAG_UNKNOWN || p == NULL ||
	    el->original_tag.length < len + 2 || p[0] != '<' ||
	    strncasecmp(p + 1, name, len) != 0)
		return false;
	c = p[len + 1];
	return c == '>' || c == '/' || is_ws(c);
}

/*
 * A picture element with an img child. It is kept when one of those is
 * written (picture_img()); else it is unwrapped, its sources dropped,
 * and dropped whole when no image at all is written in it.
 */
static bool
is_picture(const GumboNode *n)
{
	const GumboVector *v = &n->v.element.children;
	const GumboNode	*c;
	unsigned	 i;

	if (!is_named(&n->v.element, "picture"))
		return false;
	for (i = 0; i < v->length; i++) {
		c = v->data[i];
		if (c->type == GUMBO_NODE_ELEMENT &&
		    c->v.element.tag == GUMBO_TAG_IMG)
			return true;
	}
	return false;
}

/* The first non-blank of the named attributes (lazy loading). */
static const char *
lazy_attr(const GumboElement *el, const char *const *names)
{
	const char	*v;

	for (; *names != NULL; names++) {
		v = attr_get(el, *names);
		if (v != NULL && !text_is_blank(v))
			return v;
	}
	return NULL;
}

static bool
is_placeholder(const char *v)
{
	const char *const *p;
	char		 sch[SCHEME_MAX + 1];

	if (v == NULL || text_is_blank(v))
		return true;
	if (url_scheme(v, sch) && strcmp(sch, "data") == 0)
		return true;
	for (p = placeholders; *p != NULL; p++)
		if (strcasestr(v, *p) != NULL)
			return true;
	return false;
}

static const char *const lazy_src[] = {
	"data-src", "data-lazy-src", "data-original", NULL
};
static const char *const lazy_srcset[] = {
	"data-srcset", "data-lazy-srcset", NULL
};

/*
 * The src of an img or source: a lazy-loading attribute wins over a
 * missing or stand-in src. *lazy tells which one was used.
 */
static char *
media_src(const struct san *st, const GumboElement *el, bool data_ok,
    bool *lazy)
{
	const char	*v, *lz;
	char		*u;

	v = attr_get(el, "src");
	lz = lazy_attr(el, lazy_src);
	*lazy = false;
	if (lz != NULL && is_placeholder(v)) {
		u = clean_url(st->base, lz, false);
		if (u != NULL) {
			*lazy = true;
			return u;
		}
	}
	return v != NULL ? clean_url(st->base, v, data_ok) : NULL;
}

static char *
media_srcset(const struct san *st, const GumboElement *el, bool lazy)
{
	const char	*v, *lz;
	char		*u;

	v = attr_get(el, "srcset");
	lz = lazy_attr(el, lazy_srcset);
	if (lz != NULL && (lazy || is_placeholder(v))) {
		u = clean_srcset(st->base, lz);
		if (u != NULL)
			return u;
	}
	return v != NULL ? clean_srcset(st->base, v) : NULL;
}

/* The URL of the first srcset candidate. */
static char *
first_candidate(const char *srcset)
{
	size_t	 n;

	n = strcspn(srcset, " ");
	while (n > 0 && srcset[n - 1] == ',')
		n--;
	return n > 0 ? xstrndup(srcset, n) : NULL;
}

/* A tracking pixel: width and height both given and at most 1. */
static bool
is_pixel(const GumboElement *el)
{
	const char	*w, *h;
	char		 iw[16], ih[16];

	w = attr_get(el, "width");
	h = attr_get(el, "height");
	if (w == NULL || h == NULL)
		return false;
	return int_text(w, false, iw) && int_text(h, false, ih) &&
	    iw[1] == '\0' && ih[1] == '\0' && iw[0] <= '1' && ih[0] <= '1';
}

static bool
recent_has(const struct san *st, const char *src)
{
	size_t	 i;

	for (i = 0; i < RECENT_IMGS; i++)
		if (st->recent[i] != NULL && strcmp(st->recent[i], src) == 0)
			return true;
	return false;
}

/* Remember the src of an image written. Takes ownership of src. */
static void
recent_add(struct san *st, char *src)
{
	size_t	 i = st->nrecent++ % RECENT_IMGS;

	free(st->recent[i]);
	st->recent[i] = src;
}

/*
 * The src and srcset (may be NULL) an img is written with, lazy loading
 * undone; false, with none, when it has no usable src or is a tracking
 * pixel. Or when force is false, it is inside noscript and repeats an
 * image just written (the usual "lazy img + noscript fallback" pair).
 */
static bool
img_urls(const struct san *st, const GumboElement *el, bool force,
    char **srcp, char **srcsetp)
{
	char	*src, *srcset;
	bool	 lazy;

	src = media_src(st, el, true, &lazy);
	srcset = media_srcset(st, el, lazy);
	/*
	 * Readers that ignore srcset need a real src. (Checked on the src
	 * to be written, lazy or not: it is what a second reading sees.)
	 */
	if (srcset != NULL && (src == NULL || is_placeholder(src))) {
		free(src);
		src = first_candidate(srcset);
	}
	if (src == NULL || is_pixel(el) ||
	    (!force && st->noscript > 0 && recent_has(st, src))) {
		free(src);
		free(srcset);
		return false;
	}
	*srcp = src;
	*srcsetp = srcset;
	return true;
}

/*
 * An img, written when img_urls() allows (force: the img child that
 * keeps a picture, which picture_img() found allowed).
 */
static void
img(struct san *st, const GumboElement *el, bool force)
{
	char	*src, *srcset;
	size_t	 mark = st->out.len;

	if (!img_urls(st, el, force, &src, &srcset))
		return;
	PUT(st, "<img");
	put_attr(st, "src", src);
	if (srcset != NULL)
		put_attr(st, "srcset", srcset);
	free(srcset);
	put_attrs(st, el, at_img);
	PUT(st, ">");
	if (!fits(st, mark)) {
		free(src);
		return;
	}
	st->nimg++;
	recent_add(st, src);
}

/*
 * The img child that keeps picture n, walked at depth: the first that
 * img() writes, as the state is now; NULL when there is none. It is
 * known before the picture's content is written, so what is written
 * inside is decided with the picture open only when it stays: unwrapped
 * after the fact, it would leave an h2 written in an h1 (through the
 * picture), which the tree builder would close when reading it back.
 * The recent images can change inside the picture (a noscript repeat),
 * so this img is written with force.
 */
static const GumboNode *
picture_img(const struct san *st, const GumboNode *n, unsigned depth)
{
	const GumboVector *v = &n->v.element.children;
	const GumboNode	*c;
	char		*src, *srcset;
	unsigned	 i;

	/* Its children are walked at depth + 1; deeper is flattened. */
	if (depth + 1 >= CAP_HTML_DEPTH)
		return NULL;
	for (i = 0; i < v->length; i++) {
		c = v->data[i];
		if (c->type != GUMBO_NODE_ELEMENT ||
		    c->v.element.tag != GUMBO_TAG_IMG ||
		    c->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
		    !img_urls(st, &c->v.element, false, &src, &srcset))
			continue;
		free(src);
		free(srcset);
		return c;
	}
	return NULL;
}

/* source (in picture, video, audio) and track (in video, audio). */
static void
media_child(struct san *st, const GumboNode *n)
{
	const GumboElement *el = &n->v.element, *pe;
	char		*src, *srcset = NULL;
	size_t		 mark = st->out.len;
	bool		 lazy, track = el->tag == GUMBO_TAG_TRACK;

	if (n->parent == NULL || n->parent->type != GUMBO_NODE_ELEMENT)
		return;
	pe = &n->parent->v.element;
	if (pe->tag != GUMBO_TAG_VIDEO && pe->tag != GUMBO_TAG_AUDIO &&
	    (track || n->parent != st->pic))
		return;
	src = media_src(st, el, false, &lazy);
	if (!track)
		srcset = media_srcset(st, el, lazy);
	if (src != NULL || srcset != NULL) {
		put(st, track ? "<track" : "<source");
		if (src != NULL)
			put_attr(st, "src", src);
		if (srcset != NULL)
			put_attr(st, "srcset", srcset);
		put_attrs(st, el, track ? at_track : at_source);
		PUT(st, ">");
		(void)fits(st, mark);
	}
	free(src);
	free(srcset);
}

/* https on an allowlisted host, no port, no user name. */
static bool
iframe_ok(const char *u)
{
	const char *const *h;
	const char	*host;
	size_t		 n;

	if (!text_istarts(u, "https://"))
		return false;
	host = u + 8;
	n = strcspn(host, "/?#");
	for (h = iframe_hosts; *h != NULL; h++)
		if (strlen(*h) == n && strncasecmp(host, *h, n) == 0)
			return true;
	return false;
}

/* An embedded player from an allowlisted host; nothing else survives. */
static void
iframe(struct san *st, const GumboElement *el)
{
	const char	*v;
	char		*raw, *u;
	size_t		 mark = st->out.len;

	v = attr_get(el, "src");
	if (v == NULL)
		return;
	while (is_ws(*v))
		v++;
	/* Protocol-relative embed codes ("//www.youtube.com/...") are common. */
	raw = strncmp(v, "//", 2) == 0 ? xasprintf("https:%s", v) : xstrdup(v);
	u = clean_url(st->base, raw, false);
	free(raw);
	if (u != NULL && iframe_ok(u)) {
		PUT(st, "<iframe");
		put_attr(st, "src", u);
		put_attrs(st, el, at_iframe);
		PUT(st, "></iframe>");
		(void)fits(st, mark);
	}
	free(u);
}

/* Content below CAP_HTML_DEPTH: its text only. */
static void
flatten(struct san *st, const GumboNode *n)
{
	struct textout	 t;

	/*
	 * Text there would be foster-parented out of the table (a table
	 * too deep for its cells is flattened whole: this is a safeguard).
	 */
	if (reparse_table_text(st->open, st->nopen))
		return;
	text_init(&t, CAP_HTML);
	text_walk(&t, n);
	if (t.b.len > 0)
		put_text(st, buf_str(&t.b));
	buf_cleanup(&t.b);
}

static void
walk_kids(struct san *st, const GumboNode *n, unsigned depth)
{
	const GumboVector *v = &n->v.element.children;
	unsigned	 i;

	for (i = 0; i < v->length && !st->full; i++)
		walk(st, v->data[i], depth);
}

/*
 * Elements with their own rules. Returns true when n was handled; *href
 * gets the checked href of a link.
 */
static bool
special(struct san *st, const GumboNode *n, unsigned depth, char **href)
{
	const GumboElement *el = &n->v.element;
	const char	*v;

	switch (el->tag) {
	case GUMBO_TAG_IMG:
		img(st, el, n == st->pic_img);
		return true;
	case GUMBO_TAG_IFRAME:
		iframe(st, el);
		return true;
	case GUMBO_TAG_SOURCE:
	case GUMBO_TAG_TRACK:
		media_child(st, n);
		return true;
	case GUMBO_TAG_NOSCRIPT:
		st->noscript++;
		walk_kids(st, n, depth + 1);
		st->noscript--;
		return true;
	case GUMBO_TAG_A:
		v = attr_get(el, "href");
		*href = v != NULL ? clean_url(st->base, v, false) : NULL;
		if (*href != NULL)
			return false;
		/* No usable href: a bare <a> means nothing. */
		walk_kids(st, n, depth + 1);
		return true;
	default:
		return false;
	}
}

/* The tag a kept element is written with (picture: none gumbo knows). */
static GumboTag
written_tag(const GumboNode *n, bool picture)
{
	if (picture)
		return GUMBO_TAG_UNKNOWN;
	if (elems[n->v.element.tag].flags & T_DIV)
		return GUMBO_TAG_DIV;
	return n->v.element.tag;
}

/*
 * The content and end tag of a kept element whose start tag begins at
 * mark; pic_img is the img child that keeps a picture (NULL for other
 * elements). An element left without content is dropped.
 */
static void
finish(struct san *st, const GumboNode *n, unsigned depth, size_t mark,
    const GumboNode *pic_img)
{
	const struct elem *d = &elems[n->v.element.tag];
	const GumboNode	*outer = st->pic, *outer_img = st->pic_img;
	const char	*name;
	size_t		 body = st->out.len;
	bool		 picture = pic_img != NULL, space;

	if (picture) {
		st->pic = n;
		st->pic_img = pic_img;
	}
	st->open[st->nopen++] = written_tag(n, picture);
	walk_kids(st, n, depth + 1);
	st->nopen--;
	st->pic = outer;
	st->pic_img = outer_img;
	if (!(d->flags & T_EMPTY_OK) &&
	    text_is_blank(buf_str(&st->out) + body)) {
		/*
		 * One space stands for any white space inside and for the
		 * break of a block, so "a<p></p>b" does not become "ab".
		 */
		space = st->out.len > body || (d->flags & T_BLOCK);
		buf_truncate(&st->out, mark);
		if (space)
			PUT(st, " ");
		return;
	}
	/*
	 * The tree builder drops a line feed right after <pre>: one that
	 * belongs to the content needs another in front of it.
	 */
	if (n->v.element.tag == GUMBO_TAG_PRE && st->out.data[body] == '\n' &&
	    buf_addc(&st->out, '\n') == ERR_OK) {
		memmove(st->out.data + body + 1, st->out.data + body,
		    st->out.len - body - 1);
		st->out.data[body] = '\n';
	}
	name = picture ? "picture" : (d->flags & T_DIV) ? "div" :
	    gumbo_normalized_tagname(n->v.element.tag);
	PUT(st, "</");
	put(st, name);
	PUT(st, ">");
}

/* An element: dropped, unwrapped, or written with what it may keep. */
static void
element(struct san *st, const GumboNode *n, unsigned depth)
{
	const GumboElement *el = &n->v.element;
	const struct elem *d = &elems[el->tag];
	const GumboNode	*pic_img = NULL;
	char		*href = NULL;
	size_t		 mark = st->out.len, nimg = st->nimg;
	bool		 picture;

	if (st->full || el->tag_namespace != GUMBO_NAMESPACE_HTML ||
	    (d->flags & T_DROP))
		return;
	if (depth >= CAP_HTML_DEPTH) {
		flatten(st, n);
		return;
	}
	if (special(st, n, depth, &href))
		return;
	if (is_picture(n)) {
		pic_img = picture_img(st, n, depth);
		if (pic_img == NULL) {
			/* Unwrapped; with no image, sources show nothing. */
			walk_kids(st, n, depth + 1);
			if (st->nimg == nimg)
				buf_truncate(&st->out, mark);
			return;
		}
	}
	picture = pic_img != NULL;
	if (!(d->flags & (T_KEEP | T_DIV)) && !picture) {
		walk_kids(st, n, depth + 1);
		return;
	}
	/*
	 * Unwrapped where the tree builder would close an open element; a
	 * table, there or too deep for its cells, leaves its text.
	 */
	if (reparse_closes(st->open, st->nopen, written_tag(n, picture)) ||
	    (el->tag == GUMBO_TAG_TABLE && depth + 3 >= CAP_HTML_DEPTH)) {
		free(href);
		if (el->tag == GUMBO_TAG_TABLE)
			flatten(st, n);
		else
			walk_kids(st, n, depth + 1);
		return;
	}
	PUT(st, "<");
	put(st, picture ? "picture" : (d->flags & T_DIV) ? "div" :
	    gumbo_normalized_tagname(el->tag));
	if (href != NULL)
		put_attr(st, "href", href);
	free(href);
	put_attrs(st, el, d->attrs != NULL ? d->attrs : at_none);
	PUT(st, ">");
	if (fits(st, mark) && !(d->flags & T_VOID))
		finish(st, n, depth, mark, pic_img);
}

static void
walk(struct san *st, const GumboNode *n, unsigned depth)
{
	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA:
		put_text(st, n->v.text.text);
		break;
	case GUMBO_NODE_ELEMENT:
		element(st, n, depth);
		break;
	default:
		/* Comments, templates. */
		break;
	}
}

/*
 * True when the serialized HTML at s shows something: text other than
 * white space, or media. Markup alone (<br>, <hr>, empty cells) does not.
 */
static bool
has_content(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '<') {
			if (strncmp(s, "<img ", 5) == 0 ||
			    strncmp(s, "<video", 6) == 0 ||
			    strncmp(s, "<audio", 6) == 0 ||
			    strncmp(s, "<iframe ", 8) == 0)
				return true;
			s = strchr(s, '>');
			if (s == NULL)
				return false;
		} else if (*s == '\xc2' && s[1] == '\xa0')
			s++;
		else if (!is_ws(*s))
			return true;
	}
	return false;
}

/*
 * Serialize the tree of html into st. False when the fast path declined
 * (parser SANITIZE_FAST) or reached the output cap, which only gumbo's
 * tree has to meet: the cut follows its text nodes.
 */
static bool
serialize(struct san *st, const char *html, size_t len, const char *base,
    enum sanitize_parser parser)
{
	struct tree	 t;
	size_t		 i;
	bool		 fast;

	for (;;) {
		memset(st, 0, sizeof(*st));
		buf_init(&st->out, CAP_HTML);
		/*
		 * Sanitized content is about as long as its source (markup
		 * dropped, text escaped): room for that and an eighth more
		 * spares the buffer its doublings. Large inputs, often mostly
		 * markup that goes, grow as they need.
		 */
		if (len <= RESERVE_MAX)
			buf_reserve(&st->out, len + len / 8 + 64);
		st->base = base;
		if (!tree_parse(&t, html, len, parser)) {
			buf_cleanup(&st->out);
			return false;
		}
		fast = t.fast != NULL;
		st->plain = fast;
		if (t.root != NULL && t.root->type == GUMBO_NODE_ELEMENT)
			walk_kids(st, t.root, 0);
		tree_free(&t);
		if (!fast || !st->full)
			return true;
		buf_cleanup(&st->out);
		for (i = 0; i < RECENT_IMGS; i++)
			free(st->recent[i]);
		if (parser == SANITIZE_FAST)
			return false;
		parser = SANITIZE_GUMBO;
	}
}

/* See sanitize_fast.h; the caller frees the result. */
char *
sanitize_html_using(const char *html, const char *base,
    enum sanitize_parser parser, bool *done)
{
	struct san	 st;
	const char	*s, *e;
	char		*res = NULL;
	size_t		 i, len;

	*done = true;
	if (html == NULL || *html == '\0')
		return NULL;
	len = strlen(html);
	if (!serialize(&st, html, len, base, parser)) {
		*done = false;
		return NULL;
	}
	if (has_content(buf_str(&st.out))) {
		s = buf_str(&st.out);
		e = s + st.out.len;
		while (is_ws(*s))
			s++;
		while (e > s && is_ws(e[-1]))
			e--;
		/*
		 * The buffer itself, trimmed, is the result when it was
		 * reserved and is mostly used; else a copy the result's size.
		 */
		if (len > RESERVE_MAX || (size_t)(e - s) < len / 2)
			res = xstrndup(s, (size_t)(e - s));
		else {
			memmove(st.out.data, s, (size_t)(e - s));
			buf_truncate(&st.out, (size_t)(e - s));
			res = buf_take(&st.out, NULL);
		}
	}
	buf_cleanup(&st.out);
	for (i = 0; i < RECENT_IMGS; i++)
		free(st.recent[i]);
	return res;
}

/* See sanitize.h; the caller frees the result. */
char *
sanitize_html(const char *html, const char *base)
{
	bool	 done;

	if (observer != NULL && html != NULL)
		observer(observer_ctx, html, base, false);
	return sanitize_html_using(html, base, SANITIZE_AUTO, &done);
}

/* See sanitize_fast.h; the caller frees the result. */
char *
sanitize_text_using(const char *html, enum sanitize_parser parser,
    bool *done)
{
	struct textout	 t;
	struct tree	 tr;

	*done = true;
	if (html == NULL)
		return NULL;
	text_init(&t, CAP_HTML);
	if (strpbrk(html, "<&") == NULL)
		text_add(&t, html, strlen(html));
	else {
		if (!tree_parse(&tr, html, strlen(html), parser)) {
			buf_cleanup(&t.b);
			*done = false;
			return NULL;
		}
		if (tr.root != NULL)
			text_walk(&t, tr.root);
		tree_free(&tr);
	}
	return text_take(&t);
}

/* See sanitize.h; the caller frees the result. */
char *
sanitize_text(const char *html)
{
	bool	 done;

	if (observer != NULL && html != NULL)
		observer(observer_ctx, html, NULL, true);
	return sanitize_text_using(html, SANITIZE_AUTO, &done);
}

/* See sanitize_fast.h. */
void
sanitize_observe(void (*fn)(void *, const char *, const char *, bool),
    void *ctx)
{
	observer = fn;
	observer_ctx = ctx;
}
