/* SPDX-License-Identifier: MIT */
/*
 * Partner keys for restricted channels: each [partner NAME] holds the
 * SHA-256 of its key and the channels it may read. A presented key is
 * hashed and compared with every partner's hash in constant time; the
 * key itself is never stored, logged or counted, only the partner name.
 */
#ifndef FEEDMILL_SERVICE_ACCESS_H
#define FEEDMILL_SERVICE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "service/conf.h"

struct access;

/*
 * The partners of c (copied). old, when given, passes on its request
 * counts by partner name (a reload keeps the counters); it is not freed.
 */
struct access	*access_new(const struct config *c, const struct access *old);
void		 access_free(struct access *a);

/*
 * An httpd_authorize_fn: true when key belongs to a partner that is not
 * revoked and may read one of the channels in realm (comma-separated).
 * A key that matches a partner counts one request for it (granted or
 * refused); an unknown key or none counts nowhere.
 */
bool		 access_allows(void *a, const char *realm, const char *key);

/* Each partner's request counts, in configuration order. */
void		 access_each(const struct access *a,
		    void (*fn)(void *ctx, const char *partner,
		    uint64_t granted, uint64_t refused), void *ctx);

#endif
