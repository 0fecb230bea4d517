/* SPDX-License-Identifier: MIT */
/*
 * The "httpparse" fuzz target: the request parsers on their own, faster
 * than through the server. The first byte picks one, the rest is its
 * input; each checks what must hold of its answer.
 */
#include "config.h"
#include "fuzz/fuzz.h"
#include "fuzz/fuzzhttp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/httpcond.h"
#include "net/httpd.h"
#include "net/websub.h"
#include "service/access.h"
#include "service/conf.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/xmalloc.h"

/* The partners of parse_access(). */
static struct access *partners;

static void
free_partners(void)
{
	access_free(partners);
	partners = NULL;
}

static void
parse_etag(const char *s)
{
	static const char *const tags[] = { "\"0123456789abcdef\"",
	    "\"0123456789abcdef-gz\"" };

	if (http_etag_match(s, tags, 2) && strchr(s, '*') == NULL &&
	    strstr(s, "0123456789abcdef\"") == NULL &&
	    strstr(s, "0123456789abcdef-gz\"") == NULL) {
		fprintf(stderr, "If-None-Match %s matched\n", s);
		abort();
	}
}

static void
parse_ims(const char *s, int64_t t)
{
	char	 d[HTTP_DATE_BUF];

	/* "Not modified since" holds for every earlier mtime too. */
	if (http_not_modified_since(s, t) &&
	    !http_not_modified_since(s, t - 1)) {
		fprintf(stderr, "If-Modified-Since %s: not monotonic\n", s);
		abort();
	}
	/* Our own dates read back exactly. */
	if (t < 0 || t > 253402300799LL)
		return;
	http_date(t, d);
	if (!http_not_modified_since(d, t) ||
	    (t > 0 && http_not_modified_since(d, t + 1))) {
		fprintf(stderr, "http_date(%lld) = %s does not read back\n",
		    (long long)t, d);
		abort();
	}
}

static void
parse_bearer(const char *s)
{
	const char *k;
	size_t	 n = 0;

	k = http_bearer(s, &n);
	if (k != NULL && (k < s || k + n > s + strlen(s) ||
	    strcasestr(s, "bearer") == NULL)) {
		fprintf(stderr, "Authorization %s: a key out of bounds\n", s);
		abort();
	}
	(void)http_accepts_gzip(s);
}

static void
parse_form(const char *s, size_t n)
{
	static const char *const keys[] = { "hub.mode", "hub.topic",
	    "hub.challenge", "hub.lease_seconds", "key" };
	struct buf b;
	char	*v, *back, *u;
	size_t	 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		v = websub_form_get(s, n, keys[i]);
		if (v == NULL)
			continue;
		if (strlen(v) > n)
			abort();
		/* What we read, we write so that it reads back the same. */
		buf_init(&b, 4 * n + 64);
		if (websub_form_add(&b, keys[i], v) != ERR_OK)
			abort();
		back = websub_form_get(b.data, b.len, keys[i]);
		if (back == NULL || strcmp(back, v) != 0) {
			fprintf(stderr, "form %s=%s reads back as %s\n",
			    keys[i], v, back != NULL ? back : "(null)");
			abort();
		}
		free(back);
		buf_cleanup(&b);
		free(v);
	}
	u = xmalloc(n + 1);
	if (http_unescape(s, n, u, true) && strlen(u) > n)
		abort();
	if (http_unescape(s, n, u, false) && strlen(u) > n)
		abort();
	free(u);
}

static void
parse_link(const char *s)
{
	static const char *const rels[] = { "hub", "self" };
	char	*u;
	size_t	 i;

	for (i = 0; i < 2; i++) {
		u = websub_link_find(s, rels[i]);
		if (u != NULL && strstr(s, u) == NULL) {
			fprintf(stderr, "Link %s: %s is not in it\n", s, u);
			abort();
		}
		free(u);
	}
}

/* "header\nbody": only a signature made with the secret is good. */
static void
parse_signature(const char *s, size_t n)
{
	static const char *const methods[] = { "sha1", "sha256", "sha384",
	    "sha512" };
	const char *nl = memchr(s, '\n', n), *body;
	char	*hdr, *sig;
	size_t	 blen, i;
	bool	 ok, made = false;

	if (nl == NULL)
		nl = s + n;
	hdr = xstrndup(s, (size_t)(nl - s));
	body = nl < s + n ? nl + 1 : nl;
	blen = (size_t)(s + n - body);
	ok = websub_signature_ok(hdr, SUB_SECRET, body, blen);
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		sig = websub_sign(methods[i], SUB_SECRET, body, blen);
		if (!websub_signature_ok(sig, SUB_SECRET, body, blen)) {
			fprintf(stderr, "our own %s signature is refused\n",
			    methods[i]);
			abort();
		}
		if (strcasecmp(sig, hdr) == 0)
			made = true;
		free(sig);
	}
	if (ok && !made) {
		fprintf(stderr, "X-Hub-Signature %s accepted\n", hdr);
		abort();
	}
	free(hdr);
}

/* Accept: a page is only asked for by naming an HTML type. */
static void
parse_accept(const char *s)
{
	struct httpd_accept a;
	const char *nl;
	char	*field;

	httpd_accept_init(&a);
	/* One field value a line, as a request with several Accept fields. */
	while ((nl = strchr(s, '\n')) != NULL) {
		field = xstrndup(s, (size_t)(nl - s));
		httpd_accept_add(&a, field);
		free(field);
		s = nl + 1;
	}
	httpd_accept_add(&a, s);
	if (a.page < -1 || a.page > 1000 || a.feed < -1 || a.feed > 1000 ||
	    a.xml < -1 || a.xml > 1000) {
		fprintf(stderr, "Accept: q-values out of range\n");
		abort();
	}
	if (httpd_accept_page(&a) && a.page <= 0) {
		fprintf(stderr, "Accept: a page without a page type\n");
		abort();
	}
}

/*
 * "realm\nkey" through the partner check: only acme's key opens a
 * realm listing secret, only beta's one listing other; old's (revoked)
 * never does.
 */
static void
parse_access(const char *s)
{
	static char n_acme[] = "acme", n_beta[] = "beta", n_old[] = "old";
	static char c_secret[] = "secret", c_other[] = "other";
	static char *ch_acme[] = { c_secret }, *ch_beta[] = { c_other };
	static char *ch_old[] = { c_secret, c_other };
	struct partner_conf p[3];
	struct config c;
	const char *nl = strchr(s, '\n');
	char	*realm;
	const char *want;
	bool	 ok;

	if (partners == NULL) {
		memset(p, 0, sizeof p);
		memset(&c, 0, sizeof c);
		hash_hex(KEY_ACME, strlen(KEY_ACME), p[0].key_sha256);
		hash_hex(KEY_BETA, strlen(KEY_BETA), p[1].key_sha256);
		hash_hex(KEY_OLD, strlen(KEY_OLD), p[2].key_sha256);
		p[0].name = n_acme;
		p[0].channels = ch_acme;
		p[0].nchannels = 1;
		p[1].name = n_beta;
		p[1].channels = ch_beta;
		p[1].nchannels = 1;
		p[2].name = n_old;
		p[2].channels = ch_old;
		p[2].nchannels = 2;
		p[2].revoked = true;
		c.partners = p;
		c.npartners = 3;
		partners = access_new(&c, NULL);
		atexit(free_partners);
	}
	if (nl == NULL)
		return;
	realm = xstrndup(s, (size_t)(nl - s));
	ok = access_allows(partners, realm, nl + 1);
	want = NULL;
	if (strcmp(nl + 1, KEY_ACME) == 0)
		want = "secret";
	else if (strcmp(nl + 1, KEY_BETA) == 0)
		want = "other";
	if (ok) {
		char	*item, *rest = realm, *save = NULL;
		bool	 listed = false;

		/* The realm is a comma-separated list of channels. */
		for (item = strtok_r(rest, ",", &save); item != NULL;
		    item = strtok_r(NULL, ",", &save))
			if (want != NULL && strcmp(item, want) == 0)
				listed = true;
		if (!listed) {
			fprintf(stderr, "access: realm %.*s opened by key "
			    "%s\n", (int)(nl - s), s, nl + 1);
			abort();
		}
	}
	free(realm);
}

static void
parse_listen(const char *s)
{
	char	 host[HTTPD_HOST_MAX], port[6];

	if (httpd_listen_split(s, host, port) && (strlen(port) == 0 ||
	    strtol(port, NULL, 10) > 65535 || strlen(host) >= HTTPD_HOST_MAX))
		abort();
}

void
fuzz_httpparse(const char *data, size_t n)
{
	char	*s;
	uint64_t t = 0;
	size_t	 i;

	if (n == 0)
		return;
	s = xstrndup(data + 1, n - 1);
	for (i = 1; i < n && i < 9; i++)
		t = t * 256 + (unsigned char)data[i];
	switch ((unsigned char)data[0] % 9) {
	case 0:
		parse_etag(s);
		break;
	case 1:
		parse_ims(s, (int64_t)(t % 400000000000ULL) - 100000000000LL);
		parse_ims(s, 1780000000);
		break;
	case 2:
		parse_bearer(s);
		break;
	case 3:
		parse_form(data + 1, n - 1);
		break;
	case 4:
		parse_link(s);
		break;
	case 5:
		parse_signature(data + 1, n - 1);
		break;
	case 6:
		parse_listen(s);
		break;
	case 7:
		parse_accept(s);
		break;
	default:
		parse_access(s);
		break;
	}
	free(s);
}
