/* SPDX-License-Identifier: MIT */
/*
 * Paged and archived feeds (RFC 5005) written into a directory:
 * --page-size splits a feed into pages linked first/next/prev/last,
 * --archive writes a current feed plus fixed archive documents.
 */
#ifndef FEEDMILL_WRITE_PAGING_H
#define FEEDMILL_WRITE_PAGING_H

#include <stdbool.h>
#include <stddef.h>

#include "write/outdir.h"
#include "write/write.h"

#define FH_NS	"http://purl.org/syndication/history/1.0"

/* True when w can be paged (rss, atom, jsonfeed). */
bool		 paging_supported(const struct writer *w);

/*
 * The file name of document k (1-based) for a feed served at feed_url
 * (which must be an absolute web URL): page 1 (or the current feed) is
 * the last path segment of feed_url ("feed.EXT" when it has none), page
 * k is STEM-k.SUFFIX and archive k is STEM-archive-k.SUFFIX, where
 * STEM.SUFFIX is that segment with anything but letters, digits, ".",
 * "-" and "_" made "-". New string.
 */
char		*paging_file_name(const char *feed_url, const char *ext,
		    bool archive, size_t k);

/*
 * A sink that keeps every story it is given and, at the end, writes
 * the paged (or, with archive, archived) feed into od with writer w.
 * Documents link to each other by their file names resolved against
 * o->feed_url, which must be an absolute web URL. Stories are taken to
 * come newest first, as feeds list them. Memory: every story of the
 * input is held until the end (about the size of the input's text).
 */
struct paging_sink;
struct paging_sink *paging_sink_new(const struct writer *w,
		    const struct write_opts *o, size_t page_size, bool archive,
		    struct outdir *od);
const struct sink *paging_sink_get(struct paging_sink *ps);
/* Documents written. */
size_t		 paging_sink_docs(const struct paging_sink *ps);
void		 paging_sink_free(struct paging_sink *ps);

#endif
