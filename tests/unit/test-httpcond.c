/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of HTTP serving: entity-tag matching, If-Modified-Since,
 * Accept-Encoding, HTTP dates, bearer keys, percent-decoding, listen
 * addresses; and the partner-key check of service/access.c.
 */
#include "config.h"

#include <stdlib.h>

#include "tap.h"
#include "net/httpcond.h"
#include "net/httpd.h"
#include "service/access.h"
#include "util/hash.h"
#include "util/xmalloc.h"

static void
test_etag(void)
{
	const char *tags[] = { "\"abc\"", "\"abc-gz\"" };

	CHECK(http_etag_match("\"abc\"", tags, 2));
	CHECK(http_etag_match("\"abc-gz\"", tags, 2));
	CHECK(http_etag_match("W/\"abc\"", tags, 2));
	CHECK(http_etag_match("\"x\", \"abc\"", tags, 2));
	CHECK(http_etag_match("\"x\",W/\"abc-gz\"", tags, 2));
	CHECK(http_etag_match("*", tags, 2));
	CHECK(!http_etag_match("\"abcd\"", tags, 2));
	CHECK(!http_etag_match("\"ab\"", tags, 2));
	CHECK(!http_etag_match("abc", tags, 2));
	CHECK(!http_etag_match("\"abc-gz\"", tags, 1));
	CHECK(!http_etag_match("\"abc", tags, 2));
	CHECK(!http_etag_match("", tags, 2));
}

static void
test_dates(void)
{
	char	 d[HTTP_DATE_BUF];

	http_date(784111777, d);
	CHECK_STR_EQ(d, "Sun, 06 Nov 1994 08:49:37 GMT");
	http_date(0, d);
	CHECK_STR_EQ(d, "Thu, 01 Jan 1970 00:00:00 GMT");
	CHECK(http_not_modified_since("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111777));
	CHECK(http_not_modified_since("Sun, 06 Nov 1994 08:49:38 GMT",
	    784111777));
	CHECK(!http_not_modified_since("Sun, 06 Nov 1994 08:49:36 GMT",
	    784111777));
	/* RFC 850 and asctime forms are HTTP dates too. */
	CHECK(http_not_modified_since("Sunday, 06-Nov-94 08:49:37 GMT",
	    784111777));
	CHECK(http_not_modified_since("Sun Nov  6 08:49:37 1994", 784111777));
	CHECK(!http_not_modified_since("yesterday", 784111777));
	CHECK(!http_not_modified_since(NULL, 784111777));
}

static void
test_gzip(void)
{
	CHECK(http_accepts_gzip("gzip"));
	CHECK(http_accepts_gzip("gzip, deflate, br"));
	CHECK(http_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
	CHECK(http_accepts_gzip("x-gzip"));
	CHECK(http_accepts_gzip("*"));
	CHECK(http_accepts_gzip("gzip;q=0.001"));
	CHECK(!http_accepts_gzip(NULL));
	CHECK(!http_accepts_gzip(""));
	CHECK(!http_accepts_gzip("identity"));
	CHECK(!http_accepts_gzip("gzip;q=0"));
	CHECK(!http_accepts_gzip("gzip; q=0.000"));
	CHECK(!http_accepts_gzip("gzip;q=0, *"));
	CHECK(!http_accepts_gzip("*;q=0"));
	CHECK(!http_accepts_gzip("gzipx, deflate"));
}

static void
test_bearer(void)
{
	const char *k;
	size_t	 n = 0;

	k = http_bearer("Bearer abc123", &n);
	CHECK(k != NULL && n == 6 && memcmp(k, "abc123", 6) == 0);
	k = http_bearer("bearer   xyz ", &n);
	CHECK(k != NULL && n == 3 && memcmp(k, "xyz", 3) == 0);
	CHECK(http_bearer("Basic abc", &n) == NULL);
	CHECK(http_bearer("Bearer", &n) == NULL);
	CHECK(http_bearer("Bearer ", &n) == NULL);
	CHECK(http_bearer("Bearerabc", &n) == NULL);
	CHECK(http_bearer(NULL, &n) == NULL);
}

static void
test_unescape(void)
{
	char	 out[64];

	CHECK(http_unescape("a%20b+c", 7, out, true));
	CHECK_STR_EQ(out, "a b c");
	CHECK(http_unescape("a+b", 3, out, false));
	CHECK_STR_EQ(out, "a+b");
	CHECK(http_unescape("%2e%2E", 6, out, false));
	CHECK_STR_EQ(out, "..");
	CHECK(!http_unescape("%2", 2, out, false));
	CHECK(!http_unescape("%zz", 3, out, false));
	CHECK(!http_unescape("a%00b", 5, out, false));
}

static void
test_listen(void)
{
	char	 host[HTTPD_HOST_MAX], port[6];

	CHECK(httpd_listen_split("127.0.0.1:8080", host, port));
	CHECK_STR_EQ(host, "127.0.0.1");
	CHECK_STR_EQ(port, "8080");
	CHECK(httpd_listen_split("[::1]:0", host, port));
	CHECK_STR_EQ(host, "::1");
	CHECK_STR_EQ(port, "0");
	CHECK(httpd_listen_split(":65535", host, port));
	CHECK_STR_EQ(host, "");
	CHECK(httpd_listen_split("localhost:80", host, port));
	CHECK(!httpd_listen_split("8080", host, port));
	CHECK(!httpd_listen_split("::1:8080", host, port));
	CHECK(!httpd_listen_split("[::1]8080", host, port));
	CHECK(!httpd_listen_split("[]:80", host, port));
	CHECK(!httpd_listen_split("host:", host, port));
	CHECK(!httpd_listen_split("host:65536", host, port));
	CHECK(!httpd_listen_split("host:123456", host, port));
	CHECK(!httpd_listen_split("host:80x", host, port));
	CHECK(!httpd_listen_split("host:-1", host, port));
}

static void
test_access(void)
{
	struct config c;
	struct partner_conf p[3];
	struct access *a;
	char	 a1[] = "a", b1[] = "b", c1[] = "c";
	char	 n1[] = "one", n2[] = "two", n3[] = "gone";
	char	*ch_a[] = { a1 }, *ch_b[] = { b1, c1 };

	memset(&c, 0, sizeof c);
	memset(p, 0, sizeof p);
	p[0].name = n1;
	hash_hex("key-one", 7, p[0].key_sha256);
	p[0].channels = ch_a;
	p[0].nchannels = 1;
	p[1].name = n2;
	hash_hex("key-two", 7, p[1].key_sha256);
	p[1].channels = ch_b;
	p[1].nchannels = 2;
	p[2].name = n3;
	hash_hex("key-gone", 8, p[2].key_sha256);
	p[2].channels = ch_a;
	p[2].nchannels = 1;
	p[2].revoked = true;
	c.partners = p;
	c.npartners = 3;
	a = access_new(&c, NULL);
	CHECK(access_allows(a, "a", "key-one"));
	CHECK(!access_allows(a, "b", "key-one"));
	CHECK(access_allows(a, "x,c", "key-two"));
	CHECK(access_allows(a, "b", "key-two"));
	CHECK(!access_allows(a, "a", "key-two"));
	CHECK(!access_allows(a, "bb", "key-two"));
	CHECK(!access_allows(a, "a", "key-gone"));
	CHECK(!access_allows(a, "a", "key-on"));
	CHECK(!access_allows(a, "a", ""));
	CHECK(!access_allows(a, "a", NULL));
	access_free(a);
}

int
main(void)
{
	test_etag();
	test_dates();
	test_gzip();
	test_bearer();
	test_unescape();
	test_listen();
	test_access();
	return tap_done();
}
