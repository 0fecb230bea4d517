/* SPDX-License-Identifier: MIT */
/* XML text, attribute and JSON escaping. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "util/escape.h"
#include "util/text.h"

enum kind { XML, ATTR, JSON, SCRIPT };

static void
check(enum kind k, const char *in, const char *want)
{
	struct buf b;
	enum err e;

	buf_init(&b, 1000);
	e = k == XML ? buf_add_xml(&b, in) : k == ATTR ?
	    buf_add_xml_attr(&b, in) : k == JSON ? buf_add_json(&b, in) :
	    buf_add_json_script(&b, in);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(buf_str(&b), want);
	buf_cleanup(&b);
}

/*
 * The reference escapers: one character at a time, as the rules say.
 * The fast ones must write the same bytes for any input.
 */
/* Appends for the reference escapers; the tests stay under the cap. */
static void
putn(struct buf *b, const char *s, size_t n)
{
	if (buf_addn(b, s, n) != ERR_OK)
		abort();
}

static void
put(struct buf *b, const char *s)
{
	putn(b, s, strlen(s));
}

static void
putu(struct buf *b, uint32_t cp)
{
	if (buf_addf(b, "\\u%04x", (unsigned)cp) != ERR_OK)
		abort();
}

static void
ref_xml(struct buf *b, const char *s, bool attr)
{
	size_t	 n = strlen(s), i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp == '&')
			put(b, "&amp;");
		else if (cp == '<')
			put(b, "&lt;");
		else if (cp == '>')
			put(b, "&gt;");
		else if (cp == '"' && attr)
			put(b, "&quot;");
		else if (cp == '\n' && attr)
			put(b, "&#10;");
		else if (cp == '\t' && attr)
			put(b, "&#9;");
		else if (cp == '\r')
			put(b, "&#13;");
		else if (text_char_ok(cp))
			putn(b, s + i, k);
		i += k;
	}
}

static void
ref_json(struct buf *b, const char *s, bool script)
{
	size_t	 n = strlen(s), i = 0, k;
	uint32_t cp;

	put(b, "\"");
	while (i < n) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp == '"')
			put(b, "\\\"");
		else if (cp == '\\')
			put(b, "\\\\");
		else if (cp == '/' && i > 0 && s[i - 1] == '<')
			put(b, "\\/");
		else if (cp == '\n')
			put(b, "\\n");
		else if (cp == '\t')
			put(b, "\\t");
		else if (cp == '\r')
			put(b, "\\r");
		else if (cp == '\b')
			put(b, "\\b");
		else if (cp == '\f')
			put(b, "\\f");
		else if (cp == 0x2028 || cp == 0x2029 || cp < 0x20 ||
		    (script && (cp == '<' || cp == '>' || cp == '&')))
			putu(b, cp);
		else
			putn(b, s + i, k);
		i += k;
	}
	put(b, "\"");
}

/* Random strings of the bytes that matter, against the reference. */
static void
check_random(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "&", "<", ">", "\"", "'", "/", "</", "\\",
		"\n", "\t", "\r", "\b", "\f", "\x01", "\x1f", "\x7f",
		"\xc3\xa9", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbf\xbe",
		"\xef\xbf\xbf", "\xc2\x85", "\xf0\x9f\x98\x80", "\xed\xa0\x80",
		"\xc0\xaf", "\xff", "\x80", "\xe2\x82", "\xf4\x90\x80\x80",
		"\xc3", "abcdefghijklmnop", "]]>", "<!--"
	};
	struct buf in, got, want;
	int	 t, i, n, bad[4] = { 0, 0, 0, 0 }, kind;
	enum err e;

	srand(7);
	buf_init(&in, 4096);
	buf_init(&got, 65536);
	buf_init(&want, 65536);
	for (t = 0; t < 20000; t++) {
		buf_reset(&in);
		n = rand() % 48;
		for (i = 0; i < n; i++)
			put(&in, pieces[rand() % (sizeof pieces /
			    sizeof pieces[0])]);
		for (kind = 0; kind < 4; kind++) {
			buf_reset(&got);
			buf_reset(&want);
			switch (kind) {
			case 0:
				e = buf_add_xml(&got, buf_str(&in));
				ref_xml(&want, buf_str(&in), false);
				break;
			case 1:
				e = buf_add_xml_attr(&got, buf_str(&in));
				ref_xml(&want, buf_str(&in), true);
				break;
			case 2:
				e = buf_add_json(&got, buf_str(&in));
				ref_json(&want, buf_str(&in), false);
				break;
			default:
				e = buf_add_json_script(&got, buf_str(&in));
				ref_json(&want, buf_str(&in), true);
				break;
			}
			if ((e != ERR_OK || strcmp(buf_str(&got),
			    buf_str(&want)) != 0) &&
			    bad[kind]++ == 0)
				printf("# kind %d: in \"%s\"\n#   got  \"%s\"\n"
				    "#   want \"%s\"\n", kind, buf_str(&in),
				    buf_str(&got), buf_str(&want));
		}
	}
	CHECK_INT_EQ(bad[0], 0);
	CHECK_INT_EQ(bad[1], 0);
	CHECK_INT_EQ(bad[2], 0);
	CHECK_INT_EQ(bad[3], 0);
	buf_cleanup(&in);
	buf_cleanup(&got);
	buf_cleanup(&want);
}

/*
 * The escapers for clean text write what the others write for any text
 * whose bytes from 0x80 on are allowed characters' UTF-8 (ASCII control
 * characters and CR included).
 */
static void
check_random_clean(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "&", "<", ">", "\"", "'", "/", "\\", "\n",
		"\t", "\r", "\b", "\x01", "\x1f", "\x7f", "\xc3\xa9",
		"\xe2\x80\xa8", "\xef\xb7\x90", "\xf0\x9f\x98\x80",
		"\xe2\x82\xac", "abcdefghijklmnopqrstuvwxyz", "]]>", "<!--"
	};
	struct buf in, got, want;
	int	 t, i, n, bad[2] = { 0, 0 }, kind;
	enum err e;

	srand(11);
	buf_init(&in, 4096);
	buf_init(&got, 65536);
	buf_init(&want, 65536);
	for (t = 0; t < 20000; t++) {
		buf_reset(&in);
		n = rand() % 64;
		for (i = 0; i < n; i++)
			put(&in, pieces[rand() % (sizeof pieces /
			    sizeof pieces[0])]);
		for (kind = 0; kind < 2; kind++) {
			buf_reset(&got);
			buf_reset(&want);
			e = kind == 0 ? buf_add_xml_clean(&got, buf_str(&in)) :
			    buf_add_xml_attr_clean(&got, buf_str(&in));
			ref_xml(&want, buf_str(&in), kind == 1);
			if ((e != ERR_OK || strcmp(buf_str(&got),
			    buf_str(&want)) != 0) &&
			    bad[kind]++ == 0)
				printf("# clean kind %d: in \"%s\"\n#   got  "
				    "\"%s\"\n#   want \"%s\"\n", kind,
				    buf_str(&in), buf_str(&got),
				    buf_str(&want));
		}
	}
	CHECK_INT_EQ(bad[0], 0);
	CHECK_INT_EQ(bad[1], 0);
	buf_cleanup(&in);
	buf_cleanup(&got);
	buf_cleanup(&want);
}

/* Appends that cross the cap fail and leave the buffer as it was. */
static void
check_cap(void)
{
	struct buf b;

	buf_init(&b, 8);
	CHECK_INT_EQ(buf_add_xml(&b, "a<b"), ERR_OK);
	CHECK_INT_EQ(buf_add_xml(&b, "<"), ERR_TOO_LARGE);
	CHECK_STR_EQ(buf_str(&b), "a&lt;b");
	CHECK_INT_EQ(buf_add_xml_clean(&b, "<"), ERR_TOO_LARGE);
	CHECK_INT_EQ(buf_add_xml_attr_clean(&b, "\""), ERR_TOO_LARGE);
	CHECK_STR_EQ(buf_str(&b), "a&lt;b");
	CHECK_INT_EQ(buf_add_json_script(&b, "x"), ERR_TOO_LARGE);
	buf_cleanup(&b);
}

int
main(void)
{
	check(XML, "a < b & c > d \"q\"", "a &lt; b &amp; c &gt; d \"q\"");
	check(XML, "]]> stays safe", "]]&gt; stays safe");
	check(XML, "ctl\x01\x0b\x1f gone\ttab", "ctl gone\ttab");
	check(XML, "bad \xff byte", "bad  byte");
	check(XML, "\xef\xbf\xbe nonchar", " nonchar");
	check(XML, "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
	check(ATTR, "x\"y<z>&\n\t", "x&quot;y&lt;z&gt;&amp;&#10;&#9;");
	check(JSON, "plain", "\"plain\"");
	check(JSON, "q\"b\\s/", "\"q\\\"b\\\\s/\"");
	check(JSON, "</script>", "\"<\\/script>\"");
	check(JSON, "nl\ncr\rtab\t\x01", "\"nl\\ncr\\rtab\\t\\u0001\"");
	check(JSON, "ls\xe2\x80\xa8ps\xe2\x80\xa9", "\"ls\\u2028ps\\u2029\"");
	check(JSON, "bad \xc3 end", "\"bad  end\"");
	check(JSON, "\xe2\x82\xac", "\"\xe2\x82\xac\"");
	check(XML, "\r\x7f\xc2\x85", "&#13;");
	check(ATTR, "\r", "&#13;");
	check(JSON, "\x7f\x1f", "\"\x7f\\u001f\"");
	check(SCRIPT, "</script><!--&>", "\"\\u003c\\/script\\u003e\\u003c!--"
	    "\\u0026\\u003e\"");
	check(SCRIPT, "a/b </ <\xe2\x80\xa8", "\"a/b \\u003c\\/ \\u003c\\u2028\"");
	check_random();
	check_random_clean();
	check_cap();
	return tap_done();
}
