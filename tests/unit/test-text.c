/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding and repair, cleaning, excerpts. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/text.h"

static void
check_clean(const char *in, unsigned flags, const char *want)
{
	char	*got = text_clean(in, strlen(in), flags, 1000);

	CHECK_STR_EQ(got, want);
	free(got);
}

static void
check_repair(const char *in, size_t chunk, const char *want)
{
	struct utf8_repair r = { 0 };
	struct buf out;
	size_t	 n = strlen(in), i, k;
	enum err e = ERR_OK;

	buf_init(&out, 1000);
	for (i = 0; i < n && !e; i += k) {
		k = n - i < chunk ? n - i : chunk;
		e = text_utf8_repair(&r, in + i, k, false, &out);
	}
	if (!e)
		e = text_utf8_repair(&r, "", 0, true, &out);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(buf_str(&out), want);
	buf_cleanup(&out);
}

/*
 * text_is_clean() is text_clean()'s fast path: when it says yes, the
 * cleaned text must be the text itself.
 */
static void
check_is_clean(const char *in, unsigned flags, size_t max, bool want)
{
	static int	 ncase;
	size_t		 n = strlen(in);
	char		*got = text_clean(in, n, flags, max);
	bool		 is = text_is_clean(in, n, flags, max);

	/* (The text itself may hold controls: not in the TAP line.) */
	CHECK_MSG(is == want, "text_is_clean case %d is %d", ++ncase, (int)is);
	if (is)
		CHECK(got != NULL && strcmp(got, in) == 0);
	free(got);
}

/* Where text_span() stops in s (n bytes), against a byte-by-byte scan. */
static void
check_span(const char *s, size_t n, unsigned char lo, unsigned char hi,
    unsigned char x, unsigned char y)
{
	size_t	 want;

	for (want = 0; want < n; want++) {
		unsigned char c = (unsigned char)s[want];

		if (c < lo || c > hi || c == x || c == y)
			break;
	}
	CHECK_INT_EQ(text_span(s, n, lo, hi, x, y), want);
}

/*
 * text_utf8_decode() decodes ASCII and the two- and three-byte forms
 * inline: the same as its out-of-line part for every pair of first
 * bytes, a sample of third bytes, and every length.
 */
static void
check_decode_inline(void)
{
	static const unsigned char thirds[] = {
		0x00, 0x41, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff
	};
	unsigned char s[4];
	uint32_t cp1, cp2;
	size_t	 a, b, c, n, k1, k2;
	int	 bad = 0;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < sizeof thirds; c++)
				for (n = 0; n <= 4; n++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = thirds[c];
					s[3] = 0x80;
					cp1 = cp2 = 0;
					k1 = text_utf8_decode((char *)s, n,
					    &cp1);
					k2 = text_utf8_decode_slow((char *)s, n,
					    &cp2);
					if (k1 != k2 || (k1 > 0 && cp1 != cp2))
						bad++;
				}
	CHECK_MSG(bad == 0, "inline UTF-8 decoding: %d differ", bad);
	/* text_char_ok() against its definition, on every code point. */
	for (cp1 = 0, bad = 0; cp1 < 0x110010; cp1++)
		if (text_char_ok(cp1) != (cp1 == '\t' || cp1 == '\n' ||
		    cp1 == '\r' || (cp1 >= 0x20 && cp1 < 0x7f) ||
		    (cp1 >= 0xa0 && cp1 < 0xd800) || (cp1 > 0xdfff &&
		    cp1 < 0xfffe) || (cp1 > 0xffff && cp1 <= 0x10ffff)))
			bad++;
	CHECK_MSG(bad == 0, "text_char_ok: %d code points misjudged", bad);
}

/*
 * Random texts of the bytes that matter, long enough for the 16-byte
 * scans: text_is_clean() says yes exactly when text_clean() gives the
 * text back as it was.
 */
static void
check_is_clean_random(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "  ", "\t", "\n", "\r", "\x01", "\x7f", "\f",
		"\xc3\xa9", "\xc2\x85", "\xc2\xa0", "\xef\xbf\xbe",
		"\xe9", "\xf0\x9f\x98\x80", "abcdefghijklmnop", "word ",
		" word"
	};
	static const unsigned flags[] = {
		0, TEXT_COLLAPSE, TEXT_MULTILINE, TEXT_COLLAPSE | TEXT_MULTILINE
	};
	const char *p;
	char	 in[1024], *got;
	size_t	 n, k, f;
	int	 t, i, len, bad = 0;
	bool	 is, want;

	srand(5);
	for (t = 0; t < 20000; t++) {
		n = 0;
		len = rand() % 40;
		for (i = 0; i < len; i++) {
			p = pieces[rand() % (sizeof pieces /
			    sizeof pieces[0])];
			k = strlen(p);
			memcpy(in + n, p, k);
			n += k;
		}
		in[n] = '\0';
		n = strlen(in);
		for (f = 0; f < sizeof flags / sizeof flags[0]; f++) {
			is = text_is_clean(in, n, flags[f], 1000);
			got = text_clean(in, n, flags[f], 1000);
			want = got != NULL && strcmp(got, in) == 0;
			free(got);
			if (is != want && bad++ == 0)
				printf("# flags %u: \"%s\" is %d\n", flags[f],
				    in, (int)is);
		}
	}
	CHECK_INT_EQ(bad, 0);
}

int
main(void)
{
	uint32_t cp;
	char	 enc[4], *s;

	CHECK_INT_EQ(text_utf8_decode("\xc3\xa9", 2, &cp), 2);
	CHECK_INT_EQ(cp, 0xe9);
	CHECK_INT_EQ(text_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT_EQ(cp, 0x1f600);
	CHECK_INT_EQ(text_utf8_decode("\xc0\xaf", 2, &cp), 0);	/* overlong */
	CHECK_INT_EQ(text_utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	CHECK_INT_EQ(text_utf8_decode("\xe2\x82", 2, &cp), 0);	/* short */
	CHECK_INT_EQ(text_utf8_encode(0x20ac, enc), 3);
	CHECK(memcmp(enc, "\xe2\x82\xac", 3) == 0);
	CHECK(text_utf8_valid("plain \xc3\xa9", 8));
	CHECK(!text_utf8_valid("bad \xe9 byte", 10));
	CHECK(!text_char_ok(0x01));
	CHECK(!text_char_ok(0x85));
	CHECK(!text_char_ok(0xfffe));
	CHECK(text_char_ok('\n'));

	check_clean("  a\t b \n\n c  ", TEXT_COLLAPSE, "a b c");
	check_clean("line1\r\nline2\rline3", TEXT_MULTILINE, "line1\nline2\nline3");
	check_clean("ctl\x01\x1b here", TEXT_COLLAPSE, "ctl here");
	check_clean("caf\xe9 \x93quoted\x94", TEXT_COLLAPSE,
	    "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
	check_clean("c1\xc2\x85 gone", TEXT_COLLAPSE, "c1 gone");
	check_clean("   ", TEXT_COLLAPSE, NULL);
	s = text_clean("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 0, 5);
	CHECK_STR_EQ(s, "\xc3\xa9\xc3\xa9");	/* cut on a character */
	free(s);

	s = text_excerpt("one two three four", 9);
	CHECK_STR_EQ(s, "one two\xe2\x80\xa6");
	free(s);
	s = text_excerpt("short", 9);
	CHECK_STR_EQ(s, "short");
	free(s);
	s = text_excerpt("abcdefghijkl", 5);
	CHECK_STR_EQ(s, "abcde\xe2\x80\xa6");
	free(s);
	/* Characters, not bytes, count. */
	s = text_excerpt("abcdefghi", 9);
	CHECK_STR_EQ(s, "abcdefghi");
	free(s);
	s = text_excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 3);
	CHECK_STR_EQ(s, "\xc3\xa9\xc3\xa9\xc3\xa9");
	free(s);
	s = text_excerpt("caf\xc3\xa9 au lait", 6);
	CHECK_STR_EQ(s, "caf\xc3\xa9\xe2\x80\xa6");
	free(s);
	s = text_excerpt("\xe2\x82\xac" "1, \xe2\x82\xac" "2, \xe2\x82\xac" "3",
	    9);
	CHECK_STR_EQ(s, "\xe2\x82\xac" "1, \xe2\x82\xac" "2\xe2\x80\xa6");
	free(s);

	CHECK(text_is_blank(NULL));
	CHECK(text_is_blank(" \t\n"));
	CHECK(!text_is_blank(" x "));
	CHECK(text_ieq("UTF-8", "utf-8"));
	CHECK(!text_ieq("utf-8", "utf-16"));
	CHECK(text_istarts("HTTP://x", "http://"));
	CHECK_INT_EQ(text_hex_value('0'), 0);
	CHECK_INT_EQ(text_hex_value('9'), 9);
	CHECK_INT_EQ(text_hex_value('a'), 10);
	CHECK_INT_EQ(text_hex_value('F'), 15);
	CHECK_INT_EQ(text_hex_value('g'), -1);
	CHECK_INT_EQ(text_hex_value((char)0xc3), -1);

	/* Streaming repair, with sequences split across chunk boundaries. */
	check_repair("caf\xc3\xa9 ok", 4, "caf\xc3\xa9 ok");
	check_repair("caf\xc3\xa9 ok", 1, "caf\xc3\xa9 ok");
	check_repair("caf\xe9 latin", 3, "caf\xc3\xa9 latin");
	check_repair("end\xe2\x82", 64, "end\xc3\xa2\xe2\x80\x9a");
	check_repair("\xf0\x9f\x98\x80!", 1, "\xf0\x9f\x98\x80!");
	/* Invalid and split sequences right after a long ASCII run. */
	check_repair("0123456789abcdef\xe9", 64, "0123456789abcdef\xc3\xa9");
	check_repair("0123456789abcdef\xe9z", 17, "0123456789abcdef\xc3\xa9z");
	check_repair("0123456789abcde\xe2\x82\xac.", 16,
	    "0123456789abcde\xe2\x82\xac.");
	check_repair("0123456789abcdef0123456789abcdef\x80", 32,
	    "0123456789abcdef0123456789abcdef\xe2\x82\xac");

	/* text_span: every stop position around the 16-byte blocks. */
	{
		char	 buf[64];
		size_t	 at;

		memset(buf, 'a', sizeof buf);
		check_span(buf, sizeof buf, 0x20, 0x7e, '<', '&');
		check_span(buf, 0, 0x20, 0x7e, '<', '&');
		for (at = 0; at < 40; at++) {
			memset(buf, 'a', sizeof buf);
			buf[at] = '&';
			check_span(buf, sizeof buf, 0x20, 0x7e, '<', '&');
			buf[at] = (char)0x80;
			check_span(buf, sizeof buf, 0x20, 0x7e, '<', '&');
			check_span(buf, sizeof buf, 0, 0x7f, 0x80, 0x80);
			buf[at] = '\n';
			check_span(buf, sizeof buf, 0x20, 0xff, 0, 0);
			buf[at] = 0x1f;		/* just below lo */
			check_span(buf, sizeof buf, 0x20, 0x7e, 0, 0);
			buf[at] = 0x20;		/* lo itself passes */
			check_span(buf, 20, 0x20, 0x7e, 0, 0);
			buf[at] = 0x7f;		/* just above hi */
			check_span(buf, sizeof buf, 0x20, 0x7e, 0, 0);
			buf[at] = (char)0xef;	/* noncharacter lead */
			check_span(buf, sizeof buf, 0, 0xee, 0xff, 0xff);
			buf[at] = (char)0xff;	/* hi 0xff takes it */
			check_span(buf, sizeof buf, 0x20, 0xff, '&', '<');
		}
	}

	/* text_is_clean: yes only where text_clean() changes nothing. */
	check_is_clean("plain ASCII, twenty-odd bytes long", 0, 1000, true);
	check_is_clean("caf\xc3\xa9 \xe2\x82\xac" "5", TEXT_COLLAPSE, 1000,
	    true);
	check_is_clean("a b c", TEXT_COLLAPSE, 1000, true);
	check_is_clean("a  b", TEXT_COLLAPSE, 1000, false);
	check_is_clean(" a", TEXT_COLLAPSE, 1000, false);
	check_is_clean("a ", TEXT_COLLAPSE, 1000, false);
	check_is_clean("a \tb", TEXT_COLLAPSE, 1000, false);
	check_is_clean("a\tb", TEXT_COLLAPSE, 1000, false);
	check_is_clean("a  b", 0, 1000, true);
	check_is_clean("a\nb\tc", TEXT_MULTILINE, 1000, true);
	check_is_clean("a\nb", 0, 1000, false);
	check_is_clean("a\r\nb", TEXT_MULTILINE, 1000, false);
	check_is_clean("c1 \xc2\x85", 0, 1000, false);
	check_is_clean("bad \xe9 byte", 0, 1000, false);
	check_is_clean("ctl\x01", TEXT_MULTILINE, 1000, false);
	check_is_clean("del\x7f", 0, 1000, false);
	check_is_clean("\xef\xbf\xbe", 0, 1000, false);	/* U+FFFE */
	check_is_clean("\xef\xb7\x90", 0, 1000, true);	/* U+FDD0 passes */
	check_is_clean("", 0, 1000, false);	/* NULL, not "" */
	check_is_clean("0123456789", 0, 9, false);		/* cut */
	check_is_clean("0123456789", 0, 10, true);
	check_is_clean("0123456789abcdef0123456789abcdef\x01", 0, 1000,
	    false);
	check_is_clean("0123456789abcdef0123456789abcde\xc3\xa9",
	    TEXT_MULTILINE, 1000, true);
	check_is_clean_random();
	check_decode_inline();
	return tap_done();
}
