/* SPDX-License-Identifier: MIT */
/*
 * The repair pass before the XML parser (read/xmlfix.c): each case is
 * fed whole and split in two at every byte, and must come out the same
 * way each time (bulk copies of clean runs, tags inside a run, controls
 * dropped in text and in sections).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "read/xmlfix.h"
#include "tap.h"
#include "util/text.h"

/* Spell non-ASCII text as references (the XML reader's setting)? */
static bool	 refs;

/* The repaired form of s cut at byte cut, and the count of repairs. */
static char *
fix(const char *s, size_t cut, unsigned long *fixed)
{
	struct xmlfix	 f;
	struct buf	 out;
	size_t		 n = strlen(s);
	enum err	 e;

	xmlfix_init(&f);
	f.refs = refs;
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

/*
 * What an XML parser reads in s: references to characters from U+00A0
 * on put back as UTF-8 (a heap string).
 */
static char *
meaning(const char *s)
{
	struct buf	 b;
	const char	*semi;
	char		 enc[4];
	uint32_t	 cp;
	char		*end;

	buf_init(&b, 1 << 20);
	while (*s != '\0') {
		if (s[0] == '&' && s[1] == '#' && s[2] >= '0' && s[2] <= '9' &&
		    (semi = strchr(s, ';')) != NULL) {
			cp = (uint32_t)strtoul(s + 2, &end, 10);
			if (end == semi && cp >= 0xa0) {
				if (buf_addn(&b, enc,
				    text_utf8_encode(cp, enc)))
					break;
				s = semi + 1;
				continue;
			}
		}
		if (buf_addc(&b, *s++))
			break;
	}
	return buf_take(&b, NULL);
}

/*
 * With references: whole, s must come out as want; split in two at
 * every byte, it may keep some characters as they are (a run whose end
 * is not in sight) but must mean the same, with the same repairs.
 */
static void
check_refs(const char *in, const char *want, unsigned long want_fixed)
{
	static int	 ncase;
	size_t		 n = strlen(in), cut;
	unsigned long	 fixed;
	char		*got, *m, *wm;
	int		 bad = 0;

	ncase++;
	refs = true;
	got = fix(in, n, &fixed);
	CHECK_STR_EQ(got, want);
	CHECK_INT_EQ(fixed, want_fixed);
	free(got);
	wm = meaning(want);
	for (cut = 0; cut < n; cut++) {
		got = fix(in, cut, &fixed);
		m = got != NULL ? meaning(got) : NULL;
		if (m == NULL || strcmp(m, wm) != 0 || fixed != want_fixed)
			bad++;
		free(m);
		free(got);
	}
	free(wm);
	CHECK_MSG(bad == 0, "references case %d means the same at every "
	    "split (%d differ)", ncase, bad);
	refs = false;
}

/*
 * With references and CDATA kept aside, s cut at byte cut: the output
 * with each kept section's contents put back in place of its line feeds
 * (what the XML reader reads), and the count of sections kept.
 */
static char *
keep(const char *s, size_t cut, size_t *nkept)
{
	struct xmlfix	 f;
	struct buf	 out, back;
	size_t		 n = strlen(s), at = 0, i, nl;
	const char	*c, *end;
	enum err	 e;

	xmlfix_init(&f);
	f.refs = true;
	f.keep = true;
	buf_init(&out, 1 << 20);
	e = xmlfix_chunk(&f, s, cut, false, &out);
	f.pos = out.len;
	if (!e)
		e = xmlfix_chunk(&f, s + cut, n - cut, false, &out);
	f.pos = out.len;
	if (!e)
		e = xmlfix_chunk(&f, "", 0, true, &out);
	buf_init(&back, 1 << 20);
	for (i = 0; !e && i < f.nkept; i++) {
		c = f.cdata.data + f.kept[i].off;
		end = c + f.kept[i].len;
		for (nl = 0; c < end; c++)
			nl += *c == '\n';
		e = buf_addn(&back, out.data + at, f.kept[i].pos - at);
		if (!e)
			e = buf_addn(&back, f.cdata.data + f.kept[i].off,
			    f.kept[i].len);
		at = f.kept[i].pos + nl;
	}
	if (!e)
		e = buf_addn(&back, out.data + at, out.len - at);
	*nkept = f.nkept;
	xmlfix_cleanup(&f);
	buf_cleanup(&out);
	if (e) {
		buf_cleanup(&back);
		return NULL;
	}
	return buf_take(&back, NULL);
}

/*
 * Whole, s must leave want_kept sections aside and read as want; at
 * every split, read the same (a section cut by the split passes).
 */
static void
check_keep(const char *in, const char *want, size_t want_kept)
{
	static int	 ncase;
	size_t		 n = strlen(in), cut, nkept;
	char		*got, *m, *wm;
	int		 bad = 0;

	ncase++;
	got = keep(in, n, &nkept);
	wm = meaning(want);
	m = got != NULL ? meaning(got) : NULL;
	CHECK_STR_EQ(m, wm);
	CHECK_INT_EQ(nkept, want_kept);
	free(m);
	free(got);
	for (cut = 0; cut < n; cut++) {
		got = keep(in, cut, &nkept);
		m = got != NULL ? meaning(got) : NULL;
		if (m == NULL || strcmp(m, wm) != 0)
			bad++;
		free(m);
		free(got);
	}
	free(wm);
	CHECK_MSG(bad == 0, "kept case %d reads the same at every split "
	    "(%d differ)", ncase, bad);
}

int
main(void)
{
	struct xmlfix	 f;
	struct buf	 out;
	const char	*k;
	size_t		 klen;
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
	/* Non-ASCII stays as it is unless asked for references. */
	check_fix("<p>caf\xc3\xa9 au lait</p>", "<p>caf\xc3\xa9 au lait</p>",
	    0);

	/*
	 * References: element text only; not before the first tag, not in
	 * tag or attribute names, not in attribute values (quoted ">"
	 * included), not in sections or comments.
	 */
	check_refs("<p>caf\xc3\xa9 au lait</p>", "<p>caf&#233; au lait</p>", 0);
	check_refs("\xc3\xa9<p>x</p>", "\xc3\xa9<p>x</p>", 0);
	check_refs("<p title=\"caf\xc3\xa9\" d='\xc3\xbc'>\xc3\xb1 "
	    "and more</p>\n", "<p title=\"caf\xc3\xa9\" d='\xc3\xbc'>"
	    "&#241; and more</p>\n", 0);
	check_refs("<a t = \"x>\xc3\xa9\" u='>\xc3\xa9'>\xc3\xa9 text</a>",
	    "<a t = \"x>\xc3\xa9\" u='>\xc3\xa9'>&#233; text</a>", 0);
	check_refs("<\xc3\xa9l\xc3\xa9ment>x</\xc3\xa9l\xc3\xa9ment>",
	    "<\xc3\xa9l\xc3\xa9ment>x</\xc3\xa9l\xc3\xa9ment>", 0);
	check_refs("<p><![CDATA[\xc3\xa9]]><!--\xc3\xa9-->\xc3\xa9 tail</p>",
	    "<p><![CDATA[\xc3\xa9]]><!--\xc3\xa9-->&#233; tail</p>", 0);
	check_refs("<p>a&amp;\xe2\x82\xac" "1 &eacute;\xf0\x9f\x98\x80</p>",
	    "<p>a&#38;&#8364;1 &#233;&#128512;</p>", 1);
	/*
	 * After an end tag; not in text that ends the input (libxml2 leaves
	 * a last byte there unread: the ";" after "&#233;" would go).
	 */
	check_refs("<a><b>x</b>\xc3\xa9 y</a>\xc3\xa9",
	    "<a><b>x</b>&#233; y</a>\xc3\xa9", 0);
	check_refs("<a><b>\xc3\xa9 x</b>caf\xc3\xa9;",
	    "<a><b>&#233; x</b>caf\xc3\xa9;", 0);
	/*
	 * libxml2 reads "]]>" in text differently on its two paths: no
	 * reference before a "]" in the same run (but after it).
	 */
	check_refs("<p>\xc3\xa9 x ]]> \xc3\xa9 y</p>",
	    "<p>\xc3\xa9 x ]]> &#233; y</p>", 0);
	check_refs("<p>\xc3\xa9 ] x<b/>\xc3\xa9 y</p>",
	    "<p>\xc3\xa9 ] x<b/>&#233; y</p>", 0);
	/*
	 * Dense non-ASCII text stays on libxml2's slow path (but for the
	 * last character of the run); C1 controls, U+FFFE and broken
	 * sequences pass as they are.
	 */
	check_refs("<p>\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e text</p>",
	    "<p>\xe6\x97\xa5\xe6\x9c\xac&#35486; text</p>", 0);
	check_refs("<p>\xc2\x92 \xef\xbf\xbe \xc3 x</p>",
	    "<p>\xc2\x92 \xef\xbf\xbe \xc3 x</p>", 0);
	/*
	 * A "<" that is not a tag keeps the text state; "<!x" ends the
	 * respelling (libxml2's recovery might read on otherwise).
	 */
	check_refs("<p>a < \xc3\xa9 b</p>", "<p>a &lt; &#233; b</p>", 1);
	check_refs("<p><!x \xc3\xa9>\xc3\xa9 b</p>",
	    "<p><!x \xc3\xa9>\xc3\xa9 b</p>", 0);
	/*
	 * Tags by XML's grammar, white space where it may be, declarations,
	 * PIs and comments as libxml2 must read them: the sync holds.
	 */
	check_refs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<?xml-stylesheet href=\"a.xsl\" type=\"text/xsl\"?>"
	    "<a x = 'v' y=\"w\" ><!-- a - b --><b/><c:d z=\"1\" /><?pi?>"
	    "\xc3\xa9 y</a >", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<?xml-stylesheet href=\"a.xsl\" type=\"text/xsl\"?>"
	    "<a x = 'v' y=\"w\" ><!-- a - b --><b/><c:d z=\"1\" /><?pi?>"
	    "&#233; y</a >", 0);
	/*
	 * What libxml2's recovery may read otherwise than the pass ends the
	 * respelling for the rest of the document: a broken declaration
	 * (libxml2 leaves it at the next ">"), a PI without a target, an
	 * unquoted value, values without space between, "<" in a value, a
	 * stray quote, "/ >", junk in an end tag, a name not in ASCII,
	 * "--" in a comment, "<!-->", a DOCTYPE.
	 */
	check_refs("<?xml version=\"1.0>\"?><a>\xc3\xa9 x</a>",
	    "<?xml version=\"1.0>\"?><a>\xc3\xa9 x</a>", 0);
	check_refs("<a>\xc3\xa9 x<?1x?>\xc3\xa9 y</a>",
	    "<a>&#233; x<?1x?>\xc3\xa9 y</a>", 0);
	check_refs("<a>\xc3\xa9 x<b c=d>\xc3\xa9 y</b></a>",
	    "<a>&#233; x<b c=d>\xc3\xa9 y</b></a>", 0);
	check_refs("<a>\xc3\xa9 x<b c='1'd='2'>\xc3\xa9 y</b></a>",
	    "<a>&#233; x<b c='1'd='2'>\xc3\xa9 y</b></a>", 0);
	check_refs("<a>\xc3\xa9 x<b c=\"<d\">\xc3\xa9 y</b></a>",
	    "<a>&#233; x<b c=\"<d\">\xc3\xa9 y</b></a>", 0);
	check_refs("<a>\xc3\xa9 x<b d\xc3\xa9='1'>\xc3\xa9 y</b></a>",
	    "<a>&#233; x<b d\xc3\xa9='1'>\xc3\xa9 y</b></a>", 0);
	check_refs("<a>\xc3\xa9 x<b \"c\">\xc3\xa9 y</b></a>",
	    "<a>&#233; x<b \"c\">\xc3\xa9 y</b></a>", 0);
	check_refs("<a>\xc3\xa9 x<b / >\xc3\xa9 y</a>",
	    "<a>&#233; x<b / >\xc3\xa9 y</a>", 0);
	check_refs("<a><b>\xc3\xa9 x</b c>\xc3\xa9 y</a>",
	    "<a><b>&#233; x</b c>\xc3\xa9 y</a>", 0);
	check_refs("<a>\xc3\xa9 x<\xc3\xa9/>\xc3\xa9 y</a>",
	    "<a>&#233; x<\xc3\xa9/>\xc3\xa9 y</a>", 0);
	check_refs("<a>\xc3\xa9 x<!-- a -- b -->\xc3\xa9 y</a>",
	    "<a>&#233; x<!-- a -- b -->\xc3\xa9 y</a>", 0);
	check_refs("<a>\xc3\xa9 x<!-->-->\xc3\xa9 y</a>",
	    "<a>&#233; x<!-->-->\xc3\xa9 y</a>", 0);
	check_refs("<!DOCTYPE a><a>\xc3\xa9 y</a>",
	    "<!DOCTYPE a><a>\xc3\xa9 y</a>", 0);
	/* A long run that the split leaves without its end in sight. */
	check_refs("<p>0123456789 \xc3\xa9 01234567890123456789012345678901234"
	    "567890123456789 \xc3\xa9 0123456789</p>", "<p>0123456789 &#233; "
	    "01234567890123456789012345678901234567890123456789 &#233; "
	    "0123456789</p>", 0);

	/*
	 * CDATA kept aside: only in element content and whole, with its
	 * line feeds left in place, controls dropped as ever; not with
	 * U+FFFE or U+FFFF in it.
	 */
	check_keep("<a><![CDATA[<p>x\n&amp;y</p>\n]]>t</a>",
	    "<a><![CDATA[<p>x\n&amp;y</p>\n]]>t</a>", 1);
	/*
	 * Not with a control to drop, which ends the respelling: without
	 * it libxml2 may end the section sooner ("]]\001>" is "]]>").
	 */
	check_keep("<a><![CDATA[x]]\001>y]]><![CDATA[z]]>\xc3\xa9 w</a>",
	    "<a><![CDATA[x]]>y]]><![CDATA[z]]>\xc3\xa9 w</a>", 0);
	check_refs("<a><![CDATA[x]]\001>\xc3\xa9 y]]>\xc3\xa9 z</a>",
	    "<a><![CDATA[x]]>\xc3\xa9 y]]>\xc3\xa9 z</a>", 1);
	check_keep("<![CDATA[x]]><a t=\"y\"><![CDATA[]]>"
	    "<![CDATA[\xef\xbf\xbe]]><![CDATA[\xef\xbf\xbd]]></a>",
	    "<![CDATA[x]]><a t=\"y\"><![CDATA[]]>"
	    "<![CDATA[\xef\xbf\xbe]]><![CDATA[\xef\xbf\xbd]]></a>", 2);
	/* Nor once the sync is lost ("<" in a value, an unquoted value). */
	check_keep("<a t=\"<![CDATA[y]]>\"><![CDATA[z]]></a>",
	    "<a t=\"<![CDATA[y]]>\"><![CDATA[z]]></a>", 0);
	check_keep("<a><![CDATA[y]]><b c=d><![CDATA[z]]></b></a>",
	    "<a><![CDATA[y]]><b c=d><![CDATA[z]]></b></a>", 1);
	check_keep("<a><!--<![CDATA[x]]>--><![CDATA[a]]b]]>\xc3\xa9 z</a>",
	    "<a><!--<![CDATA[x]]>--><![CDATA[a]]b]]>\xc3\xa9 z</a>", 1);

	/*
	 * The reader asks by position, in order: an earlier section that
	 * was never asked for is dropped; a position that starts no kept
	 * section has nothing.
	 */
	xmlfix_init(&f);
	f.refs = true;
	f.keep = true;
	buf_init(&out, 4096);
	CHECK_INT_EQ(xmlfix_chunk(&f, "<a><![CDATA[one\n]]><![CDATA[two]]>"
	    "<![CDATA[three]]></a>", 55, true, &out), ERR_OK);
	CHECK_STR_EQ(buf_str(&out), "<a><![CDATA[\n]]><![CDATA[]]>"
	    "<![CDATA[]]></a>");
	CHECK(!xmlfix_kept(&f, 11, &k, &klen));
	CHECK(xmlfix_kept(&f, 12, &k, &klen) && klen == 4 &&
	    memcmp(k, "one\n", 4) == 0);
	CHECK(!xmlfix_kept(&f, 12, &k, &klen));
	CHECK(xmlfix_kept(&f, 37, &k, &klen) && klen == 5 &&
	    memcmp(k, "three", 5) == 0);
	CHECK(!xmlfix_kept(&f, 25, &k, &klen));
	xmlfix_cleanup(&f);
	buf_cleanup(&out);
	return tap_done();
}
