/* SPDX-License-Identifier: MIT */
/*
 * The service loop. Sources wait in a due queue (sched.c) keyed by when
 * each is next due; the loop's timer sleeps until the first of them, and
 * whatever is due starts at once (HTTP sources through fetchmulti's
 * libuv driver, within the per-host spacing and twice the connection cap
 * in flight, the rest in line for the next free connection; files and
 * spool folders read at once). What changed is published when a burst of
 * polls is over, or SERVE_PUBLISH_EVERY seconds after the first change
 * if it goes on. Spool folders are also watched (uv_fs_event), so a
 * dropped file is read at once; the interval rescans them anyway.
 * SIGUSR1 polls every source at once (a round, like poll --once
 * --force, publishing when it is over). Policy is sched.c's; the work of
 * each poll is cycle.c's, shared with poll --once.
 */
#include "config.h"
#include "service/serve.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "net/fetch.h"
#include "net/fetchmulti.h"
#include "service/conf.h"
#include "service/cycle.h"
#include "service/notify.h"
#include "service/sched.h"
#include "service/spool.h"
#include "service/web.h"
#include "service/websub.h"
#include "store/store.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define container_of(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

/*
 * Outside SIGUSR1 rounds, changed channels are published when a burst of
 * polls is over (nothing in flight, nothing due, no host spacing waited
 * for), and at the latest this many seconds after the first change not
 * yet published: a burst that goes on publishes once per this many
 * seconds, not after every poll.
 */
#define SERVE_PUBLISH_EVERY	5
/* Milliseconds between housekeeping ticks (WebSub, the watchdog). */
#define SERVE_HOUSE_MS	1000
/* The longest the loop sleeps without looking at the queue. */
#define SERVE_MAX_SLEEP_MS	60000

struct watch {
	uv_fs_event_t	 ev;
	struct serve	*sv;
	size_t		 source;	/* index in the configuration */
};

struct serve {
	const struct serve_opts *o;
	uv_loop_t	 loop;
	uv_timer_t	 wake;		/* the next due source, or a kick */
	uv_timer_t	 house;		/* WebSub, the watchdog: each second */
	uv_timer_t	 drain;		/* SIGTERM: the wait for fetches */
	uv_signal_t	 sigterm, sigint, sighup, sigusr1;
	struct config	*c;
	struct config	*next_c;	/* a reload waiting for fetches to end */
	struct store	*st;
	struct cycle	*cy;
	struct cycle_stats stats;
	struct fetchm_loop *fl;
	struct fetchm_loop *pl;		/* full-text pages */
	struct websub	*ws;		/* WebSub, both sides */
	struct web	*web;		/* the HTTP server, or NULL */
	struct sched_hosts hosts;
	struct sched_queue q;		/* sources by when they are due */
	size_t		*ready;		/* ring: due URL sources waiting for a
					   connection, in the order they came
					   due */
	size_t		 ready_head, nready;
	int64_t		 spaced_until;	/* sources wait for host spacing until
					   then */
	int64_t		 cy_now;	/* the time the cycle was last given */
	struct watch	**watches;
	size_t		 nwatches;
	bool		*inflight;	/* per source */
	int64_t		*spool_until;	/* per source: rescan each second until
					   then (an fs event came) */
	unsigned char	*round;		/* per source: enum round_state */
	size_t		 round_left;	/* sources the round still waits for */
	size_t		 round_skipped;	/* inside a Retry-After */
	int64_t		 round_began;
	long		 round_polled0, round_failed0;	/* stats then */
	bool		 round_on;	/* a SIGUSR1 round is running */
	bool		 round_pending;	/* a SIGUSR1 waits for its round */
	bool		 dirty;		/* polls since the last publish */
	uint64_t	 dirty_since;	/* loop time (ms) of the first one */
	bool		 pumping;	/* inside pump() */
	bool		 kicked;	/* pump again at once */
	bool		 draining;	/* SIGTERM: no new polls, finishing */
	bool		 stopping;
	bool		 watchdog;	/* systemd wants WATCHDOG=1 keep-alives */
	enum err	 result;
};

/*
 * A SIGUSR1 round: each source waits to be started (as if due), is in
 * flight for the round, or is done with it (none).
 */
enum round_state { ROUND_NONE, ROUND_WAIT, ROUND_FETCHING };

static void	stop(struct serve *sv, enum err e);
static void	on_wake(uv_timer_t *t);
static void	requeue(struct serve *sv, size_t i, int64_t now);

/* Fetches in flight: sources and pages. */
static size_t
in_flight(const struct serve *sv)
{
	return (sv->fl != NULL ? fetchm_loop_active(sv->fl) : 0) +
	    (sv->pl != NULL ? fetchm_loop_active(sv->pl) : 0);
}

/* Look at the queue again on the next loop turn. */
static void
kick(struct serve *sv)
{
	sv->kicked = true;
	if (!sv->stopping && !sv->pumping)
		uv_timer_start(&sv->wake, on_wake, 0, 0);
}

/* Polls have landed: publish within SERVE_PUBLISH_EVERY seconds. */
static void
mark_dirty(struct serve *sv)
{
	if (sv->dirty)
		return;
	sv->dirty = true;
	sv->dirty_since = uv_now(&sv->loop);
}

/* Source i is done with the SIGUSR1 round (polled, or skipped). */
static void
round_took(struct serve *sv, size_t i)
{
	if (sv->round == NULL || sv->round[i] == ROUND_NONE)
		return;
	sv->round[i] = ROUND_NONE;
	if (--sv->round_left == 0)
		kick(sv);	/* publish and finish the round at once */
}

/* Start a SIGUSR1 round: every source waits to be polled once. */
static void
round_begin(struct serve *sv)
{
	size_t	 i;

	sv->round_pending = false;
	sv->round_on = true;
	sv->round_left = sv->c->nsources;
	sv->round_skipped = 0;
	sv->round_began = (int64_t)time(NULL);
	sv->round_polled0 = sv->stats.polled;
	sv->round_failed0 = sv->stats.failed;
	memset(sv->round, ROUND_WAIT, sv->c->nsources);
	/* Queued sources are due now; the others when they come back. */
	for (i = 0; i < sv->c->nsources; i++)
		if (sched_queue_has(&sv->q, i))
			sched_queue_set(&sv->q, i, sv->round_began);
	log_info("SIGUSR1: polling all %zu sources now", sv->c->nsources);
}

/*
 * A round is busy until every source has been polled (or skipped) and
 * the full-text pages have landed. Meanwhile nothing is published: the
 * channels a round changes are written once, when it is over (as poll
 * --once does), not every second while hundreds of answers land.
 */
static bool
round_busy(struct serve *sv)
{
	return sv->round_on && (sv->round_left > 0 ||
	    fetchm_loop_active(sv->pl) > 0 || cycle_pages_waiting(sv->cy) > 0);
}

/* The round is over (the caller has published). */
static void
round_end(struct serve *sv)
{
	if (!sv->round_on || round_busy(sv))
		return;
	sv->round_on = false;
	log_info("SIGUSR1: all sources polled in %llds: %ld polls, %ld "
	    "failed, %zu skipped inside a Retry-After; outputs up to date",
	    (long long)((int64_t)time(NULL) - sv->round_began),
	    sv->stats.polled - sv->round_polled0,
	    sv->stats.failed - sv->round_failed0, sv->round_skipped);
	if (sv->round_pending)
		kick(sv);
}

/* The wait after SIGTERM is over (or nothing is left in flight). */
static void
on_drain(uv_timer_t *t)
{
	struct serve *sv = t->data;
	size_t	 n = in_flight(sv);

	if (n > 0)
		log_warn("shutdown_wait is over: cancelling %zu fetches in "
		    "flight", n);
	log_info("publishing and exiting");
	stop(sv, ERR_OK);
}

static void
on_fetched(struct fetchm_req *r, void *ctx)
{
	struct serve *sv = ctx;
	size_t	 i = cycle_request_index(sv->cy, r);

	sv->inflight[i] = false;
	mark_dirty(sv);
	cycle_on_fetched(r, sv->cy);
	if (sv->round[i] == ROUND_FETCHING)
		round_took(sv, i);
	/* A connection is free: the next source in line may start. */
	kick(sv);
	/* web_polled() follows when the response is read (on_polled). */
	/*
	 * The last fetch a SIGTERM waited for: stop on the next loop turn
	 * (not from inside fetchmulti's callback).
	 */
	if (sv->draining && in_flight(sv) == 0)
		uv_timer_start(&sv->drain, on_drain, 0, 0);
}

/* A full-text page landed: its story is updated at the next flush. */
static void
on_page(struct fetchm_req *r, void *ctx)
{
	struct serve *sv = ctx;

	mark_dirty(sv);
	cycle_on_page(r, sv->cy);
	kick(sv);
	if (sv->draining && in_flight(sv) == 0)
		uv_timer_start(&sv->drain, on_drain, 0, 0);
}

static void
on_spool_event(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct watch *w = container_of(ev, struct watch, ev);
	struct serve *sv = w->sv;
	int64_t	 now = (int64_t)time(NULL);

	/* Rescan now, and until the file has settled (see spool.h). */
	sv->spool_until[w->source] = now + SPOOL_SETTLE + 1;
	sched_queue_set(&sv->q, w->source, now);
	kick(sv);
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

/* WebSub hooks: a source's feed was read; a channel was published. */
static void
on_fed(void *ctx, const char *source, const struct feed *f,
    const char *link)
{
	struct serve *sv = ctx;

	websub_fed(sv->ws, source, f, link, (int64_t)time(NULL));
}

/* A URL source's poll is recorded (its response read, if any). */
static void
on_polled(void *ctx, size_t i)
{
	struct serve *sv = ctx;

	web_polled(sv->web, i, cycle_result(sv->cy, i));
	/* Back in the queue, for when it is next due. */
	if (sv->cy != NULL && !sv->inflight[i])
		requeue(sv, i, (int64_t)time(NULL));
}

static void
on_published(void *ctx, const struct channel_conf *ch)
{
	struct serve *sv = ctx;

	websub_published(sv->ws, ch, (int64_t)time(NULL));
	web_published(sv->web, ch, cycle_channel_count(sv->cy,
	    (size_t)(ch - sv->c->channels)));
}

/* A source gets WebSub pushes (it is polled less), or no longer. */
static void
on_pushed(void *ctx, const char *source, bool on)
{
	struct serve *sv = ctx;
	const struct source_conf *sc = config_source(sv->c, source);
	size_t	 i;

	if (sc == NULL || sv->cy == NULL)
		return;
	i = (size_t)(sc - sv->c->sources);
	cycle_set_pushed(sv->cy, i, on);
	/* Its next poll may have moved. */
	if (sched_queue_has(&sv->q, i))
		requeue(sv, i, (int64_t)time(NULL));
}

/* A verified WebSub push: stored and published before the hub hears. */
static void
on_push(void *ctx, const char *source, const char *body, size_t n,
    const char *content_type)
{
	struct serve *sv = ctx;
	const struct source_conf *sc = config_source(sv->c, source);
	char	*type = NULL, *charset = NULL;

	if (sc == NULL || sv->cy == NULL || sv->stopping)
		return;
	fetch_content_type(content_type, &type, &charset);
	cycle_set_now(sv->cy, (int64_t)time(NULL));
	if (cycle_push(sv->cy, (size_t)(sc - sv->c->sources), body, n, type,
	    charset) == ERR_OK && cycle_flush(sv->cy) != ERR_OK)
		log_error("store failed on a push");	/* the loop stops */
	web_sync(sv->web);
	free(type);
	free(charset);
}

/* Set up the per-configuration parts: cycle, fetcher, watches. */
static enum err
setup(struct serve *sv)
{
	struct cycle_hooks hooks = { on_fed, on_published, sv, on_polled };
	struct fetchm_opts fo;
	size_t	 i;
	enum err e;

	sv->cy = cycle_new(sv->c, sv->st, &sv->stats);
	cycle_set_now(sv->cy, (int64_t)time(NULL));
	cycle_set_hooks(sv->cy, &hooks);
	e = cycle_load(sv->cy, !sv->o->no_spread);
	if (!e)
		e = websub_set_config(sv->ws, sv->c, sv->c->listen != NULL,
		    (int64_t)time(NULL));
	if (e)
		return e;
	fetchm_opts_from_config(&fo, sv->c);
	sv->fl = fetchm_loop_new(&sv->loop, &fo, on_fetched, sv);
	fetchm_page_opts(&fo, sv->c);
	sv->pl = fetchm_loop_new(&sv->loop, &fo, on_page, sv);
	/* In milliseconds: whole seconds let two starts come 0.2 s apart. */
	sched_hosts_init(&sv->hosts, sv->c->host_spacing * 1000L);
	sv->inflight = xcalloc(sv->c->nsources + 1, sizeof *sv->inflight);
	sv->spool_until = xcalloc(sv->c->nsources + 1,
	    sizeof *sv->spool_until);
	sv->round = xcalloc(sv->c->nsources + 1, sizeof *sv->round);
	sv->ready = xcalloc(sv->c->nsources + 1, sizeof *sv->ready);
	sv->ready_head = sv->nready = 0;
	sv->spaced_until = 0;
	sv->cy_now = (int64_t)time(NULL);
	sched_queue_init(&sv->q, sv->c->nsources);
	for (i = 0; i < sv->c->nsources; i++)
		requeue(sv, i, sv->cy_now);
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

	/* Abandon what is in flight first: its requests live in the cycle. */
	fetchm_loop_close(sv->fl);
	sv->fl = NULL;
	fetchm_loop_close(sv->pl);
	sv->pl = NULL;
	if (sv->cy != NULL) {
		e = cycle_flush(sv->cy);
		cycle_free(sv->cy);
		sv->cy = NULL;
	}
	sched_hosts_cleanup(&sv->hosts);
	unwatch(sv);
	free(sv->inflight);
	free(sv->spool_until);
	sv->inflight = NULL;
	sv->spool_until = NULL;
	sched_queue_cleanup(&sv->q);
	free(sv->ready);
	sv->ready = NULL;
	sv->nready = 0;
	/* A round cut by a reload starts again with the new sources. */
	free(sv->round);
	sv->round = NULL;
	if (sv->round_on)
		sv->round_pending = true;
	sv->round_on = false;
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
	(void)notify_send("STOPPING=1\nSTATUS=publishing and exiting");
	e2 = teardown(sv);
	if (!e)
		e = e2;
	sv->result = e;
	websub_free(sv->ws);
	sv->ws = NULL;
	web_free(sv->web);
	sv->web = NULL;
	config_free(sv->next_c);
	sv->next_c = NULL;
	uv_timer_stop(&sv->wake);
	uv_close((uv_handle_t *)&sv->wake, NULL);
	uv_timer_stop(&sv->house);
	uv_close((uv_handle_t *)&sv->house, NULL);
	uv_timer_stop(&sv->drain);
	uv_close((uv_handle_t *)&sv->drain, NULL);
	uv_close((uv_handle_t *)&sv->sigterm, NULL);
	uv_close((uv_handle_t *)&sv->sigint, NULL);
	uv_close((uv_handle_t *)&sv->sighup, NULL);
	uv_close((uv_handle_t *)&sv->sigusr1, NULL);
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
	web_set_config(sv->web, sv->c);
	e = setup(sv);
	if (e) {
		stop(sv, e);
		return;
	}
	log_info("configuration reloaded");
	kick(sv);
	(void)notify_send("READY=1\nSTATUS=serving %zu sources, %zu channels",
	    sv->c->nsources, sv->c->nchannels);
}

/* Start the full-text pages that wait, a few at a time. */
static void
start_pages(struct serve *sv)
{
	struct fetchm_req *r;

	while (!sv->stopping && !sv->draining &&
	    fetchm_loop_active(sv->pl) < (size_t)CAP_FULLTEXT_CONNECTIONS * 2) {
		r = cycle_next_page(sv->cy);
		if (r == NULL)
			break;
		fetchm_loop_add(sv->pl, r);
	}
}

/*
 * When source i is next to be looked at: now in a round it waits for,
 * each second while its spool folder settles, else when it is due.
 */
static int64_t
due_at(struct serve *sv, size_t i, int64_t now)
{
	int64_t	 t;

	if (sv->round[i] == ROUND_WAIT)
		return sv->round_began;
	t = cycle_next_due(sv->cy, i);
	if (sv->c->sources[i].kind == SOURCE_SPOOL &&
	    sv->spool_until[i] > now && t > now + 1)
		t = now + 1;
	return t;
}

/*
 * Queue source i (not in flight, not in line for a connection) for when
 * it is next due. One that cannot be polled now (its last response is
 * still being read) is looked at again in a second.
 */
static void
requeue(struct serve *sv, size_t i, int64_t now)
{
	int64_t	 t = due_at(sv, i, now);

	if (t <= now && sv->c->sources[i].kind != SOURCE_SPOOL &&
	    !cycle_due(sv->cy, i, sv->round[i] == ROUND_WAIT))
		t = now + 1;
	sched_queue_set(&sv->q, i, t);
}

static void
ready_push(struct serve *sv, size_t i)
{
	sv->ready[(sv->ready_head + sv->nready++) % (sv->c->nsources + 1)] = i;
}

static size_t
ready_pop(struct serve *sv)
{
	size_t	 i = sv->ready[sv->ready_head];

	sv->ready_head = (sv->ready_head + 1) % (sv->c->nsources + 1);
	sv->nready--;
	return i;
}

/* Below the cap of fetches in flight: twice the connections. */
static bool
slot_free(const struct serve *sv)
{
	return fetchm_loop_active(sv->fl) < (size_t)sv->c->max_connections * 2;
}

static uint64_t	 wall_ms(void);

/*
 * Start URL source i (due, a connection free), or queue it for when its
 * host may take the next request.
 */
static void
fetch(struct serve *sv, size_t i, int64_t now)
{
	struct fetchm_req *r;
	char	 host[512];
	int64_t	 t, ms = (int64_t)wall_ms();

	if (!cycle_due(sv->cy, i, sv->round[i] == ROUND_WAIT)) {
		requeue(sv, i, now);
		return;
	}
	r = cycle_request(sv->cy, i);
	sched_url_host(r->url, host, sizeof host);
	if (!sched_hosts_take(&sv->hosts, host, ms)) {
		/* The first whole second at or after the host's next slot. */
		t = (sched_hosts_when(&sv->hosts, host, ms) + 999) / 1000;
		if (t <= now)
			t = now + 1;
		sched_queue_set(&sv->q, i, t);
		if (t > sv->spaced_until)
			sv->spaced_until = t;
		return;
	}
	sv->inflight[i] = true;
	if (sv->round[i] == ROUND_WAIT)
		sv->round[i] = ROUND_FETCHING;
	web_fetch_started(sv->web, i);
	fetchm_loop_add(sv->fl, r);
}

/* Source i came due (taken out of the queue): poll it, or line it up. */
static void
poll_source(struct serve *sv, size_t i, int64_t now)
{
	const struct source_conf *sc = &sv->c->sources[i];
	bool	 force = sv->round[i] == ROUND_WAIT, poll;

	if (force && !cycle_due(sv->cy, i, true)) {
		/* Inside a Retry-After: a round never overrides it. */
		sv->round_skipped++;
		round_took(sv, i);
		force = false;
	}
	if (sc->kind == SOURCE_URL) {
		if (!cycle_due(sv->cy, i, force))
			requeue(sv, i, now);
		else if (sv->nready > 0 || !slot_free(sv))
			ready_push(sv, i);
		else
			fetch(sv, i, now);
		return;
	}
	if (sc->kind == SOURCE_SPOOL)
		poll = sv->spool_until[i] >= now || cycle_due(sv->cy, i, force);
	else
		poll = cycle_due(sv->cy, i, force);
	if (poll) {
		cycle_poll_local(sv->cy, i);
		web_polled(sv->web, i, cycle_result(sv->cy, i));
		mark_dirty(sv);
		round_took(sv, i);
	}
	requeue(sv, i, now);
}

/*
 * Start what is due: first the sources in line for a connection, then
 * the queue up to now.
 */
static void
start(struct serve *sv)
{
	int64_t	 now = (int64_t)time(NULL), due;
	size_t	 i;

	/* The reads of the second before are stored at its time. */
	if (now != sv->cy_now) {
		cycle_set_now(sv->cy, now);
		sv->cy_now = now;
	}
	while (!sv->stopping && !sv->draining && sv->nready > 0 &&
	    slot_free(sv))
		fetch(sv, ready_pop(sv), now);
	while (!sv->stopping && !sv->draining &&
	    sched_queue_first(&sv->q, &i, &due) && due <= now) {
		(void)sched_queue_pop(&sv->q);
		poll_source(sv, i, now);
	}
	start_pages(sv);
}

/*
 * A burst of polls is over: nothing in flight or in line, nothing due
 * or waiting for its host, no page to fetch (this waits for the
 * responses being read).
 */
static bool
burst_over(struct serve *sv, int64_t now)
{
	size_t	 i;
	int64_t	 due;

	return in_flight(sv) == 0 && sv->nready == 0 &&
	    !(sched_queue_first(&sv->q, &i, &due) && due <= now) &&
	    sv->spaced_until <= now && cycle_pages_waiting(sv->cy) == 0;
}

/* Publish what changed, if the burst is over or has gone on long enough. */
static void
publish(struct serve *sv)
{
	enum err e;

	if (!sv->dirty || sv->stopping || round_busy(sv))
		return;
	if (uv_now(&sv->loop) - sv->dirty_since <
	    (uint64_t)SERVE_PUBLISH_EVERY * 1000 &&
	    !burst_over(sv, (int64_t)time(NULL)))
		return;
	sv->dirty = false;
	e = cycle_flush(sv->cy);
	if (e) {
		log_error("store failed; stopping");
		stop(sv, e);
	}
}

/* Milliseconds since the epoch, for sleeping until a due second. */
static uint64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Sleep until the first source is due or the publish bound, whichever first. */
static void
arm(struct serve *sv)
{
	uint64_t wait = SERVE_MAX_SLEEP_MS, at, now;
	int64_t	 due, lift;
	size_t	 i;

	if (sv->stopping)
		return;
	if (sv->kicked)
		wait = 0;
	else if (!sv->draining && sv->next_c == NULL &&
	    sched_queue_first(&sv->q, &i, &due)) {
		/* A few milliseconds late, to be inside the second. */
		at = due > 0 ? (uint64_t)due * 1000 + 5 : 0;
		now = wall_ms();
		wait = at > now ? at - now : 0;
		if (wait > SERVE_MAX_SLEEP_MS)
			wait = SERVE_MAX_SLEEP_MS;
	}
	/* An embargo to come (one past is a change: see pump()). */
	lift = cycle_next_lift(sv->cy);
	if (lift > 0) {
		at = (uint64_t)lift * 1000 + 5;
		now = wall_ms();
		if (at > now && at - now < wait)
			wait = at - now;
	}
	if (sv->dirty && !sv->round_on) {
		at = sv->dirty_since + (uint64_t)SERVE_PUBLISH_EVERY * 1000;
		now = uv_now(&sv->loop);
		if (at <= now)
			wait = 0;
		else if (at - now < wait)
			wait = at - now;
	}
	uv_timer_start(&sv->wake, on_wake, wait, 0);
}

/* Start what is due, publish what is ready, and sleep until the next. */
static void
pump(struct serve *sv)
{
	int64_t	 lift;

	if (sv->next_c != NULL && !sv->draining) {
		/* A reload waits until what is in flight has landed. */
		if (in_flight(sv) == 0 && cycle_pages_waiting(sv->cy) == 0)
			reload(sv);
		else
			start_pages(sv);
		return;
	}
	if (sv->round_pending && !sv->round_on && !sv->draining)
		round_begin(sv);
	start(sv);
	lift = cycle_next_lift(sv->cy);
	/* An embargo's end is a change to publish. */
	if (lift != 0 && lift <= (int64_t)time(NULL))
		mark_dirty(sv);
	publish(sv);
	if (!sv->stopping && cycle_fatal(sv->cy)) {
		log_error("store failed; stopping");
		stop(sv, cycle_fatal(sv->cy));
	}
	if (!sv->stopping)
		web_sync(sv->web);
	if (!sv->stopping)
		round_end(sv);
}

static void
on_wake(uv_timer_t *t)
{
	struct serve *sv = container_of(t, struct serve, wake);

	sv->pumping = true;
	sv->kicked = false;
	pump(sv);
	sv->pumping = false;
	arm(sv);
}

/* Each second: WebSub's timers, the watchdog. */
static void
on_house(uv_timer_t *t)
{
	struct serve *sv = container_of(t, struct serve, house);

	if (!sv->stopping)
		websub_tick(sv->ws, (int64_t)time(NULL));
	if (!sv->stopping)
		web_sync(sv->web);
	if (!sv->stopping && sv->watchdog)
		(void)notify_send("WATCHDOG=1");
}

static void
on_signal(uv_signal_t *s, int signum)
{
	struct serve *sv = s->data;
	struct config *c;
	size_t	 n;

	if (signum == SIGHUP) {
		if (config_load(sv->o->config, &c) != ERR_OK) {
			log_error("reload refused: %s has errors; the running "
			    "configuration stays", sv->o->config);
			return;
		}
		config_free(sv->next_c);
		sv->next_c = c;
		log_info("reloading %s", sv->o->config);
		(void)notify_send("RELOADING=1\nSTATUS=reloading");
		kick(sv);
		return;
	}
	if (signum == SIGUSR1) {
		/* One round runs at a time; at most one more waits. */
		if (sv->draining)
			log_info("SIGUSR1 ignored: shutting down");
		else if (sv->round_pending)
			log_info("SIGUSR1: a round is already waiting");
		else {
			sv->round_pending = true;
			if (sv->round_on)
				log_info("SIGUSR1: a round is running; "
				    "another follows it");
			kick(sv);
		}
		return;
	}
	n = in_flight(sv);
	if (sv->draining || n == 0 || sv->c->shutdown_wait == 0) {
		if (n > 0)
			log_warn("signal %d: cancelling %zu fetches in flight",
			    signum, n);
		log_info("signal %d: publishing and exiting", signum);
		stop(sv, ERR_OK);
		return;
	}
	/* Finish what is in flight, within shutdown_wait; start nothing. */
	sv->draining = true;
	log_info("signal %d: finishing %zu fetches in flight (at most %lds), "
	    "then publishing and exiting", signum, n, sv->c->shutdown_wait);
	uv_timer_start(&sv->drain, on_drain, (uint64_t)sv->c->shutdown_wait *
	    1000, 0);
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
	uv_timer_init(&sv->loop, &sv->wake);
	uv_timer_init(&sv->loop, &sv->house);
	uv_timer_init(&sv->loop, &sv->drain);
	sv->drain.data = sv;
	uv_signal_init(&sv->loop, &sv->sigterm);
	uv_signal_init(&sv->loop, &sv->sigint);
	uv_signal_init(&sv->loop, &sv->sighup);
	uv_signal_init(&sv->loop, &sv->sigusr1);
	sv->sigterm.data = sv->sigint.data = sv->sighup.data = sv;
	sv->sigusr1.data = sv;
	uv_signal_start(&sv->sigterm, on_signal, SIGTERM);
	uv_signal_start(&sv->sigint, on_signal, SIGINT);
	uv_signal_start(&sv->sighup, on_signal, SIGHUP);
	uv_signal_start(&sv->sigusr1, on_signal, SIGUSR1);
	e = web_start(&sv->loop, sv->c, sv->st, &sv->web);
	sv->ws = websub_new(&sv->loop, sv->st, &(struct websub_hooks){
	    on_push, on_pushed, sv });
	if (!e && sv->web != NULL)
		websub_route(sv->ws, web_httpd(sv->web));
	if (!e)
		e = setup(sv);
	if (e)
		stop(sv, e);
	else {
		/*
		 * Ready: the store is open, the HTTP server (if any)
		 * listens and the loop is about to run.
		 */
		web_set_ready(sv->web, true);
		(void)notify_send("READY=1\nSTATUS=serving %zu sources, %zu "
		    "channels", sv->c->nsources, sv->c->nchannels);
		sv->watchdog = notify_watchdog_usec() > 0;
		kick(sv);
		uv_timer_start(&sv->house, on_house, SERVE_HOUSE_MS,
		    SERVE_HOUSE_MS);
	}
	uv_run(&sv->loop, UV_RUN_DEFAULT);
	e = sv->result;
	uv_loop_close(&sv->loop);
	store_close(sv->st);
	config_free(sv->c);
	free(sv);
	return e;
}
