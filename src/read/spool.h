/* SPDX-License-Identifier: MIT */
/*
 * A wire spool folder as one feed: every regular file in it (not
 * recursive, dotfiles skipped), each read in whatever format it is,
 * the newest version of each story kept, killed stories dropped, the
 * news lifecycle applied, newest first.
 */
#ifndef FEEDMILL_READ_SPOOL_H
#define FEEDMILL_READ_SPOOL_H

#include "model/feed.h"
#include "read/read.h"

/*
 * Read folder dir and push one feed to out. o->name is ignored (each
 * file is named in its own messages); o->format, if set, applies to
 * every file. A file that cannot be read is reported, counted in
 * *failed and skipped: the feed of the others is still pushed. The
 * result is ERR_IO when dir cannot be listed, else what out returned.
 */
enum err	 spool_read_dir(const char *dir, const struct read_opts *o,
		    const struct sink *out, size_t *failed) WARN_UNUSED;

#endif
