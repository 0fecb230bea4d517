/* SPDX-License-Identifier: MIT */
/*
 * Worker threads (libuv's thread primitives) with in-order completions:
 * one list holds every outstanding job in submission order, another the
 * jobs no worker has taken yet; the owner runs completions from the
 * head of the first as they finish.
 */
#include "config.h"
#include "service/work.h"

#include <stdlib.h>
#include <unistd.h>

#include <uv.h>

#include "util/xmalloc.h"

struct work {
	uv_mutex_t	 mu;
	uv_cond_t	 todo_cv;	/* a job to take, or quit */
	uv_cond_t	 done_cv;	/* a job finished */
	struct work_job	*head, *tail;	/* outstanding, in order */
	struct work_job	*todo, *todo_tail;	/* not yet taken */
	size_t		 outstanding;	/* owner's */
	bool		 quit;
	uv_thread_t	*threads;
	unsigned	 nthreads;
};

static void
worker(void *arg)
{
	struct work *w = arg;
	struct work_job *j;

	uv_mutex_lock(&w->mu);
	for (;;) {
		while (w->todo == NULL && !w->quit)
			uv_cond_wait(&w->todo_cv, &w->mu);
		if (w->todo == NULL)
			break;
		j = w->todo;
		w->todo = j->next_todo;
		if (w->todo == NULL)
			w->todo_tail = NULL;
		uv_mutex_unlock(&w->mu);
		j->run(j);
		uv_mutex_lock(&w->mu);
		j->finished = true;
		uv_cond_signal(&w->done_cv);
	}
	uv_mutex_unlock(&w->mu);
}

struct work *
work_new(unsigned n)
{
	struct work *w;
	unsigned i;

	w = xcalloc(1, sizeof *w);
	if (uv_mutex_init(&w->mu) != 0 || uv_cond_init(&w->todo_cv) != 0 ||
	    uv_cond_init(&w->done_cv) != 0)
		abort();
	if (n > WORK_MAX_THREADS)
		n = WORK_MAX_THREADS;
	w->threads = xcalloc(n + 1, sizeof *w->threads);
	for (i = 0; i < n; i++) {
		/* No thread: the jobs run on the owner's thread instead. */
		if (uv_thread_create(&w->threads[i], worker, w) != 0)
			break;
		w->nthreads++;
	}
	return w;
}

void
work_free(struct work *w)
{
	unsigned i;

	if (w == NULL)
		return;
	work_wait(w, 0);
	uv_mutex_lock(&w->mu);
	w->quit = true;
	uv_cond_broadcast(&w->todo_cv);
	uv_mutex_unlock(&w->mu);
	for (i = 0; i < w->nthreads; i++)
		uv_thread_join(&w->threads[i]);
	free(w->threads);
	uv_cond_destroy(&w->done_cv);
	uv_cond_destroy(&w->todo_cv);
	uv_mutex_destroy(&w->mu);
	free(w);
}

unsigned
work_default_threads(void)
{
	const char *s = getenv("FEEDMILL_WORKERS");
	char	*end;
	long	 n;

	if (s != NULL && *s != '\0') {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n >= 0)
			return n > WORK_MAX_THREADS ? WORK_MAX_THREADS :
			    (unsigned)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > WORK_MAX_THREADS ? WORK_MAX_THREADS : (unsigned)n;
}

unsigned
work_threads(const struct work *w)
{
	return w->nthreads;
}

void
work_submit(struct work *w, struct work_job *j)
{
	j->next = j->next_todo = NULL;
	j->finished = false;
	w->outstanding++;
	if (w->nthreads == 0 || j->run == NULL) {
		if (j->run != NULL)
			j->run(j);
		j->finished = true;
	}
	uv_mutex_lock(&w->mu);
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	if (!j->finished) {
		if (w->todo_tail != NULL)
			w->todo_tail->next_todo = j;
		else
			w->todo = j;
		w->todo_tail = j;
		uv_cond_signal(&w->todo_cv);
	}
	uv_mutex_unlock(&w->mu);
}

/* Take the head if it finished (wait for it with wait); NULL if none. */
static struct work_job *
take_head(struct work *w, bool wait)
{
	struct work_job *j = NULL;

	uv_mutex_lock(&w->mu);
	while (wait && w->head != NULL && !w->head->finished)
		uv_cond_wait(&w->done_cv, &w->mu);
	if (w->head != NULL && w->head->finished) {
		j = w->head;
		w->head = j->next;
		if (w->head == NULL)
			w->tail = NULL;
	}
	uv_mutex_unlock(&w->mu);
	return j;
}

void
work_reap(struct work *w)
{
	struct work_job *j;

	for (;;) {
		j = take_head(w, false);
		if (j == NULL)
			break;
		w->outstanding--;
		j->done(j);
	}
}

void
work_wait(struct work *w, size_t most)
{
	struct work_job *j;

	work_reap(w);
	while (w->outstanding > most) {
		j = take_head(w, true);
		if (j == NULL)
			break;
		w->outstanding--;
		j->done(j);
		work_reap(w);
	}
}

size_t
work_outstanding(const struct work *w)
{
	return w->outstanding;
}
