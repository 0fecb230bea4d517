/* SPDX-License-Identifier: MIT */
/*
 * A table from names to the indexes of the caller's array (sources in
 * /metrics, hosts in the scheduler), so that finding one costs the same
 * at ten sources as at ten thousand.
 */
#ifndef FEEDMILL_SERVICE_NAMES_H
#define FEEDMILL_SERVICE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

struct names_slot;

struct names {
	struct names_slot *v;	/* open addressing, a power of two */
	size_t	 cap, n;
};

/* An empty table (no allocation until the first name). */
void	 names_init(struct names *t);
void	 names_cleanup(struct names *t);
/*
 * Find name: true with its index in *i; false when it is not in the
 * table. The table keeps a pointer to each name added, not a copy: the
 * caller's string must live as long as its entry.
 */
bool	 names_find(const struct names *t, const char *name, size_t *i);
/* Add name (not in the table yet) with index i. */
void	 names_add(struct names *t, const char *name, size_t i);

#endif
