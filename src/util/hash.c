/* SPDX-License-Identifier: MIT */
/* SHA-256 through nettle. */
#include "config.h"
#include "util/hash.h"

#include <stdint.h>
#include <string.h>

#include <nettle/sha2.h>

static void
tohex(const uint8_t *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void
hash_hex(const void *p, size_t n, char out[HASH_HEX_LEN + 1])
{
	struct sha256_ctx	 ctx;
	uint8_t			 d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, sizeof d, d);
	tohex(d, sizeof d, out);
}

void
hash_strings_hex(const char *const *parts, size_t nparts,
    char out[HASH_HEX_LEN + 1])
{
	struct sha256_ctx	 ctx;
	uint8_t			 d[SHA256_DIGEST_SIZE];
	const uint8_t		 sep = 0x1f;
	size_t			 i;

	sha256_init(&ctx);
	for (i = 0; i < nparts; i++) {
		if (parts[i] != NULL)
			sha256_update(&ctx, strlen(parts[i]),
			    (const uint8_t *)parts[i]);
		sha256_update(&ctx, 1, &sep);
	}
	sha256_digest(&ctx, sizeof d, d);
	tohex(d, sizeof d, out);
}
