/* SPDX-License-Identifier: MIT */
/*
 * What HTML's tree builder (the "in body" and table insertion modes)
 * does with a start tag or text written inside the elements open in the
 * sanitizer's output, so the serializer writes nothing the builder would
 * read back differently.
 */
#include "config.h"
#include "extract/sanitize_reparse.h"

/* HTML's "special" elements, of those the serializer writes. */
static bool
is_special(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV:
	case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_HR: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_IMG: case GUMBO_TAG_LI: case GUMBO_TAG_OL:
	case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SOURCE:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
	case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TRACK:
	case GUMBO_TAG_UL: case GUMBO_TAG_WBR:
		return true;
	default:
		return false;
	}
}

/* Start tags that close an open p in button scope first. */
static bool
closes_p(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
	case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR:
	case GUMBO_TAG_LI: case GUMBO_TAG_OL: case GUMBO_TAG_P:
	case GUMBO_TAG_PRE: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
	case GUMBO_TAG_UL:
		return true;
	default:
		return false;
	}
}

static bool
is_heading(GumboTag t)
{
	return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
	    t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

/*
 * True when a or b is open with no scope boundary (table, caption, a
 * cell: those we write) above it; cells and captions are also where the
 * list of active formatting elements has its markers.
 */
static bool
in_scope(const GumboTag *open, size_t n, GumboTag a, GumboTag b)
{
	size_t	 i;

	for (i = n; i-- > 0;) {
		if (open[i] == a || open[i] == b)
			return true;
		if (open[i] == GUMBO_TAG_TABLE ||
		    open[i] == GUMBO_TAG_CAPTION ||
		    open[i] == GUMBO_TAG_TD || open[i] == GUMBO_TAG_TH)
			return false;
	}
	return false;
}

/* The li, dd and dt rule: a or b open below only div, p and non-special. */
static bool
item_open(const GumboTag *open, size_t n, GumboTag a, GumboTag b)
{
	size_t	 i;

	for (i = n; i-- > 0;) {
		if (open[i] == a || open[i] == b)
			return true;
		if (is_special(open[i]) && open[i] != GUMBO_TAG_DIV &&
		    open[i] != GUMBO_TAG_P)
			return false;
	}
	return false;
}

/* See sanitize_reparse.h. */
bool
reparse_closes(const GumboTag *open, size_t n, GumboTag t)
{
	GumboTag top;

	top = n > 0 ? open[n - 1] : GUMBO_TAG_UNKNOWN;
	if (closes_p(t) && in_scope(open, n, GUMBO_TAG_P, GUMBO_TAG_P))
		return true;
	switch (t) {
	case GUMBO_TAG_LI:
		return item_open(open, n, GUMBO_TAG_LI, GUMBO_TAG_LI);
	case GUMBO_TAG_DD:
	case GUMBO_TAG_DT:
		return item_open(open, n, GUMBO_TAG_DD, GUMBO_TAG_DT);
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
		return is_heading(top);
	case GUMBO_TAG_A:
		/* The adoption agency would close the open link. */
		return in_scope(open, n, GUMBO_TAG_A, GUMBO_TAG_A);
	case GUMBO_TAG_RP:
	case GUMBO_TAG_RT:
		/* Implied end tags: an open rp, rt, p, li, dd or dt. */
		return in_scope(open, n, GUMBO_TAG_RUBY, GUMBO_TAG_RUBY) &&
		    (top == GUMBO_TAG_RP || top == GUMBO_TAG_RT ||
		    top == GUMBO_TAG_P || top == GUMBO_TAG_LI ||
		    top == GUMBO_TAG_DD || top == GUMBO_TAG_DT);
	default:
		return false;
	}
}

/* See sanitize_reparse.h. */
bool
reparse_table_text(const GumboTag *open, size_t n)
{
	GumboTag top;

	if (n == 0)
		return false;
	top = open[n - 1];
	return top == GUMBO_TAG_TABLE || top == GUMBO_TAG_TBODY ||
	    top == GUMBO_TAG_THEAD || top == GUMBO_TAG_TFOOT ||
	    top == GUMBO_TAG_TR;
}
