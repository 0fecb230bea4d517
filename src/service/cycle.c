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
 * renames happens there. Full text is in cyclepage.c, feed files and
 * spool folders in cyclelocal.c, embargoes ending and retention's pages
 * in cyclelife.c, what they share in cycleint.h.
 */
#include "config.h"
#include "service/cycle.h"
#include "service/cycleint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "read/lifecycle.h"
#include "service/channel.h"
#include "service/publish.h"
#include "service/site.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/outdir.h"

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
void
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
bool
cycle_share_ready(struct cycle *cy)
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
	readjob_shed(&jb->rj);
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
void
cycle_queue_pages(struct cycle *cy, struct job *jb)
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
	bool	 held;
	enum err e;

	e = store_put_prepared(cy->st, in->src->sc->name, it->a, &it->p,
	    cy->now, &ch);
	if (e)
		return e;
	/*
	 * An embargoed or withheld version has no page (an older one's
	 * goes); the embargo's end writes it (cyclelife.c).
	 */
	held = (ch == STORE_NEW || ch == STORE_UPDATED) &&
	    !lifecycle_pass(it->a, cy->now, NULL);
	if ((ch == STORE_NEW || ch == STORE_UPDATED || ch == STORE_KILLED) &&
	    cycle_share_ready(cy))
		it->page = ch == STORE_KILLED || held ? READJOB_PAGE_REMOVE :
		    READJOB_PAGE_WRITE;
	if ((ch == STORE_NEW || ch == STORE_UPDATED) && !held &&
	    it->own_url && in->src->sc->fulltext)
		cycle_want_page(in, it->a);
	in->n_seen++;
	switch (ch) {
	case STORE_NEW: in->n_new++; break;
	case STORE_UPDATED: in->n_upd++; break;
	case STORE_KILLED: in->n_kill++; break;
	default: break;
	}
	return ERR_OK;
}

/*
 * Stores write in batches: one transaction holds up to CYCLE_BATCH
 * sources, which writes far fewer pages than a transaction each. A
 * crash loses at most the batch, state and stories together, and the
 * next cycle fetches it again.
 */
#define CYCLE_BATCH	64

enum err
cycle_batch(struct cycle *cy)
{
	enum err e;

	/* After a store error the batch is only ever rolled back. */
	if (cy->fatal)
		return cy->fatal;
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
 * Store what jb read for its source: all of it or, on any error,
 * nothing (the source keeps its last good stories). Queues the share
 * pages (taking jb).
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
	e = cycle_batch(cy);
	if (e) {
		cy->fatal = e;
		job_free(jb);
		return e;
	}
	/*
	 * All or nothing without a savepoint (whose journal copied every
	 * page a source touched): the feed head, whose dump may fail, goes
	 * first; after it only the store can fail, which stops the cycle
	 * and takes the whole batch back (cycle_batch commits no more).
	 */
	e = rj->e;
	if (!e && rj->ended)
		e = store_put_feed(cy->st, src->sc->name, &rj->feed);
	for (i = 0; i < rj->nitems && !e; i++)
		e = put_item(ing, &rj->items[i]);
	if (!e && rj->ended) {
		ing->ttl = rj->feed.ttl;
		ing->skip_hours = rj->feed.skip_hours;
		ing->skip_days = rj->feed.skip_days;
		if (cy->hooks.fed != NULL)
			cy->hooks.fed(cy->hooks.ctx, src->sc->name, &rj->feed,
			    src->link);
	}
	if (e) {
		/* The stories are not stored: neither are their pages. */
		while (cy->npages > npages)
			cycle_page_free(cy->pages[--cy->npages]);
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
	cycle_queue_pages(cy, jb);
	return ERR_OK;
}

/* A new job for src, with read options for name and base_url. */
struct job *
cycle_job_new(struct cycle *cy, struct src *src, const char *name,
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
	jb->ro.id_rule = (int)src->sc->id_rule;
	return jb;
}

/*
 * Read in into the store for src, here and now (files, spool files,
 * pushes): the same steps as a poll's response, on this thread.
 */
enum err
cycle_ingest(struct cycle *cy, struct src *src, struct input *in,
    const char *name, const char *base_url, struct ingest *ing)
{
	struct job *jb;

	jb = cycle_job_new(cy, src, name, base_url);
	readjob_read(&jb->rj, in, &jb->ro);
	return ingest_job(cy, jb, ing);
}

void
cycle_set_result(struct fetch_state *fs, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xstrset(&fs->result, msg);
}

/* Keep the feed's polling hints from a read that succeeded. */
void
cycle_keep_hints(struct fetch_state *fs, const struct ingest *ing)
{
	fs->ttl = ing->ttl;
	fs->skip_hours = ing->skip_hours;
	fs->skip_days = ing->skip_days;
}

/* Record the outcome of a poll and when the source is due next. */
void
cycle_finish_poll(struct cycle *cy, struct src *src, enum sched_result res,
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
	e = cycle_batch(cy);
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
			cycle_set_result(fs, "unreadable: %s", err_str(e));
			res = SCHED_ERROR;
		} else {
			cycle_set_result(fs, "ok: %ld stories, %ld new, %ld updated",
			    ing->n_seen, ing->n_new, ing->n_upd);
			/* Validators only from a response we could read. */
			xstrset(&fs->etag, r->resp_etag);
			xstrset(&fs->last_modified, r->resp_last_modified);
			cycle_keep_hints(fs, ing);
		}
	} else if (e == ERR_OK && r->status == 304) {
		cy->s->unchanged++;
		cycle_set_result(fs, "not modified");
		if (r->resp_etag != NULL)
			xstrset(&fs->etag, r->resp_etag);
		if (r->resp_last_modified != NULL)
			xstrset(&fs->last_modified, r->resp_last_modified);
	} else if (r->status == 429 || r->status == 503) {
		res = SCHED_THROTTLED;
		retry = sched_parse_retry_after(r->retry_after, cy->now);
		cycle_set_result(fs, "HTTP %ld%s%s", r->status, retry > 0 ?
		    ", Retry-After " : "", retry > 0 ? r->retry_after : "");
	} else {
		res = SCHED_ERROR;
		if (e == ERR_HTTP)
			cycle_set_result(fs, "HTTP %ld", r->status);
		else
			cycle_set_result(fs, "%s", err_str(e));
	}
	/* A permanent redirect moves the source for good. */
	if (res == SCHED_OK && r->permanent && r->effective_url != NULL &&
	    strcmp(r->effective_url, r->url) != 0) {
		log_warn("%s: moved permanently to %s", src->sc->name,
		    r->effective_url);
		xstrset(&fs->url, r->effective_url);
	}
	/* A 304 keeps the hints (ttl, skip hours) of the last good read. */
	cycle_finish_poll(cy, src, res, retry,
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
	jb = cycle_job_new(cy, src, NULL, NULL);
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

	cycle_trim_history(cy);
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
			    cy->now - ch->retention, cycle_expired_page, cy,
			    &expired);
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
		e = channel_publish(c, ch, cy->st, cy->now,
		    &cy->chstats[i]);
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
		e = site_publish(c, cy->st, cy->now, cy->chstats);
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
	store_set_seen_step(st, cycle_seen_step(c));
	if (store_next_lift(st, &cy->next_lift) != ERR_OK)
		cy->fatal = ERR_STORE;
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
		cycle_page_free(cy->pages[i]);
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

enum err
cycle_flush(struct cycle *cy)
{
	size_t	 i;

	cycle_lift_embargoes(cy);
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
	/*
	 * What an embargo held is out now, pages and channels (and what
	 * was held but unreadable is let go).
	 */
	if (!cy->fatal && (cy->lifting ||
	    (cy->next_lift != 0 && cy->next_lift <= cy->now)))
		cy->fatal = store_release_lifted(cy->st, cy->now);
	cy->lifting = false;
	if (!cy->fatal)
		cy->fatal = store_next_lift(cy->st, &cy->next_lift);
	return cy->fatal;
}

int64_t
cycle_next_lift(const struct cycle *cy)
{
	return cy->next_lift;
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
	e = cycle_ingest(cy, src, &in, name, src->fs.url != NULL ? src->fs.url :
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
