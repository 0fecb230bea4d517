/* SPDX-License-Identifier: MIT */
/*
 * One polling cycle: decide who is due (sched.c), fetch HTTP sources all
 * at once (fetchmulti.c), read each response, file or spool file through
 * the same pipeline as convert (read_input), store the stories in one
 * transaction per source, record the fetch state, expire, and publish
 * the channels that changed. Responses are read, and share pages
 * rendered, on worker threads (work.c, readjob.c); their results come
 * back to the cycle's thread in the order the responses arrived, and
 * everything that touches the store, the sources' state or the folders'
 * renames happens there.
 */
#include "config.h"
#include "service/cycle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "model/dump.h"
#include "model/undump.h"
#include "net/fetchmulti.h"
#include "read/fulltext.h"
#include "read/read.h"
#include "service/channel.h"
#include "service/publish.h"
#include "service/readjob.h"
#include "service/sched.h"
#include "service/site.h"
#include "service/spool.h"
#include "service/work.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"
#include "write/outdir.h"
#include "write/share.h"
#include "write/write.h"

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

static void	 want_page(struct ingest *in, const struct article *a);
static void	 page_free(struct page *pg);

/* The worker threads, started when first needed. */
static struct work *
cycle_work(struct cycle *cy)
{
	unsigned n;

	if (cy->work == NULL) {
		n = work_default_threads();
		cy->work = work_new(n);
		/*
		 * Two jobs a thread keep the threads busy while the loop
		 * stores; memory is a few parsed responses at most.
		 */
		cy->max_jobs = 2 * (size_t)(n > 0 ? n : 1);
	}
	return cy->work;
}

/* Run every outstanding job's completion (the cycle is settled). */
static void
cycle_settle(struct cycle *cy)
{
	if (cy->work != NULL)
		work_wait(cy->work, 0);
}

static void
job_free(struct job *jb)
{
	readjob_cleanup(&jb->rj);
	fetchm_req_cleanup(&jb->r);
	free(jb);
}

/* output_dir/share, opened at the first page; false when unusable. */
static bool
share_ready(struct cycle *cy)
{
	char	*dir;
	enum err e;

	if (!cy->c->share_pages || cy->share_failed)
		return false;
	if (cy->share != NULL)
		return true;
	dir = xasprintf("%s/share", cy->c->output_dir);
	e = publish_mkdirs(dir);
	if (!e)
		e = outdir_open(dir, &cy->share);
	free(dir);
	if (e)
		cy->share_failed = true;
	return !e;
}

static void
job_render(struct work_job *wj)
{
	struct job *jb = (struct job *)wj;

	readjob_render(&jb->rj);
	/*
	 * Creating files in one folder from several threads at once makes
	 * them spin on the folder's lock (ext4: 27 % of a cycle's time):
	 * rendering runs side by side, creating files takes turns.
	 */
	uv_mutex_lock(&jb->cy->share_lock);
	readjob_write(&jb->rj, jb->od);
	uv_mutex_unlock(&jb->cy->share_lock);
}

static void
job_placed(struct work_job *wj)
{
	struct job *jb = (struct job *)wj;

	readjob_place(&jb->rj, jb->od);
	job_free(jb);
}

/*
 * The share pages of jb's new, changed and killed stories (write/share.c,
 * into output_dir/share/): rendered and written on a worker, put in
 * place in order here. Failures are logged and do not stop the poll.
 * Takes jb.
 */
static void
queue_pages(struct cycle *cy, struct job *jb)
{
	if (!readjob_has_pages(&jb->rj) || cy->share == NULL) {
		job_free(jb);
		return;
	}
	/* Open until the cycle settles, which waits for this job. */
	jb->od = cy->share;
	jb->wj.run = job_render;
	jb->wj.done = job_placed;
	work_submit(cycle_work(cy), &jb->wj);
}

/* Store one read story and note what its page and full text need. */
static enum err
put_item(struct ingest *in, struct readjob_item *it)
{
	struct cycle *cy = in->cy;
	enum store_change ch;
	enum err e;

	e = store_put_prepared(cy->st, in->src->sc->name, it->a, &it->p,
	    cy->now, &ch);
	if (e)
		return e;
	if ((ch == STORE_NEW || ch == STORE_UPDATED || ch == STORE_KILLED) &&
	    share_ready(cy))
		it->page = ch == STORE_KILLED ? READJOB_PAGE_REMOVE :
		    READJOB_PAGE_WRITE;
	if ((ch == STORE_NEW || ch == STORE_UPDATED) && it->own_url &&
	    in->src->sc->fulltext)
		want_page(in, it->a);
	in->n_seen++;
	switch (ch) {
	case STORE_NEW: in->n_new++; break;
	case STORE_UPDATED: in->n_upd++; break;
	case STORE_KILLED: in->n_kill++; break;
	default: break;
	}
	return ERR_OK;
}

static void
page_free(struct page *pg)
{
	if (pg == NULL)
		return;
	fetchm_req_cleanup(&pg->req);
	free(pg->url);
	free(pg->dump);
	free(pg);
}

/*
 * Queue the page of a new or changed story of a fulltext source (at most
 * CAP_FULLTEXT_ITEMS a poll); the cycle fetches it, and cycle_on_page()
 * folds it into the stored story.
 */
static void
want_page(struct ingest *in, const struct article *a)
{
	struct cycle *cy = in->cy;
	struct page *pg;
	struct buf b;

	if (!uri_is_web(a->url))
		return;
	if (in->n_pages++ == CAP_FULLTEXT_ITEMS)
		log_warn("%s: full text for the first %d new stories only",
		    in->src->sc->name, CAP_FULLTEXT_ITEMS);
	if (in->n_pages > CAP_FULLTEXT_ITEMS)
		return;
	buf_init(&b, CAP_OUTPUT);
	if (dump_article(&b, a) != ERR_OK) {
		buf_cleanup(&b);
		return;
	}
	pg = xcalloc(1, sizeof *pg);
	pg->src = in->src;
	pg->url = xstrdup(a->url);
	pg->dump = buf_take(&b, NULL);
	fetchm_req_init(&pg->req);
	*VEC_PUSH(cy->pages, cy->npages) = pg;
}

/*
 * Stores write in batches: one transaction holds up to CYCLE_BATCH
 * sources (each in a savepoint of its own), which writes far fewer pages
 * than a transaction each. A crash loses at most the batch, state and
 * stories together, and the next cycle fetches it again.
 */
#define CYCLE_BATCH	64

static enum err
batch(struct cycle *cy)
{
	enum err e;

	if (store_in_transaction(cy->st) && ++cy->batched < CYCLE_BATCH)
		return ERR_OK;
	if (store_in_transaction(cy->st)) {
		e = store_commit(cy->st);
		if (e)
			return e;
	}
	cy->batched = 0;
	return store_begin(cy->st);
}

/*
 * Store what jb read for its source, in a savepoint: all of it or, on
 * any error, nothing (the source keeps its last good stories). Queues
 * the share pages (taking jb).
 */
static enum err
ingest_job(struct cycle *cy, struct job *jb, struct ingest *ing)
{
	struct readjob	*rj = &jb->rj;
	struct src	*src = jb->src;
	size_t		 npages = cy->npages, i;
	enum err	 e;

	memset(ing, 0, sizeof *ing);
	ing->cy = cy;
	ing->src = src;
	e = batch(cy);
	if (!e)
		e = store_savepoint(cy->st);
	if (e) {
		cy->fatal = e;
		job_free(jb);
		return e;
	}
	e = rj->e;
	for (i = 0; i < rj->nitems && !e; i++)
		e = put_item(ing, &rj->items[i]);
	if (!e && rj->ended) {
		ing->ttl = rj->feed.ttl;
		ing->skip_hours = rj->feed.skip_hours;
		ing->skip_days = rj->feed.skip_days;
		if (cy->hooks.fed != NULL)
			cy->hooks.fed(cy->hooks.ctx, src->sc->name, &rj->feed,
			    src->link);
		e = store_put_feed(cy->st, src->sc->name, &rj->feed);
	}
	if (!e)
		e = store_release(cy->st);
	if (e) {
		store_undo(cy->st);
		/* The stories are not stored: neither are their pages. */
		while (cy->npages > npages)
			page_free(cy->pages[--cy->npages]);
		if (e == ERR_STORE)
			cy->fatal = e;
		job_free(jb);
		return e;
	}
	cy->s->stories_new += ing->n_new;
	cy->s->stories_updated += ing->n_upd;
	cy->s->stories_killed += ing->n_kill;
	if (ing->n_new + ing->n_upd + ing->n_kill > 0)
		src->changed = true;
	log_info("%s: %ld stories, %ld new, %ld updated, %ld killed",
	    src->sc->name, ing->n_seen, ing->n_new, ing->n_upd, ing->n_kill);
	queue_pages(cy, jb);
	return ERR_OK;
}

/* A new job for src, with read options for name and base_url. */
static struct job *
job_new(struct cycle *cy, struct src *src, const char *name,
    const char *base_url)
{
	struct job *jb;

	jb = xcalloc(1, sizeof *jb);
	jb->cy = cy;
	jb->src = src;
	readjob_init(&jb->rj, cy->c, src->sc);
	fetchm_req_init(&jb->r);
	jb->ro.name = name;
	jb->ro.format = src->sc->format;
	jb->ro.base_url = base_url;
	jb->ro.source = src->sc->name;
	return jb;
}

/*
 * Read in into the store for src, here and now (files, spool files,
 * pushes): the same steps as a poll's response, on this thread.
 */
static enum err
ingest(struct cycle *cy, struct src *src, struct input *in,
    const char *name, const char *base_url, struct ingest *ing)
{
	struct job *jb;

	jb = job_new(cy, src, name, base_url);
	readjob_read(&jb->rj, in, &jb->ro);
	return ingest_job(cy, jb, ing);
}

static void
set_result(struct fetch_state *fs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_result(struct fetch_state *fs, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xstrset(&fs->result, msg);
}

/* Keep the feed's polling hints from a read that succeeded. */
static void
keep_hints(struct fetch_state *fs, const struct ingest *ing)
{
	fs->ttl = ing->ttl;
	fs->skip_hours = ing->skip_hours;
	fs->skip_days = ing->skip_days;
}

/* Record the outcome of a poll and when the source is due next. */
static void
finish_poll(struct cycle *cy, struct src *src, enum sched_result res,
    long retry_after, long feed_interval)
{
	struct sched_policy p = { src->sc->interval * (src->pushed ?
	    CYCLE_PUSH_FACTOR : 1), cy->c->max_backoff };
	struct sched_outcome o;
	enum err e;

	src->fs.last_poll = cy->now;
	if (res == SCHED_OK) {
		src->fs.failures = 0;
		src->fs.last_ok = cy->now;
		cy->s->ok++;
	} else {
		src->fs.failures++;
		cy->s->failed++;
	}
	src->fs.interval = feed_interval;
	memset(&o, 0, sizeof o);
	o.result = res;
	o.failures = src->fs.failures;
	o.retry_after = retry_after;
	o.feed_interval = feed_interval;
	o.skip_hours = src->fs.skip_hours;
	o.skip_days = src->fs.skip_days;
	src->fs.next_due = sched_next(&p, src->sc->name, &o, cy->now);
	e = batch(cy);
	if (!e)
		e = store_put_state(cy->st, src->sc->name, &src->fs);
	if (e)
		cy->fatal = e;
}

/*
 * Record the outcome of src's poll: response r, read (a 200) with result
 * e into ing, or not read (e is r->e).
 */
static void
poll_done(struct cycle *cy, struct src *src, struct fetchm_req *r,
    bool read, enum err e, const struct ingest *ing)
{
	struct fetch_state *fs = &src->fs;
	enum sched_result res = SCHED_OK;
	long		 retry = 0;

	if (read) {
		if (e) {
			set_result(fs, "unreadable: %s", err_str(e));
			res = SCHED_ERROR;
		} else {
			set_result(fs, "ok: %ld stories, %ld new, %ld updated",
			    ing->n_seen, ing->n_new, ing->n_upd);
			/* Validators only from a response we could read. */
			xstrset(&fs->etag, r->resp_etag);
			xstrset(&fs->last_modified, r->resp_last_modified);
			keep_hints(fs, ing);
		}
	} else if (e == ERR_OK && r->status == 304) {
		cy->s->unchanged++;
		set_result(fs, "not modified");
		if (r->resp_etag != NULL)
			xstrset(&fs->etag, r->resp_etag);
		if (r->resp_last_modified != NULL)
			xstrset(&fs->last_modified, r->resp_last_modified);
	} else if (r->status == 429 || r->status == 503) {
		res = SCHED_THROTTLED;
		retry = sched_parse_retry_after(r->retry_after, cy->now);
		set_result(fs, "HTTP %ld%s%s", r->status, retry > 0 ?
		    ", Retry-After " : "", retry > 0 ? r->retry_after : "");
	} else {
		res = SCHED_ERROR;
		if (e == ERR_HTTP)
			set_result(fs, "HTTP %ld", r->status);
		else
			set_result(fs, "%s", err_str(e));
	}
	/* A permanent redirect moves the source for good. */
	if (res == SCHED_OK && r->permanent && r->effective_url != NULL &&
	    strcmp(r->effective_url, r->url) != 0) {
		log_warn("%s: moved permanently to %s", src->sc->name,
		    r->effective_url);
		xstrset(&fs->url, r->effective_url);
	}
	/* A 304 keeps the hints (ttl, skip hours) of the last good read. */
	finish_poll(cy, src, res, retry,
	    sched_feed_interval(r->cache_control, r->expires, fs->ttl,
	    cy->now));
	if (cy->hooks.polled != NULL)
		cy->hooks.polled(cy->hooks.ctx, (size_t)(src - cy->srcs));
}

/* On a worker: read a poll's response. */
static void
job_read(struct work_job *wj)
{
	struct job *jb = (struct job *)wj;

	readjob_read(&jb->rj, &jb->in, &jb->ro);
}

/* Back on the cycle's thread: store what was read, record the poll. */
static void
job_read_done(struct work_job *wj)
{
	struct job	*jb = (struct job *)wj;
	struct cycle	*cy = jb->cy;
	struct src	*src = jb->src;
	struct fetchm_req r = jb->r;
	struct ingest	 ing;
	enum err	 e;

	/* The response stays here; the job goes on to the share pages. */
	fetchm_req_init(&jb->r);
	src->busy = false;
	src->link = r.link;
	e = ingest_job(cy, jb, &ing);
	src->link = NULL;
	poll_done(cy, src, &r, true, e, &ing);
	fetchm_req_cleanup(&r);
}

void
cycle_on_fetched(struct fetchm_req *r, void *ctx)
{
	struct cycle	*cy = ctx;
	struct src	*src = r->user;
	struct work	*w;
	struct job	*jb;

	cy->s->polled++;
	src->fs.status = r->status;
	if (r->e != ERR_OK || r->status == 304) {
		poll_done(cy, src, r, false, r->e, NULL);
		fetchm_req_cleanup(r);
		return;
	}
	/*
	 * A response to read: on a worker thread, while the loop goes on.
	 * The job takes the response; r keeps what identifies it.
	 */
	jb = job_new(cy, src, NULL, NULL);
	jb->r = *r;
	fetchm_req_init(r);
	r->url = jb->r.url;
	r->user = jb->r.user;
	input_init_mem(&jb->in, buf_str(&jb->r.body), jb->r.body.len,
	    CAP_INPUT_XML);
	jb->in.charset = jb->r.charset;
	jb->in.media_type = jb->r.media_type;
	jb->ro.name = jb->r.url;
	jb->ro.base_url = jb->r.effective_url != NULL ? jb->r.effective_url :
	    jb->r.url;
	jb->wj.run = job_read;
	jb->wj.done = job_read_done;
	src->busy = true;
	/* At most max_jobs read and not stored: memory stays bounded. */
	w = cycle_work(cy);
	work_wait(w, cy->max_jobs - 1);
	work_submit(w, &jb->wj);
}

/* A local feed file, re-read whenever it is due. */
static void
poll_file(struct cycle *cy, struct src *src)
{
	struct ingest	 ing;
	struct input	 in;
	enum err	 e;
	int		 fd;

	cy->s->polled++;
	memset(&ing, 0, sizeof ing);
	fd = open(src->sc->location, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s: %s", src->sc->name, src->sc->location,
		    strerror(errno));
		set_result(&src->fs, "%s", strerror(errno));
		finish_poll(cy, src, SCHED_ERROR, 0, 0);
		return;
	}
	e = input_init_fd(&in, fd, src->sc->max_size);
	if (!e)
		e = ingest(cy, src, &in, src->sc->location, NULL, &ing);
	close(fd);
	if (e)
		set_result(&src->fs, "unreadable: %s", err_str(e));
	else {
		set_result(&src->fs, "ok: %ld stories, %ld new, %ld updated",
		    ing.n_seen, ing.n_new, ing.n_upd);
		keep_hints(&src->fs, &ing);
	}
	finish_poll(cy, src, e ? SCHED_ERROR : SCHED_OK, 0,
	    src->fs.ttl > 0 ? src->fs.ttl * 60L : 0);
}

/*
 * Read one spool file; its messages are kept for the .error note (and
 * still go to the log).
 */
static enum err
spool_file(struct cycle *cy, struct src *src, const char *name,
    char **why)
{
	struct ingest	 ing;
	struct input	 in;
	char		*path, *msgs = NULL;
	size_t		 len = 0;
	FILE		*mem;
	enum err	 e;
	int		 fd;

	*why = NULL;
	path = xasprintf("%s/%s", src->sc->location, name);
	mem = open_memstream(&msgs, &len);
	if (mem == NULL)
		abort();
	log_set_thread_output(mem);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s", path, strerror(errno));
		e = ERR_IO;
	} else {
		e = input_init_fd(&in, fd, src->sc->max_size);
		if (e)
			log_error("%s: larger than %zu bytes", path,
			    src->sc->max_size);
		else
			e = ingest(cy, src, &in, path, NULL, &ing);
		close(fd);
	}
	log_set_thread_output(NULL);
	fclose(mem);
	if (len > 0)
		fputs(msgs, stderr);
	if (e)
		*why = len > 0 ? msgs : xasprintf("%s\n", err_str(e));
	if (*why != msgs)
		free(msgs);
	free(path);
	return e;
}

static void
poll_spool(struct cycle *cy, struct src *src)
{
	char	**names, *why;
	size_t	 n, i;
	long	 ok = 0, bad = 0;
	enum err e;

	cy->s->polled++;
	e = spool_list(src->sc->location, cy->now, &names, &n);
	for (i = 0; i < n && !cy->fatal; i++) {
		cy->s->files++;
		e = spool_file(cy, src, names[i], &why);
		if (cy->fatal) {
			free(why);
			break;
		}
		/* Stories are committed before their file leaves the spool. */
		if (!e && store_in_transaction(cy->st)) {
			cy->batched = 0;
			cy->fatal = store_commit(cy->st);
			if (cy->fatal) {
				store_rollback(cy->st);
				free(why);
				break;
			}
		}
		if (e) {
			bad++;
			e = spool_failed(src->sc->location, names[i], why);
		} else {
			ok++;
			e = spool_done(src->sc->location, names[i]);
		}
		free(why);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	set_result(&src->fs, "%ld files read, %ld failed", ok, bad);
	finish_poll(cy, src, e && bad == 0 && ok == 0 ? SCHED_ERROR : SCHED_OK,
	    0, 0);
}

/*
 * Publish each channel whose stories changed in this run, whose files
 * are missing, or whose stored mark is behind the store's (a run killed
 * after storing and before publishing), then bring every mark up to
 * date: every channel now reflects the store.
 */
static void
publish_channels(struct cycle *cy)
{
	const struct config *c = cy->c;
	const struct channel_conf *ch;
	int64_t	 mark, done;
	long	 expired;
	size_t	 i, j;
	bool	 changed, ok = true, any = false;
	enum err e;

	e = store_change_mark(cy->st, &mark);
	if (e) {
		cy->fatal = e;
		return;
	}
	for (i = 0; i < c->nchannels && !cy->fatal; i++) {
		ch = &c->channels[i];
		changed = false;
		for (j = 0; j < c->nsources && !changed; j++)
			if (cy->srcs[j].changed &&
			    config_channel_has_source(ch, c->sources[j].name))
				changed = true;
		if (ch->retention > 0) {
			e = store_expire(cy->st, ch->sources, ch->nsources,
			    cy->now - ch->retention, &expired);
			if (e) {
				cy->fatal = e;
				break;
			}
			cy->s->expired += expired;
			if (expired > 0)
				changed = true;
		}
		e = store_get_published(cy->st, ch->name, &done);
		if (e) {
			cy->fatal = e;
			break;
		}
		if (!changed && done >= mark && !channel_missing(c, ch))
			continue;
		e = channel_publish(c, ch, cy->st, &cy->chstats[i]);
		if (e == ERR_STORE)
			cy->fatal = e;
		if (e) {
			ok = false;
			cy->s->publish_failed++;
			continue;
		}
		cy->s->published++;
		if (cy->hooks.published != NULL)
			cy->hooks.published(cy->hooks.ctx, ch);
		any = true;
		log_info("channel %s: %ld stories published", ch->name,
		    cy->chstats[i].count);
	}
	if (!cy->fatal && (any || cy->site_due || site_missing(c))) {
		cy->site_due = false;
		e = site_publish(c, cy->st, cy->chstats);
		if (e == ERR_STORE)
			cy->fatal = ERR_STORE;
		else if (e)
			cy->s->publish_failed++;
	}
	if (!ok || cy->fatal)
		return;
	e = store_begin(cy->st);
	for (i = 0; i < c->nchannels && !e; i++)
		e = store_set_published(cy->st, c->channels[i].name, mark);
	if (!e)
		e = store_commit(cy->st);
	if (e) {
		store_rollback(cy->st);
		cy->fatal = e;
	}
}

struct cycle *
cycle_new(const struct config *c, struct store *st, struct cycle_stats *s)
{
	struct cycle *cy;
	size_t	 i;

	cy = xcalloc(1, sizeof *cy);
	cy->c = c;
	cy->st = st;
	cy->s = s;
	memset(s, 0, sizeof *s);
	cy->srcs = xcalloc(c->nsources + 1, sizeof *cy->srcs);
	cy->chstats = xcalloc(c->nchannels + 1, sizeof *cy->chstats);
	cy->site_due = true;
	if (uv_mutex_init(&cy->share_lock) != 0)
		abort();
	for (i = 0; i < c->nsources; i++) {
		cy->srcs[i].sc = &c->sources[i];
		fetchm_req_init(&cy->srcs[i].req);
	}
	return cy;
}

void
cycle_free(struct cycle *cy)
{
	size_t	 i;

	if (cy == NULL)
		return;
	/* Jobs first: they use the store, the share folder and srcs. */
	work_free(cy->work);
	uv_mutex_destroy(&cy->share_lock);
	if (store_in_transaction(cy->st))
		store_rollback(cy->st);
	outdir_free(cy->share);
	for (i = 0; i < cy->npages; i++)
		page_free(cy->pages[i]);
	free(cy->pages);
	for (i = 0; i < cy->c->nsources; i++) {
		fetchm_req_cleanup(&cy->srcs[i].req);
		fetch_state_cleanup(&cy->srcs[i].fs);
	}
	free(cy->srcs);
	free(cy->chstats);
	free(cy);
}

void
cycle_set_now(struct cycle *cy, int64_t now)
{
	/* What was read at the old time is stored at the old time. */
	cycle_settle(cy);
	cy->now = now;
}

enum err
cycle_load(struct cycle *cy, bool spread)
{
	const struct source_conf *sc;
	struct fetch_state *fs;
	struct sched_policy p;
	size_t	 i;
	bool	 own = !store_in_transaction(cy->st);
	enum err e = ERR_OK;

	/* One read transaction: one read lock for every source's state. */
	if (own)
		e = store_begin_read(cy->st);
	for (i = 0; i < cy->c->nsources && !e; i++) {
		sc = cy->srcs[i].sc;
		fs = &cy->srcs[i].fs;
		fetch_state_cleanup(fs);
		e = store_get_state(cy->st, sc->name, fs);
		if (e)
			break;
		/* State of another URL (the configuration changed) is forgotten. */
		if (fs->config_url == NULL ||
		    strcmp(fs->config_url, sc->location) != 0) {
			fetch_state_cleanup(fs);
			fs->config_url = xstrdup(sc->location);
		}
		if (fs->last_poll == 0) {
			p.interval = sc->interval;
			p.max_backoff = cy->c->max_backoff;
			fs->next_due = spread && sc->kind == SOURCE_URL ?
			    sched_first(&p, sc->name, cy->now) : cy->now;
		}
	}
	if (own && e)
		store_rollback(cy->st);
	else if (own)
		e = store_commit(cy->st);
	return e;
}

bool
cycle_due(const struct cycle *cy, size_t i, bool force)
{
	const struct fetch_state *fs = &cy->srcs[i].fs;
	bool	 throttled;

	/* Its last response is still being read. */
	if (cy->srcs[i].busy)
		return false;
	throttled = (fs->status == 429 || fs->status == 503) &&
	    fs->next_due > cy->now;
	return fs->next_due <= cy->now || (force && !throttled);
}

int64_t
cycle_next_due(const struct cycle *cy, size_t i)
{
	return cy->srcs[i].fs.next_due;
}

struct fetchm_req *
cycle_request(struct cycle *cy, size_t i)
{
	struct src *src = &cy->srcs[i];

	fetchm_req_cleanup(&src->req);
	fetchm_req_init(&src->req);
	src->req.url = src->fs.url != NULL ? src->fs.url : src->sc->location;
	src->req.etag = src->fs.etag;
	src->req.last_modified = src->fs.last_modified;
	src->req.headers = src->sc->headers;
	src->req.nheaders = src->sc->nheaders;
	src->req.auth = src->sc->auth;
	src->req.max_body = src->sc->max_size;
	src->req.timeout = src->sc->timeout;
	src->req.user = src;
	return &src->req;
}

size_t
cycle_request_index(const struct cycle *cy, const struct fetchm_req *r)
{
	return (size_t)((const struct src *)r->user - cy->srcs);
}

struct fetchm_req *
cycle_next_page(struct cycle *cy)
{
	struct page *pg;

	if (cy->next_page >= cy->npages)
		return NULL;
	pg = cy->pages[cy->next_page++];
	fetchm_req_cleanup(&pg->req);
	fetchm_req_init(&pg->req);
	pg->req.url = pg->url;
	pg->req.max_body = CAP_INPUT_HTML;
	pg->req.timeout = pg->src->sc->timeout;
	pg->req.user = pg;
	cy->pages_out++;
	return &pg->req;
}

size_t
cycle_pages_waiting(struct cycle *cy)
{
	/* Reads still running may queue more. */
	cycle_settle(cy);
	return cy->npages - cy->next_page;
}

/* When every queued page is done, the queue starts again empty. */
static void
pages_reset(struct cycle *cy)
{
	size_t	 i;

	if (cy->next_page < cy->npages || cy->pages_out > 0)
		return;
	for (i = 0; i < cy->npages; i++)
		page_free(cy->pages[i]);
	free(cy->pages);
	cy->pages = NULL;
	cy->npages = cy->next_page = 0;
}

/* Fold a fetched page into its stored story (see want_page()). */
static void
take_page(struct cycle *cy, struct page *pg, const struct fetchm_req *r)
{
	struct article	*a;
	struct feed	 f;
	struct job	*jb;
	const char	*name = pg->src->sc->name;
	bool		 changed = false;
	enum err	 e;

	a = article_new();
	feed_init(&f);
	e = undump_article(pg->dump, strlen(pg->dump), a);
	if (!e)
		e = store_get_feed(cy->st, name, &f);
	if (e == ERR_STORE) {
		cy->fatal = e;
		goto out;
	}
	if (e || fulltext_page(a, r->body.data, r->body.len, r->charset, &f,
	    r->effective_url != NULL ? r->effective_url : r->url, name) !=
	    ERR_OK) {
		log_warn("%s: %s: page not extracted; the feed's text is kept",
		    name, r->url);
		goto out;
	}
	e = batch(cy);
	if (!e)
		e = store_enrich_article(cy->st, a, cy->now, &changed);
	if (e) {
		cy->fatal = e;
		goto out;
	}
	cy->s->pages++;
	if (changed) {
		pg->src->changed = true;
		if (share_ready(cy)) {
			jb = job_new(cy, pg->src, NULL, NULL);
			readjob_add_page(&jb->rj, &f, a);
			a = NULL;
			queue_pages(cy, jb);
		}
	}
out:
	feed_cleanup(&f);
	article_free(a);
}

void
cycle_on_page(struct fetchm_req *r, void *ctx)
{
	struct cycle	*cy = ctx;
	struct page	*pg = r->user;

	cy->pages_out--;
	if (r->e != ERR_OK || r->body.len == 0)
		log_warn("%s: %s: page not read; the feed's text is kept",
		    pg->src->sc->name, r->url);
	else if (!cy->fatal)
		take_page(cy, pg, r);
	fetchm_req_cleanup(r);
	free(pg->dump);
	pg->dump = NULL;
	pages_reset(cy);
}

void
cycle_poll_local(struct cycle *cy, size_t i)
{
	struct src *src = &cy->srcs[i];

	if (src->sc->kind == SOURCE_FILE)
		poll_file(cy, src);
	else if (src->sc->kind == SOURCE_SPOOL)
		poll_spool(cy, src);
}

enum err
cycle_flush(struct cycle *cy)
{
	size_t	 i;

	/* Every response read is stored, every share page written. */
	cycle_settle(cy);
	if (!cy->fatal && store_in_transaction(cy->st)) {
		cy->fatal = store_commit(cy->st);
		if (cy->fatal)
			store_rollback(cy->st);
	}
	cy->batched = 0;
	/* The pages are in place and on disk before channels link to them. */
	if (cy->share != NULL) {
		if (outdir_finish(cy->share) != ERR_OK)
			log_warn("share pages: folder not synced");
		outdir_free(cy->share);
		cy->share = NULL;
	}
	if (!cy->fatal)
		publish_channels(cy);
	for (i = 0; i < cy->c->nsources; i++)
		cy->srcs[i].changed = false;
	return cy->fatal;
}

void
cycle_set_hooks(struct cycle *cy, const struct cycle_hooks *h)
{
	cy->hooks = *h;
}

void
cycle_set_pushed(struct cycle *cy, size_t i, bool on)
{
	struct src *src = &cy->srcs[i];
	int64_t	 due = src->fs.last_poll + src->sc->interval;

	src->pushed = on;
	if (!on && src->fs.last_poll > 0 && src->fs.next_due > due)
		src->fs.next_due = due;
}

enum err
cycle_push(struct cycle *cy, size_t i, const char *body, size_t n,
    const char *media_type, const char *charset)
{
	struct src	*src = &cy->srcs[i];
	struct ingest	 ing;
	struct input	 in;
	char		*name;
	enum err	 e;

	input_init_mem(&in, body, n, CAP_INPUT_XML);
	in.charset = charset;
	in.media_type = media_type;
	name = xasprintf("%s (WebSub push)", src->sc->name);
	e = ingest(cy, src, &in, name, src->fs.url != NULL ? src->fs.url :
	    src->sc->location, &ing);
	free(name);
	return e;
}

enum err
cycle_fatal(const struct cycle *cy)
{
	return cy->fatal;
}

void
fetchm_page_opts(struct fetchm_opts *fo, const struct config *c)
{
	fetchm_opts_from_config(fo, c);
	if (fo->max_connections > CAP_FULLTEXT_CONNECTIONS)
		fo->max_connections = CAP_FULLTEXT_CONNECTIONS;
	fo->host_spacing = 0;
}

void
fetchm_opts_from_config(struct fetchm_opts *fo, const struct config *c)
{
	fetchm_opts_init(fo);
	fo->user_agent = c->user_agent;
	fo->max_connections = c->max_connections;
	fo->per_host = c->per_host;
	fo->allow_private = c->allow_private;
	/* fetchm_run (poll --once); serve spaces its starts itself. */
	fo->host_spacing = c->host_spacing;
}

enum err
cycle_run(const struct config *c, struct store *st,
    const struct cycle_opts *o, struct cycle_stats *s)
{
	struct cycle	*cy;
	struct fetchm_opts fo;
	struct fetchm_req **reqs;
	size_t		 i, nreqs = 0;
	enum err	 e;

	cy = cycle_new(c, st, s);
	cycle_set_now(cy, o->now);
	if (o->hooks != NULL)
		cycle_set_hooks(cy, o->hooks);
	e = cycle_load(cy, false);
	reqs = xcalloc(c->nsources + 1, sizeof *reqs);
	for (i = 0; i < c->nsources && !e && !cy->fatal; i++) {
		if (c->sources[i].kind != SOURCE_SPOOL &&
		    !cycle_due(cy, i, o->force))
			continue;
		if (c->sources[i].kind == SOURCE_URL)
			reqs[nreqs++] = cycle_request(cy, i);
		else
			cycle_poll_local(cy, i);
	}
	if (!e && !cy->fatal && nreqs > 0) {
		fetchm_opts_from_config(&fo, c);
		e = fetchm_run(reqs, nreqs, &fo, cycle_on_fetched, cy);
	}
	/* Then the pages of new stories of fulltext sources. */
	if (!e && !cy->fatal && cycle_pages_waiting(cy) > 0) {
		free(reqs);
		reqs = xcalloc(cycle_pages_waiting(cy) + 1, sizeof *reqs);
		for (nreqs = 0; cycle_pages_waiting(cy) > 0; nreqs++)
			reqs[nreqs] = cycle_next_page(cy);
		fetchm_page_opts(&fo, c);
		e = fetchm_run(reqs, nreqs, &fo, cycle_on_page, cy);
	}
	if (!e)
		e = cycle_flush(cy);
	free(reqs);
	cycle_free(cy);
	return e;
}

char *
cycle_store_path(const struct config *c)
{
	return xasprintf("%s/feedmill.db", c->state_dir);
}

enum err
cycle_open_store(const struct config *c, struct store **st)
{
	char	*path;
	enum err e;

	*st = NULL;
	e = publish_mkdirs(c->state_dir);
	if (e)
		return e;
	path = cycle_store_path(c);
	e = store_open(path, st);
	free(path);
	return e;
}

const char *
cycle_result(const struct cycle *cy, size_t i)
{
	return cy->srcs[i].fs.result;
}

long
cycle_channel_count(const struct cycle *cy, size_t i)
{
	return cy->chstats[i].count;
}
