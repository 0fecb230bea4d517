/* SPDX-License-Identifier: MIT */
/*
 * The service's memory: an SQLite database (WAL) holding each source's
 * fetch state and feed head, and every story it delivered, kept as the
 * story's dump (feed-dump(5)). Stories are deduplicated by id across
 * polls and sources; a newer version replaces an older one; a kill leaves
 * a tombstone so the story never comes back; retention turns old stories
 * into tombstones too, until their source stops carrying them.
 */
#ifndef FEEDMILL_STORE_STORE_H
#define FEEDMILL_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/feed.h"
#include "util/err.h"
#include "util/hash.h"

struct store;

/* What a source's last polls left behind. Strings are owned. */
struct fetch_state {
	char	*config_url;	/* the configured URL this state belongs to */
	char	*url;		/* the URL to poll (moved by 301/308), or NULL */
	char	*etag;
	char	*last_modified;
	char	*result;	/* "ok", "not modified", or the error */
	int64_t	 last_poll;	/* UTC seconds; 0 = never */
	int64_t	 last_ok;	/* last successful poll */
	int64_t	 next_due;
	long	 status;	/* HTTP status of the last poll, 0 = none */
	int	 failures;	/* consecutive failed polls */
	long	 interval;	/* seconds the feed asked for (ttl, max-age), 0 = none */
	int	 ttl;		/* the feed's last RSS ttl, minutes */
	unsigned skip_hours;	/* and skipHours, skipDays (struct feed) */
	unsigned skip_days;
	long	 stories;	/* live stories from this source (only
				   store_count_stories() fills it in) */
};

void		 fetch_state_init(struct fetch_state *fs);
void		 fetch_state_cleanup(struct fetch_state *fs);

/* What store_put_article() did. */
enum store_change {
	STORE_SAME,	/* seen before, unchanged */
	STORE_NEW,
	STORE_UPDATED,	/* replaced an older version */
	STORE_KILLED,	/* the story became a tombstone */
	STORE_IGNORED	/* a tombstone, or an older version than stored */
};

/* The order stories come back in (matches enum channel_order). */
enum store_order {
	STORE_ORDER_NEWEST,	/* published (else updated, else first seen), newest first */
	STORE_ORDER_UPDATED,	/* updated (else published...), newest first */
	STORE_ORDER_OLDEST
};

/*
 * Open (creating) the database at path (":memory:" for tests), switch it
 * to WAL and migrate it to the current schema. *out is the caller's,
 * closed with store_close().
 */
enum err	 store_open(const char *path, struct store **out) WARN_UNUSED;
void		 store_close(struct store *st);
/* The schema version of the open database. */
int		 store_version(struct store *st);
/* "ok" when PRAGMA integrity_check passes. */
bool		 store_check(struct store *st);

/* One transaction around many changes (much faster, and all or nothing). */
enum err	 store_begin(struct store *st) WARN_UNUSED;
/*
 * A read transaction (ended by store_commit() or store_rollback()): many
 * reads take the database's read lock once instead of once each.
 */
enum err	 store_begin_read(struct store *st) WARN_UNUSED;
enum err	 store_commit(struct store *st) WARN_UNUSED;
void		 store_rollback(struct store *st);
/* True inside a transaction. */
bool		 store_in_transaction(struct store *st);

/* The state of source name; all zero for a source never polled. */
enum err	 store_get_state(struct store *st, const char *name,
		    struct fetch_state *fs) WARN_UNUSED;
/*
 * The live stories of source name in *n (feedmill status). Polling does
 * not need the count, so store_get_state() leaves it out.
 */
enum err	 store_count_stories(struct store *st, const char *name,
		    long *n) WARN_UNUSED;
/* Save fs for source name (stories is not written: it is counted). */
enum err	 store_put_state(struct store *st, const char *name,
		    const struct fetch_state *fs) WARN_UNUSED;
/* Source names with stored state, in order; the caller frees each and v. */
enum err	 store_list_sources(struct store *st, char ***v,
		    size_t *n) WARN_UNUSED;

/* Keep (and read back) the feed head a source last delivered. */
enum err	 store_put_feed(struct store *st, const char *name,
		    const struct feed *f) WARN_UNUSED;
/* f is feed_init()ed by the caller; ERR_OK and f empty when none. */
enum err	 store_get_feed(struct store *st, const char *name,
		    struct feed *f) WARN_UNUSED;

/*
 * Store article a (normalized) from source at time now, deduplicating by
 * a->id, and say what happened in *change.
 */
enum err	 store_put_article(struct store *st, const char *source,
		    const struct article *a, int64_t now,
		    enum store_change *change) WARN_UNUSED;

/*
 * A story seen again has its last_seen (which retention's tombstones
 * are kept by) rewritten only once it is step seconds old: less than
 * the shortest retention it is kept for, minus the polling interval.
 * 0, the default, rewrites it at each sighting.
 */
void		 store_set_seen_step(struct store *st, int64_t step);

/*
 * store_put_article() in two steps: store_prepare_article() computes
 * a's dump and its hash (no store needed: any thread may call it), and
 * store_put_prepared() stores a with them. p is the caller's; release it
 * with store_prepared_cleanup().
 */
struct store_prepared {
	char	*dump;		/* NULL when a has no id */
	size_t	 len;
	char	 hash[HASH_HEX_LEN + 1];
};
enum err	 store_prepare_article(const struct article *a,
		    struct store_prepared *p) WARN_UNUSED;
enum err	 store_put_prepared(struct store *st, const char *source,
		    const struct article *a, const struct store_prepared *p,
		    int64_t now, enum store_change *change) WARN_UNUSED;
void		 store_prepared_cleanup(struct store_prepared *p);

/*
 * Replace the stored text of live story a->id with a: the same story
 * with more in it (its page's full text). The version a source's next
 * poll is compared against stays the one store_put_article() stored, so
 * the feed's own copy of the story does not count as a change. *changed
 * is false when nothing changed or the story is not live.
 */
enum err	 store_enrich_article(struct store *st, const struct article *a,
		    int64_t now, bool *changed) WARN_UNUSED;

/*
 * Call fn with each live story of the given sources (all when nsources
 * is 0), in order, until fn clears *more or returns an error (which is
 * returned). The article and source are borrowed for the call.
 */
typedef enum err store_story_fn(void *ctx, const char *source,
		    const struct article *a, bool *more);
enum err	 store_each_story(struct store *st, char *const *sources,
		    size_t nsources, enum store_order order,
		    store_story_fn *fn, void *ctx) WARN_UNUSED;

/*
 * Embargoes: a live story stored before its embargo_until is held
 * (channels leave it out until then, by the news lifecycle) until it
 * is published. store_each_held() calls fn with each held story whose
 * embargo is at or before until, earliest embargo first (until = now:
 * the ones to publish now; INT64_MAX: every one); once they are
 * published, store_release_lifted() (with the same now) marks them no
 * longer held: a crash in between names them again next time.
 * store_next_lift() sets *t to the earliest embargo still held, 0 when
 * none.
 */
enum err	 store_each_held(struct store *st, int64_t until,
		    store_story_fn *fn, void *ctx) WARN_UNUSED;
enum err	 store_release_lifted(struct store *st, int64_t now)
		    WARN_UNUSED;
enum err	 store_next_lift(struct store *st, int64_t *t) WARN_UNUSED;

/*
 * The SQLite virtual-machine steps st's statements have run since it
 * was opened (a statement counts once it is reset or finalized): a
 * measure of the rows they read. What a cycle asks of the store for a
 * source must not grow with the stories of other sources (test-store).
 */
uint64_t	 store_steps(const struct store *st);

/*
 * The change mark: it grows with every story stored new, updated or
 * killed (0 before the first).
 */
enum err	 store_change_mark(struct store *st, int64_t *mark) WARN_UNUSED;
/* The mark channel name was last published at (0: never). */
enum err	 store_get_published(struct store *st, const char *name,
		    int64_t *mark) WARN_UNUSED;
enum err	 store_set_published(struct store *st, const char *name,
		    int64_t mark) WARN_UNUSED;

/* Where a WebSub subscription stands (service/websub.c). */
enum store_sub_state {
	STORE_SUB_WANTED,	/* to be requested (again) at next_try */
	STORE_SUB_REQUESTED,	/* the hub took the request; awaiting its
				   verification of intent until next_try */
	STORE_SUB_ACTIVE,	/* verified; pushes come until expires */
	STORE_SUB_FAILED	/* the hub refused or denied; retried at
				   next_try, polling meanwhile */
};

/* A source's WebSub subscription. Strings are owned. */
struct store_sub {
	char	*source;
	char	*id;		/* the callback's unguessable part */
	char	*hub;
	char	*topic;
	char	*secret;	/* the HMAC key the hub signs pushes with */
	enum store_sub_state state;
	long	 lease;		/* seconds the hub granted (else asked) */
	int64_t	 expires;	/* the lease's end, UTC seconds; 0 = none */
	int64_t	 next_try;	/* the next request or check is due */
	int	 failures;	/* consecutive failed requests */
};

void		 store_sub_cleanup(struct store_sub *sub);
/* Save sub, replacing the source's subscription. */
enum err	 store_put_sub(struct store *st,
		    const struct store_sub *sub) WARN_UNUSED;
/* Forget the subscription of source (none is fine). */
enum err	 store_del_sub(struct store *st, const char *source) WARN_UNUSED;
/*
 * Every subscription, by source name, into a new array *v of *n; the
 * caller cleans up each and frees v.
 */
enum err	 store_list_subs(struct store *st, struct store_sub **v,
		    size_t *n) WARN_UNUSED;

/*
 * Retention for the given sources: live stories first seen and dated
 * before cutoff become tombstones (so a feed still carrying them does
 * not bring them back); tombstones their source stopped carrying before
 * cutoff are deleted. *changed counts stories taken out of outputs;
 * gone, when not NULL, is called with the id of each of them once the
 * change is stored (outside any transaction of the caller's).
 */
typedef void	 store_id_fn(const char *id, void *arg);
enum err	 store_expire(struct store *st, char *const *sources,
		    size_t nsources, int64_t cutoff, store_id_fn *gone,
		    void *arg, long *changed) WARN_UNUSED;

/*
 * Delete the history of the changes stored before cutoff (a row each),
 * but for the newest row: store_change_mark() never goes back. Reads
 * only the rows it deletes and one more. *n counts them.
 */
enum err	 store_trim_history(struct store *st, int64_t cutoff, long *n)
		    WARN_UNUSED;

#endif
