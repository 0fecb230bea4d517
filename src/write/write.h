/* SPDX-License-Identifier: MIT */
/*
 * Writers: model -> bytes, one file per output format, each exporting a
 * const struct writer listed in write.c. Writers append to a struct buf
 * that the caller flushes after each call, so output streams in constant
 * memory. Output is deterministic: the same model gives the same bytes.
 */
#ifndef FEEDMILL_WRITE_WRITE_H
#define FEEDMILL_WRITE_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/feed.h"
#include "util/buf.h"

struct write_opts {
	const char	*feed_url;	/* where this output lives (self link) */
	const char	*generator;	/* "feedmill 0.1.0" */
};

struct writer {
	const char	*name;		/* "rss", "atom", "jsonfeed", "dump" */
	const char	*media_type;	/* "application/rss+xml" */
	const char	*ext;		/* file extension without the dot */
	size_t		 state_size;	/* zeroed state passed to each call */
	/*
	 * The head, called once before the first article (first is that
	 * article, or NULL for an empty feed: writers that need a feed-level
	 * date fall back to it).
	 */
	enum err	(*head)(void *st, const struct write_opts *o,
			    const struct feed *f, const struct article *first,
			    struct buf *out);
	enum err	(*article)(void *st, const struct write_opts *o,
			    const struct feed *f, const struct article *a,
			    struct buf *out);
	enum err	(*end)(void *st, const struct write_opts *o,
			    const struct feed *f, struct buf *out);
};

extern const struct writer writer_rss;
extern const struct writer writer_atom;
extern const struct writer writer_jsonfeed;
extern const struct writer writer_dump;

/* The writer called name, or NULL. */
const struct writer *writer_find(const char *name);
/* Space-separated writer names, for --help. */
const char	*writer_names(void);

/*
 * A sink that runs a writer and sends its bytes to fp. Write errors on
 * fp become ERR_IO (with errno kept). Free with write_sink_free().
 */
struct write_sink;
struct write_sink *write_sink_new(const struct writer *w,
		    const struct write_opts *o, FILE *fp);
void		 write_sink_free(struct write_sink *ws);
/* The struct sink to hand to a reader; borrowed from ws. */
const struct sink *write_sink_get(struct write_sink *ws);

/* The feed-level date writers use: updated, else published, else the
 * first article's updated or published, else 0. */
int64_t		 write_feed_date(const struct feed *f,
		    const struct article *first);
/* The date of an article for "updated": updated, else published. */
int64_t		 write_article_updated(const struct article *a);
/* An id usable as an IRI: the id itself, or a tag: URI wrapping it. New string. */
char		*write_iri_id(const char *id);

#endif
