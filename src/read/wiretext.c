/* SPDX-License-Identifier: MIT */
/*
 * The plain-text wire copy reader: one story per file. Lines are grouped
 * into blocks at blank lines. Share widgets and similar lines are
 * dropped; the first line left is the headline (a repeat of it right
 * after is skipped, a trailing " |" is cut); the block that opens with a
 * dateline ("WASHINGTON —", "MOSCOW (AP) —") starts the body, and lines
 * between the headline and the body are photo captions. The body ends
 * at the first boilerplate block (comment policy, share widget,
 * copyright line). Captions have no picture URL, and a model image
 * needs one, so they go into the HTML as <figure><figcaption>.
 * Legacy control-framed wire texts (ANPA-1312, IPTC 7901) are refused by
 * name.
 */
#include "config.h"
#include "read/wire.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

struct line {
	char	*s;		/* trimmed, NUL-terminated, inside the text */
	size_t	 len;
	bool	 blank;
};

/* Lines that mark boilerplate (case-insensitive substrings). */
static const char *const boiler[] = {
	"sharethis", "share this", "share on facebook", "share on twitter",
	"commenting policy", "comment policy", "comments policy",
	"terms of service", "all rights reserved", "click here to",
	"sign up for our", "subscribe to our", "follow us on",
	"this material may not be published", "related stories",
	"read more:", NULL
};

/* Whole lines that are widget labels, dropped wherever they are. */
static const char *const widgets[] = {
	"share", "tweet", "email", "print", "comments", "advertisement",
	"facebook", "twitter", "linkedin", "reddit", "whatsapp", NULL
};

static bool
icontains(const char *s, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

static bool
is_widget(const char *s)
{
	size_t	 i;

	for (i = 0; widgets[i] != NULL; i++)
		if (text_ieq(s, widgets[i]))
			return true;
	return false;
}

/* A boilerplate line: a marker, or a copyright notice. */
static bool
is_boiler(const char *s)
{
	size_t	 i;

	for (i = 0; boiler[i] != NULL; i++)
		if (icontains(s, boiler[i]))
			return true;
	if (text_istarts(s, "copyright ") || text_istarts(s, "(c) ") ||
	    strncmp(s, "\xc2\xa9", 2) == 0)
		return true;
	return false;
}

/*
 * The dateline opening s: upper-case words (with ", State" and "(AP)"
 * allowed) followed by a dash. Returns its length in *placelen (the
 * place without the agency) or false.
 */
static bool
dateline(const char *s, size_t *placelen)
{
	static const char *const dashes[] = { " \xe2\x80\x94 ",
	    " \xe2\x80\x93 ", " -- ", " - ", " _ ", NULL };
	const char *p, *end = NULL, *comma;
	size_t	 i, letters = 0;

	for (p = s; *p != '\0' && p - s < 80 && end == NULL; p++)
		for (i = 0; dashes[i] != NULL; i++)
			if (strncmp(p, dashes[i], strlen(dashes[i])) == 0) {
				end = p;
				break;
			}
	if (end == NULL)
		return false;
	/* The place ends at the agency "(AP)" or the dash. */
	for (p = s; p < end && *p != '('; p++)
		;
	while (p > s && p[-1] == ' ')
		p--;
	*placelen = (size_t)(p - s);
	/* Up to a comma (a state may follow), only capitals. */
	comma = memchr(s, ',', *placelen);
	for (p = s; p < (comma != NULL ? comma : s + *placelen); p++) {
		if (isupper((unsigned char)*p))
			letters++;
		else if (islower((unsigned char)*p) || isdigit((unsigned char)*p))
			return false;
	}
	return letters >= 2;
}

static void
trim(struct line *l)
{
	while (l->len > 0 && isspace((unsigned char)l->s[0])) {
		l->s++;
		l->len--;
	}
	while (l->len > 0 && isspace((unsigned char)l->s[l->len - 1]))
		l->len--;
	l->s[l->len] = '\0';
	l->blank = l->len == 0;
}

/* Append block lines [i, j) to out as paragraphs. */
static enum err
paragraphs(struct line *ls, size_t i, size_t j, struct buf *out)
{
	size_t	 k;
	bool	 each = false;
	enum err e = ERR_OK;

	/* Long lines are paragraphs of their own; short ones are wrapped. */
	for (k = i; k < j; k++)
		if (ls[k].len > 90)
			each = true;
	if (j - i == 1)
		each = true;
	for (k = i; k < j && !e; k++) {
		if (is_widget(ls[k].s))
			continue;
		if (k == i || each)
			e = buf_add(out, "<p>");
		else
			e = buf_addc(out, ' ');
		if (!e)
			e = buf_add_xml(out, ls[k].s);
		if (!e && (each || k + 1 == j))
			e = buf_add(out, "</p>\n");
	}
	return e;
}

/* The story from the lines. */
static void
story(struct line *ls, size_t n, struct article *a)
{
	struct buf html, figs;
	size_t	 i, j, head = n, body = n, place;
	enum err e = ERR_OK;

	/* The headline: the first line that is not a widget. */
	for (i = 0; i < n; i++)
		if (!ls[i].blank && !is_widget(ls[i].s) && !is_boiler(ls[i].s))
			break;
	head = i;
	if (head < n) {
		char	*t = xstrdup(ls[head].s);
		size_t	 tl = strlen(t);

		while (tl > 0 && (t[tl - 1] == '|' || t[tl - 1] == ' '))
			t[--tl] = '\0';
		a->title = t;
	}
	/* The body: the first line after the headline opening a dateline. */
	for (i = head + 1; i < n; i++)
		if (!ls[i].blank && (i == 0 || ls[i - 1].blank) &&
		    dateline(ls[i].s, &place)) {
			body = i;
			a->dateline = xstrndup(ls[i].s, place);
			break;
		}
	buf_init(&figs, CAP_HTML);
	buf_init(&html, CAP_HTML);
	i = head + 1;
	if (body == n) {
		/* No dateline: the body starts at the next block. */
		body = head + 1;
	} else {
		/* Between headline and body: a repeat of it, then captions. */
		for (; i < body && !e; i++) {
			if (ls[i].blank || is_widget(ls[i].s) ||
			    (a->title != NULL &&
			    strncmp(ls[i].s, a->title, strlen(a->title)) == 0))
				continue;
			e = buf_add(&figs, "<figure><figcaption>");
			if (!e)
				e = buf_add_xml(&figs, ls[i].s);
			if (!e)
				e = buf_add(&figs, "</figcaption></figure>\n");
		}
	}
	/* Body blocks until the first boilerplate block. */
	for (i = body; i < n && !e; i = j) {
		while (i < n && ls[i].blank)
			i++;
		for (j = i; j < n && !ls[j].blank; j++)
			;
		if (i == j)
			break;
		if (is_boiler(ls[i].s))
			break;
		if (a->title != NULL && j == i + 1 &&
		    strncmp(ls[i].s, a->title, strlen(a->title)) == 0)
			continue;
		e = paragraphs(ls, i, j, &html);
	}
	if (e)
		log_debug("text body cut at the size limit");
	if (figs.len > 0 && buf_add(&figs, buf_str(&html)) == ERR_OK) {
		a->content_html = buf_dup_or_null(&figs);
	} else
		a->content_html = buf_dup_or_null(&html);
	buf_cleanup(&figs);
	buf_cleanup(&html);
}

/* Legacy wire framing: SYN SYN SOH (ANPA-1312) or SOH (IPTC 7901). */
static const char *
legacy(const char *s, size_t n)
{
	if (n >= 3 && s[0] == 0x16 && s[1] == 0x16)
		return "ANPA-1312";
	if (n >= 1 && s[0] == 0x01)
		return "IPTC 7901";
	if (memchr(s, 0x01, n < 64 ? n : 64) != NULL)
		return "ANPA-1312";
	return NULL;
}

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	struct buf b;
	struct line *ls;
	struct feed f;
	struct article *a;
	const char *name;
	char	*p, *q;
	size_t	 n = 0;
	enum err e;

	e = wire_slurp(in, o, &b);
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	name = legacy(buf_str(&b), b.len);
	if (name != NULL) {
		log_error("%s: %s wire text is not supported; convert it to "
		    "NITF or plain text first", o->name, name);
		buf_cleanup(&b);
		return ERR_UNSUPPORTED;
	}
	ls = xcalloc(CAP_WIRE_LINES, sizeof *ls);
	p = b.data != NULL ? b.data : (char *)"";
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p != '\0' && n < CAP_WIRE_LINES) {
		q = strchr(p, '\n');
		ls[n].s = p;
		ls[n].len = q != NULL ? (size_t)(q - p) : strlen(p);
		if (q != NULL)
			*q = '\0';
		trim(&ls[n]);
		n++;
		if (q == NULL)
			break;
		p = q + 1;
	}
	feed_init(&f);
	xstrset(&f.format, "text");
	a = article_new();
	xstrset(&a->format, "text");
	story(ls, n, a);
	if (a->title == NULL) {
		log_error("%s: no text: nothing to convert", o->name);
		e = ERR_PARSE;
	} else
		e = wire_push(o, out, &f, &a, 1);
	article_free(a);
	feed_cleanup(&f);
	free(ls);
	buf_cleanup(&b);
	return e;
}

/* The plain-text wire copy reader, listed in read.c. */
const struct reader reader_wiretext = {
	.name = "text",
	.description = "plain-text wire copy",
	.parse = parse,
};
