/* SPDX-License-Identifier: MIT */
/*
 * The WebSub engine without a hub: the configuration keys, a
 * subscription through its states (a refused request backs off, the
 * verification of intent is answered only for its topic, a renewal
 * failure keeps the lease, a lapse goes back to polling, three failures
 * make it FAILED, a denial too), pushes with good, bad and no
 * signatures, the store rows, and publish pings queued per output and
 * retried, discovery by Link header before the feed's links, and the
 * subscription of a source gone from the configuration
 * unsubscribed and forgotten. Requests go to a closed loopback port, on
 * a real libuv loop.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "tap.h"
#include "net/websub.h"
#include "service/conf.h"
#include "service/websub.h"
#include "store/store.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define DEAD	"http://127.0.0.1:1"

/* The log, away from the TAP output (connection errors are expected). */
static FILE	*quiet;
#define TOPIC	"https://topic.example/feed"

struct seen {
	char	 events[512];	/* "on src;off src;" */
	char	*pushed;	/* the last push's body */
	int	 pushes;
};

static void
on_push(void *ctx, const char *source, const char *body, size_t n,
    const char *type)
{
	struct seen *s = ctx;

	free(s->pushed);
	s->pushed = xasprintf("%s:%.*s:%s", source, (int)n, body,
	    type != NULL ? type : "-");
	s->pushes++;
}

static void
on_pushed(void *ctx, const char *source, bool on)
{
	struct seen *s = ctx;
	size_t	 n = strlen(s->events);

	snprintf(s->events + n, sizeof s->events - n, "%s %s;",
	    on ? "on" : "off", source);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	if (fp == NULL)
		abort();
	fputs(text, fp);
	fclose(fp);
}

/* Run the loop until no request is in flight. */
static void
settle(uv_loop_t *loop, struct websub *ws)
{
	int	 i;

	for (i = 0; i < 2000 && websub_active(ws) > 0; i++)
		uv_run(loop, UV_RUN_ONCE);
}

static struct store_sub
get_sub(struct store *st)
{
	struct store_sub *v, s;
	size_t	 n, i;

	memset(&s, 0, sizeof s);
	if (store_list_subs(st, &v, &n) != ERR_OK || n != 1) {
		CHECK_MSG(0, "one subscription stored (got %zu)", n);
		return s;
	}
	s = v[0];
	for (i = 1; i < n; i++)
		store_sub_cleanup(&v[i]);
	free(v);
	return s;
}

static int
call(struct websub *ws, bool post, const char *id, const char *mode,
    const char *topic, const char *challenge, const char *lease,
    const char *sig, const char *body, int64_t now, char **out)
{
	struct websub_call c;
	struct buf b;
	int	 status;

	memset(&c, 0, sizeof c);
	c.post = post;
	c.id = id;
	c.mode = mode;
	c.topic = topic;
	c.challenge = challenge;
	c.lease = lease;
	c.signature = sig;
	c.content_type = post ? "application/atom+xml" : NULL;
	c.body = body;
	c.len = body != NULL ? strlen(body) : 0;
	buf_init(&b, 4096);
	status = websub_callback(ws, &c, now, &b);
	*out = xstrdup(buf_str(&b));
	buf_cleanup(&b);
	return status;
}

static struct config *
load_config(char *dir)
{
	struct config *c = NULL;
	char	 path[512];

	snprintf(path, sizeof path, "%s/feedmill.conf", dir);
	write_file(path, "[service]\nbase_url = https://me.example/feeds/\n"
	    "listen = 127.0.0.1:0\nallow_private = yes\n"
	    "hub = " DEAD "/a, " DEAD "/b\nwebsub_lease = 1h\n"
	    "[channel news]\nformats = atom, jsonfeed\nhub = " DEAD "/c\n"
	    "[channel all]\nformats = rss\n");
	snprintf(path, sizeof path, "%s/src.ini", dir);
	write_file(path, "[source]\nurl = https://topic.example/rss\n");
	snprintf(path, sizeof path, "%s/feedmill.conf", dir);
	CHECK(config_load(path, &c) == ERR_OK);
	if (c == NULL)
		return NULL;
	CHECK_INT_EQ(c->nhubs, 2);
	CHECK_STR_EQ(c->nhubs == 2 ? c->hubs[1] : "", DEAD "/b");
	CHECK_INT_EQ(c->websub_lease, 3600);
	CHECK(c->websub_subscribe);
	CHECK_INT_EQ(c->channels[0].nhubs + c->channels[1].nhubs, 1);
	return c;
}

static void
test_bad_config(const char *dir)
{
	struct config *c = NULL;
	char	 path[512];
	FILE	*mem;
	char	*msgs = NULL;
	size_t	 len = 0;

	snprintf(path, sizeof path, "%s/bad.conf", dir);
	write_file(path, "[service]\nhub = ftp://x.example/\n"
	    "websub_lease = 5s\nwebsub_subscribe = maybe\n");
	mem = open_memstream(&msgs, &len);
	log_set_output(mem);
	CHECK(config_load(path, &c) == ERR_CONFIG);
	log_set_output(quiet);
	fclose(mem);
	CHECK(strstr(msgs, "bad.conf:2: hub must be an http(s) URL, not "
	    "\"ftp://x.example/\"") != NULL);
	CHECK(strstr(msgs, "bad.conf:3: websub_lease: \"5s\" is not a "
	    "duration of at least 60s") != NULL);
	CHECK(strstr(msgs, "bad.conf:4: websub_subscribe must be yes or no")
	    != NULL);
	free(msgs);
}

static void
test_subscription(uv_loop_t *loop, struct store *st, struct config *c)
{
	struct websub_hooks h;
	struct seen	 seen;
	struct websub	*ws;
	struct store_sub s;
	struct feed	 f;
	int64_t		 now = (int64_t)time(NULL);
	char		*out, *sig, *id;

	memset(&seen, 0, sizeof seen);
	h.push = on_push;
	h.pushed = on_pushed;
	h.ctx = &seen;
	ws = websub_new(loop, st, &h);
	CHECK(websub_set_config(ws, c, true, now) == ERR_OK);

	/* The feed names a hub that refuses: the request backs off. */
	feed_init(&f);
	f.hub = xstrdup(DEAD "/hub");
	f.self_url = xstrdup(TOPIC);
	websub_fed(ws, "src", &f, NULL, now);
	CHECK_INT_EQ(websub_active(ws), 1);
	settle(loop, ws);
	s = get_sub(st);
	CHECK_STR_EQ(s.topic != NULL ? s.topic : "", TOPIC);
	CHECK_STR_EQ(s.hub != NULL ? s.hub : "", DEAD "/hub");
	CHECK_INT_EQ(s.state, STORE_SUB_WANTED);
	CHECK_INT_EQ(s.failures, 1);
	CHECK(s.next_try >= now + 60 && s.next_try <= now + 70);
	CHECK_INT_EQ(s.id != NULL ? strlen(s.id) : 0, WEBSUB_ID_HEX);
	CHECK_INT_EQ(s.secret != NULL ? strlen(s.secret) : 0,
	    WEBSUB_SECRET_HEX);
	id = xstrdup(s.id != NULL ? s.id : "");
	/* Fed again with the same hub and topic: nothing new. */
	websub_fed(ws, "src", &f, NULL, now);
	CHECK_INT_EQ(websub_active(ws), 0);

	/* Verification of intent. */
	CHECK_INT_EQ(call(ws, false, "0123", "subscribe", TOPIC, "ch", "120",
	    NULL, NULL, now, &out), 404);
	free(out);
	CHECK_INT_EQ(call(ws, true, "0123", NULL, NULL, NULL, NULL, NULL,
	    "<feed/>", now, &out), 410);
	free(out);
	CHECK_INT_EQ(call(ws, false, id, "subscribe", TOPIC "x", "ch", "120",
	    NULL, NULL, now, &out), 404);
	free(out);
	CHECK_INT_EQ(call(ws, false, id, "unsubscribe", TOPIC, "ch", NULL,
	    NULL, NULL, now, &out), 404);
	free(out);
	CHECK_INT_EQ(call(ws, false, id, "subscribe", TOPIC, NULL, "120",
	    NULL, NULL, now, &out), 404);
	free(out);
	CHECK_STR_EQ(seen.events, "");
	CHECK_INT_EQ(call(ws, false, id, "subscribe", TOPIC, "chal lenge",
	    "120", NULL, NULL, now, &out), 200);
	CHECK_STR_EQ(out, "chal lenge");
	free(out);
	CHECK_STR_EQ(seen.events, "on src;");
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_ACTIVE);
	CHECK_INT_EQ(s.lease, 120);
	CHECK(s.expires == now + 120);
	CHECK_INT_EQ(s.failures, 0);

	/* Pushes: only a good signature gets through. */
	sig = websub_sign("sha1", s.secret, "<feed/>", 7);
	CHECK_INT_EQ(call(ws, true, id, NULL, NULL, NULL, NULL, sig,
	    "<feed/>", now, &out), 200);
	free(out);
	CHECK_STR_EQ(seen.pushed != NULL ? seen.pushed : "",
	    "src:<feed/>:application/atom+xml");
	CHECK_INT_EQ(call(ws, true, id, NULL, NULL, NULL, NULL, sig,
	    "<feed/>!", now, &out), 200);
	free(out);
	CHECK_INT_EQ(call(ws, true, id, NULL, NULL, NULL, NULL, NULL,
	    "<feed/>", now, &out), 200);
	free(out);
	CHECK_INT_EQ(seen.pushes, 1);
	free(sig);

	/* Renewal at 80 % fails: the lease still runs. */
	websub_tick(ws, now + 95);
	CHECK_INT_EQ(websub_active(ws), 0);
	websub_tick(ws, now + 97);
	CHECK_INT_EQ(websub_active(ws), 1);
	settle(loop, ws);
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_ACTIVE);
	CHECK_INT_EQ(s.failures, 1);
	CHECK_STR_EQ(seen.events, "on src;");

	/* The lease lapses: back to polling, subscribing again. */
	websub_tick(ws, now + 121);
	CHECK_STR_EQ(seen.events, "on src;off src;");
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_WANTED);
	websub_tick(ws, now + 122);
	settle(loop, ws);
	websub_tick(ws, now + 100000);
	settle(loop, ws);
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_FAILED);
	CHECK_INT_EQ(s.failures, 3);

	/* A verification still wins it back; a denial loses it. */
	CHECK_INT_EQ(call(ws, false, id, "subscribe", TOPIC, "c2", NULL, NULL,
	    NULL, now + 100001, &out), 200);
	free(out);
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_ACTIVE);
	CHECK_INT_EQ(s.lease, 3600);
	CHECK_INT_EQ(call(ws, false, id, "denied", TOPIC, NULL, NULL, NULL,
	    NULL, now + 100002, &out), 200);
	free(out);
	store_sub_cleanup(&s);
	s = get_sub(st);
	CHECK_INT_EQ(s.state, STORE_SUB_FAILED);
	CHECK_STR_EQ(seen.events, "on src;off src;on src;off src;");

	/* The subscription and its secret survive a restart. */
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);
	memset(seen.events, 0, sizeof seen.events);
	ws = websub_new(loop, st, &h);
	CHECK(websub_set_config(ws, c, true, now) == ERR_OK);
	CHECK_INT_EQ(call(ws, false, id, "subscribe", TOPIC, "c3", "60", NULL,
	    NULL, now, &out), 200);
	free(out);
	CHECK_STR_EQ(seen.events, "on src;");
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);
	ws = websub_new(loop, st, &h);
	memset(seen.events, 0, sizeof seen.events);
	CHECK(websub_set_config(ws, c, true, now) == ERR_OK);
	CHECK_STR_EQ(seen.events, "on src;");
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);

	store_sub_cleanup(&s);
	feed_cleanup(&f);
	free(seen.pushed);
	free(id);
}

static void
test_pings(uv_loop_t *loop, struct store *st, struct config *c)
{
	struct websub *ws;
	int64_t	 now = (int64_t)time(NULL);

	ws = websub_new(loop, st, NULL);
	CHECK(websub_set_config(ws, c, false, now) == ERR_OK);
	/* news: its own hub, two formats; all: the service's two, RSS. */
	websub_published(ws, &c->channels[0], now);
	CHECK_INT_EQ(websub_active(ws), 2);
	websub_published(ws, &c->channels[1], now);
	CHECK_INT_EQ(websub_active(ws), 4);
	settle(loop, ws);
	CHECK_INT_EQ(websub_active(ws), 0);
	/* Retried after 5 s, then after 10 s more. */
	websub_tick(ws, now + 4);
	CHECK_INT_EQ(websub_active(ws), 0);
	websub_tick(ws, now + 6);
	CHECK_INT_EQ(websub_active(ws), 4);
	settle(loop, ws);
	websub_tick(ws, now + 8);
	CHECK_INT_EQ(websub_active(ws), 0);
	/* A change while a ping waits for its retry: sent now, not twice. */
	websub_published(ws, &c->channels[0], now + 13);
	CHECK_INT_EQ(websub_active(ws), 2);
	settle(loop, ws);
	/* Without callbacks, a hub in a feed is not subscribed to. */
	{
		struct feed f;

		feed_init(&f);
		f.hub = xstrdup(DEAD "/hub");
		websub_fed(ws, "src", &f, NULL, now);
		CHECK_INT_EQ(websub_active(ws), 0);
		feed_cleanup(&f);
	}
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);
}

/* Discovery: the Link header wins over the feed's links. */
static void
test_link(uv_loop_t *loop, struct store *st, struct config *c)
{
	struct websub	*ws;
	struct store_sub s;
	struct feed	 f;
	int64_t		 now = (int64_t)time(NULL);

	ws = websub_new(loop, st, NULL);
	CHECK(websub_set_config(ws, c, true, now) == ERR_OK);
	feed_init(&f);
	f.hub = xstrdup(DEAD "/feed-hub");
	f.self_url = xstrdup(TOPIC "/feed-self");
	websub_fed(ws, "src", &f, "<https://x.example/>; rel=alternate, "
	    "<" DEAD "/header-hub>; rel=\"hub\", </self?x=1>; "
	    "title=\"a, b\"; rel=\"Self canonical\"", now);
	settle(loop, ws);
	s = get_sub(st);
	CHECK_STR_EQ(s.hub != NULL ? s.hub : "", DEAD "/header-hub");
	CHECK_STR_EQ(s.topic != NULL ? s.topic : "",
	    "https://topic.example/self?x=1");
	store_sub_cleanup(&s);
	/* A header without a hub: the feed's. */
	websub_fed(ws, "src", &f, "<https://x.example/>; rel=alternate", now);
	settle(loop, ws);
	s = get_sub(st);
	CHECK_STR_EQ(s.hub != NULL ? s.hub : "", DEAD "/feed-hub");
	CHECK_STR_EQ(s.topic != NULL ? s.topic : "", TOPIC "/feed-self");
	store_sub_cleanup(&s);
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);
	feed_cleanup(&f);
}

/* A source gone from the configuration: unsubscribed, then forgotten. */
static void
test_leave(uv_loop_t *loop, struct store *st, struct config *c,
    const char *dir)
{
	struct config	*c2 = NULL;
	struct websub	*ws;
	struct store_sub *v;
	struct feed	 f;
	char		 path[600];
	int64_t		 now = (int64_t)time(NULL);
	size_t		 n;

	snprintf(path, sizeof path, "%s/gone", dir);
	if (mkdir(path, 0700) != 0)
		abort();
	snprintf(path, sizeof path, "%s/gone/feedmill.conf", dir);
	write_file(path, "[service]\nbase_url = https://me.example/\n"
	    "listen = 127.0.0.1:0\nallow_private = yes\n");
	CHECK(config_load(path, &c2) == ERR_OK);
	if (c2 == NULL)
		return;
	ws = websub_new(loop, st, NULL);
	CHECK(websub_set_config(ws, c, true, now) == ERR_OK);
	feed_init(&f);
	f.hub = xstrdup(DEAD "/other-hub");
	websub_fed(ws, "src", &f, NULL, now);
	settle(loop, ws);
	CHECK(store_list_subs(st, &v, &n) == ERR_OK);
	CHECK_INT_EQ(n, 1);
	while (n > 0)
		store_sub_cleanup(&v[--n]);
	free(v);
	/* The reload: the row goes at once, the hub is asked. */
	CHECK(websub_set_config(ws, c2, true, now) == ERR_OK);
	CHECK_INT_EQ(websub_active(ws), 1);
	CHECK(store_list_subs(st, &v, &n) == ERR_OK);
	CHECK_INT_EQ(n, 0);
	free(v);
	settle(loop, ws);
	websub_tick(ws, now);
	CHECK_INT_EQ(websub_active(ws), 0);
	websub_free(ws);
	uv_run(loop, UV_RUN_DEFAULT);
	feed_cleanup(&f);
	config_free(c2);
}

int
main(void)
{
	char	 dir[] = "/tmp/test-service-websub.XXXXXX";
	char	 path[600];
	struct config *c;
	struct store *st = NULL;
	uv_loop_t loop;

	if (mkdtemp(dir) == NULL)
		return 1;
	log_set_level(LOG_ERROR);
	quiet = fopen("/dev/null", "w");
	log_set_output(quiet);
	c = load_config(dir);
	test_bad_config(dir);
	CHECK(store_open(":memory:", &st) == ERR_OK);
	uv_loop_init(&loop);
	if (c != NULL && st != NULL) {
		test_subscription(&loop, st, c);
		test_pings(&loop, st, c);
		test_link(&loop, st, c);
		test_leave(&loop, st, c, dir);
	}
	CHECK_INT_EQ(uv_loop_close(&loop), 0);
	store_close(st);
	config_free(c);
	log_set_output(NULL);
	if (quiet != NULL)
		fclose(quiet);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		CHECK(0);
	return tap_done();
}
