/* SPDX-License-Identifier: MIT */
/*
 * The repair pass before the XML parser (read/xmlfix.c): each case is
 * fed whole and split in two at every byte, and must come out the same
 * way each time (bulk copies of clean runs, tags inside a run, controls
 * dropped in text and in sections).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "read/xmlfix.h"
#include "tap.h"

/* The repaired form of s cut at byte cut, and the count of repairs. */
static char *
fix(const char *s, size_t cut, unsigned long *fixed)
{
	struct xmlfix	 f;
	struct buf	 out;
	size_t		 n = strlen(s);
	enum err	 e;

	xmlfix_init(&f);
	buf_init(&out, 1 << 20);
	e = xmlfix_chunk(&f, s, cut, false, &out);
	if (!e)
		e = xmlfix_chunk(&f, s + cut, n - cut, false, &out);
	if (!e)
		e = xmlfix_chunk(&f, "", 0, true, &out);
	*fixed = f.fixed;
	xmlfix_cleanup(&f);
	if (e) {
		buf_cleanup(&out);
		return NULL;
	}
	return buf_take(&out, NULL);
}

static void
check_fix(const char *in, const char *want, unsigned long want_fixed)
{
	static int	 ncase;
	size_t		 n = strlen(in), cut;
	unsigned long	 fixed;
	char		*got;
	int		 bad = 0;

	ncase++;
	got = fix(in, n, &fixed);
	CHECK_STR_EQ(got, want);
	CHECK_INT_EQ(fixed, want_fixed);
	free(got);
	for (cut = 0; cut < n; cut++) {
		got = fix(in, cut, &fixed);
		if (got == NULL || strcmp(got, want) != 0 ||
		    fixed != want_fixed)
			bad++;
		free(got);
	}
	CHECK_MSG(bad == 0, "case %d the same at every split (%d differ)",
	    ncase, bad);
}

int
main(void)
{
	/* Forbidden controls go, in text and between tags. */
	check_fix("a\001b<p>c\002</p>", "ab<p>c</p>", 2);
	/* A reference right after an end tag is still repaired. */
	check_fix("ab</div>&e;cd", "ab</div>&#38;e;cd", 1);
	/* A stray "<" and a bare "&". */
	check_fix("x < y & z", "x &lt; y &#38; z", 2);
	/* CDATA passes, but for controls; "]" alone does not end it. */
	check_fix("<![CDATA[a]b]]c\001]]>t&amp;u",
	    "<![CDATA[a]b]]c]]>t&#38;u", 1);
	/* An item as feeds write it. */
	check_fix("<item><title>Europe: tax &amp; platform voters\002 had "
	    "county</title><link>https://x.example/a?b=1&c=2</link>"
	    "<description>&lt;p&gt;One &nbsp;two&hellip;</description>"
	    "<content:encoded><![CDATA[<p>Budget to weekend \001about</p>\n"
	    "<p>more]]></content:encoded></item>",
	    "<item><title>Europe: tax &#38; platform voters had "
	    "county</title><link>https://x.example/a?b=1&#38;c=2</link>"
	    "<description>&#60;p&#62;One &#160;two&#8230;</description>"
	    "<content:encoded><![CDATA[<p>Budget to weekend about</p>\n"
	    "<p>more]]></content:encoded></item>", 5);
	/* Comments, character references, unknown names. */
	check_fix("<!--c\001-->&#X41;&#146;&#1;&#65;&bogus;&amp",
	    "<!--c-->&#x41;&#8217;&#65;&#38;bogus;&#38;amp", 6);
	/* Tags near where a chunk's last bytes are held for the next. */
	check_fix("0123456789012345678901234567890123456789012345678<b>x</b>"
	    "0123456789012345678901234567890123456789012345<i>y</i>",
	    "0123456789012345678901234567890123456789012345678<b>x</b>"
	    "0123456789012345678901234567890123456789012345<i>y</i>", 0);
	/* A control at the end of a long clean run, and one right after. */
	check_fix("0123456789abcdef0123456789abcdef\001\002<b>end</b>",
	    "0123456789abcdef0123456789abcdef<b>end</b>", 2);
	return tap_done();
}
