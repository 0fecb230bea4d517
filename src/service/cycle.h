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
};

/*
 * Run one cycle over c with store st. Per-source failures are logged and
 * counted, recorded in the store and do not stop the cycle; the result
 * is an error only when the store or the output folder fails.
 */
enum err	 cycle_run(const struct config *c, struct store *st,
		    const struct cycle_opts *o, struct cycle_stats *s) WARN_UNUSED;

/* The store file of configuration c: state_dir/feedmill.db. New string. */
char		*cycle_store_path(const struct config *c);
/* Create state_dir if needed and open the store in it. */
enum err	 cycle_open_store(const struct config *c,
		    struct store **st) WARN_UNUSED;

#endif
