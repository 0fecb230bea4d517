/* SPDX-License-Identifier: MIT */
/*
 * The news lifecycle and retention in a cycle, past storing: the pages
 * and channels of stories whose embargo has ended, the pages of stories
 * retention expired, the history it trims, and how often a story's
 * sighting is written.
 */
#include "config.h"
#include "service/cycleint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/article.h"
#include "model/dump.h"
#include "model/undump.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/outdir.h"

/* The longest a story's last_seen may lag behind (see cycle_seen_step()). */
#define SEEN_STEP_MAX	86400

/*
 * How old a story's last_seen may grow while its feed still lists it
 * (store_set_seen_step()): an eighth of the shortest retention, at most
 * a day.
 */
int64_t
cycle_seen_step(const struct config *c)
{
	int64_t	 step = SEEN_STEP_MAX;
	size_t	 i;

	for (i = 0; i < c->nchannels; i++)
		if (c->channels[i].retention > 0 &&
		    c->channels[i].retention / 8 < step)
			step = c->channels[i].retention / 8;
	return step;
}

/*
 * The store's history of changes (a row per new, updated or killed
 * version) goes the way of the stories: once every channel has a
 * retention, rows older than the longest one are deleted. Otherwise
 * stories stay for good, and so does their history.
 */
void
cycle_trim_history(struct cycle *cy)
{
	int64_t	 keep = 0;
	long	 n;
	size_t	 i;

	if (cy->fatal)
		return;
	for (i = 0; i < cy->c->nchannels; i++) {
		if (cy->c->channels[i].retention <= 0)
			return;
		if (cy->c->channels[i].retention > keep)
			keep = cy->c->channels[i].retention;
	}
	if (keep > 0 && store_trim_history(cy->st, cy->now - keep, &n) !=
	    ERR_OK)
		cy->fatal = ERR_STORE;
}

/*
 * store_id_fn: a story retention took out of the outputs takes its share
 * page with it (wire copy licensed for so many days, say, leaves every
 * output). The store has the change by now: a crash in between leaves
 * a page behind, never a live story without its page.
 */
void
cycle_expired_page(const char *id, void *arg)
{
	struct cycle *cy = arg;
	struct article *a;
	char	*name, *path;

	if (!cy->c->share_pages)
		return;
	a = article_new();
	a->id = xstrdup(id);
	name = write_story_file_name(a, "html");
	path = xasprintf("%s/share/%s", cy->c->output_dir, name);
	if (unlink(path) != 0 && errno != ENOENT)
		log_warn("%s: cannot remove: %s", path, strerror(errno));
	free(path);
	free(name);
	article_free(a);
}

/*
 * store_story_fn: a held story whose embargo has passed gets its share
 * page now, and its source's channels are published again.
 */
static enum err
lifted(void *ctx, const char *source, const struct article *a, bool *more)
{
	struct cycle *cy = ctx;
	struct article *copy;
	struct feed f;
	struct buf b;
	struct job *jb;
	struct src *src = NULL;
	size_t	 i;
	enum err e;

	(void)more;
	cy->lifting = true;
	for (i = 0; i < cy->c->nsources && src == NULL; i++)
		if (strcmp(cy->srcs[i].sc->name, source) == 0)
			src = &cy->srcs[i];
	/* A source no longer configured is in no channel. */
	if (src == NULL)
		return ERR_OK;
	src->changed = true;
	if (!cycle_share_ready(cy))
		return ERR_OK;
	/* The page is rendered on a worker, from a copy of a. */
	buf_init(&b, CAP_OUTPUT);
	copy = article_new();
	e = dump_article(&b, a);
	if (!e)
		e = undump_article(b.data, b.len, copy);
	buf_cleanup(&b);
	feed_init(&f);
	if (!e)
		e = store_get_feed(cy->st, source, &f);
	if (e) {
		if (e != ERR_STORE)
			log_warn("%s: share page for %s not written", source,
			    a->id);
		feed_cleanup(&f);
		article_free(copy);
		return e == ERR_STORE ? e : ERR_OK;
	}
	jb = cycle_job_new(cy, src, NULL, NULL);
	readjob_add_page(&jb->rj, &f, copy);
	cycle_queue_pages(cy, jb);
	feed_cleanup(&f);
	return ERR_OK;
}

/*
 * Publish what an embargo held back until now (see lifted()); the
 * stories stay held until cycle_flush() has published them.
 */
void
cycle_lift_embargoes(struct cycle *cy)
{
	enum err e;

	if (cy->fatal)
		return;
	e = store_each_held(cy->st, cy->now, lifted, cy);
	if (e)
		cy->fatal = e;
}
