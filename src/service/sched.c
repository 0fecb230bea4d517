/* SPDX-License-Identifier: MIT */
/*
 * The polling policy: first-poll spreading, interval stretching,
 * exponential backoff with a ceiling, Retry-After, jitter, per-host
 * spacing (pure functions of their arguments, see sched.h); and the due
 * queue the service loop takes what is due from.
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
	names_init(&h->idx);
	h->spacing = spacing;
}

void
sched_hosts_cleanup(struct sched_hosts *h)
{
	size_t	 i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].host);
	free(h->v);
	names_cleanup(&h->idx);
	memset(h, 0, sizeof *h);
}

static struct sched_host *
host_entry(struct sched_hosts *h, const char *host)
{
	struct sched_host *s;
	size_t	 i;

	if (names_find(&h->idx, host, &i))
		return &h->v[i];
	s = VEC_PUSH(h->v, h->n);
	s->host = xstrdup(host);
	names_add(&h->idx, s->host, h->n - 1);
	return s;
}

bool
sched_hosts_take(struct sched_hosts *h, const char *host, int64_t now)
{
	struct sched_host *s;

	if (h->spacing <= 0)
		return true;
	s = host_entry(h, host);
	if (s->next > now)
		return false;
	s->next = now + h->spacing;
	return true;
}

int64_t
sched_hosts_when(struct sched_hosts *h, const char *host, int64_t now)
{
	size_t	 i;

	if (h->spacing <= 0 || !names_find(&h->idx, host, &i) ||
	    h->v[i].next <= now)
		return now;
	return h->v[i].next;
}

int64_t
sched_hosts_slot(struct sched_hosts *h, const char *host, int64_t now)
{
	struct sched_host *s;
	int64_t	 at;

	if (h->spacing <= 0)
		return now;
	s = host_entry(h, host);
	at = s->next > now ? s->next : now;
	s->next = at + h->spacing;
	return at;
}

void
sched_queue_init(struct sched_queue *q, size_t nitems)
{
	memset(q, 0, sizeof *q);
	q->nitems = nitems;
	q->heap = xcalloc(nitems + 1, sizeof *q->heap);
	q->pos = xcalloc(nitems + 1, sizeof *q->pos);
}

void
sched_queue_cleanup(struct sched_queue *q)
{
	free(q->heap);
	free(q->pos);
	memset(q, 0, sizeof *q);
}

/* Heap order: earlier first, then the lower item. */
static bool
before(const struct sched_qent *a, const struct sched_qent *b)
{
	return a->due < b->due || (a->due == b->due && a->item < b->item);
}

static void
place(struct sched_queue *q, size_t k, struct sched_qent e)
{
	q->heap[k] = e;
	q->pos[e.item] = k + 1;
}

/* Move the entry at k towards the root while it comes first. */
static void
sift_up(struct sched_queue *q, size_t k)
{
	struct sched_qent e = q->heap[k];
	size_t	 parent;

	while (k > 0) {
		parent = (k - 1) / 2;
		if (!before(&e, &q->heap[parent]))
			break;
		place(q, k, q->heap[parent]);
		k = parent;
	}
	place(q, k, e);
}

/* Move the entry at k towards the leaves while a child comes first. */
static void
sift_down(struct sched_queue *q, size_t k)
{
	struct sched_qent e = q->heap[k];
	size_t	 child;

	for (;;) {
		child = 2 * k + 1;
		if (child >= q->n)
			break;
		if (child + 1 < q->n && before(&q->heap[child + 1],
		    &q->heap[child]))
			child++;
		if (!before(&q->heap[child], &e))
			break;
		place(q, k, q->heap[child]);
		k = child;
	}
	place(q, k, e);
}

void
sched_queue_set(struct sched_queue *q, size_t i, int64_t due)
{
	size_t	 k;

	if (i >= q->nitems)
		return;
	if (q->pos[i] == 0) {
		k = q->n++;
		place(q, k, (struct sched_qent){ due, i });
		sift_up(q, k);
		return;
	}
	k = q->pos[i] - 1;
	q->heap[k].due = due;
	sift_up(q, k);
	sift_down(q, q->pos[i] - 1);
}

void
sched_queue_remove(struct sched_queue *q, size_t i)
{
	size_t	 k, moved;

	if (i >= q->nitems || q->pos[i] == 0)
		return;
	k = q->pos[i] - 1;
	q->pos[i] = 0;
	if (k == --q->n)
		return;
	/* The last entry fills the hole, then finds its place. */
	moved = q->heap[q->n].item;
	place(q, k, q->heap[q->n]);
	sift_up(q, k);
	sift_down(q, q->pos[moved] - 1);
}

bool
sched_queue_has(const struct sched_queue *q, size_t i)
{
	return i < q->nitems && q->pos[i] != 0;
}

bool
sched_queue_first(const struct sched_queue *q, size_t *i, int64_t *due)
{
	if (q->n == 0)
		return false;
	*i = q->heap[0].item;
	*due = q->heap[0].due;
	return true;
}

size_t
sched_queue_pop(struct sched_queue *q)
{
	size_t	 i = q->heap[0].item;

	sched_queue_remove(q, i);
	return i;
}
