/* SPDX-License-Identifier: MIT */
/*
 * Telling a browser's navigation from a feed reader by the Accept
 * header (net/httpdaccept.c): the values real clients send, q-values,
 * parameters, several fields and malformed input.
 */
#include "config.h"

#include "tap.h"
#include "net/httpd.h"

/* httpd_accept_page() over the one field v (NULL: no Accept). */
static bool
page(const char *v)
{
	struct httpd_accept a;

	httpd_accept_init(&a);
	httpd_accept_add(&a, v);
	return httpd_accept_page(&a);
}

static void
test_browsers(void)
{
	/* Chromium, Firefox, Safari navigations. */
	CHECK(page("text/html,application/xhtml+xml,application/xml;q=0.9,"
	    "image/avif,image/webp,image/apng,*/*;q=0.8,"
	    "application/signed-exchange;v=b3;q=0.7"));
	CHECK(page("text/html,application/xhtml+xml,application/xml;q=0.9,"
	    "*/*;q=0.8"));
	CHECK(page("text/html,application/xhtml+xml,application/xml;q=0.9,"
	    "image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8"));
	/* XHTML alone, odd case and spacing. */
	CHECK(page("application/xhtml+xml"));
	CHECK(page("  TEXT/HTML ; Q=1 , application/xml ; q=1"));
	CHECK(page("text/html;level=1;q=0.5, application/xml;q=0.5"));
	/* A quoted parameter holding a comma does not split the range. */
	CHECK(page("text/html;x=\"a,application/rss+xml\""));
}

static void
test_readers(void)
{
	/* No Accept, wildcards only, feed types. */
	CHECK(!page(NULL));
	CHECK(!page(""));
	CHECK(!page("*/*"));
	CHECK(!page("text/*, application/*"));
	CHECK(!page("application/rss+xml, application/rdf+xml;q=0.8, "
	    "application/atom+xml;q=0.6, application/xml;q=0.4, "
	    "text/xml;q=0.4, text/html;q=0.2"));
	CHECK(!page("application/atom+xml,application/rss+xml,"
	    "application/xml,text/xml,*/*;q=0.1"));
	/* A feed type as high as the page: the feed type wins the tie. */
	CHECK(!page("application/rss+xml, text/html"));
	/*
	 * Plain XML above the page; at the same rank it is fine (old WebKit
	 * put XHTML there too).
	 */
	CHECK(!page("application/xml,text/html;q=0.9,text/plain;q=0.8"));
	CHECK(page("application/xml,application/xhtml+xml,text/html;q=0.9,"
	    "text/plain;q=0.8,image/png,*/*;q=0.5"));
	CHECK(page("application/xml, text/html"));
	/* The page refused, or its q-value broken. */
	CHECK(!page("text/html;q=0"));
	CHECK(!page("text/html;q=0.000, */*"));
	CHECK(!page("text/html;q=2"));
	CHECK(!page("text/html;q=1.5"));
	CHECK(!page("text/html;q=0.1234"));
	CHECK(!page("text/html;q=.5"));
	CHECK(!page("text/html;q="));
	CHECK(!page("text/html junk"));
	CHECK(!page("text/htmlx, xtext/html, text/html+xml"));
	CHECK(page("text/html;q=0.001"));
	CHECK(page("text/html;q=1.000"));
}

static void
test_fields(void)
{
	struct httpd_accept a;

	/* Several Accept fields are one list (RFC 9110 section 5.3). */
	httpd_accept_init(&a);
	httpd_accept_add(&a, "text/html");
	httpd_accept_add(&a, "application/atom+xml");
	CHECK(!httpd_accept_page(&a));
	CHECK_INT_EQ(a.page, 1000);
	CHECK_INT_EQ(a.feed, 1000);
	CHECK_INT_EQ(a.xml, -1);
	httpd_accept_init(&a);
	httpd_accept_add(&a, "application/rss+xml;q=0.5");
	httpd_accept_add(&a, "text/html;q=0.8,application/xml;q=0.25");
	CHECK(httpd_accept_page(&a));
	CHECK_INT_EQ(a.page, 800);
	CHECK_INT_EQ(a.feed, 500);
	CHECK_INT_EQ(a.xml, 250);
	/* The highest q of a type listed twice. */
	httpd_accept_init(&a);
	httpd_accept_add(&a, "text/html;q=0, text/html;q=0.3");
	CHECK_INT_EQ(a.page, 300);
	/* Malformed input ends, and leaves the rest readable. */
	httpd_accept_init(&a);
	httpd_accept_add(&a, ";;;,,, ;q=1, \"unterminated, text/html;q=\"0.5");
	CHECK(!httpd_accept_page(&a));
	httpd_accept_init(&a);
	httpd_accept_add(&a, "text/html;x=\"a\\\"b,c\";q=0.4,,;");
	CHECK_INT_EQ(a.page, 400);
}

int
main(void)
{
	test_browsers();
	test_readers();
	test_fields();
	return tap_done();
}
