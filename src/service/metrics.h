/* SPDX-License-Identifier: MIT */
/*
 * Service counters for /metrics, in the Prometheus text exposition
 * format (version 0.0.4): per source polls, 304s, errors, last success
 * and a fetch latency histogram; per channel items and last publish;
 * HTTP answers by status; partner requests by partner name.
 */
#ifndef FEEDMILL_SERVICE_METRICS_H
#define FEEDMILL_SERVICE_METRICS_H

#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct metrics;
struct httpd;
struct access;

/* How a poll ended. */
enum metrics_poll {
	METRICS_OK,		/* new content */
	METRICS_UNCHANGED,	/* 304, or a local file that did not change */
	METRICS_ERROR
};

struct metrics	*metrics_new(void);
void		 metrics_free(struct metrics *m);

/*
 * A poll of source ended at now (UTC seconds); seconds is the fetch's
 * duration (< 0 for local files: no latency recorded).
 */
void		 metrics_poll(struct metrics *m, const char *source,
		    enum metrics_poll how, double seconds, int64_t now);
/* The last success of source, known from the store at start. */
void		 metrics_last_success(struct metrics *m, const char *source,
		    int64_t t);
/* Channel published items stories at t (items < 0: unknown). */
void		 metrics_published(struct metrics *m, const char *channel,
		    long items, int64_t t);

/*
 * Append the exposition to out: the counters above, h's answers by
 * status and table size (h may be NULL), a's partner counts (may be
 * NULL), and feedmill_up.
 */
enum err	 metrics_render(const struct metrics *m, const struct httpd *h,
		    const struct access *a, struct buf *out) WARN_UNUSED;

#endif
