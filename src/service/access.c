/* SPDX-License-Identifier: MIT */
/* Partner keys: hashed, compared in constant time, counted by name. */
#include "config.h"
#include "service/access.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/hash.h"
#include "util/xmalloc.h"

struct partner {
	char		*name;
	char		 hash[HASH_HEX_LEN + 1];
	char		**channels;
	size_t		 nchannels;
	bool		 revoked;
	uint64_t	 granted, refused;
};

struct access {
	struct partner	*p;
	size_t		 n;
};

struct access *
access_new(const struct config *c, const struct access *old)
{
	struct access *a;
	struct partner *p;
	size_t	 i, j;

	a = xcalloc(1, sizeof *a);
	a->p = xcalloc(c->npartners + 1, sizeof *a->p);
	a->n = c->npartners;
	for (i = 0; i < c->npartners; i++) {
		p = &a->p[i];
		p->name = xstrdup(c->partners[i].name);
		memcpy(p->hash, c->partners[i].key_sha256, sizeof p->hash);
		p->revoked = c->partners[i].revoked;
		p->nchannels = c->partners[i].nchannels;
		p->channels = xcalloc(p->nchannels + 1, sizeof *p->channels);
		for (j = 0; j < p->nchannels; j++)
			p->channels[j] = xstrdup(c->partners[i].channels[j]);
		for (j = 0; old != NULL && j < old->n; j++)
			if (strcmp(old->p[j].name, p->name) == 0) {
				p->granted = old->p[j].granted;
				p->refused = old->p[j].refused;
			}
	}
	return a;
}

void
access_free(struct access *a)
{
	size_t	 i, j;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->p[i].name);
		for (j = 0; j < a->p[i].nchannels; j++)
			free(a->p[i].channels[j]);
		free(a->p[i].channels);
	}
	free(a->p);
	free(a);
}

/* Compare n bytes without an early exit: 0 when equal. */
static unsigned
ct_diff(const char *x, const char *y, size_t n)
{
	unsigned char d = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	return d;
}

/* True when channel name is one of the comma-separated realm. */
static bool
in_realm(const char *realm, const char *name)
{
	const char *p = realm;
	size_t	 n = strlen(name), len;

	while (*p != '\0') {
		len = strcspn(p, ",");
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

bool
access_allows(void *ctx, const char *realm, const char *key)
{
	struct access *a = ctx;
	struct partner *match = NULL;
	char	 hash[HASH_HEX_LEN + 1];
	size_t	 i, n;
	bool	 ok = false;

	if (key == NULL || (n = strlen(key)) == 0 || n > CAP_HTTP_KEY)
		return false;
	hash_hex(key, n, hash);
	/* Every partner is compared, whichever matches. */
	for (i = 0; i < a->n; i++)
		if (ct_diff(hash, a->p[i].hash, HASH_HEX_LEN) == 0)
			match = &a->p[i];
	explicit_bzero(hash, sizeof hash);
	if (match == NULL)
		return false;
	for (i = 0; i < match->nchannels && !match->revoked; i++)
		if (in_realm(realm, match->channels[i]))
			ok = true;
	if (ok)
		match->granted++;
	else
		match->refused++;
	return ok;
}

void
access_each(const struct access *a,
    void (*fn)(void *ctx, const char *partner, uint64_t granted,
    uint64_t refused), void *ctx)
{
	size_t	 i;

	for (i = 0; a != NULL && i < a->n; i++)
		fn(ctx, a->p[i].name, a->p[i].granted, a->p[i].refused);
}
