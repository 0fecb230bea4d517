/* SPDX-License-Identifier: MIT */
/*
 * One polling cycle of the service: poll every source that is due
 * (HTTP sources concurrently, with conditional GET), read spool folders
 * and local files, store what changed, apply retention, and publish the
 * channels whose stories changed. `feedmill poll --once` is one cycle.
 */
#ifndef FEEDMILL_SERVICE_CYCLE_H
#define FEEDMILL_SERVICE_CYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "service/conf.h"
#include "store/store.h"

struct cycle_opts {
	int64_t	 now;		/* UTC seconds the cycle runs at */
	bool	 force;		/* poll sources before they are due (but
				   never inside a Retry-After) */
	const struct cycle_hooks *hooks;	/* or NULL */
};

struct cycle_stats {
	long	 polled;	/* sources polled or read */
	long	 ok;		/* of which succeeded (new content) */
	long	 unchanged;	/* 304 */
	long	 failed;
	long	 files;		/* spool files read */
	long	 stories_new;
	long	 stories_updated;
	long	 stories_killed;
	long	 expired;
	long	 published;	/* channels written */
	long	 publish_failed; /* channels or site files not written */
	long	 pages;		/* full-text pages folded into stories */
};

/*
 * Run one cycle over c with store st. Per-source failures are logged and
 * counted, recorded in the store and do not stop the cycle; the result
 * is an error only when the store or the output folder fails.
 */
enum err	 cycle_run(const struct config *c, struct store *st,
		    const struct cycle_opts *o, struct cycle_stats *s) WARN_UNUSED;

/*
 * The same in steps, for the daemon. A cycle holds each source's state
 * in memory (loaded by cycle_load()), takes the time from
 * cycle_set_now(), and writes stories in batched transactions that
 * cycle_flush() commits before publishing the channels that changed.
 */
struct cycle;
struct fetchm_req;
struct fetchm_opts;
/* s is the caller's and counts from zero. */
struct cycle	*cycle_new(const struct config *c, struct store *st,
		    struct cycle_stats *s);
void		 cycle_free(struct cycle *cy);
void		 cycle_set_now(struct cycle *cy, int64_t now);
/*
 * Load every source's state. Sources never polled are due now, or with
 * spread, at a time spread over their interval (no burst at start).
 */
enum err	 cycle_load(struct cycle *cy, bool spread) WARN_UNUSED;
/* Is source i (config order) due? force as in cycle_opts. */
bool		 cycle_due(const struct cycle *cy, size_t i, bool force);
int64_t		 cycle_next_due(const struct cycle *cy, size_t i);
/* The request for URL source i, owned by the cycle. */
struct fetchm_req *cycle_request(struct cycle *cy, size_t i);
/* The source index of a request cycle_request() made. */
size_t		 cycle_request_index(const struct cycle *cy,
		    const struct fetchm_req *r);
/* A fetchm_done_fn: takes in a finished request (ctx is the cycle). */
void		 cycle_on_fetched(struct fetchm_req *r, void *ctx);
/*
 * The page of a new or changed story of a fulltext source to fetch next
 * (owned by the cycle), or NULL when none waits; cycle_on_page() takes
 * it in when it is done (a fetchm_done_fn; ctx is the cycle).
 */
struct fetchm_req *cycle_next_page(struct cycle *cy);
size_t		 cycle_pages_waiting(struct cycle *cy);
void		 cycle_on_page(struct fetchm_req *r, void *ctx);
/* Read file or spool source i now. */
void		 cycle_poll_local(struct cycle *cy, size_t i);
/* What the daemon hears from a cycle (every member optional). */
struct feed;
struct cycle_hooks {
	/*
	 * Source's feed head was read (by a poll or from a push); link is
	 * the HTTP response's Link header, or NULL.
	 */
	void	(*fed)(void *ctx, const char *source, const struct feed *f,
		    const char *link);
	/* Channel ch was written. */
	void	(*published)(void *ctx, const struct channel_conf *ch);
	void	*ctx;
	/*
	 * URL source i's poll is recorded: cycle_result() is its outcome.
	 * Responses are read on worker threads, so this may come after
	 * cycle_on_fetched() returned (at the latest in cycle_flush()).
	 */
	void	(*polled)(void *ctx, size_t i);
};
void		 cycle_set_hooks(struct cycle *cy, const struct cycle_hooks *h);
/*
 * Source i gets WebSub pushes (on): it is polled CYCLE_PUSH_FACTOR times
 * less often; off: as usual again, and at once if that is overdue.
 */
#define CYCLE_PUSH_FACTOR	4
void		 cycle_set_pushed(struct cycle *cy, size_t i, bool on);
/*
 * Read a document pushed for URL source i (WebSub) the way a poll's
 * response is read: its stories are stored, and the channels publish at
 * the next cycle_flush(). The polling schedule is left alone.
 */
enum err	 cycle_push(struct cycle *cy, size_t i, const char *body,
		    size_t n, const char *media_type,
		    const char *charset) WARN_UNUSED;
/* Commit, expire, publish what changed. Returns a fatal error, if any. */
enum err	 cycle_flush(struct cycle *cy) WARN_UNUSED;
/* A store error that happened on the way (ERR_OK if none). */
enum err	 cycle_fatal(const struct cycle *cy);
/*
 * When the first story an embargo holds back is due (UTC seconds; 0:
 * none), as of the last cycle_flush(): the flush after it publishes it.
 */
int64_t		 cycle_next_lift(const struct cycle *cy);
/* Source i's last poll result ("ok: ...", "not modified", the error). */
const char	*cycle_result(const struct cycle *cy, size_t i);
/* Stories channel i (config order) had when last published here. */
long		 cycle_channel_count(const struct cycle *cy, size_t i);
/* Fetch options for pages: as the [service] section's, fewer at once. */
void		 fetchm_page_opts(struct fetchm_opts *fo,
		    const struct config *c);
/* Fetch options from the [service] section. */
void		 fetchm_opts_from_config(struct fetchm_opts *fo,
		    const struct config *c);

/* The store file of configuration c: state_dir/feedmill.db. New string. */
char		*cycle_store_path(const struct config *c);
/* Create state_dir if needed and open the store in it. */
enum err	 cycle_open_store(const struct config *c,
		    struct store **st) WARN_UNUSED;

#endif
