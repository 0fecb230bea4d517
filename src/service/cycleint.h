/* SPDX-License-Identifier: MIT */
/*
 * What the files of a polling cycle share: its structures and the steps
 * each file calls in another (cycle.c polls, stores and publishes;
 * cyclepage.c fetches the full text of new stories; cyclelocal.c reads
 * feed files and spool folders). Internal to src/service/cycle*.c.
 */
#ifndef FEEDMILL_SERVICE_CYCLEINT_H
#define FEEDMILL_SERVICE_CYCLEINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "net/fetchmulti.h"
#include "read/read.h"
#include "service/cycle.h"
#include "service/readjob.h"
#include "service/sched.h"
#include "service/work.h"
#include "store/store.h"

/* One source during the cycle. */
struct src {
	const struct source_conf *sc;
	struct fetch_state fs;
	struct fetchm_req req;
	bool		 changed;	/* stories changed: republish */
	bool		 pushed;	/* WebSub pushes come: poll less */
	const char	*link;		/* the response's Link header, while
					   it is read (WebSub discovery) */
	bool		 busy;		/* its response is being read */
};

struct cycle {
	const struct config *c;
	struct store	*st;
	int64_t		 now;
	struct cycle_stats *s;
	struct src	*srcs;
	enum err	 fatal;		/* a store error: stop */
	int		 batched;	/* sources in the open transaction */
	struct outdir	*share;		/* output_dir/share, once opened */
	bool		 share_failed;
	struct channel_stats *chstats;	/* per channel, for index.html */
	bool		 site_due;	/* index.html not yet checked against
					   this configuration */
	struct cycle_hooks hooks;
	struct page	**pages;	/* full-text pages, in order */
	size_t		 npages, next_page;	/* queued, started */
	size_t		 pages_out;	/* started and not done */
	struct work	*work;		/* worker threads, once needed */
	size_t		 max_jobs;	/* outstanding at most */
	uv_mutex_t	 share_lock;	/* one worker at a time creates files
					   in output_dir/share */
	int64_t		 next_lift;	/* the first embargo held; 0: none */
	bool		 lifting;	/* lifted stories being published */
};

/* The page of a new or changed story of a fulltext source. */
struct page {
	struct src	*src;
	char		*url;
	char		*dump;		/* the story as stored */
	struct fetchm_req req;
};

/* What storing one input did. */
struct ingest {
	struct cycle	*cy;
	struct src	*src;
	long		 n_new, n_upd, n_kill, n_seen;
	int		 ttl;
	unsigned	 skip_hours, skip_days;
	long		 n_pages;	/* full-text pages queued */
};

/*
 * A response read on a worker thread (readjob.c), then stored here; or,
 * after storing, its share pages rendered on a worker and put in place
 * here. Completions run in submission order (work.c).
 */
struct job {
	struct work_job	 wj;
	struct cycle	*cy;
	struct src	*src;
	struct readjob	 rj;
	struct fetchm_req r;	/* the response (a poll), moved here */
	struct input	 in;
	struct read_opts ro;
	struct outdir	*od;	/* the share folder, for the pages */
};

/* Run every outstanding job's completion (the cycle is settled). */
void		 cycle_settle(struct cycle *cy);
/* Open a store transaction, or go on with the open one (a batch). */
enum err	 cycle_batch(struct cycle *cy);
/* output_dir/share, opened at the first page; false when unusable. */
bool		 cycle_share_ready(struct cycle *cy);
/* A new job for src, with read options for name and base_url. */
struct job	*cycle_job_new(struct cycle *cy, struct src *src,
		    const char *name, const char *base_url);
/* Render and place the share pages of jb's stories (takes jb). */
void		 cycle_queue_pages(struct cycle *cy, struct job *jb);
/* Read in into the store for src, here and now (files, spool, pushes). */
enum err	 cycle_ingest(struct cycle *cy, struct src *src,
		    struct input *in, const char *name, const char *base_url,
		    struct ingest *ing);
/* The result line of a poll, as status shows it. */
void		 cycle_set_result(struct fetch_state *fs, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Keep the feed's polling hints from a read that succeeded. */
void		 cycle_keep_hints(struct fetch_state *fs,
		    const struct ingest *ing);
/* Record the outcome of a poll and when the source is due next. */
void		 cycle_finish_poll(struct cycle *cy, struct src *src,
		    enum sched_result res, long retry_after, long feed_interval);
/* Queue the page of a new or changed story of a fulltext source. */
void		 cycle_want_page(struct ingest *in, const struct article *a);
void		 cycle_page_free(struct page *pg);

/* cyclelife.c */
/* How often a story's sighting is written (store_set_seen_step()). */
int64_t		 cycle_seen_step(const struct config *c);
/* store_id_fn for store_expire(): the story's share page goes. */
void		 cycle_expired_page(const char *id, void *arg);
/*
 * Queue the pages of the stories whose embargo has ended and mark their
 * sources changed; cycle_flush() then publishes them and releases them.
 */
void		 cycle_lift_embargoes(struct cycle *cy);
/* Trim the store's history of changes to the longest retention. */
void		 cycle_trim_history(struct cycle *cy);

#endif
