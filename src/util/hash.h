/* SPDX-License-Identifier: MIT */
/* SHA-256 digests as lowercase hex, for generated ids and ETags. */
#ifndef FEEDMILL_UTIL_HASH_H
#define FEEDMILL_UTIL_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN	64

/* Write the hex SHA-256 of the n bytes at p into out (65 bytes, NUL-ended). */
void	hash_hex(const void *p, size_t n, char out[HASH_HEX_LEN + 1]);

/*
 * Hash several NUL-terminated strings (NULL entries count as empty),
 * each followed by a 0x1f separator so ("ab","c") != ("a","bc").
 */
void	hash_strings_hex(const char *const *parts, size_t nparts,
	    char out[HASH_HEX_LEN + 1]);

#endif
