/* SPDX-License-Identifier: MIT */
/*
 * The HTTP server of feedmill serve, wired to the service: the output
 * table (outputs.c), partner keys (access.c), counters (metrics.c), and
 * the /healthz and /metrics routes.
 */
#include "config.h"
#include "service/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <uv.h>

#include "net/httpd.h"
#include "service/access.h"
#include "service/channel.h"
#include "service/metrics.h"
#include "service/outputs.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/write.h"

struct web {
	const struct config *c;	/* borrowed; replaced on reload */
	char		*listen;	/* the address listened on */
	struct store	*st;
	struct httpd	*h;
	struct outputs	*out;
	struct metrics	*m;
	struct access	*a;
	uint64_t	*started;	/* per source: uv_hrtime() of the fetch */
	size_t		 nstarted;
	bool		 ready;
	bool		 pending;	/* published since the last sync */
};

static bool
authorize(void *ctx, const char *realm, const char *key)
{
	struct web *w = ctx;

	return access_allows(w->a, realm, key);
}

static void
healthz(void *ctx, const struct httpd_request *rq, struct httpd_response *rs)
{
	struct web *w = ctx;

	httpd_response_type(rs, "text/plain; charset=utf-8");
	httpd_response_header(rs, "Cache-Control", "no-store");
	if (w->ready && w->st != NULL) {
		if (buf_add(&rs->body, "ok\n") != ERR_OK)
			rs->status = 500;
		return;
	}
	rs->status = 503;
	if (buf_add(&rs->body, "not ready\n") != ERR_OK)
		rs->status = 500;
}

static void
metrics(void *ctx, const struct httpd_request *rq, struct httpd_response *rs)
{
	struct web *w = ctx;

	httpd_response_type(rs, "text/plain; version=0.0.4; charset=utf-8");
	httpd_response_header(rs, "Cache-Control", "no-store");
	if (metrics_render(w->m, w->h, w->a, &rs->body) != ERR_OK) {
		buf_reset(&rs->body);
		rs->status = 500;
	}
}

/* Per-source start times sized for the configuration. */
static void
size_started(struct web *w)
{
	free(w->started);
	w->nstarted = w->c->nsources;
	w->started = xcalloc(w->nstarted + 1, sizeof *w->started);
}

/* What the store and the output folder know from earlier runs. */
static void
seed_metrics(struct web *w)
{
	static const char *const exts[] = { "rss", "atom", "json" };
	const struct config *c = w->c;
	struct fetch_state fs;
	struct stat st;
	int64_t	 last;
	size_t	 i, j;
	char	*path;

	for (i = 0; i < c->nsources; i++) {
		fetch_state_init(&fs);
		if (store_get_state(w->st, c->sources[i].name, &fs) == ERR_OK)
			metrics_last_success(w->m, c->sources[i].name,
			    fs.last_ok);
		fetch_state_cleanup(&fs);
	}
	for (i = 0; i < c->nchannels; i++) {
		last = 0;
		for (j = 0; j < sizeof exts / sizeof exts[0]; j++) {
			path = xasprintf("%s/%s.%s", c->output_dir,
			    c->channels[i].name, exts[j]);
			if (stat(path, &st) == 0 && st.st_mtime > last)
				last = (int64_t)st.st_mtime;
			free(path);
		}
		metrics_published(w->m, c->channels[i].name, -1, last);
	}
}

enum err
web_start(uv_loop_t *loop, const struct config *c, struct store *st,
    struct web **out)
{
	struct httpd_opts o;
	struct web *w;
	size_t	 bytes, n;
	enum err e;

	*out = NULL;
	if (c->listen == NULL)
		return ERR_OK;
	w = xcalloc(1, sizeof *w);
	memset(&o, 0, sizeof o);
	o.listen = c->listen;
	o.timeout = c->http_timeout;
	o.max_connections = c->http_connections;
	o.per_ip = c->http_per_ip;
	e = httpd_new(loop, &o, &w->h);
	if (e) {
		free(w);
		return e;
	}
	w->c = c;
	w->listen = xstrdup(c->listen);
	w->st = st;
	w->m = metrics_new();
	w->a = access_new(c, NULL);
	size_started(w);
	seed_metrics(w);
	httpd_set_authorizer(w->h, authorize, w);
	httpd_route(w->h, "/healthz", HTTPD_GET, 0, healthz, w);
	httpd_route(w->h, "/metrics", HTTPD_GET, 0, metrics, w);
	w->out = outputs_new(w->h, c, st);
	n = httpd_count(w->h, &bytes);
	log_info("listening on %s (port %u): %zu files, %zu bytes in memory",
	    c->listen, httpd_port(w->h), n, bytes);
	*out = w;
	return ERR_OK;
}

void
web_free(struct web *w)
{
	if (w == NULL)
		return;
	outputs_free(w->out);
	httpd_free(w->h);
	metrics_free(w->m);
	access_free(w->a);
	free(w->started);
	free(w->listen);
	free(w);
}

struct httpd *
web_httpd(struct web *w)
{
	return w != NULL ? w->h : NULL;
}

void
web_set_config(struct web *w, const struct config *c)
{
	struct access *a;

	if (w == NULL)
		return;
	/* w->c is freed by now: only the copy of the address is left. */
	if (c->listen == NULL || strcmp(c->listen, w->listen) != 0)
		log_warn("listen: the address changes at the next start; "
		    "serving on %s meanwhile", w->listen);
	w->c = c;
	a = access_new(c, w->a);
	access_free(w->a);
	w->a = a;
	size_started(w);
	outputs_set_config(w->out, c);
}

void
web_set_ready(struct web *w, bool ready)
{
	if (w != NULL)
		w->ready = ready;
}

void
web_fetch_started(struct web *w, size_t i)
{
	if (w != NULL && i < w->nstarted)
		w->started[i] = uv_hrtime();
}

void
web_polled(struct web *w, size_t i, const char *result)
{
	enum metrics_poll how = METRICS_ERROR;
	double	 seconds = -1;
	long	 nread, nfailed;

	if (w == NULL || i >= w->c->nsources)
		return;
	if (result == NULL)
		result = "";
	if (strncmp(result, "ok", 2) == 0)
		how = METRICS_OK;
	else if (strcmp(result, "not modified") == 0)
		how = METRICS_UNCHANGED;
	else if (sscanf(result, "%ld files read, %ld failed", &nread,
	    &nfailed) == 2)
		how = nfailed > 0 ? METRICS_ERROR : nread > 0 ? METRICS_OK :
		    METRICS_UNCHANGED;
	if (i < w->nstarted && w->started[i] != 0) {
		seconds = (double)(uv_hrtime() - w->started[i]) / 1e9;
		w->started[i] = 0;
	}
	metrics_poll(w->m, w->c->sources[i].name, how, seconds,
	    (int64_t)time(NULL));
}

void
web_published(struct web *w, const struct channel_conf *ch, long count)
{
	if (w == NULL)
		return;
	metrics_published(w->m, ch->name, count, (int64_t)time(NULL));
	outputs_channel_published(w->out, ch);
	w->pending = true;
}

void
web_sync(struct web *w)
{
	if (w == NULL || !w->pending)
		return;
	w->pending = false;
	outputs_sync(w->out);
}
