/* SPDX-License-Identifier: MIT */
/*
 * The polling policy: first-poll spreading, interval stretching,
 * exponential backoff with a ceiling, Retry-After, jitter, per-host
 * spacing. Pure functions of their arguments (see sched.h).
 */
#include "config.h"
#include "service/sched.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* FNV-1a over name and a number: a stable, cheap spread. */
static uint64_t
mix(const char *name, int64_t salt)
{
	uint64_t h = UINT64_C(1469598103934665603);
	const unsigned char *p;
	int	 i;

	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		h ^= *p;
		h *= UINT64_C(1099511628211);
	}
	for (i = 0; i < 8; i++) {
		h ^= (uint64_t)(salt >> (i * 8)) & 0xff;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

int64_t
sched_first(const struct sched_policy *p, const char *name, int64_t now)
{
	if (p->interval <= 1)
		return now;
	return now + (int64_t)(mix(name, 0) % (uint64_t)p->interval);
}

static long
clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int64_t
sched_next(const struct sched_policy *p, const char *name,
    const struct sched_outcome *o, int64_t now)
{
	long	 wait, ceiling;
	int	 i;

	ceiling = p->max_backoff > p->interval ? p->max_backoff : p->interval;
	if (o->result == SCHED_OK) {
		wait = p->interval;
		if (o->feed_interval > wait)
			wait = clamp(o->feed_interval, wait, ceiling);
	} else {
		wait = p->interval;
		for (i = 1; i < o->failures && wait < ceiling; i++)
			wait *= 2;
		wait = clamp(wait, p->interval, ceiling);
		if (o->result == SCHED_THROTTLED && o->retry_after > wait)
			wait = o->retry_after < SCHED_MAX_RETRY_AFTER ?
			    o->retry_after : SCHED_MAX_RETRY_AFTER;
	}
	/* Jitter only ever adds: Retry-After stays a lower bound. */
	return sched_skip(now + wait + (int64_t)(mix(name, now) %
	    (uint64_t)(wait / SCHED_JITTER_DIV + 1)), o->skip_hours,
	    o->skip_days);
}

/* Floor division, for times before 1970 too. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t
sched_skip(int64_t t, unsigned skip_hours, unsigned skip_days)
{
	int64_t	 hour, day;
	int	 i;

	skip_hours &= 0xffffff;
	skip_days &= 0x7f;
	if (skip_hours == 0xffffff)
		skip_hours = 0;
	if (skip_days == 0x7f)
		skip_days = 0;
	/* Eight days of hours are enough to find one that is allowed. */
	for (i = 0; i < 24 * 8; i++) {
		hour = floor_div(t, 3600);
		day = floor_div(hour, 24);
		/* 1970-01-01 was a Thursday (4). */
		if (!(skip_hours & (1u << (hour - day * 24))) &&
		    !(skip_days & (1u << ((day % 7 + 7 + 4) % 7))))
			return t;
		t = (hour + 1) * 3600;
	}
	return t;
}

long
sched_parse_retry_after(const char *v, int64_t now)
{
	struct when w;
	long	 n;
	char	*end;

	if (v == NULL)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	if (isdigit((unsigned char)*v)) {
		errno = 0;
		n = strtol(v, &end, 10);
		while (isspace((unsigned char)*end))
			end++;
		if (errno != 0 || *end != '\0' || n < 0)
			return 0;
		return n < SCHED_MAX_RETRY_AFTER ? n : SCHED_MAX_RETRY_AFTER;
	}
	if (!date_parse(v, &w) || w.t <= now)
		return 0;
	return w.t - now < SCHED_MAX_RETRY_AFTER ? (long)(w.t - now) :
	    SCHED_MAX_RETRY_AFTER;
}

/* max-age=N in a Cache-Control value; -1 when absent. */
static long
max_age(const char *cc)
{
	const char *p = cc;
	long	 n;
	char	*end;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (text_istarts(p, "max-age=")) {
			errno = 0;
			n = strtol(p + 8, &end, 10);
			if (errno == 0 && end != p + 8 && n >= 0)
				return n;
			return -1;
		}
		if (text_istarts(p, "no-cache") || text_istarts(p, "no-store"))
			return 0;
		p = strchr(p, ',');
	}
	return -1;
}

long
sched_feed_interval(const char *cache_control, const char *expires,
    int ttl_minutes, int64_t now)
{
	struct when w;
	long	 v = 0, n;

	n = cache_control != NULL ? max_age(cache_control) : -1;
	if (n >= 0)
		v = n;
	else if (expires != NULL && date_parse(expires, &w) && w.t > now)
		v = w.t - now > 366L * 86400 ? 366L * 86400 : (long)(w.t - now);
	if (ttl_minutes > 0 && (long)ttl_minutes * 60 > v)
		v = (long)ttl_minutes * 60;
	return v;
}

void
sched_url_host(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://"), *end;

	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	snprintf(out, n, "%.*s", (int)(end - p), p);
}

void
sched_hosts_init(struct sched_hosts *h, long spacing)
{
	memset(h, 0, sizeof *h);
	h->spacing = spacing;
}

void
sched_hosts_cleanup(struct sched_hosts *h)
{
	size_t	 i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].host);
	free(h->v);
	memset(h, 0, sizeof *h);
}

static struct sched_host *
host_entry(struct sched_hosts *h, const char *host)
{
	struct sched_host *s;
	size_t	 i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].host, host) == 0)
			return &h->v[i];
	s = VEC_PUSH(h->v, h->n);
	s->host = xstrdup(host);
	return s;
}

bool
sched_hosts_take(struct sched_hosts *h, const char *host, int64_t now)
{
	struct sched_host *s = host_entry(h, host);

	if (s->next > now)
		return false;
	s->next = now + h->spacing;
	return true;
}

int64_t
sched_hosts_slot(struct sched_hosts *h, const char *host, int64_t now)
{
	struct sched_host *s = host_entry(h, host);
	int64_t	 at;

	at = s->next > now ? s->next : now;
	s->next = at + h->spacing;
	return at;
}
