/* SPDX-License-Identifier: MIT */
/*
 * Spool folders: wire files dropped into a folder are read once, then
 * moved to done/ or, when unreadable, to failed/ with a NAME.error note
 * beside them. Nothing is deleted. A file is taken only once complete:
 * names starting with "." or ending in ".tmp" or ".part" are still being
 * written (write, then rename), and any file must be unchanged for
 * SPOOL_SETTLE seconds.
 */
#ifndef FEEDMILL_SERVICE_SPOOL_H
#define FEEDMILL_SERVICE_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SPOOL_SETTLE	1

/* Names of complete files in dir at now, sorted; the caller frees. */
enum err	 spool_list(const char *dir, int64_t now, char ***names,
		    size_t *n) WARN_UNUSED;
/* Move dir/name into dir/done/ (a numbered name if taken). */
enum err	 spool_done(const char *dir, const char *name) WARN_UNUSED;
/* Move dir/name into dir/failed/ and write why to NAME.error beside it. */
enum err	 spool_failed(const char *dir, const char *name,
		    const char *why) WARN_UNUSED;

#endif
