/* SPDX-License-Identifier: MIT */
/*
 * One polling cycle: decide who is due (sched.c), fetch HTTP sources all
 * at once (fetchmulti.c), read each response, file or spool file through
 * the same pipeline as convert (read_input), store the stories in one
 * transaction per source, record the fetch state, expire, and publish
 * the channels that changed.
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

#include "net/fetchmulti.h"
#include "read/read.h"
#include "service/channel.h"
#include "service/publish.h"
#include "service/sched.h"
#include "service/spool.h"
#include "util/caps.h"
#include "util/log.h"
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
};

/* Sink state while one input is read into the store. */
struct ingest {
	struct cycle	*cy;
	struct src	*src;
	long		 n_new, n_upd, n_kill, n_seen;
	int		 ttl;
};

static enum err
ing_head(void *ctx, struct feed *f)
{
	return ERR_OK;
}

/*
 * The share page of a new or changed story, into output_dir/share/
 * (write/share.c); a killed story's page goes. Failures are logged and
 * do not stop the poll.
 */
static void
share_page(struct cycle *cy, const struct feed *f, const struct article *a,
    enum store_change ch)
{
	const struct writer *w = &writer_share;
	struct share_opts so;
	struct write_opts wo;
	struct buf	 b;
	char		*dir, *name, *path;
	void		*st;
	enum err	 e;

	if (!cy->c->share_pages || cy->share_failed)
		return;
	if (cy->share == NULL) {
		dir = xasprintf("%s/share", cy->c->output_dir);
		e = publish_mkdirs(dir);
		if (!e)
			e = outdir_open(dir, &cy->share);
		free(dir);
		if (e) {
			cy->share_failed = true;
			return;
		}
	}
	name = write_story_file_name(a, "html");
	if (ch == STORE_KILLED) {
		path = xasprintf("%s/%s", outdir_path(cy->share), name);
		(void)unlink(path);
		free(path);
		free(name);
		return;
	}
	memset(&wo, 0, sizeof wo);
	memset(&so, 0, sizeof so);
	so.default_image = cy->c->share_image;
	wo.generator = PACKAGE_NAME " " PACKAGE_VERSION;
	wo.share = &so;
	st = xcalloc(1, w->state_size > 0 ? w->state_size : 1);
	buf_init(&b, CAP_OUTPUT);
	e = w->article(st, &wo, f, a, &b);
	if (!e)
		e = outdir_write(cy->share, name, b.data != NULL ? b.data : "",
		    b.len);
	if (e)
		log_warn("%s: share page for %s not written", name, a->id);
	buf_cleanup(&b);
	free(st);
	free(name);
}

/*
 * A story without a web address (wire copy) gets its share page's, when
 * there are share pages and a base URL: feed readers and partners need
 * a link, and the page is the story's home.
 */
static void
give_url(struct cycle *cy, struct article *a)
{
	const char *base = cy->c->base_url;
	char	*name;
	size_t	 n;

	if (a->url != NULL || !cy->c->share_pages || base == NULL ||
	    a->id == NULL)
		return;
	n = strlen(base);
	name = write_story_file_name(a, "html");
	a->url = xasprintf("%s%sshare/%s", base, n > 0 && base[n - 1] == '/' ?
	    "" : "/", name);
	free(name);
}

static enum err
ing_article(void *ctx, const struct feed *f, struct article *a)
{
	struct ingest *in = ctx;
	enum store_change ch;
	enum err e;

	give_url(in->cy, a);
	e = store_put_article(in->cy->st, in->src->sc->name, a,
	    in->cy->now, &ch);
	if (e)
		return e;
	if (ch == STORE_NEW || ch == STORE_UPDATED || ch == STORE_KILLED)
		share_page(in->cy, f, a, ch);
	in->n_seen++;
	switch (ch) {
	case STORE_NEW: in->n_new++; break;
	case STORE_UPDATED: in->n_upd++; break;
	case STORE_KILLED: in->n_kill++; break;
	default: break;
	}
	return ERR_OK;
}

static enum err
ing_end(void *ctx, struct feed *f)
{
	struct ingest *in = ctx;

	in->ttl = f->ttl;
	return store_put_feed(in->cy->st, in->src->sc->name, f);
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
 * Read in into the store for src, in a savepoint: all of it or, on any
 * error, nothing (the source keeps its last good stories).
 */
static enum err
ingest(struct cycle *cy, struct src *src, struct input *in,
    const char *name, const char *base_url, struct ingest *ing)
{
	struct read_opts ro;
	struct sink	 sink = { ing_head, ing_article, ing_end, ing };
	enum err	 e;

	memset(ing, 0, sizeof *ing);
	ing->cy = cy;
	ing->src = src;
	memset(&ro, 0, sizeof ro);
	ro.name = name;
	ro.format = src->sc->format;
	ro.base_url = base_url;
	ro.source = src->sc->name;
	e = batch(cy);
	if (!e)
		e = store_savepoint(cy->st);
	if (e) {
		cy->fatal = e;
		return e;
	}
	e = read_input(in, &ro, &sink);
	if (!e)
		e = store_release(cy->st);
	if (e) {
		store_undo(cy->st);
		if (e == ERR_STORE)
			cy->fatal = e;
		return e;
	}
	cy->s->stories_new += ing->n_new;
	cy->s->stories_updated += ing->n_upd;
	cy->s->stories_killed += ing->n_kill;
	if (ing->n_new + ing->n_upd + ing->n_kill > 0)
		src->changed = true;
	log_info("%s: %ld stories, %ld new, %ld updated, %ld killed",
	    src->sc->name, ing->n_seen, ing->n_new, ing->n_upd, ing->n_kill);
	return ERR_OK;
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

/* Record the outcome of a poll and when the source is due next. */
static void
finish_poll(struct cycle *cy, struct src *src, enum sched_result res,
    long retry_after, long feed_interval)
{
	struct sched_policy p = { src->sc->interval, cy->c->max_backoff };
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
	src->fs.next_due = sched_next(&p, src->sc->name, &o, cy->now);
	e = batch(cy);
	if (!e)
		e = store_put_state(cy->st, src->sc->name, &src->fs);
	if (e)
		cy->fatal = e;
}

void
cycle_on_fetched(struct fetchm_req *r, void *ctx)
{
	struct cycle	*cy = ctx;
	struct src	*src = r->user;
	struct fetch_state *fs = &src->fs;
	struct ingest	 ing;
	struct input	 in;
	enum sched_result res = SCHED_OK;
	long		 retry = 0;
	enum err	 e = r->e;

	cy->s->polled++;
	fs->status = r->status;
	memset(&ing, 0, sizeof ing);
	if (e == ERR_OK && r->status == 304) {
		cy->s->unchanged++;
		set_result(fs, "not modified");
		if (r->resp_etag != NULL)
			xstrset(&fs->etag, r->resp_etag);
		if (r->resp_last_modified != NULL)
			xstrset(&fs->last_modified, r->resp_last_modified);
	} else if (e == ERR_OK) {
		input_init_mem(&in, buf_str(&r->body), r->body.len,
		    CAP_INPUT_XML);
		in.charset = r->charset;
		in.media_type = r->media_type;
		e = ingest(cy, src, &in, r->url, r->effective_url != NULL ?
		    r->effective_url : r->url, &ing);
		if (e) {
			set_result(fs, "unreadable: %s", err_str(e));
			res = SCHED_ERROR;
		} else {
			set_result(fs, "ok: %ld stories, %ld new, %ld updated",
			    ing.n_seen, ing.n_new, ing.n_upd);
			/* Validators only from a response we could read. */
			xstrset(&fs->etag, r->resp_etag);
			xstrset(&fs->last_modified, r->resp_last_modified);
		}
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
	finish_poll(cy, src, res, retry,
	    sched_feed_interval(r->cache_control, r->expires, ing.ttl,
	    cy->now));
	fetchm_req_cleanup(r);
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
	else
		set_result(&src->fs, "ok: %ld stories, %ld new, %ld updated",
		    ing.n_seen, ing.n_new, ing.n_upd);
	finish_poll(cy, src, e ? SCHED_ERROR : SCHED_OK, 0,
	    ing.ttl > 0 ? ing.ttl * 60L : 0);
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
	log_set_output(mem);
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
	log_set_output(NULL);
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
	long	 count, expired;
	size_t	 i, j;
	bool	 changed, ok = true;
	enum err e;

	e = store_change_mark(cy->st, &mark);
	if (e) {
		cy->fatal = e;
		return;
	}
	for (i = 0; i < c->nchannels && !cy->fatal; i++) {
		ch = &c->channels[i];
		changed = false;
		for (j = 0; j < c->nsources; j++)
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
		e = channel_publish(c, ch, cy->st, &count);
		if (e == ERR_STORE)
			cy->fatal = e;
		if (e) {
			ok = false;
			continue;
		}
		cy->s->published++;
		log_info("channel %s: %ld stories published", ch->name, count);
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
	if (store_in_transaction(cy->st))
		store_rollback(cy->st);
	outdir_free(cy->share);
	for (i = 0; i < cy->c->nsources; i++) {
		fetchm_req_cleanup(&cy->srcs[i].req);
		fetch_state_cleanup(&cy->srcs[i].fs);
	}
	free(cy->srcs);
	free(cy);
}

void
cycle_set_now(struct cycle *cy, int64_t now)
{
	cy->now = now;
}

enum err
cycle_load(struct cycle *cy, bool spread)
{
	const struct source_conf *sc;
	struct fetch_state *fs;
	struct sched_policy p;
	size_t	 i;
	enum err e;

	for (i = 0; i < cy->c->nsources; i++) {
		sc = cy->srcs[i].sc;
		fs = &cy->srcs[i].fs;
		fetch_state_cleanup(fs);
		e = store_get_state(cy->st, sc->name, fs);
		if (e)
			return e;
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
	return ERR_OK;
}

bool
cycle_due(const struct cycle *cy, size_t i, bool force)
{
	const struct fetch_state *fs = &cy->srcs[i].fs;
	bool	 throttled;

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

	if (!cy->fatal && store_in_transaction(cy->st)) {
		cy->fatal = store_commit(cy->st);
		if (cy->fatal)
			store_rollback(cy->st);
	}
	cy->batched = 0;
	if (!cy->fatal)
		publish_channels(cy);
	if (cy->share != NULL) {
		if (outdir_finish(cy->share) != ERR_OK)
			log_warn("share pages: folder not synced");
		outdir_free(cy->share);
		cy->share = NULL;
	}
	for (i = 0; i < cy->c->nsources; i++)
		cy->srcs[i].changed = false;
	return cy->fatal;
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
