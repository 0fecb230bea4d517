/* SPDX-License-Identifier: MIT */
/*
 * The news lifecycle filter: which stories may appear in outputs now.
 * An embargoed story (embargo_until after now), a withheld one and a
 * canceled (killed) one are held back. The read pipeline applies it to
 * every article after normalization; the spool reader applies it after
 * choosing the newest version of each story.
 */
#ifndef FEEDMILL_READ_LIFECYCLE_H
#define FEEDMILL_READ_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/article.h"

/*
 * True when a may be published at time now (UTC seconds). Otherwise
 * *why (when not NULL) says why not: "embargoed", "withheld",
 * "canceled".
 */
bool		 lifecycle_pass(const struct article *a, int64_t now,
		    const char **why);
/*
 * The clock for the filter: now when it is set (--now), else the real
 * time. This is the only place feedmill reads the clock for output, so
 * outputs are deterministic whenever --now is given.
 */
int64_t		 lifecycle_clock(int64_t now);
/*
 * Order two versions of one story: > 0 when a is newer than b. Version
 * numbers decide (compared as numbers when both are), then updated,
 * then published.
 */
int		 lifecycle_newer(const struct article *a,
		    const struct article *b);

#endif
