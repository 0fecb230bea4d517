/* SPDX-License-Identifier: MIT */
/*
 * Polling policy, and nothing else: when each source is due, given what
 * its last poll said, and the queue that hands out what is due. No
 * clocks, no I/O: every function takes "now", so tests drive it with a
 * fake clock. The loop that does the polling asks these functions and
 * obeys.
 */
#ifndef FEEDMILL_SERVICE_SCHED_H
#define FEEDMILL_SERVICE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/names.h"

struct sched_policy {
	long	 interval;	/* the source's configured seconds */
	long	 max_backoff;	/* ceiling for error backoff and stretching */
};

/* How a poll ended, as far as scheduling cares. */
enum sched_result {
	SCHED_OK,		/* 200 (or 304): the normal interval */
	SCHED_ERROR,		/* network error, 5xx, unreadable: back off */
	SCHED_THROTTLED		/* 429 or 503: Retry-After, else back off */
};

struct sched_outcome {
	enum sched_result result;
	int	 failures;	/* consecutive failures including this poll */
	long	 retry_after;	/* seconds from Retry-After; 0 = none */
	long	 feed_interval;	/* seconds the feed asked for (ttl,
				   max-age, Expires); 0 = none */
	unsigned skip_hours;	/* RSS skipHours: bit h = UTC hour h */
	unsigned skip_days;	/* RSS skipDays: bit d, 0 = Sunday (UTC) */
};

/* Jitter is at most this share of the delay (1/JITTER_DIV). */
#define SCHED_JITTER_DIV	10
/* A Retry-After is honoured up to this many seconds. */
#define SCHED_MAX_RETRY_AFTER	(7 * 86400L)

/*
 * When a source never polled is first due: spread over one interval
 * by a hash of its name, so a start with many sources is no burst.
 */
int64_t	 sched_first(const struct sched_policy *p, const char *name,
	    int64_t now);
/*
 * When the source is next due after a poll that ended at now with
 * outcome o. Successful polls wait the interval, stretched (never
 * shortened) by the feed's own interval up to max_backoff; failures
 * wait interval * 2^(failures-1) up to max_backoff; throttled polls wait
 * at least Retry-After. A jitter of up to a tenth of the wait, derived
 * from the name and now, keeps sources from lining up. A time inside the
 * feed's skip hours or days moves to the start of the next hour allowed.
 */
int64_t	 sched_next(const struct sched_policy *p, const char *name,
	    const struct sched_outcome *o, int64_t now);
/*
 * The first time at or after t outside skip_hours and skip_days (UTC;
 * see struct sched_outcome). A mask that skips everything is ignored.
 */
int64_t	 sched_skip(int64_t t, unsigned skip_hours, unsigned skip_days);

/*
 * Seconds from a Retry-After value (delta-seconds or an HTTP date, read
 * at now); 0 when absent or unreadable.
 */
long	 sched_parse_retry_after(const char *v, int64_t now);
/*
 * The interval a response asks for: Cache-Control max-age (s-maxage is
 * not ours), else Expires - now, else the feed's ttl (minutes); 0 when
 * none says anything.
 */
long	 sched_feed_interval(const char *cache_control, const char *expires,
	    int ttl_minutes, int64_t now);

/*
 * Per-host spacing: a table of hosts (found by hash) and the earliest
 * time the next request to each may start. Times and the spacing are in
 * one unit of the caller's (serve: milliseconds). With a spacing of 0
 * nothing is kept.
 */
struct sched_host {
	char	*host;
	int64_t	 next;
};

struct sched_hosts {
	struct sched_host *v;
	size_t	 n;
	struct names idx;	/* host -> index in v */
	long	 spacing;	/* between request starts to one host */
};

/* The "host:port" part of an http(s) URL into out (n bytes). */
void	 sched_url_host(const char *url, char *out, size_t n);
void	 sched_hosts_init(struct sched_hosts *h, long spacing);
void	 sched_hosts_cleanup(struct sched_hosts *h);
/*
 * The time a request to host may start (now or later), reserving that
 * slot: the next request to the same host comes spacing after.
 */
int64_t	 sched_hosts_slot(struct sched_hosts *h, const char *host,
	    int64_t now);
/*
 * True, reserving the slot, when a request to host may start at now;
 * false (reserving nothing) when it must wait.
 */
bool	 sched_hosts_take(struct sched_hosts *h, const char *host,
	    int64_t now);
/*
 * The earliest time at or after now a request to host may start,
 * reserving nothing.
 */
int64_t	 sched_hosts_when(struct sched_hosts *h, const char *host,
	    int64_t now);

/*
 * The due queue of the service loop: items 0..n-1 (sources, in
 * configuration order), each queued at most once with the time it is
 * due, earliest first and, among items due at the same second, the
 * lowest index first. A binary heap with each item's place in it, so
 * that adding, moving, removing and taking the first item cost
 * O(log n) and finding what is due costs nothing for what is not.
 */
struct sched_qent {
	int64_t	 due;
	size_t	 item;
};

struct sched_queue {
	struct sched_qent *heap;
	size_t	 n;		/* items queued */
	size_t	*pos;		/* per item: its place in heap + 1; 0 when
				   not queued */
	size_t	 nitems;
};

/* An empty queue for items 0..nitems-1. */
void	 sched_queue_init(struct sched_queue *q, size_t nitems);
void	 sched_queue_cleanup(struct sched_queue *q);
/* Queue item i as due at due, or move it there if it is queued. */
void	 sched_queue_set(struct sched_queue *q, size_t i, int64_t due);
/* Take item i out of the queue (nothing if it is not in it). */
void	 sched_queue_remove(struct sched_queue *q, size_t i);
bool	 sched_queue_has(const struct sched_queue *q, size_t i);
/*
 * The first item and when it is due: false when the queue is empty.
 * sched_queue_pop() takes it out and returns it (the queue must not be
 * empty).
 */
bool	 sched_queue_first(const struct sched_queue *q, size_t *i,
	    int64_t *due);
size_t	 sched_queue_pop(struct sched_queue *q);

#endif
