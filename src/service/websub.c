/* SPDX-License-Identifier: MIT */
/*
 * The WebSub engine: its life, the subscriber and the callback route
 * (the publisher's pings are websubpub.c's). Pings and subscription
 * requests are POSTs through a fetchmulti loop of its own on the
 * service's libuv loop; the state of
 * each subscription is kept in memory and written through to the store
 * on every change. A subscription goes WANTED -> (request taken) ->
 * REQUESTED -> (the hub verifies) -> ACTIVE, is renewed when a fifth of
 * its lease is left, and goes back to WANTED when the lease lapses;
 * repeated failures make it FAILED for a while (the source is polled as
 * usual meanwhile). The subscription of a source that is no longer
 * configured is forgotten and, once, unsubscribed.
 */
#include "config.h"
#include "service/websub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/fetchmulti.h"
#include "net/httpd.h"
#include "net/websub.h"
#include "service/websubint.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

int64_t
websub_backoff(int64_t first, int64_t max, int failures)
{
	int64_t	 d = first;

	while (--failures > 0 && d < max)
		d *= 2;
	return d < max ? d : max;
}

static bool
subscribing(const struct websub *ws)
{
	return ws->c != NULL && ws->c->websub_subscribe &&
	    ws->c->base_url != NULL && ws->callbacks;
}

void
websub_call_send(struct websub *ws, struct call *c, const char *url, char *body)
{
	fetchm_req_cleanup(&c->req);
	fetchm_req_init(&c->req);
	free(c->body);
	c->body = body;
	c->req.url = url;
	c->req.post = body;
	c->req.max_body = CALL_MAX_BODY;
	c->req.timeout = CALL_TIMEOUT;
	c->req.user = c;
	c->inflight = true;
	fetchm_loop_add(ws->fl, &c->req);
}

void
websub_call_cleanup(struct call *c)
{
	fetchm_req_cleanup(&c->req);
	free(c->body);
	c->body = NULL;
}

/* Subscriber. */

static void
sub_save(struct websub *ws, struct sub *sub)
{
	if (store_put_sub(ws->st, &sub->s) != ERR_OK)
		log_error("websub: %s: subscription state not saved",
		    sub->s.source);
}

static void
set_pushed(struct websub *ws, struct sub *sub, bool on)
{
	if (sub->pushed == on)
		return;
	sub->pushed = on;
	if (ws->h.pushed != NULL)
		ws->h.pushed(ws->h.ctx, sub->s.source, on);
}

static struct sub *
sub_by_source(const struct websub *ws, const char *source)
{
	size_t	 i;

	for (i = 0; i < ws->nsubs; i++)
		if (!ws->subs[i]->leaving &&
		    strcmp(ws->subs[i]->s.source, source) == 0)
			return ws->subs[i];
	return NULL;
}

static struct sub *
sub_by_id(const struct websub *ws, const char *id)
{
	size_t	 i;

	for (i = 0; i < ws->nsubs; i++)
		if (strcmp(ws->subs[i]->s.id, id) == 0)
			return ws->subs[i];
	return NULL;
}

static void
sub_send(struct websub *ws, struct sub *sub)
{
	const char *base = ws->c->base_url;
	size_t	 n = strlen(base);
	char	*callback;

	callback = xasprintf("%.*s%s%s", (int)(n > 0 && base[n - 1] == '/' ?
	    n - 1 : n), base, WEBSUB_PATH, sub->s.id);
	if (sub->leaving)
		websub_call_send(ws, &sub->c, sub->s.hub, websub_subscribe_body(
		    "unsubscribe", sub->s.topic, callback, NULL, 0));
	else
		websub_call_send(ws, &sub->c, sub->s.hub, websub_subscribe_body(
		    "subscribe", sub->s.topic, callback, sub->s.secret,
		    ws->c->websub_lease));
	free(callback);
}

static void	sub_free(struct sub *sub);

/* Drop subscriptions that left (nothing in flight), keeping the order. */
static void
sub_sweep(struct websub *ws, int64_t now)
{
	size_t	 i, j = 0;

	for (i = 0; i < ws->nsubs; i++) {
		struct sub *sub = ws->subs[i];

		if (sub->leaving && !sub->c.inflight &&
		    (sub->left || sub->s.next_try <= now))
			sub_free(sub);
		else
			ws->subs[j++] = sub;
	}
	ws->nsubs = j;
}

/*
 * The source of sub is no longer configured: forget the subscription,
 * and ask the hub to end it (its verification is answered until
 * next_try; the lease runs out anyway).
 */
static void
sub_leave(struct websub *ws, struct sub *sub, int64_t now)
{
	sub->leaving = true;
	sub->pushed = false;
	sub->s.next_try = now + SUB_VERIFY_WAIT;
	if (store_del_sub(ws->st, sub->s.source) != ERR_OK)
		log_error("websub: %s: subscription not forgotten",
		    sub->s.source);
	if (!subscribing(ws) || sub->c.inflight ||
	    sub->s.state == STORE_SUB_FAILED) {
		sub->s.next_try = now;
		return;
	}
	log_info("websub: %s: source removed; unsubscribing at %s",
	    sub->s.source, sub->s.hub);
	sub_send(ws, sub);
}

/* A request failed (or was never verified): back off. */
static void
sub_failed(struct websub *ws, struct sub *sub, const char *why, int64_t now)
{
	int64_t	 d;

	sub->s.failures++;
	d = websub_backoff(SUB_RETRY, SUB_RETRY_MAX, sub->s.failures);
	sub->s.next_try = now + d;
	if (sub->s.state == STORE_SUB_ACTIVE)
		log_warn("websub: %s: renewal at %s failed (%s); retrying in "
		    "%llds", sub->s.source, sub->s.hub, why, (long long)d);
	else if (sub->s.failures >= SUB_TRIES) {
		sub->s.state = STORE_SUB_FAILED;
		log_warn("websub: %s: %s failed %d times (%s); polling as "
		    "usual, trying again in %llds", sub->s.source, sub->s.hub,
		    sub->s.failures, why, (long long)d);
	} else {
		sub->s.state = STORE_SUB_WANTED;
		log_warn("websub: %s: subscribing at %s failed (%s); retrying "
		    "in %llds", sub->s.source, sub->s.hub, why, (long long)d);
	}
	sub_save(ws, sub);
}

static void
sub_done(struct websub *ws, struct sub *sub, int64_t now)
{
	const struct fetchm_req *r = &sub->c.req;
	char	 why[64];

	if (sub->leaving) {
		if (r->e != ERR_OK)
			sub->left = true;
		log_info("websub: %s: unsubscribing at %s: %s", sub->s.source,
		    sub->s.hub, r->e == ERR_OK ? "request taken" :
		    err_str(r->e));
		return;
	}
	if (r->e != ERR_OK) {
		if (r->e == ERR_HTTP)
			snprintf(why, sizeof why, "HTTP %ld", r->status);
		else
			snprintf(why, sizeof why, "%s", err_str(r->e));
		sub_failed(ws, sub, why, now);
		return;
	}
	log_info("websub: %s: %s took the request (HTTP %ld)", sub->s.source,
	    sub->s.hub, r->status);
	/*
	 * The hub verifies next (it may have already). A renewal keeps the
	 * subscription ACTIVE and is sent again, before the lease lapses,
	 * when no verification came.
	 */
	if (sub->s.state != STORE_SUB_ACTIVE) {
		sub->s.state = STORE_SUB_REQUESTED;
		sub->s.next_try = now + SUB_VERIFY_WAIT;
	} else if (sub->s.expires - now < 2 * SUB_VERIFY_WAIT)
		sub->s.next_try = now + (sub->s.expires - now) / 2;
	else
		sub->s.next_try = now + SUB_VERIFY_WAIT;
	sub_save(ws, sub);
}

static void
on_done(struct fetchm_req *r, void *ctx)
{
	struct websub *ws = ctx;
	struct call *c = r->user;
	int64_t	 now = (int64_t)time(NULL);

	c->inflight = false;
	if (c->kind == CALL_PING)
		websubpub_done(ws, container_of(c, struct ping, c), now);
	else
		sub_done(ws, container_of(c, struct sub, c), now);
}

static void
sub_free(struct sub *sub)
{
	websub_call_cleanup(&sub->c);
	store_sub_cleanup(&sub->s);
	free(sub);
}

static bool
web_url(const char *s)
{
	return s != NULL && (text_istarts(s, "http://") ||
	    text_istarts(s, "https://"));
}

/* The rel link of the Link header, resolved against base, if a web URL. */
static char *
header_link(const char *link, const char *rel, const char *base)
{
	char	*ref, *url;

	ref = websub_link_find(link, rel);
	if (ref == NULL)
		return NULL;
	url = uri_resolve(base, ref);
	free(ref);
	if (url != NULL && !web_url(url)) {
		free(url);
		url = NULL;
	}
	return url;
}

/* Subscribe source sc to topic at hub, unless that is already held. */
static void
subscribe(struct websub *ws, const struct source_conf *sc, const char *hub,
    const char *topic, int64_t now)
{
	const char *source = sc->name;
	char	 id[WEBSUB_ID_HEX + 1], secret[WEBSUB_SECRET_HEX + 1];
	struct sub *sub;

	sub = sub_by_source(ws, source);
	if (sub != NULL && strcmp(sub->s.hub, hub) == 0 &&
	    strcmp(sub->s.topic, topic) == 0)
		return;
	if (websub_random_hex(id, WEBSUB_ID_HEX / 2) != ERR_OK ||
	    websub_random_hex(secret, WEBSUB_SECRET_HEX / 2) != ERR_OK)
		return;
	if (sub == NULL) {
		sub = xcalloc(1, sizeof *sub);
		sub->c.kind = CALL_SUB;
		fetchm_req_init(&sub->c.req);
		*VEC_PUSH(ws->subs, ws->nsubs) = sub;
	} else if (sub->c.inflight)
		return;		/* the hub moved: after this request */
	else {
		set_pushed(ws, sub, false);
		store_sub_cleanup(&sub->s);
	}
	sub->s.source = xstrdup(source);
	sub->s.id = xstrdup(id);
	sub->s.hub = xstrdup(hub);
	sub->s.topic = xstrdup(topic);
	sub->s.secret = xstrdup(secret);
	sub->s.state = STORE_SUB_WANTED;
	sub->s.lease = ws->c->websub_lease;
	sub->s.next_try = now;
	log_info("websub: %s: advertises %s; subscribing to %s", source, hub,
	    topic);
	sub_save(ws, sub);
	sub_send(ws, sub);
}

void
websub_fed(struct websub *ws, const char *source, const struct feed *f,
    const char *link, int64_t now)
{
	const struct source_conf *sc;
	char	*lhub, *lself;
	const char *hub, *topic;

	if (!subscribing(ws))
		return;
	sc = config_source(ws->c, source);
	if (sc == NULL || sc->kind != SOURCE_URL)
		return;
	lhub = header_link(link, "hub", sc->location);
	lself = header_link(link, "self", sc->location);
	hub = lhub != NULL ? lhub : f->hub;
	topic = lself != NULL ? lself : web_url(f->self_url) ? f->self_url :
	    sc->location;
	if (web_url(hub))
		subscribe(ws, sc, hub, topic, now);
	free(lhub);
	free(lself);
}

/* Move sub along at time now (see the top of this file). */
static void
sub_tick(struct websub *ws, struct sub *sub, int64_t now)
{
	struct store_sub *s = &sub->s;

	if (sub->c.inflight || sub->leaving)
		return;
	switch (s->state) {
	case STORE_SUB_ACTIVE:
		if (s->expires <= now) {
			log_warn("websub: %s: the lease at %s lapsed; polling "
			    "as usual and subscribing again", s->source,
			    s->hub);
			set_pushed(ws, sub, false);
			s->state = STORE_SUB_WANTED;
			s->next_try = now;
			sub_save(ws, sub);
		} else if (s->next_try <= now &&
		    now >= s->expires - s->lease / SUB_RENEW_DIV) {
			log_info("websub: %s: renewing at %s", s->source,
			    s->hub);
			sub_send(ws, sub);
		}
		break;
	case STORE_SUB_REQUESTED:
		if (s->next_try <= now)
			sub_failed(ws, sub, "never verified", now);
		break;
	case STORE_SUB_FAILED:
		if (s->next_try <= now) {
			s->state = STORE_SUB_WANTED;
			sub_send(ws, sub);
		}
		break;
	case STORE_SUB_WANTED:
		if (s->next_try <= now)
			sub_send(ws, sub);
		break;
	}
}

void
websub_tick(struct websub *ws, int64_t now)
{
	struct ping *p;
	size_t	 i;

	for (p = ws->pings; p != NULL; p = p->next)
		if (!p->c.inflight && p->next_try <= now)
			websubpub_send(ws, p);
	if (!subscribing(ws))
		return;
	for (i = 0; i < ws->nsubs; i++)
		sub_tick(ws, ws->subs[i], now);
	sub_sweep(ws, now);
}

/* The callback. */

static int
verify(struct websub *ws, struct sub *sub, const struct websub_call *c,
    int64_t now, struct buf *out)
{
	struct store_sub *s = &sub->s;
	char	*end;
	long	 lease = 0;

	if (c->topic == NULL || strcmp(c->topic, s->topic) != 0) {
		log_warn("websub: %s: verification for another topic (%s) "
		    "refused", s->source, c->topic != NULL ? c->topic : "none");
		return 404;
	}
	if (sub->leaving) {
		if (strcmp(c->mode, "unsubscribe") != 0 || c->challenge == NULL)
			return 404;
		log_info("websub: %s: unsubscribed at %s", s->source, s->hub);
		sub->left = true;
		return buf_add(out, c->challenge) == ERR_OK ? 200 : 500;
	}
	if (strcmp(c->mode, "denied") == 0) {
		log_warn("websub: %s: %s denied the subscription; polling as "
		    "usual", s->source, s->hub);
		set_pushed(ws, sub, false);
		s->state = STORE_SUB_FAILED;
		s->failures = SUB_TRIES;
		s->next_try = now + SUB_RETRY_MAX;
		sub_save(ws, sub);
		return 200;
	}
	/* We never ask to unsubscribe, so no such intent is confirmed. */
	if (strcmp(c->mode, "subscribe") != 0 || c->challenge == NULL)
		return 404;
	if (c->lease != NULL) {
		errno = 0;
		lease = strtol(c->lease, &end, 10);
		if (errno != 0 || *end != '\0' || lease <= 0)
			lease = 0;
	}
	s->lease = lease > 0 ? lease : ws->c->websub_lease;
	s->expires = now + s->lease;
	s->state = STORE_SUB_ACTIVE;
	s->failures = 0;
	s->next_try = 0;
	sub_save(ws, sub);
	set_pushed(ws, sub, true);
	log_info("websub: %s: subscribed at %s for %lds", s->source, s->hub,
	    s->lease);
	if (buf_add(out, c->challenge) != ERR_OK)
		return 500;
	return 200;
}

int
websub_callback(struct websub *ws, const struct websub_call *c, int64_t now,
    struct buf *out)
{
	struct sub *sub;

	/* 410 tells a hub pushing to a callback we do not know to stop. */
	sub = c->id != NULL ? sub_by_id(ws, c->id) : NULL;
	if (sub == NULL || ws->c == NULL || sub->left)
		return c->post ? 410 : 404;
	if (!c->post)
		return c->mode != NULL ? verify(ws, sub, c, now, out) : 404;
	if (sub->leaving)
		return 410;
	/*
	 * A push. A bad signature is ignored, yet acknowledged like a good
	 * one (the spec allows it; the hub learns nothing).
	 */
	if (!websub_signature_ok(c->signature, sub->s.secret, c->body,
	    c->len)) {
		log_warn("websub: %s: push with %s signature ignored",
		    sub->s.source, c->signature != NULL ? "a bad" : "no");
		return 200;
	}
	log_info("websub: %s: push of %zu bytes", sub->s.source, c->len);
	if (ws->h.push != NULL)
		ws->h.push(ws->h.ctx, sub->s.source, c->body != NULL ? c->body :
		    "", c->len, c->content_type);
	return 200;
}

/* The route on the HTTP server. */
static void
on_request(void *ctx, const struct httpd_request *rq,
    struct httpd_response *rs)
{
	struct websub *ws = ctx;
	struct websub_call c;

	memset(&c, 0, sizeof c);
	c.post = rq->method == HTTPD_POST;
	c.id = rq->path + strlen(WEBSUB_PATH);
	c.mode = httpd_query(rq, "hub.mode");
	c.topic = httpd_query(rq, "hub.topic");
	c.challenge = httpd_query(rq, "hub.challenge");
	c.lease = httpd_query(rq, "hub.lease_seconds");
	c.signature = httpd_header(rq, "X-Hub-Signature");
	c.content_type = httpd_header(rq, "Content-Type");
	c.body = rq->body;
	c.len = rq->body_len;
	httpd_response_type(rs, "text/plain");
	rs->status = websub_callback(ws, &c, (int64_t)time(NULL), &rs->body);
}

void
websub_route(struct websub *ws, struct httpd *h)
{
	ws->httpd = h;
	httpd_route(h, WEBSUB_PATH, HTTPD_GET | HTTPD_POST, CAP_WEBSUB_BODY,
	    on_request, ws);
}

/* Life. */

struct websub *
websub_new(struct uv_loop_s *loop, struct store *st,
    const struct websub_hooks *h)
{
	struct websub *ws;

	ws = xcalloc(1, sizeof *ws);
	ws->loop = loop;
	ws->st = st;
	if (h != NULL)
		ws->h = *h;
	return ws;
}

enum err
websub_set_config(struct websub *ws, const struct config *c, bool callbacks,
    int64_t now)
{
	struct store_sub *v;
	struct fetchm_opts fo;
	struct sub *sub;
	size_t	 i, n;
	enum err e;

	ws->c = c;
	ws->callbacks = callbacks;
	if (ws->fl == NULL) {
		fetchm_opts_init(&fo);
		fo.user_agent = c->user_agent;
		fo.allow_private = c->allow_private;
		ws->fl = fetchm_loop_new(ws->loop, &fo, on_done, ws);
	}
	if (!ws->loaded) {
		e = store_list_subs(ws->st, &v, &n);
		if (e)
			return e;
		for (i = 0; i < n; i++) {
			sub = xcalloc(1, sizeof *sub);
			sub->c.kind = CALL_SUB;
			fetchm_req_init(&sub->c.req);
			sub->s = v[i];
			*VEC_PUSH(ws->subs, ws->nsubs) = sub;
		}
		free(v);
		ws->loaded = true;
	}
	for (i = 0; i < ws->nsubs; i++) {
		sub = ws->subs[i];
		if (sub->leaving)
			continue;
		sub->pushed = false;
		if (config_source(c, sub->s.source) == NULL)
			sub_leave(ws, sub, now);
		else if (sub->s.state == STORE_SUB_ACTIVE &&
		    sub->s.expires > now)
			set_pushed(ws, sub, true);
	}
	sub_sweep(ws, now);
	return ERR_OK;
}

size_t
websub_active(const struct websub *ws)
{
	return ws->fl != NULL ? fetchm_loop_active(ws->fl) : 0;
}

void
websub_free(struct websub *ws)
{
	size_t	 i;

	if (ws == NULL)
		return;
	if (ws->httpd != NULL)
		httpd_unroute(ws->httpd, WEBSUB_PATH);
	fetchm_loop_close(ws->fl);
	while (ws->pings != NULL)
		websubpub_unlink(ws, ws->pings);
	for (i = 0; i < ws->nsubs; i++)
		sub_free(ws->subs[i]);
	free(ws->subs);
	free(ws);
}
