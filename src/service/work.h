/* SPDX-License-Identifier: MIT */
/*
 * A small pool of worker threads for the CPU work of a polling cycle
 * (reading feeds, rendering share pages): jobs run on the workers in any
 * order, and their completions run on the owner's thread strictly in the
 * order the jobs were submitted, so what the cycle does with the results
 * (storing, renaming files into place) happens in the same order as if
 * everything ran on one thread.
 */
#ifndef FEEDMILL_SERVICE_WORK_H
#define FEEDMILL_SERVICE_WORK_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many worker threads, whatever the machine has. */
#define WORK_MAX_THREADS	16

/* A job; embed it in the caller's own struct. */
struct work_job {
	/* On a worker thread; may be NULL (a completion only). */
	void	(*run)(struct work_job *j);
	/* On the owner's thread, in submission order; may submit more. */
	void	(*done)(struct work_job *j);
	/* the pool's */
	struct work_job *next, *next_todo;
	bool	 finished;
};

struct work;

/*
 * A pool of n worker threads; n = 0 runs each job on the owner's thread
 * as it is submitted (completions still wait for work_reap()).
 */
struct work	*work_new(unsigned n);
/* Wait for every job and run its completion, then stop the threads. */
void		 work_free(struct work *w);
/*
 * The number of threads for this machine: the environment's
 * FEEDMILL_WORKERS when set (0 = none), else one per CPU.
 */
unsigned	 work_default_threads(void);
unsigned	 work_threads(const struct work *w);
/* Queue j (owned by the caller until its done runs). Owner thread only. */
void		 work_submit(struct work *w, struct work_job *j);
/* Run the completions of the finished jobs at the head, without waiting. */
void		 work_reap(struct work *w);
/*
 * Run completions, waiting as needed, until at most most jobs are
 * outstanding (most = 0: all done, including any their completions
 * submitted).
 */
void		 work_wait(struct work *w, size_t most);
/* Jobs submitted whose completion has not run. */
size_t		 work_outstanding(const struct work *w);

#endif
