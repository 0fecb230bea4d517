/* SPDX-License-Identifier: MIT */
/*
 * The WebSub engine's insides, shared by websub.c (life, the subscriber
 * and its callback) and websubpub.c (the publisher's pings). Not for
 * other files: service/websub.h is the interface.
 */
#ifndef FEEDMILL_SERVICE_WEBSUBINT_H
#define FEEDMILL_SERVICE_WEBSUBINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/fetchmulti.h"
#include "service/websub.h"
#include "util/caps.h"

/* Publish pings: tries, and the delay before the first retry (doubling). */
#define PING_TRIES	6
#define PING_RETRY	5
/* Subscription requests: the first retry's delay (doubling), its ceiling. */
#define SUB_RETRY	60
#define SUB_RETRY_MAX	(6 * 3600)
/* Failed requests before a subscription is FAILED (plain polling). */
#define SUB_TRIES	3
/* Seconds a hub has to verify a request it took. */
#define SUB_VERIFY_WAIT	300
/* Renew when a fifth of the lease is left (at 80 %). */
#define SUB_RENEW_DIV	5
/* Hubs' answers are read up to this much, and within this time. */
#define CALL_MAX_BODY	(64 * CAP_KIB)
#define CALL_TIMEOUT	30L

#define container_of(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

enum call_kind { CALL_PING, CALL_SUB };

/* One POST to a hub. */
struct call {
	enum call_kind	 kind;
	struct fetchm_req req;
	char		*body;
	bool		 inflight;
};

/* A publish ping waiting, in flight, or waiting for its retry. */
struct ping {
	struct call	 c;
	struct ping	*next;
	char		*hub;
	char		*topic;
	int		 tries;
	int64_t		 next_try;
};

/* A subscription: its stored state and its request to the hub. */
struct sub {
	struct call	 c;
	struct store_sub s;
	bool		 pushed;	/* announced as getting pushes */
	bool		 leaving;	/* source gone: unsubscribing */
	bool		 left;		/* done with: drop it */
};

/* The engine (service/websub.h). */
struct websub {
	struct uv_loop_s *loop;
	struct store	*st;
	struct websub_hooks h;
	const struct config *c;
	bool		 callbacks;
	bool		 loaded;
	bool		 warned;	/* "no base_url" said once */
	struct fetchm_loop *fl;
	struct httpd	*httpd;
	struct ping	*pings;
	struct sub	**subs;
	size_t		 nsubs;
};

/* first, doubled for each failure after the first, at most max. */
int64_t		 websub_backoff(int64_t first, int64_t max, int failures);
/* POST body (taken) to url through ws's fetcher; c is in flight. */
void		 websub_call_send(struct websub *ws, struct call *c,
		    const char *url, char *body);
/* Release c's request and body. */
void		 websub_call_cleanup(struct call *c);

/* websubpub.c: send p now; take in its answer; drop it. */
void		 websubpub_send(struct websub *ws, struct ping *p);
void		 websubpub_done(struct websub *ws, struct ping *p, int64_t now);
void		 websubpub_unlink(struct websub *ws, struct ping *p);

#endif
