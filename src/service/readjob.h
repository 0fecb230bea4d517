/* SPDX-License-Identifier: MIT */
/*
 * The part of a poll that needs no store and no loop, so a worker thread
 * can do it (service/work.c): read a feed into memory (each story with
 * its dump and hash for the store, and the feed head as it was when the
 * story came), and later render the share pages of the stories the
 * store found new or changed into temporary files. The cycle does the
 * rest on its own thread, in order: storing, and putting the pages in
 * place.
 */
#ifndef FEEDMILL_SERVICE_READJOB_H
#define FEEDMILL_SERVICE_READJOB_H

#include <stdbool.h>
#include <stddef.h>

#include "model/feed.h"
#include "read/read.h"
#include "service/conf.h"
#include "store/store.h"

struct outdir;

/* What becomes of a story's share page. */
enum readjob_page {
	READJOB_PAGE_NONE,
	READJOB_PAGE_WRITE,	/* new or changed: render and write */
	READJOB_PAGE_REMOVE	/* killed: the page goes */
};

struct readjob_item {
	struct article	*a;		/* owned */
	struct store_prepared p;	/* a's dump and hash */
	size_t		 head;		/* in heads */
	bool		 own_url;	/* a came with a URL (not its page's) */
	enum readjob_page page;		/* set by the caller after storing */
	char		*name;		/* the page's file name, */
	char		*html;		/* its text (readjob_render), */
	size_t		 len;
	char		*tmp;		/* written there, not yet in place
					   (readjob_write) */
	char		*id;		/* a's id once a is shed (messages) */
};

struct readjob {
	const struct config *c;
	const struct source_conf *sc;
	enum err	 e;		/* of the read */
	struct readjob_item *items;	/* in feed order */
	size_t		 nitems;
	struct feed	*heads;		/* the heads the stories came with
					   (string fields only) */
	size_t		 nheads;
	struct feed	 feed;		/* the head at the end (normalized) */
	bool		 ended;		/* feed is set: the read got to the
					   end */
};

/* Set up j for a story of source sc of configuration c (both borrowed). */
void	 readjob_init(struct readjob *j, const struct config *c,
	    const struct source_conf *sc);
void	 readjob_cleanup(struct readjob *j);
/*
 * Free what placing the pages does not need (the stories, their dumps,
 * the heads): a worker calls it after writing the pages, which spares
 * the loop's thread the frees (and returns worker memory to a worker's
 * arena). The items' page fields (name, tmp, id, page) stay.
 */
void	 readjob_shed(struct readjob *j);
/*
 * Read in with ro into j: each story gets its share page's URL when it
 * has none (see give_url in readjob.c) and the source's categories, and
 * is dumped and hashed for the store. The result is j->e; messages are
 * logged. Touches nothing but j, in and what they borrow.
 */
void	 readjob_read(struct readjob *j, struct input *in,
	    const struct read_opts *ro);
/*
 * Add story a (taken), with feed head f (copied), whose page is to be
 * written; for stories that did not come through readjob_read().
 */
void	 readjob_add_page(struct readjob *j, const struct feed *f,
	    struct article *a);
/* Is any item's page to be written or removed? */
bool	 readjob_has_pages(const struct readjob *j);
/*
 * Render each READJOB_PAGE_WRITE page in memory, then (readjob_write)
 * write it under a temporary name in od (borrowed, only read: other
 * threads may queue files in it meanwhile). Writing is apart so that
 * threads can take turns creating files in one folder: at once they
 * contend for its lock. A page that fails is logged and left out.
 */
void	 readjob_render(struct readjob *j);
void	 readjob_write(struct readjob *j, const struct outdir *od);
/*
 * From the one thread that owns od: put the rendered pages in place (in
 * item order, with outdir's batching) and remove the pages of killed
 * stories.
 */
void	 readjob_place(struct readjob *j, struct outdir *od);

#endif
