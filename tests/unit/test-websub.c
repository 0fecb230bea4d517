/* SPDX-License-Identifier: MIT */
/*
 * WebSub on the wire: form encoding and decoding (whole bodies
 * compared), Link header discovery, X-Hub-Signature checks against the RFC 2202 and RFC 4231
 * HMAC vectors ("Jefe"), refusals of every malformed signature, and
 * random secrets.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "net/websub.h"

#define KEY	"Jefe"
#define DATA	"what do ya want for nothing?"

static void
test_form(void)
{
	struct buf b;
	char	*s;

	buf_init(&b, 1024);
	CHECK(websub_form_add(&b, "hub.mode", "publish") == ERR_OK);
	CHECK(websub_form_add(&b, "hub.url",
	    "https://f.example/a b?x=1&y=é") == ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "hub.mode=publish&hub.url=https%3A%2F%2F"
	    "f.example%2Fa+b%3Fx%3D1%26y%3D%C3%A9");
	buf_cleanup(&b);

	s = websub_publish_body("https://f.example/news.atom");
	CHECK_STR_EQ(s, "hub.mode=publish&hub.url=https%3A%2F%2Ff.example%2F"
	    "news.atom&hub.topic=https%3A%2F%2Ff.example%2Fnews.atom");
	free(s);
	s = websub_subscribe_body("subscribe", "https://t.example/f",
	    "https://me.example/websub/ab12", "s3cret", 86400);
	CHECK_STR_EQ(s, "hub.mode=subscribe&hub.topic=https%3A%2F%2Ft.example"
	    "%2Ff&hub.callback=https%3A%2F%2Fme.example%2Fwebsub%2Fab12"
	    "&hub.secret=s3cret&hub.lease_seconds=86400");
	free(s);
	s = websub_subscribe_body("unsubscribe", "https://t.example/f",
	    "https://me.example/websub/ab12", NULL, 0);
	CHECK_STR_EQ(s, "hub.mode=unsubscribe&hub.topic=https%3A%2F%2F"
	    "t.example%2Ff&hub.callback=https%3A%2F%2Fme.example%2Fwebsub%2F"
	    "ab12");
	free(s);
}

static void
check_get(const char *form, const char *key, const char *want)
{
	char	*got = websub_form_get(form, strlen(form), key);

	if (want == NULL)
		CHECK_MSG(got == NULL, "%s in \"%s\": got \"%s\", want none",
		    key, form, got != NULL ? got : "");
	else
		CHECK_STR_EQ(got != NULL ? got : "(none)", want);
	free(got);
}

static void
test_form_get(void)
{
	const char *q = "hub.mode=subscribe&hub.topic=https%3A%2F%2Ft.example"
	    "%2Ff%3Fa%3D1&hub.challenge=a+b%2Bc&hub.lease_seconds=60&empty=&"
	    "bare&%68ub.x=decoded-key";

	check_get(q, "hub.mode", "subscribe");
	check_get(q, "hub.topic", "https://t.example/f?a=1");
	check_get(q, "hub.challenge", "a b+c");
	check_get(q, "hub.lease_seconds", "60");
	check_get(q, "empty", "");
	check_get(q, "bare", "");
	check_get(q, "hub.x", "decoded-key");
	check_get(q, "hub.missing", NULL);
	check_get("a=%00b", "a", NULL);
	check_get("a=%4", "a", "%4");
	check_get("a=1&a=2", "a", "1");
	check_get("", "a", NULL);
}

static void
check_link(const char *header, const char *rel, const char *want)
{
	char	*got = websub_link_find(header, rel);

	if (want == NULL)
		CHECK_MSG(got == NULL, "rel=%s in '%s': got \"%s\", want none",
		    rel, header != NULL ? header : "(null)",
		    got != NULL ? got : "");
	else
		CHECK_STR_EQ(got != NULL ? got : "(none)", want);
	free(got);
}

static void
test_links(void)
{
	const char *h = "<https://a.example/>; rel=alternate; type=text/html, "
	    " <https://hub.example/h>;REL=\"preload HUB\" , "
	    "<https://t.example/f>; title=\"x; rel=hub, y\"; rel=self";

	check_link(h, "hub", "https://hub.example/h");
	check_link(h, "self", "https://t.example/f");
	check_link(h, "alternate", "https://a.example/");
	check_link(h, "next", NULL);
	check_link("<https://t.example/f>; title=\"x; rel=hub, y\"; rel=self",
	    "hub", NULL);
	check_link("<rel.xml>; rel=hub", "hub", "rel.xml");
	check_link("garbage, <https://h.example/>; rel=hub", "hub",
	    "https://h.example/");
	check_link("<https://h.example/; rel=hub", "hub", NULL);
	check_link("<>; rel=hub", "hub", NULL);
	check_link("<https://h.example/>; rel", "hub", NULL);
	check_link("<https://h.example/>; rel=hubs", "hub", NULL);
	check_link("", "hub", NULL);
	check_link(NULL, "hub", NULL);
}

static void
test_signatures(void)
{
	static const struct {
		const char *method, *hex;
	} v[] = {
		{ "sha1", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
		{ "sha256", "5bdcc146bf60754e6a042426089575c75a003f089d273983"
		    "9dec58b964ec3843" },
		{ "sha384", "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
		    "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649" },
		{ "sha512", "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd6"
		    "10270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a3"
		    "4d4a6b4b636e070a38bce737" },
	};
	char	 want[256], *got;
	size_t	 i, n = strlen(DATA);

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(want, sizeof want, "%s=%s", v[i].method, v[i].hex);
		got = websub_sign(v[i].method, KEY, DATA, n);
		CHECK_STR_EQ(got != NULL ? got : "(null)", want);
		free(got);
		CHECK_MSG(websub_signature_ok(want, KEY, DATA, n),
		    "%s accepted", want);
		/* Upper-case hex is the same digest. */
		for (got = strchr(want, '=') + 1; *got != '\0'; got++)
			if (*got >= 'a' && *got <= 'f')
				*got = (char)(*got - 'a' + 'A');
		CHECK_MSG(websub_signature_ok(want, KEY, DATA, n),
		    "%s accepted", want);
	}
	/* Refusals: another body, another key, every malformed header. */
	snprintf(want, sizeof want, "sha256=%s", v[1].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA "!", n + 1));
	CHECK(!websub_signature_ok(want, "jefe", DATA, n));
	CHECK(!websub_signature_ok(want, NULL, DATA, n));
	CHECK(!websub_signature_ok(NULL, KEY, DATA, n));
	CHECK(!websub_signature_ok("", KEY, DATA, n));
	CHECK(!websub_signature_ok("sha256", KEY, DATA, n));
	CHECK(!websub_signature_ok("sha256=", KEY, DATA, n));
	snprintf(want, sizeof want, "md5=%s", v[1].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA, n));
	/* A sha1-length digest labelled sha256, and one digit short. */
	snprintf(want, sizeof want, "sha256=%s", v[0].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA, n));
	snprintf(want, sizeof want, "sha256=%.63s", v[1].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA, n));
	snprintf(want, sizeof want, "sha256=%.63sg", v[1].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA, n));
	/* The last byte wrong. */
	snprintf(want, sizeof want, "sha256=%.62s44", v[1].hex);
	CHECK(!websub_signature_ok(want, KEY, DATA, n));
	CHECK(websub_sign("md5", KEY, DATA, n) == NULL);
}

static void
test_random(void)
{
	char	 a[WEBSUB_SECRET_HEX + 1], b[WEBSUB_SECRET_HEX + 1];

	CHECK(websub_random_hex(a, WEBSUB_SECRET_HEX / 2) == ERR_OK);
	CHECK(websub_random_hex(b, WEBSUB_SECRET_HEX / 2) == ERR_OK);
	CHECK_INT_EQ(strlen(a), WEBSUB_SECRET_HEX);
	CHECK_INT_EQ(strspn(a, "0123456789abcdef"), WEBSUB_SECRET_HEX);
	CHECK(strcmp(a, b) != 0);
}

int
main(void)
{
	test_form();
	test_form_get();
	test_links();
	test_signatures();
	test_random();
	return tap_done();
}
