/* SPDX-License-Identifier: MIT */
/*
 * WebSub for the daemon, both sides. As a publisher it pings each
 * channel's hubs after the channel changed (retrying with backoff). As
 * a subscriber it subscribes to the hubs that polled sources advertise,
 * answers the hubs' verification of intent on base_url/websub/ID,
 * renews leases at 80 %, checks the signature of each push before the
 * pushed document is ingested, and tells the service which sources get
 * pushes (they are polled less often) and which fell back to polling;
 * the subscription of a source no longer configured is unsubscribed.
 * Subscriptions live in the store; requests go out through fetchmulti
 * on the service's loop, never blocking it.
 */
#ifndef FEEDMILL_SERVICE_WEBSUB_H
#define FEEDMILL_SERVICE_WEBSUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/feed.h"
#include "service/conf.h"
#include "store/store.h"
#include "util/buf.h"

/* The route the callbacks live under. */
#define WEBSUB_PATH	"/websub/"

/* What the service is told (ctx is the hooks' own). */
struct websub_hooks {
	/*
	 * A document pushed for source, its signature checked: ingest it
	 * now. body is borrowed for the call; content_type may be NULL.
	 */
	void	(*push)(void *ctx, const char *source, const char *body,
		    size_t n, const char *content_type);
	/* source now gets pushes (on), or is back to plain polling. */
	void	(*pushed)(void *ctx, const char *source, bool on);
	void	*ctx;
};

struct websub;
struct uv_loop_s;
struct httpd;

/*
 * A new WebSub engine on loop with store st (both borrowed for its
 * life). Freed with websub_free(), before the loop ends.
 */
struct websub	*websub_new(struct uv_loop_s *loop, struct store *st,
		    const struct websub_hooks *h);
/* Abandon requests in flight and free ws (NULL is fine). */
void		 websub_free(struct websub *ws);
/*
 * Use configuration c (borrowed until the next call or websub_free()).
 * The first call loads the stored subscriptions. Every source that gets
 * pushes is announced again through the pushed hook; subscriptions of
 * sources c does not have are forgotten and unsubscribed. callbacks says
 * whether hubs can reach the callback route (the HTTP server runs).
 */
enum err	 websub_set_config(struct websub *ws, const struct config *c,
		    bool callbacks, int64_t now) WARN_UNUSED;
/* Route WEBSUB_PATH on h to ws (h borrowed until websub_free()). */
void		 websub_route(struct websub *ws, struct httpd *h);
/* Send what is due: subscriptions, renewals, retried pings. */
void		 websub_tick(struct websub *ws, int64_t now);
/*
 * Source's feed head was just read, with the HTTP Link header link (or
 * NULL): subscribe when they advertise a hub (the header first, as
 * WebSub discovery has it, then the feed) and none is held. The topic
 * is the self link (header, then feed), else the source's URL.
 */
void		 websub_fed(struct websub *ws, const char *source,
		    const struct feed *f, const char *link, int64_t now);
/* Channel ch was published: ping its hubs for each of its outputs. */
void		 websub_published(struct websub *ws,
		    const struct channel_conf *ch, int64_t now);
/*
 * For poll --once: ping the hubs of the n channels at chs now, once each
 * (no retry: the next run pings again), and return when every hub has
 * answered. Outcomes are logged.
 */
void		 websub_ping_once(const struct config *c,
		    const struct channel_conf *const *chs, size_t n);
/* Pings and subscription requests in flight. */
size_t		 websub_active(const struct websub *ws);

/*
 * A request to the callback, as the route hands it over (all borrowed
 * for the call): GET is the hub's verification of intent (mode, topic,
 * challenge, lease), POST is content distribution (signature, body).
 */
struct websub_call {
	bool		 post;
	const char	*id;		/* the path after WEBSUB_PATH */
	const char	*mode, *topic, *challenge, *lease;
	const char	*signature;	/* X-Hub-Signature */
	const char	*content_type;
	const char	*body;
	size_t		 len;
};
/* Answer c at time now: the HTTP status, with the body in out. */
int		 websub_callback(struct websub *ws,
		    const struct websub_call *c, int64_t now, struct buf *out);

#endif
