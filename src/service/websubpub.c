/* SPDX-License-Identifier: MIT */
/*
 * The WebSub publisher: after a channel changed, POST hub.mode=publish
 * for each of its outputs to each of its hubs (the channel's, else the
 * service's), at once and without waiting; a failed ping is retried
 * after 5, 10, 20, 40 and 80 seconds. poll --once pings once, waiting.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/websub.h"
#include "service/channel.h"
#include "service/websubint.h"
#include "util/log.h"
#include "util/xmalloc.h"

static const struct {
	unsigned	 bit;
	const char	*writer;
} formats[] = {
	{ FORMAT_RSS, "rss" },
	{ FORMAT_ATOM, "atom" },
	{ FORMAT_JSONFEED, "jsonfeed" },
};

void
websubpub_send(struct websub *ws, struct ping *p)
{
	websub_call_send(ws, &p->c, p->hub, websub_publish_body(p->topic));
}

void
websubpub_unlink(struct websub *ws, struct ping *p)
{
	struct ping **pp;

	for (pp = &ws->pings; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	websub_call_cleanup(&p->c);
	free(p->hub);
	free(p->topic);
	free(p);
}

void
websubpub_done(struct websub *ws, struct ping *p, int64_t now)
{
	const struct fetchm_req *r = &p->c.req;
	int64_t	 d;

	p->tries++;
	if (r->e == ERR_OK) {
		log_info("websub: pinged %s for %s (HTTP %ld)", p->hub,
		    p->topic, r->status);
		websubpub_unlink(ws, p);
		return;
	}
	if (p->tries >= PING_TRIES) {
		log_error("websub: %s: ping for %s failed %d times (%s); "
		    "given up", p->hub, p->topic, p->tries, err_str(r->e));
		websubpub_unlink(ws, p);
		return;
	}
	d = websub_backoff(PING_RETRY, 3600, p->tries);
	if (r->e == ERR_HTTP)
		log_warn("websub: %s: ping for %s got HTTP %ld; retrying in "
		    "%llds", p->hub, p->topic, r->status, (long long)d);
	else
		log_warn("websub: %s: ping for %s failed (%s); retrying in "
		    "%llds", p->hub, p->topic, err_str(r->e), (long long)d);
	p->next_try = now + d;
}

/* Queue (and send) a ping unless one for hub and topic waits already. */
static void
ping_add(struct websub *ws, const char *hub, const char *topic, int64_t now)
{
	struct ping *p;

	for (p = ws->pings; p != NULL; p = p->next)
		if (!p->c.inflight && strcmp(p->hub, hub) == 0 &&
		    strcmp(p->topic, topic) == 0) {
			p->next_try = now;
			p->tries = 0;
			websubpub_send(ws, p);
			return;
		}
	p = xcalloc(1, sizeof *p);
	p->c.kind = CALL_PING;
	fetchm_req_init(&p->c.req);
	p->hub = xstrdup(hub);
	p->topic = xstrdup(topic);
	p->next_try = now;
	p->next = ws->pings;
	ws->pings = p;
	websubpub_send(ws, p);
}

/* One channel's topics (an output URL each, new strings). */
static size_t
channel_pings(const struct config *c, const struct channel_conf *ch,
    char **topics)
{
	size_t	 i, n = 0;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (ch->formats & formats[i].bit)
			topics[n++] = channel_url(c, ch,
			    writer_find(formats[i].writer));
	return n;
}

void
websub_published(struct websub *ws, const struct channel_conf *ch,
    int64_t now)
{
	char *const *hubs, *topics[3];
	size_t	 i, j, nhubs, nt;

	if (ws->c == NULL)
		return;
	nhubs = channel_hubs(ws->c, ch, &hubs);
	if (nhubs == 0)
		return;
	if (ws->c->base_url == NULL) {
		if (!ws->warned)
			log_warn("websub: hubs are configured but no base_url: "
			    "no topic to ping for");
		ws->warned = true;
		return;
	}
	nt = channel_pings(ws->c, ch, topics);
	for (i = 0; i < nt; i++) {
		for (j = 0; j < nhubs; j++)
			ping_add(ws, hubs[j], topics[i], now);
		free(topics[i]);
	}
}

static void
on_ping_once(struct fetchm_req *r, void *ctx)
{
	if (r->e == ERR_OK)
		log_info("websub: pinged %s for %s (HTTP %ld)", r->url,
		    (const char *)r->user, r->status);
	else
		log_warn("websub: %s: ping for %s failed (%s)", r->url,
		    (const char *)r->user, err_str(r->e));
}

void
websub_ping_once(const struct config *c,
    const struct channel_conf *const *chs, size_t n)
{
	struct fetchm_req **reqs = NULL, *r;
	struct fetchm_opts fo;
	char	*const *hubs, *topics[3];
	size_t	 i, j, k, nt, nreqs = 0, nhubs;

	if (c->base_url == NULL)
		return;
	for (i = 0; i < n; i++) {
		nhubs = channel_hubs(c, chs[i], &hubs);
		if (nhubs == 0)
			continue;
		nt = channel_pings(c, chs[i], topics);
		for (j = 0; j < nhubs; j++)
			for (k = 0; k < nt; k++) {
				r = xmalloc(sizeof *r);
				fetchm_req_init(r);
				r->url = hubs[j];
				r->post = websub_publish_body(topics[k]);
				r->user = xstrdup(topics[k]);
				r->max_body = CALL_MAX_BODY;
				r->timeout = CALL_TIMEOUT;
				*VEC_PUSH(reqs, nreqs) = r;
			}
		for (k = 0; k < nt; k++)
			free(topics[k]);
	}
	fetchm_opts_init(&fo);
	fo.user_agent = c->user_agent;
	fo.allow_private = c->allow_private;
	if (nreqs > 0 && fetchm_run(reqs, nreqs, &fo, on_ping_once, NULL) !=
	    ERR_OK)
		log_warn("websub: pings not sent");
	for (i = 0; i < nreqs; i++) {
		fetchm_req_cleanup(reqs[i]);
		free((char *)reqs[i]->post);
		free(reqs[i]->user);
		free(reqs[i]);
	}
	free(reqs);
}
