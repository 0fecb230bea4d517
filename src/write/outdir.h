/* SPDX-License-Identifier: MIT */
/*
 * Directory outputs: many files written into one directory, each
 * atomically (temporary file, fsync, rename), and the per-story sink
 * that runs a multi writer (share, ninjs) into such a directory or, for
 * a single story, into one stream.
 */
#ifndef FEEDMILL_WRITE_OUTDIR_H
#define FEEDMILL_WRITE_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

#include "write/write.h"

struct outdir;

/*
 * True when path names a directory output: it ends in "/" or is an
 * existing directory.
 */
bool		 outdir_wanted(const char *path);
/*
 * Open the directory path for writing, creating it (one level, 0755)
 * when missing. Errors are logged. Free with outdir_free().
 */
enum err	 outdir_open(const char *path, struct outdir **odp) WARN_UNUSED;
/*
 * Replace the file name (a plain file name: no "/", not "." or "..")
 * in the directory with the n bytes at p, atomically: a reader sees the
 * old file or the whole new one. The file goes to a temporary name;
 * every 512 files, and at outdir_finish(), the file system is flushed
 * (syncfs) and they are renamed into place in the order written.
 * Pending files that outdir_free() finds were never renamed: they are
 * removed. Errors are logged.
 */
enum err	 outdir_write(struct outdir *od, const char *name, const void *p,
		    size_t n) WARN_UNUSED;
/*
 * outdir_write() in two steps, for writing from several threads: the
 * first writes the file under a temporary name and sets *tmpp to it (a
 * new string; it only reads od, so threads may call it at once); the
 * second, from one thread at a time, queues it to replace name (taking
 * tmp) as outdir_write() does. Files replace each other in the order
 * queued. Errors are logged.
 */
enum err	 outdir_write_temp(const struct outdir *od, const char *name,
		    const void *p, size_t n, char **tmpp) WARN_UNUSED;
enum err	 outdir_add_temp(struct outdir *od, const char *name,
		    char *tmp) WARN_UNUSED;
/*
 * Remove the file name from the directory now, and drop the writes of
 * it still pending: a file removed after it was queued stays removed.
 * A file that is not there is not an error. Errors are logged.
 */
enum err	 outdir_remove(struct outdir *od, const char *name) WARN_UNUSED;
/* Rename the pending files, and make the renames durable (fsync the
 * directory). */
enum err	 outdir_finish(struct outdir *od) WARN_UNUSED;
void		 outdir_free(struct outdir *od);
/* The directory path, as given. Borrowed. */
const char	*outdir_path(const struct outdir *od);

/*
 * The file name of a story: a slug of its id (ASCII letters and digits
 * joined by "-", at most 48 characters), "-", the first 10 hex digits of
 * the SHA-256 of the id, "." and ext. Never a path: no "/", no "..".
 * New string; the caller frees it.
 */
char		*write_story_file_name(const struct article *a, const char *ext);

/*
 * A sink that runs the multi writer w. With od, each story becomes a
 * file named by write_story_file_name() in od, written as it arrives
 * (a story id seen twice keeps the later story), and the index
 * (w->index_name) is written last. Without od, the input must hold
 * exactly one story, whose document goes to fp at the end; a second
 * story is a usage error (ERR_USAGE, logged), and none is ERR_PARSE.
 * Memory: one document, plus the index entries (file name, title, URL
 * and id of each story) in directory mode. od and fp are borrowed.
 */
struct story_sink;
struct story_sink *story_sink_new(const struct writer *w,
		    const struct write_opts *o, struct outdir *od, FILE *fp);
const struct sink *story_sink_get(struct story_sink *ss);
/* Stories written (directory mode: distinct files). */
size_t		 story_sink_count(const struct story_sink *ss);
void		 story_sink_free(struct story_sink *ss);

#endif
