/* SPDX-License-Identifier: MIT */
/*
 * WebSub bodies, form decoding and signatures. HMACs come from nettle
 * and are compared with its memeql_sec, so a forged signature costs the
 * same time whatever byte it gets wrong.
 */
#include "config.h"
#include "net/websub.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char hexdigits[] = "0123456789abcdef";

/* Bytes a form value keeps as they are (RFC 3986 unreserved). */
static bool
unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static enum err
add_encoded(struct buf *b, const char *s)
{
	const unsigned char *p;
	char	 esc[3];
	enum err e = ERR_OK;

	for (p = (const unsigned char *)s; *p != '\0' && !e; p++) {
		if (unreserved(*p))
			e = buf_addn(b, p, 1);
		else if (*p == ' ')
			e = buf_addn(b, "+", 1);
		else {
			esc[0] = '%';
			esc[1] = "0123456789ABCDEF"[*p >> 4];
			esc[2] = "0123456789ABCDEF"[*p & 15];
			e = buf_addn(b, esc, 3);
		}
	}
	return e;
}

enum err
websub_form_add(struct buf *b, const char *key, const char *value)
{
	enum err e = ERR_OK;

	if (b->len > 0)
		e = buf_addn(b, "&", 1);
	if (!e)
		e = add_encoded(b, key);
	if (!e)
		e = buf_addn(b, "=", 1);
	if (!e)
		e = add_encoded(b, value != NULL ? value : "");
	return e;
}

/* Decode n form bytes at s into a new string; NULL on a NUL byte. */
static char *
decode(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1);
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%' && i + 2 < n &&
		    (hi = text_hex_value(s[i + 1])) >= 0 &&
		    (lo = text_hex_value(s[i + 2])) >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[o++] = s[i];
		if (o > 0 && out[o - 1] == '\0') {
			free(out);
			return NULL;
		}
	}
	out[o] = '\0';
	return out;
}

char *
websub_form_get(const char *s, size_t n, const char *key)
{
	const char *p = s, *end = s + n, *amp, *eq;
	char	*k;
	bool	 match;

	if (s == NULL)
		return NULL;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			eq = amp;
		k = decode(p, (size_t)(eq - p));
		match = k != NULL && strcmp(k, key) == 0;
		free(k);
		if (match)
			return decode(eq < amp ? eq + 1 : amp,
			    (size_t)(amp - (eq < amp ? eq + 1 : amp)));
		p = amp + 1;
	}
	return NULL;
}

/* Is token tok (n bytes) one of the space-separated words of list? */
static bool
has_token(const char *list, size_t len, const char *tok)
{
	size_t	 n = strlen(tok), i = 0, j;

	while (i < len) {
		while (i < len && (list[i] == ' ' || list[i] == '\t'))
			i++;
		j = i;
		while (j < len && list[j] != ' ' && list[j] != '\t')
			j++;
		if (j - i == n && strncasecmp(list + i, tok, n) == 0)
			return true;
		i = j;
	}
	return false;
}

/*
 * The parameters of one link, from p to the comma that ends it (or the
 * end): true when its rel has rel. *end is where the link ends.
 */
static bool
link_has_rel(const char *p, const char *rel, const char **end)
{
	const char *name, *v;
	size_t	 nname, nv;
	bool	 found = false;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ';')
			break;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		while (*p != '\0' && *p != '=' && *p != ';' && *p != ',')
			p++;
		nname = (size_t)(p - name);
		while (nname > 0 && (name[nname - 1] == ' ' ||
		    name[nname - 1] == '\t'))
			nname--;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			v = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			nv = (size_t)(p - v);
			if (*p == '"')
				p++;
		} else {
			v = p;
			while (*p != '\0' && *p != ';' && *p != ',')
				p++;
			nv = (size_t)(p - v);
		}
		if (nname == 3 && strncasecmp(name, "rel", 3) == 0 &&
		    has_token(v, nv, rel))
			found = true;
	}
	while (*p != '\0' && *p != ',')
		p++;
	*end = p;
	return found;
}

char *
websub_link_find(const char *header, const char *rel)
{
	const char *p = header, *url, *gt, *end;

	if (header == NULL)
		return NULL;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p != '<') {
			/* Not a link: skip to the next one. */
			while (*p != '\0' && *p != ',')
				p++;
			continue;
		}
		url = p + 1;
		gt = strchr(url, '>');
		if (gt == NULL)
			return NULL;
		if (link_has_rel(gt + 1, rel, &end) && gt > url)
			return xstrndup(url, (size_t)(gt - url));
		p = end;
	}
	return NULL;
}

/* A form of a few URLs; CAP_URL bounds each, so it cannot fill. */
static char *
form_take(struct buf *b, enum err e)
{
	if (e) {
		buf_cleanup(b);
		return xstrdup("");
	}
	return b->data != NULL ? buf_take(b, NULL) : xstrdup("");
}

char *
websub_publish_body(const char *topic)
{
	struct buf b;
	enum err e;

	buf_init(&b, 4 * CAP_URL);
	e = websub_form_add(&b, "hub.mode", "publish");
	if (!e)
		e = websub_form_add(&b, "hub.url", topic);
	if (!e)
		e = websub_form_add(&b, "hub.topic", topic);
	return form_take(&b, e);
}

char *
websub_subscribe_body(const char *mode, const char *topic,
    const char *callback, const char *secret, long lease)
{
	struct buf b;
	char	 n[32];
	enum err e;

	buf_init(&b, 8 * CAP_URL);
	e = websub_form_add(&b, "hub.mode", mode);
	if (!e)
		e = websub_form_add(&b, "hub.topic", topic);
	if (!e)
		e = websub_form_add(&b, "hub.callback", callback);
	if (!e && secret != NULL)
		e = websub_form_add(&b, "hub.secret", secret);
	if (!e && lease > 0) {
		snprintf(n, sizeof n, "%ld", lease);
		e = websub_form_add(&b, "hub.lease_seconds", n);
	}
	return form_take(&b, e);
}

/* The HMAC of body under secret into out (at least 64 bytes). */
typedef void mac_fn(const char *secret, const void *body, size_t n,
    uint8_t *out);

static void
mac_sha1(const char *secret, const void *body, size_t n, uint8_t *out)
{
	struct hmac_sha1_ctx ctx;

	hmac_sha1_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha1_update(&ctx, n, body);
	hmac_sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
}

static void
mac_sha256(const char *secret, const void *body, size_t n, uint8_t *out)
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha256_update(&ctx, n, body);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

static void
mac_sha384(const char *secret, const void *body, size_t n, uint8_t *out)
{
	struct hmac_sha384_ctx ctx;

	hmac_sha384_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha384_update(&ctx, n, body);
	hmac_sha384_digest(&ctx, SHA384_DIGEST_SIZE, out);
}

static void
mac_sha512(const char *secret, const void *body, size_t n, uint8_t *out)
{
	struct hmac_sha512_ctx ctx;

	hmac_sha512_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha512_update(&ctx, n, body);
	hmac_sha512_digest(&ctx, SHA512_DIGEST_SIZE, out);
}

static const struct method {
	const char	*name;
	size_t		 len;
	mac_fn		*mac;
} methods[] = {
	{ "sha1", SHA1_DIGEST_SIZE, mac_sha1 },
	{ "sha256", SHA256_DIGEST_SIZE, mac_sha256 },
	{ "sha384", SHA384_DIGEST_SIZE, mac_sha384 },
	{ "sha512", SHA512_DIGEST_SIZE, mac_sha512 },
};

static const struct method *
method_find(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strlen(methods[i].name) == n &&
		    strncmp(methods[i].name, name, n) == 0)
			return &methods[i];
	return NULL;
}

bool
websub_signature_ok(const char *header, const char *secret,
    const void *body, size_t n)
{
	const struct method *m;
	const char *eq, *hex;
	uint8_t	 want[SHA512_DIGEST_SIZE], got[SHA512_DIGEST_SIZE];
	size_t	 i;
	int	 hi, lo;

	if (header == NULL || secret == NULL)
		return false;
	eq = strchr(header, '=');
	if (eq == NULL)
		return false;
	m = method_find(header, (size_t)(eq - header));
	hex = eq + 1;
	if (m == NULL || strlen(hex) != 2 * m->len)
		return false;
	for (i = 0; i < m->len; i++) {
		hi = text_hex_value(hex[2 * i]);
		lo = text_hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		got[i] = (uint8_t)(hi << 4 | lo);
	}
	m->mac(secret, body, n, want);
	return memeql_sec(want, got, m->len) != 0;
}

char *
websub_sign(const char *method, const char *secret, const void *body,
    size_t n)
{
	const struct method *m;
	uint8_t	 d[SHA512_DIGEST_SIZE];
	char	*out, *p;
	size_t	 i;

	m = method_find(method, strlen(method));
	if (m == NULL)
		return NULL;
	m->mac(secret, body, n, d);
	out = xmalloc(strlen(m->name) + 1 + 2 * m->len + 1);
	p = out + strlen(m->name);
	memcpy(out, m->name, strlen(m->name));
	*p++ = '=';
	for (i = 0; i < m->len; i++) {
		*p++ = hexdigits[d[i] >> 4];
		*p++ = hexdigits[d[i] & 15];
	}
	*p = '\0';
	return out;
}

enum err
websub_random_hex(char *out, size_t nbytes)
{
	uint8_t	 r[64];
	size_t	 i;
	ssize_t	 got;

	assert(nbytes <= sizeof r);
	do
		got = getrandom(r, nbytes, 0);
	while (got < 0 && errno == EINTR);
	if (got != (ssize_t)nbytes) {
		log_error("websub: no random bytes for a secret: %s",
		    got < 0 ? strerror(errno) : "short read");
		return ERR_IO;
	}
	for (i = 0; i < nbytes; i++) {
		out[2 * i] = hexdigits[r[i] >> 4];
		out[2 * i + 1] = hexdigits[r[i] & 15];
	}
	out[2 * nbytes] = '\0';
	explicit_bzero(r, sizeof r);
	return ERR_OK;
}
