/* SPDX-License-Identifier: MIT */
/*
 * The service loop. A one-second tick starts whatever is due (HTTP
 * sources through fetchmulti's libuv driver, within the per-host spacing
 * and twice the connection cap in flight; files and spool folders read at
 * once), and publishes what changed since the last tick. Spool folders
 * are also watched (uv_fs_event), so a dropped file is read on the next
 * tick; the interval rescans them anyway. Policy is sched.c's; the work
 * of each poll is cycle.c's, shared with poll --once.
 */
#include "config.h"
#include "service/serve.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "net/fetchmulti.h"
#include "service/conf.h"
#include "service/cycle.h"
#include "service/sched.h"
#include "service/spool.h"
#include "store/store.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define container_of(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

/* Milliseconds between ticks. */
#define SERVE_TICK_MS	1000

struct watch {
	uv_fs_event_t	 ev;
	struct serve	*sv;
	size_t		 source;	/* index in the configuration */
};

struct serve {
	const struct serve_opts *o;
	uv_loop_t	 loop;
	uv_timer_t	 tick;
	uv_signal_t	 sigterm, sigint, sighup;
	struct config	*c;
	struct config	*next_c;	/* a reload waiting for fetches to end */
	struct store	*st;
	struct cycle	*cy;
	struct cycle_stats stats;
	struct fetchm_loop *fl;
	struct sched_hosts hosts;
	struct watch	**watches;
	size_t		 nwatches;
	bool		*inflight;	/* per source */
	int64_t		*spool_until;	/* per source: rescan each tick until
					   then (an fs event came) */
	bool		 dirty;		/* polls since the last publish */
	bool		 stopping;
	enum err	 result;
};

static void	start(struct serve *sv);

static void
on_fetched(struct fetchm_req *r, void *ctx)
{
	struct serve *sv = ctx;

	sv->inflight[cycle_request_index(sv->cy, r)] = false;
	sv->dirty = true;
	cycle_on_fetched(r, sv->cy);
}

/* "host:port" of an http(s) URL into out. */
static void
url_host(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://"), *end;

	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	snprintf(out, n, "%.*s", (int)(end - p), p);
}

static void
on_spool_event(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct watch *w = container_of(ev, struct watch, ev);

	/* Rescan until the file has settled (see spool.h). */
	w->sv->spool_until[w->source] = (int64_t)time(NULL) + SPOOL_SETTLE + 1;
}

static void
on_watch_closed(uv_handle_t *h)
{
	free(container_of(h, struct watch, ev));
}

static void
unwatch(struct serve *sv)
{
	size_t	 i;

	for (i = 0; i < sv->nwatches; i++)
		uv_close((uv_handle_t *)&sv->watches[i]->ev, on_watch_closed);
	free(sv->watches);
	sv->watches = NULL;
	sv->nwatches = 0;
}

static void
watch_spools(struct serve *sv)
{
	struct watch *w;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sv->c->nsources; i++) {
		if (sv->c->sources[i].kind != SOURCE_SPOOL)
			continue;
		w = xcalloc(1, sizeof *w);
		w->sv = sv;
		w->source = i;
		uv_fs_event_init(&sv->loop, &w->ev);
		rc = uv_fs_event_start(&w->ev, on_spool_event,
		    sv->c->sources[i].location, 0);
		if (rc != 0)
			log_warn("%s: cannot watch %s (%s); rescanning every "
			    "interval", sv->c->sources[i].name,
			    sv->c->sources[i].location, uv_strerror(rc));
		*VEC_PUSH(sv->watches, sv->nwatches) = w;
	}
}

/* Set up the per-configuration parts: cycle, fetcher, watches. */
static enum err
setup(struct serve *sv)
{
	struct fetchm_opts fo;
	enum err e;

	sv->cy = cycle_new(sv->c, sv->st, &sv->stats);
	cycle_set_now(sv->cy, (int64_t)time(NULL));
	e = cycle_load(sv->cy, !sv->o->no_spread);
	if (e)
		return e;
	fetchm_opts_from_config(&fo, sv->c);
	sv->fl = fetchm_loop_new(&sv->loop, &fo, on_fetched, sv);
	sched_hosts_init(&sv->hosts, sv->c->host_spacing);
	sv->inflight = xcalloc(sv->c->nsources + 1, sizeof *sv->inflight);
	sv->spool_until = xcalloc(sv->c->nsources + 1,
	    sizeof *sv->spool_until);
	watch_spools(sv);
	log_info("serving %zu sources, %zu channels from %s",
	    sv->c->nsources, sv->c->nchannels, sv->c->path);
	return ERR_OK;
}

/* Publish what is pending and drop the per-configuration parts. */
static enum err
teardown(struct serve *sv)
{
	enum err e = ERR_OK;

	if (sv->cy != NULL) {
		e = cycle_flush(sv->cy);
		cycle_free(sv->cy);
		sv->cy = NULL;
	}
	fetchm_loop_close(sv->fl);
	sv->fl = NULL;
	sched_hosts_cleanup(&sv->hosts);
	unwatch(sv);
	free(sv->inflight);
	free(sv->spool_until);
	sv->inflight = NULL;
	sv->spool_until = NULL;
	sv->dirty = false;
	return e;
}

static void
stop(struct serve *sv, enum err e)
{
	enum err e2;

	if (sv->stopping)
		return;
	sv->stopping = true;
	e2 = teardown(sv);
	if (!e)
		e = e2;
	sv->result = e;
	config_free(sv->next_c);
	sv->next_c = NULL;
	uv_timer_stop(&sv->tick);
	uv_close((uv_handle_t *)&sv->tick, NULL);
	uv_close((uv_handle_t *)&sv->sigterm, NULL);
	uv_close((uv_handle_t *)&sv->sigint, NULL);
	uv_close((uv_handle_t *)&sv->sighup, NULL);
}

/* Swap in the reloaded configuration (nothing is in flight). */
static void
reload(struct serve *sv)
{
	enum err e;

	e = teardown(sv);
	if (e) {
		stop(sv, e);
		return;
	}
	config_free(sv->c);
	sv->c = sv->next_c;
	sv->next_c = NULL;
	e = setup(sv);
	if (e) {
		stop(sv, e);
		return;
	}
	log_info("configuration reloaded");
}

/* Start what is due. */
static void
start(struct serve *sv)
{
	const struct config *c = sv->c;
	const struct source_conf *sc;
	char	 host[512];
	int64_t	 now = (int64_t)time(NULL);
	size_t	 i, cap = (size_t)c->max_connections * 2;
	struct fetchm_req *r;

	cycle_set_now(sv->cy, now);
	for (i = 0; i < c->nsources && !sv->stopping; i++) {
		sc = &c->sources[i];
		if (sv->inflight[i])
			continue;
		if (sc->kind == SOURCE_SPOOL) {
			if (sv->spool_until[i] < now &&
			    !cycle_due(sv->cy, i, false))
				continue;
			cycle_poll_local(sv->cy, i);
			sv->dirty = true;
		} else if (!cycle_due(sv->cy, i, false))
			continue;
		else if (sc->kind == SOURCE_FILE) {
			cycle_poll_local(sv->cy, i);
			sv->dirty = true;
		} else if (fetchm_loop_active(sv->fl) < cap) {
			r = cycle_request(sv->cy, i);
			url_host(r->url, host, sizeof host);
			if (!sched_hosts_take(&sv->hosts, host, now))
				continue;
			sv->inflight[i] = true;
			fetchm_loop_add(sv->fl, r);
		}
	}
}

static void
on_tick(uv_timer_t *t)
{
	struct serve *sv = container_of(t, struct serve, tick);
	enum err e;

	if (sv->next_c != NULL) {
		/* A reload waits until what is in flight has landed. */
		if (fetchm_loop_active(sv->fl) == 0)
			reload(sv);
		return;
	}
	start(sv);
	if (sv->dirty && !sv->stopping) {
		sv->dirty = false;
		e = cycle_flush(sv->cy);
		if (e) {
			log_error("store failed; stopping");
			stop(sv, e);
		}
	}
	if (!sv->stopping && cycle_fatal(sv->cy)) {
		log_error("store failed; stopping");
		stop(sv, cycle_fatal(sv->cy));
	}
}

static void
on_signal(uv_signal_t *s, int signum)
{
	struct serve *sv = s->data;
	struct config *c;

	if (signum == SIGHUP) {
		if (config_load(sv->o->config, &c) != ERR_OK) {
			log_error("reload refused: %s has errors; the running "
			    "configuration stays", sv->o->config);
			return;
		}
		config_free(sv->next_c);
		sv->next_c = c;
		log_info("reloading %s", sv->o->config);
		return;
	}
	log_info("signal %d: publishing and exiting", signum);
	stop(sv, ERR_OK);
}

enum err
serve_run(const struct serve_opts *o)
{
	struct serve *sv;
	enum err e;

	sv = xcalloc(1, sizeof *sv);
	sv->o = o;
	e = config_load(o->config, &sv->c);
	if (!e)
		e = cycle_open_store(sv->c, &sv->st);
	if (e) {
		config_free(sv->c);
		free(sv);
		return e;
	}
	uv_loop_init(&sv->loop);
	uv_timer_init(&sv->loop, &sv->tick);
	uv_signal_init(&sv->loop, &sv->sigterm);
	uv_signal_init(&sv->loop, &sv->sigint);
	uv_signal_init(&sv->loop, &sv->sighup);
	sv->sigterm.data = sv->sigint.data = sv->sighup.data = sv;
	uv_signal_start(&sv->sigterm, on_signal, SIGTERM);
	uv_signal_start(&sv->sigint, on_signal, SIGINT);
	uv_signal_start(&sv->sighup, on_signal, SIGHUP);
	e = setup(sv);
	if (e)
		stop(sv, e);
	else
		uv_timer_start(&sv->tick, on_tick, 0, SERVE_TICK_MS);
	uv_run(&sv->loop, UV_RUN_DEFAULT);
	e = sv->result;
	uv_loop_close(&sv->loop);
	store_close(sv->st);
	config_free(sv->c);
	free(sv);
	return e;
}
