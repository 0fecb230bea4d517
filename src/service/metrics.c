/* SPDX-License-Identifier: MIT */
/* Counters for /metrics and their Prometheus text rendering. */
#include "config.h"
#include "service/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/httpd.h"
#include "service/access.h"
#include "service/names.h"
#include "util/xmalloc.h"

/* Fetch latency histogram bounds, seconds. */
static const double bounds[] = { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 };
#define NBOUNDS	(sizeof bounds / sizeof bounds[0])

struct msource {
	char		*name;
	uint64_t	 polls, unchanged, errors;
	int64_t		 last_ok;
	uint64_t	 buckets[NBOUNDS];	/* cumulative at render */
	uint64_t	 timed;
	double		 sum;
};

struct mchannel {
	char		*name;
	long		 items;
	int64_t		 last;
};

struct metrics {
	struct msource	*s;
	size_t		 ns;
	struct names	 sidx;		/* source name -> index in s */
	struct mchannel	*c;
	size_t		 nc;
	struct names	 cidx;		/* channel name -> index in c */
};

struct metrics *
metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof *m);

	names_init(&m->sidx);
	names_init(&m->cidx);
	return m;
}

void
metrics_free(struct metrics *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ns; i++)
		free(m->s[i].name);
	for (i = 0; i < m->nc; i++)
		free(m->c[i].name);
	free(m->s);
	free(m->c);
	names_cleanup(&m->sidx);
	names_cleanup(&m->cidx);
	free(m);
}

static struct msource *
source(struct metrics *m, const char *name)
{
	struct msource *s;
	size_t	 i;

	if (names_find(&m->sidx, name, &i))
		return &m->s[i];
	s = VEC_PUSH(m->s, m->ns);
	s->name = xstrdup(name);
	names_add(&m->sidx, s->name, m->ns - 1);
	return s;
}

static struct mchannel *
channel(struct metrics *m, const char *name)
{
	struct mchannel *c;
	size_t	 i;

	if (names_find(&m->cidx, name, &i))
		return &m->c[i];
	c = VEC_PUSH(m->c, m->nc);
	c->name = xstrdup(name);
	c->items = -1;
	names_add(&m->cidx, c->name, m->nc - 1);
	return c;
}

void
metrics_poll(struct metrics *m, const char *name, enum metrics_poll how,
    double seconds, int64_t now)
{
	struct msource *s = source(m, name);
	size_t	 i;

	s->polls++;
	if (how == METRICS_UNCHANGED)
		s->unchanged++;
	if (how == METRICS_ERROR)
		s->errors++;
	else
		s->last_ok = now;
	if (seconds < 0)
		return;
	s->timed++;
	s->sum += seconds;
	for (i = 0; i < NBOUNDS; i++)
		if (seconds <= bounds[i]) {
			s->buckets[i]++;
			break;
		}
}

void
metrics_last_success(struct metrics *m, const char *name, int64_t t)
{
	struct msource *s = source(m, name);

	if (t > s->last_ok)
		s->last_ok = t;
}

void
metrics_published(struct metrics *m, const char *name, long items,
    int64_t t)
{
	struct mchannel *c = channel(m, name);

	if (items >= 0)
		c->items = items;
	c->last = t;
}

/* A label value: backslash, quote and newline escaped. */
static enum err
label(struct buf *out, const char *s)
{
	enum err e = ERR_OK;

	for (; *s != '\0' && !e; s++) {
		if (*s == '\\' || *s == '"')
			e = buf_addc(out, '\\');
		if (!e)
			e = *s == '\n' ? buf_add(out, "\\n") : buf_addc(out, *s);
	}
	return e;
}

static enum err
head(struct buf *out, const char *name, const char *type, const char *help)
{
	return buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

/* name{key="value"} number */
static enum err
sample(struct buf *out, const char *name, const char *key, const char *value,
    const char *extra, double v)
{
	enum err e;

	e = buf_addf(out, "%s{%s=\"", name, key);
	if (!e)
		e = label(out, value);
	if (!e)
		e = buf_addf(out, "\"%s} %.17g\n", extra != NULL ? extra : "",
		    v);
	return e;
}

static enum err
render_sources(const struct metrics *m, struct buf *out)
{
	const struct msource *s;
	char	 le[64];
	uint64_t cum;
	size_t	 i, j;
	enum err e;

	e = head(out, "feedmill_source_polls_total", "counter",
	    "Polls of each source (HTTP fetches and local reads).");
	for (i = 0; i < m->ns && !e; i++)
		e = sample(out, "feedmill_source_polls_total", "source",
		    m->s[i].name, NULL, (double)m->s[i].polls);
	if (!e)
		e = head(out, "feedmill_source_not_modified_total", "counter",
		    "Polls answered 304 Not Modified (or an unchanged file).");
	for (i = 0; i < m->ns && !e; i++)
		e = sample(out, "feedmill_source_not_modified_total", "source",
		    m->s[i].name, NULL, (double)m->s[i].unchanged);
	if (!e)
		e = head(out, "feedmill_source_errors_total", "counter",
		    "Polls that failed.");
	for (i = 0; i < m->ns && !e; i++)
		e = sample(out, "feedmill_source_errors_total", "source",
		    m->s[i].name, NULL, (double)m->s[i].errors);
	if (!e)
		e = head(out, "feedmill_source_last_success_timestamp_seconds",
		    "gauge", "When the last successful poll ended (0: never).");
	for (i = 0; i < m->ns && !e; i++)
		e = sample(out,
		    "feedmill_source_last_success_timestamp_seconds", "source",
		    m->s[i].name, NULL, (double)m->s[i].last_ok);
	if (!e)
		e = head(out, "feedmill_fetch_duration_seconds", "histogram",
		    "How long HTTP fetches of each source took.");
	for (i = 0; i < m->ns && !e; i++) {
		s = &m->s[i];
		cum = 0;
		for (j = 0; j < NBOUNDS && !e; j++) {
			cum += s->buckets[j];
			snprintf(le, sizeof le, ",le=\"%g\"", bounds[j]);
			e = sample(out, "feedmill_fetch_duration_seconds_bucket",
			    "source", s->name, le, (double)cum);
		}
		if (!e)
			e = sample(out, "feedmill_fetch_duration_seconds_bucket",
			    "source", s->name, ",le=\"+Inf\"", (double)s->timed);
		if (!e)
			e = sample(out, "feedmill_fetch_duration_seconds_sum",
			    "source", s->name, NULL, s->sum);
		if (!e)
			e = sample(out, "feedmill_fetch_duration_seconds_count",
			    "source", s->name, NULL, (double)s->timed);
	}
	return e;
}

struct rctx {
	struct buf	*out;
	enum err	 e;
};

static void
one_status(void *ctx, int status, uint64_t count)
{
	struct rctx *r = ctx;

	if (!r->e)
		r->e = buf_addf(r->out, "feedmill_http_requests_total"
		    "{code=\"%d\"} %llu\n", status, (unsigned long long)count);
}

static void
one_partner(void *ctx, const char *partner, uint64_t granted,
    uint64_t refused)
{
	struct rctx *r = ctx;

	if (!r->e)
		r->e = sample(r->out, "feedmill_partner_requests_total",
		    "partner", partner, ",result=\"granted\"", (double)granted);
	if (!r->e)
		r->e = sample(r->out, "feedmill_partner_requests_total",
		    "partner", partner, ",result=\"refused\"", (double)refused);
}

enum err
metrics_render(const struct metrics *m, const struct httpd *h,
    const struct access *a, struct buf *out)
{
	struct rctx r;
	size_t	 i, n = 0, bytes = 0;
	enum err e;

	e = head(out, "feedmill_up", "gauge", "The service is running.");
	if (!e)
		e = buf_add(out, "feedmill_up 1\n");
	if (!e)
		e = render_sources(m, out);
	if (!e)
		e = head(out, "feedmill_channel_items", "gauge",
		    "Stories in the channel's last published output.");
	for (i = 0; i < m->nc && !e; i++)
		if (m->c[i].items >= 0)
			e = sample(out, "feedmill_channel_items", "channel",
			    m->c[i].name, NULL, (double)m->c[i].items);
	if (!e)
		e = head(out, "feedmill_channel_last_publish_timestamp_seconds",
		    "gauge", "When the channel's files were last written.");
	for (i = 0; i < m->nc && !e; i++)
		e = sample(out,
		    "feedmill_channel_last_publish_timestamp_seconds",
		    "channel", m->c[i].name, NULL, (double)m->c[i].last);
	r.out = out;
	r.e = e;
	if (h != NULL && !r.e) {
		r.e = head(out, "feedmill_http_requests_total", "counter",
		    "HTTP requests answered, by status.");
		if (!r.e)
			httpd_each_status(h, one_status, &r);
		n = httpd_count(h, &bytes);
		if (!r.e)
			r.e = head(out, "feedmill_http_resources", "gauge",
			    "Files in the served table.");
		if (!r.e)
			r.e = buf_addf(out, "feedmill_http_resources %zu\n", n);
		if (!r.e)
			r.e = head(out, "feedmill_http_resource_bytes", "gauge",
			    "Bytes the served table holds (plain and gzip).");
		if (!r.e)
			r.e = buf_addf(out, "feedmill_http_resource_bytes %zu\n",
			    bytes);
	}
	if (a != NULL && !r.e) {
		r.e = head(out, "feedmill_partner_requests_total", "counter",
		    "Requests with a partner's key, by partner name.");
		if (!r.e)
			access_each(a, one_partner, &r);
	}
	return r.e;
}
