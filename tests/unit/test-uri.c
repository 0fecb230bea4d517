/* SPDX-License-Identifier: MIT */
/* URL resolution (RFC 3986 section 5.4 examples) and checks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/uri.h"

static void
check(const char *base, const char *ref, const char *want)
{
	char	*got = uri_resolve(base, ref);

	CHECK_MSG(got == NULL ? want == NULL : want != NULL &&
	    strcmp(got, want) == 0, "resolve(%s, %s) = %s (want %s)",
	    base ? base : "NULL", ref ? ref : "NULL", got ? got : "NULL",
	    want ? want : "NULL");
	free(got);
}

/*
 * uri_resolve() takes a shortcut for absolute web URLs it would leave as
 * they are; it must give what the full resolution gives, on URLs made
 * of the pieces that matter to it.
 */
static void
shortcut_agrees(void)
{
	static const char *const heads[] = {
		"http://", "https://", "HTTP://", "ftp://", "http:", "https:/"
	};
	static const char *const hosts[] = {
		"example.com", "a.b", "Example.COM", "x-y.z", "-a.b", "a..b",
		"a.b.", "a.b:8080", "a.b:", "a.b:123456", "[::1]", "u@a.b",
		"a_b.c", ""
	};
	static const char *const paths[] = {
		"", "/", "/a", "/a/b.html", "/a/./b", "/a/../b", "/a//b",
		"/a/.", "/a/..", "/.a/..b", "/%41", "/%7e", "/a b", "/\xc3\xa9",
		"/a;p=1", "/a:b@c", "/~u/!$&'()*+,=", "/a\\b", "/a|b"
	};
	static const char *const tails[] = {
		"", "?", "?q=1&r=2", "?q=%41%7e", "?q=%zz", "?a/b?c", "#",
		"#f", "#f?g/h", "#f#g", "?q=1#f", "?q= 1", "?q=<x>", "#%20",
		"  ", " "
	};
	static const char *const bases[] = {
		NULL, "https://example.com/a/b", "http://a/b/c/d;p?q"
	};
	char	 url[256], *fast, *slow;
	long	 n = 0, bad = 0;
	size_t	 h, o, p, t, b;

	for (h = 0; h < sizeof heads / sizeof *heads; h++)
	for (o = 0; o < sizeof hosts / sizeof *hosts; o++)
	for (p = 0; p < sizeof paths / sizeof *paths; p++)
	for (t = 0; t < sizeof tails / sizeof *tails; t++)
	for (b = 0; b < sizeof bases / sizeof *bases; b++) {
		snprintf(url, sizeof url, "%s%s%s%s", heads[h], hosts[o],
		    paths[p], tails[t]);
		fast = uri_resolve(bases[b], url);
		slow = uri_resolve_parsed(bases[b], url);
		n++;
		if (fast == NULL ? slow != NULL : slow == NULL ||
		    strcmp(fast, slow) != 0) {
			if (bad++ < 5)
				printf("# %s: \"%s\" vs \"%s\"\n", url,
				    fast ? fast : "NULL", slow ? slow : "NULL");
		}
		free(fast);
		free(slow);
	}
	CHECK_MSG(bad == 0, "shortcut agrees with uriparser on %ld URLs", n);
}

static void
strip(const char *url, const char *want)
{
	char	*s = uri_strip_tracking(url);

	CHECK_MSG(strcmp(s, want) == 0, "uri_strip_tracking(\"%s\") = \"%s\"",
	    url, s);
	free(s);
}

int
main(void)
{
	const char *b = "http://a/b/c/d;p?q";
	char	*s;
	int	 c, bad;

	/* RFC 3986 5.4.1 normal examples. */
	check(b, "g:h", "g:h");
	check(b, "g", "http://a/b/c/g");
	check(b, "./g", "http://a/b/c/g");
	check(b, "g/", "http://a/b/c/g/");
	check(b, "/g", "http://a/g");
	check(b, "//g", "http://g");
	check(b, "?y", "http://a/b/c/d;p?y");
	check(b, "g?y", "http://a/b/c/g?y");
	check(b, "#s", "http://a/b/c/d;p?q#s");
	check(b, "g#s", "http://a/b/c/g#s");
	check(b, ";x", "http://a/b/c/;x");
	check(b, "", NULL);
	check(b, ".", "http://a/b/c/");
	check(b, "..", "http://a/b/");
	check(b, "../g", "http://a/b/g");
	check(b, "../..", "http://a/");
	check(b, "../../g", "http://a/g");
	/* 5.4.2 abnormal examples. */
	check(b, "../../../g", "http://a/g");
	check(b, "/./g", "http://a/g");
	check(b, "g.", "http://a/b/c/g.");
	check(b, "g;x=1/../y", "http://a/b/c/y");
	/* Feed reality. */
	check(NULL, "/relative", NULL);
	check(NULL, "//cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg");
	check(NULL, "http://x.org/a/../b", "http://x.org/b");
	check("http://x.org/", "  /spaced  ", "http://x.org/spaced");
	check("http://x.org/", "a b.html", "http://x.org/a%20b.html");
	check("http://x.org/", "caf\xc3\xa9", "http://x.org/caf%C3%A9");
	check("http://x.org/dir/", "//cdn.y.net/i.jpg", "http://cdn.y.net/i.jpg");
	check("https://x.org/", "mailto:a@b.c", "mailto:a@b.c");

	CHECK(uri_has_scheme("tag:x,2004:1"));
	CHECK(!uri_has_scheme("12345"));
	CHECK(!uri_has_scheme("/a:b"));
	CHECK(uri_is_web("https://x.org/"));
	CHECK(!uri_is_web("https:///x"));
	CHECK(!uri_is_web("ftp://x.org/"));
	CHECK(uri_is_iri("urn:uuid:1234"));
	CHECK(!uri_is_iri("not an iri"));
	CHECK(!uri_is_iri("12345"));
	CHECK(uri_is_iri("https://x.org/caf\xc3\xa9"));
	/* Every byte in the middle of an IRI: only these are refused. */
	for (c = 1, bad = 0; c < 256; c++) {
		char	 iri[32];
		bool	 want = !(c <= 0x20 || c == 0x7f ||
		    strchr("<>\"{}|\\^`", c) != NULL);

		snprintf(iri, sizeof iri, "https://x.org/a%cb", c);
		if (uri_is_iri(iri) != want)
			bad++;
	}
	CHECK_MSG(bad == 0, "uri_is_iri: %d bytes misjudged", bad);
	s = uri_origin("https://www.example.com:8080/a/b");
	CHECK_STR_EQ(s, "https://www.example.com:8080");
	free(s);
	s = uri_origin("https://www.example.com/a/b");
	CHECK_STR_EQ(s, "https://www.example.com");
	free(s);
	s = uri_escape_component("a b/c~");
	CHECK_STR_EQ(s, "a%20b%2Fc~");
	free(s);
	strip("https://e.com/a?utm_source=x&id=7&UTM_Medium=y&fbclid=z#c",
	    "https://e.com/a?id=7");
	strip("https://e.com/a?utm_source=x&utm_medium=y",
	    "https://e.com/a");
	strip("https://e.com/a?&&id=7&&gclid=1&b", "https://e.com/a?id=7&b");
	strip("https://e.com/a?utm_=1&utm&x=utm_source",
	    "https://e.com/a?utm_=1&utm&x=utm_source");
	strip("https://e.com/a#x?utm_source=1", "https://e.com/a");
	strip("https://e.com/a?", "https://e.com/a");
	strip("https://e.com/a?fbclid", "https://e.com/a");
	strip("https://e.com/?q=1&mc_cid=2&mc_eid=3&r=4",
	    "https://e.com/?q=1&r=4");
	strip("tag:e.com,2026:1", "tag:e.com,2026:1");
	strip("", "");
	shortcut_agrees();
	return tap_done();
}
