/* SPDX-License-Identifier: MIT */
/*
 * The worker pool of the polling cycle: jobs of uneven length finish in
 * any order on the threads, and their completions still run in the
 * order submitted, on the caller's thread; a completion may submit more;
 * work_wait() bounds the jobs outstanding; no threads runs each job at
 * submission; work_free() waits for everything.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "tap.h"
#include "service/work.h"

#define NJOBS	200

struct tjob {
	struct work_job	 wj;
	int		 n;
	bool		 ran;
	uv_thread_t	 ran_on;
	struct log	*log;
};

struct log {
	int	 order[2 * NJOBS];
	size_t	 n;
	bool	 off_thread;	/* some job ran on another thread */
	bool	 done_here;	/* every completion ran on this thread */
	uv_thread_t self;
	struct work *w;
	struct tjob  extra[NJOBS];
};

static void
run(struct work_job *wj)
{
	struct tjob *j = (struct tjob *)wj;
	struct timespec ts = { 0, (long)(j->n % 7) * 100000L };

	/* Uneven work: later jobs often finish first. */
	nanosleep(&ts, NULL);
	j->ran = true;
	j->ran_on = uv_thread_self();
}

static void
done(struct work_job *wj)
{
	struct tjob *j = (struct tjob *)wj;
	struct log *l = j->log;
	uv_thread_t me = uv_thread_self();

	if (!uv_thread_equal(&me, &l->self))
		l->done_here = false;
	if (j->ran && !uv_thread_equal(&j->ran_on, &l->self))
		l->off_thread = true;
	l->order[l->n++] = j->n;
	/* Every tenth completion submits a follow-up job. */
	if (j->n < NJOBS && j->n % 10 == 0) {
		l->extra[j->n].n = NJOBS + j->n;
		l->extra[j->n].log = l;
		l->extra[j->n].wj.run = run;
		l->extra[j->n].wj.done = done;
		work_submit(l->w, &l->extra[j->n].wj);
	}
}

/* Submit NJOBS jobs on n threads, keeping at most most outstanding. */
static void
round_trip(unsigned n, size_t most)
{
	struct tjob *jobs;
	struct log *l;
	size_t	 i, seen_max = 0;
	bool	 ordered = true, all_ran = true;
	int	 next_extra = NJOBS;

	l = calloc(1, sizeof *l);
	jobs = calloc(NJOBS, sizeof *jobs);
	l->self = uv_thread_self();
	l->done_here = true;
	l->w = work_new(n);
	CHECK_INT_EQ(work_threads(l->w), (long)n);
	for (i = 0; i < NJOBS; i++) {
		jobs[i].n = (int)i;
		jobs[i].log = l;
		jobs[i].wj.run = run;
		jobs[i].wj.done = done;
		work_wait(l->w, most - 1);
		work_submit(l->w, &jobs[i].wj);
		if (work_outstanding(l->w) > seen_max)
			seen_max = work_outstanding(l->w);
	}
	work_wait(l->w, 0);
	CHECK_INT_EQ((long)work_outstanding(l->w), 0);
	/* The originals in order; each follow-up after its parent's. */
	CHECK_INT_EQ((long)l->n, NJOBS + NJOBS / 10);
	for (i = 0; i < l->n; i++) {
		if (l->order[i] >= NJOBS) {
			if (l->order[i] != next_extra)
				ordered = false;
			next_extra += 10;
		}
	}
	for (i = 0, next_extra = 0; i < l->n; i++)
		if (l->order[i] < NJOBS && l->order[i] != next_extra++)
			ordered = false;
	for (i = 0; i < NJOBS; i++)
		if (!jobs[i].ran)
			all_ran = false;
	CHECK_MSG(ordered, "%u threads: completions in submission order", n);
	CHECK_MSG(all_ran, "%u threads: every job ran", n);
	CHECK_MSG(l->done_here, "%u threads: completions on the owner's "
	    "thread", n);
	CHECK_MSG(n == 0 ? !l->off_thread : l->off_thread,
	    "%u threads: jobs ran %s", n, n == 0 ? "here" : "on workers");
	CHECK_MSG(seen_max <= most, "%u threads: at most %zu outstanding "
	    "(saw %zu)", n, most, seen_max);
	work_free(l->w);
	free(jobs);
	free(l);
}

/* work_free() runs what is still outstanding. */
static void
test_free_waits(void)
{
	struct log *l = calloc(1, sizeof *l);
	struct tjob j[3];
	int	 i;

	memset(j, 0, sizeof j);
	l->self = uv_thread_self();
	l->done_here = true;
	l->w = work_new(2);
	for (i = 0; i < 3; i++) {
		j[i].n = NJOBS + 1 + i;	/* no follow-ups */
		j[i].log = l;
		j[i].wj.run = i == 1 ? NULL : run;	/* a completion only */
		j[i].wj.done = done;
		work_submit(l->w, &j[i].wj);
	}
	work_free(l->w);
	CHECK_INT_EQ((long)l->n, 3);
	CHECK_MSG(l->n == 3 && l->order[0] == NJOBS + 1 &&
	    l->order[1] == NJOBS + 2 && l->order[2] == NJOBS + 3,
	    "work_free runs the completions left, in order");
	free(l);
}

int
main(void)
{
	round_trip(0, 2);
	round_trip(1, 2);
	round_trip(2, 4);
	round_trip(4, 8);
	test_free_waits();
	return tap_done();
}
