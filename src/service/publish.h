/* SPDX-License-Identifier: MIT */
/*
 * Atomic output files: write to a temporary file beside the target,
 * fsync it, rename it over the target, fsync the folder. A reader (or a
 * crash) sees the old file or the new one, never a part.
 */
#ifndef FEEDMILL_SERVICE_PUBLISH_H
#define FEEDMILL_SERVICE_PUBLISH_H

#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"

struct pubfile {
	FILE	*fp;		/* write the new content here */
	char	*path;		/* the target */
	char	*tmp;		/* the temporary file */
};

/* Create the temporary file for path (mode 0644). Logs failures. */
enum err	 publish_open(struct pubfile *pf, const char *path) WARN_UNUSED;
/*
 * When ok, flush, fsync and rename over the target; otherwise (or when
 * that fails) remove the temporary file and leave the target as it was.
 */
enum err	 publish_close(struct pubfile *pf, bool ok) WARN_UNUSED;
/* mkdir -p path (mode 0755). */
enum err	 publish_mkdirs(const char *path) WARN_UNUSED;

#endif
