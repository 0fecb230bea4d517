/* SPDX-License-Identifier: MIT */
/*
 * Polling policy with a fake clock: first polls spread over the
 * interval, the interval and its jitter, stretching by the feed's own
 * interval, exponential backoff up to the ceiling, Retry-After as a
 * lower bound, header parsing, RSS skipHours and skipDays, per-host
 * spacing; the due queue of the service loop and the name table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "service/sched.h"

#define NOW	INT64_C(1700000000)

static void
test_first(void)
{
	struct sched_policy p = { 600, 86400 };
	char	 name[32];
	int64_t	 t, lo = INT64_MAX, hi = 0;
	int	 buckets[6] = { 0 }, i, empty = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "source-%d", i);
		t = sched_first(&p, name, NOW);
		if (t < lo)
			lo = t;
		if (t > hi)
			hi = t;
		buckets[(t - NOW) / 100]++;
	}
	CHECK(lo >= NOW);
	CHECK(hi < NOW + 600);
	/* No burst: every sixth of the interval gets some, none gets most. */
	for (i = 0; i < 6; i++)
		if (buckets[i] < 100 || buckets[i] > 240)
			empty++;
	CHECK_MSG(empty == 0, "1000 first polls spread over 6 slices: %d %d "
	    "%d %d %d %d", buckets[0], buckets[1], buckets[2], buckets[3],
	    buckets[4], buckets[5]);
	CHECK_INT_EQ(sched_first(&p, "same", NOW), sched_first(&p, "same", NOW));
}

static void
test_next(void)
{
	struct sched_policy p = { 600, 4 * 3600 };
	struct sched_outcome o = { SCHED_OK, 0, 0, 0, 0, 0 };
	int64_t	 t, prev;
	int	 i;

	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 600 && t <= NOW + 660);
	/* The jitter differs between sources. */
	CHECK(sched_next(&p, "a", &o, NOW) != sched_next(&p, "b", &o, NOW) ||
	    sched_next(&p, "a", &o, NOW) != sched_next(&p, "c", &o, NOW));

	/* ttl / max-age stretch the interval, never shorten it. */
	o.feed_interval = 3600;
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 3600 && t <= NOW + 3960);
	o.feed_interval = 60;
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 600 && t <= NOW + 660);
	o.feed_interval = 10 * 86400;	/* capped at max_backoff */
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 4 * 3600 && t <= NOW + 4 * 3600 + 1440);

	/* Backoff doubles per failure up to the ceiling. */
	o.feed_interval = 0;
	o.result = SCHED_ERROR;
	prev = 0;
	for (i = 1; i <= 8; i++) {
		long want = 600L << (i - 1);

		if (want > 4 * 3600)
			want = 4 * 3600;
		o.failures = i;
		t = sched_next(&p, "a", &o, NOW) - NOW;
		CHECK_MSG(t >= want && t <= want + want / 10,
		    "failure %d waits %lld s (want %ld + up to 10%%)", i,
		    (long long)t, want);
		CHECK_MSG(t >= prev || want == 4 * 3600,
		    "failure %d waits no less than failure %d", i, i - 1);
		prev = t;
	}

	/* Retry-After is a lower bound; short ones do not cut backoff. */
	o.result = SCHED_THROTTLED;
	o.failures = 1;
	o.retry_after = 7200;
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 7200 && t <= NOW + 7200 + 720);
	o.retry_after = 30;
	o.failures = 2;
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 1200);
	o.retry_after = 30L * 86400;	/* beyond the ceiling: honoured, capped */
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + SCHED_MAX_RETRY_AFTER);
	o.retry_after = 0;		/* 429 without Retry-After: backoff */
	o.failures = 3;
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 2400 && t <= NOW + 2640);
}

static void
test_headers(void)
{
	CHECK_INT_EQ(sched_parse_retry_after("120", NOW), 120);
	CHECK_INT_EQ(sched_parse_retry_after(" 5 ", NOW), 5);
	CHECK_INT_EQ(sched_parse_retry_after("Tue, 14 Nov 2023 23:13:20 GMT",
	    NOW), 3600);
	CHECK_INT_EQ(sched_parse_retry_after("Tue, 14 Nov 2023 20:00:00 GMT",
	    NOW), 0);	/* in the past */
	CHECK_INT_EQ(sched_parse_retry_after("soon", NOW), 0);
	CHECK_INT_EQ(sched_parse_retry_after("-5", NOW), 0);
	CHECK_INT_EQ(sched_parse_retry_after(NULL, NOW), 0);
	CHECK_INT_EQ(sched_parse_retry_after("99999999", NOW),
	    SCHED_MAX_RETRY_AFTER);

	CHECK_INT_EQ(sched_feed_interval("public, max-age=1800", NULL, 0, NOW),
	    1800);
	CHECK_INT_EQ(sched_feed_interval("no-cache", NULL, 0, NOW), 0);
	CHECK_INT_EQ(sched_feed_interval(NULL,
	    "Tue, 14 Nov 2023 23:13:20 GMT", 0, NOW), 3600);
	CHECK_INT_EQ(sched_feed_interval("max-age=60",
	    "Tue, 14 Nov 2023 23:13:20 GMT", 0, NOW), 60);
	CHECK_INT_EQ(sched_feed_interval("max-age=60", NULL, 30, NOW), 1800);
	CHECK_INT_EQ(sched_feed_interval(NULL, NULL, 0, NOW), 0);
	CHECK_INT_EQ(sched_feed_interval(NULL, "garbage", 0, NOW), 0);
}

/* NOW is Tuesday 2023-11-14 22:13:20 UTC. */
static void
test_skip(void)
{
	struct sched_policy p = { 600, 4 * 3600 };
	struct sched_outcome o = { SCHED_OK, 0, 0, 0, 0, 0 };
	int64_t	 midnight = NOW + 6400;	/* Wednesday 00:00 */
	int64_t	 t;

	CHECK_INT_EQ(sched_skip(NOW, 0, 0), NOW);
	CHECK_INT_EQ(sched_skip(NOW, 1u << 21, 0), NOW);
	CHECK_INT_EQ(sched_skip(NOW, 1u << 22, 0), NOW + 2800);
	CHECK_INT_EQ(sched_skip(NOW, 1u << 22 | 1u << 23, 0), midnight);
	CHECK_INT_EQ(sched_skip(NOW, 0, 1u << 2), midnight);	/* Tuesday */
	CHECK_INT_EQ(sched_skip(NOW, 0, 1u << 3), NOW);	/* Wednesday */
	/* Tuesday and Wednesday, and 0:00-5:59 every day: Thursday 6:00. */
	CHECK_INT_EQ(sched_skip(NOW, 0x3f, 1u << 2 | 1u << 3),
	    midnight + 86400 + 6 * 3600);
	/* Masks that skip everything are ignored. */
	CHECK_INT_EQ(sched_skip(NOW, 0xffffff, 0), NOW);
	CHECK_INT_EQ(sched_skip(NOW, 0, 0x7f), NOW);
	CHECK_INT_EQ(sched_skip(NOW, 0xffffff, 1u << 2), midnight);

	/* sched_next lands in an hour the feed allows. */
	o.skip_hours = 0xffffff & ~(1u << 3);
	t = sched_next(&p, "a", &o, NOW);
	CHECK_INT_EQ(t, midnight + 3 * 3600);
	o.skip_hours = 1u << 22;	/* 22:23-22:24 falls inside: 23:00 */
	t = sched_next(&p, "a", &o, NOW);
	CHECK_INT_EQ(t, NOW + 2800);
	o.skip_hours = 0;
	o.skip_days = 1u << 0 | 1u << 6;	/* weekends: no effect on Tuesday */
	t = sched_next(&p, "a", &o, NOW);
	CHECK(t >= NOW + 600 && t <= NOW + 660);
	/* Backoff respects them too. */
	o.result = SCHED_ERROR;
	o.failures = 2;
	o.skip_days = 1u << 2;
	t = sched_next(&p, "a", &o, NOW);
	CHECK_INT_EQ(t, midnight);
}

static void
test_hosts(void)
{
	struct sched_hosts h;

	sched_hosts_init(&h, 2);
	CHECK_INT_EQ(sched_hosts_slot(&h, "a.example", NOW), NOW);
	CHECK_INT_EQ(sched_hosts_slot(&h, "b.example", NOW), NOW);
	CHECK_INT_EQ(sched_hosts_slot(&h, "a.example", NOW), NOW + 2);
	CHECK_INT_EQ(sched_hosts_slot(&h, "a.example", NOW), NOW + 4);
	CHECK_INT_EQ(sched_hosts_slot(&h, "a.example", NOW + 100), NOW + 100);
	CHECK_INT_EQ(sched_hosts_slot(&h, "b.example", NOW + 1), NOW + 2);
	/* take: now or not at all. */
	CHECK(!sched_hosts_take(&h, "b.example", NOW + 3));
	CHECK(sched_hosts_take(&h, "b.example", NOW + 4));
	CHECK(!sched_hosts_take(&h, "b.example", NOW + 5));
	CHECK(sched_hosts_take(&h, "c.example", NOW + 5));
	sched_hosts_cleanup(&h);
}

/* Spacing 0 keeps no table; when() never reserves; many hosts. */
static void
test_hosts_more(void)
{
	struct sched_hosts h;
	char	 host[32];
	int	 i, bad = 0;

	sched_hosts_init(&h, 0);
	CHECK(sched_hosts_take(&h, "a.example", NOW));
	CHECK(sched_hosts_take(&h, "a.example", NOW));
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW), NOW);
	CHECK_INT_EQ((long)h.n, 0);
	sched_hosts_cleanup(&h);

	sched_hosts_init(&h, 3);
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW), NOW);
	CHECK(sched_hosts_take(&h, "a.example", NOW));
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW), NOW + 3);
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW + 2), NOW + 3);
	CHECK(!sched_hosts_take(&h, "a.example", NOW + 2));
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW + 2), NOW + 3);
	CHECK_INT_EQ(sched_hosts_when(&h, "a.example", NOW + 7), NOW + 7);
	CHECK(sched_hosts_take(&h, "a.example", NOW + 3));
	/* 10,000 hosts: each is its own, found again. */
	for (i = 0; i < 10000; i++) {
		snprintf(host, sizeof host, "h%d.example:%d", i, 80 + i % 3);
		if (!sched_hosts_take(&h, host, NOW))
			bad++;
	}
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ((long)h.n, 10001);
	for (i = 0; i < 10000; i++) {
		snprintf(host, sizeof host, "h%d.example:%d", i, 80 + i % 3);
		if (sched_hosts_take(&h, host, NOW + 2) ||
		    sched_hosts_when(&h, host, NOW + 1) != NOW + 3)
			bad++;
	}
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ((long)h.n, 10001);
	sched_hosts_cleanup(&h);
}

static void
test_names(void)
{
	struct names t;
	char	 (*v)[16];
	size_t	 i, got;
	int	 bad = 0;

	names_init(&t);
	CHECK(!names_find(&t, "x", &got));
	v = calloc(20000, sizeof *v);
	for (i = 0; i < 20000; i++) {
		snprintf(v[i], sizeof v[i], "source-%zu", i);
		names_add(&t, v[i], i);
	}
	for (i = 0; i < 20000; i++)
		if (!names_find(&t, v[i], &got) || got != i)
			bad++;
	CHECK_INT_EQ(bad, 0);
	CHECK(!names_find(&t, "source-20000", &got));
	CHECK(!names_find(&t, "", &got));
	CHECK(names_find(&t, "source-0", &got) && got == 0);
	names_cleanup(&t);
	free(v);
}

/* Pop everything: "item@due" lines. */
static char *
drain(struct sched_queue *q)
{
	static char out[65536];
	size_t	 len = 0, i;
	int64_t	 due;

	out[0] = '\0';
	while (sched_queue_first(q, &i, &due)) {
		CHECK_INT_EQ((long)sched_queue_pop(q), (long)i);
		CHECK(!sched_queue_has(q, i));
		len += (size_t)snprintf(out + len, sizeof out - len, "%zu@%lld ",
		    i, (long long)(due - NOW));
	}
	return out;
}

static int
cmp_ent(const void *a, const void *b)
{
	const struct sched_qent *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

static void
test_queue(void)
{
	struct sched_queue q;
	struct sched_qent *want;
	size_t	 i, n = 5000, got, last;
	int64_t	 due, lastdue;
	unsigned seed = 7;
	int	 bad = 0;

	/* Ties go in item order; moving and removing. */
	sched_queue_init(&q, 6);
	CHECK(!sched_queue_first(&q, &i, &due));
	sched_queue_set(&q, 3, NOW + 5);
	sched_queue_set(&q, 1, NOW + 5);
	sched_queue_set(&q, 4, NOW);
	sched_queue_set(&q, 0, NOW + 9);
	sched_queue_set(&q, 2, NOW + 1);
	sched_queue_set(&q, 5, NOW + 5);
	sched_queue_set(&q, 9, NOW);		/* no such item: ignored */
	CHECK_STR_EQ(drain(&q), "4@0 2@1 1@5 3@5 5@5 0@9 ");
	sched_queue_set(&q, 3, NOW + 5);
	sched_queue_set(&q, 1, NOW + 5);
	sched_queue_set(&q, 4, NOW);
	sched_queue_set(&q, 0, NOW + 9);
	sched_queue_set(&q, 2, NOW + 1);
	sched_queue_set(&q, 0, NOW - 1);	/* earlier */
	sched_queue_set(&q, 4, NOW + 7);	/* later */
	sched_queue_set(&q, 3, NOW + 5);	/* the same */
	sched_queue_remove(&q, 2);
	sched_queue_remove(&q, 2);		/* not queued: nothing */
	sched_queue_remove(&q, 5);
	CHECK(sched_queue_has(&q, 1) && !sched_queue_has(&q, 2));
	CHECK_STR_EQ(drain(&q), "0@-1 1@5 3@5 4@7 ");
	sched_queue_cleanup(&q);

	/*
	 * Many items at random times, some moved, a third removed (the
	 * sources a reload drops): what comes out is every item left,
	 * sorted by time and then item.
	 */
	sched_queue_init(&q, n);
	want = calloc(n, sizeof *want);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		want[i].item = i;
		want[i].due = NOW + (int64_t)(seed >> 8) % 600;
		sched_queue_set(&q, i, want[i].due);
	}
	for (i = 0; i < n; i += 7) {
		want[i].due -= 300;
		sched_queue_set(&q, i, want[i].due);
	}
	for (i = 1; i < n; i += 3) {
		sched_queue_remove(&q, i);
		want[i].due = INT64_MAX;
	}
	qsort(want, n, sizeof *want, cmp_ent);
	last = 0;
	lastdue = INT64_MIN;
	for (i = 0; sched_queue_first(&q, &got, &due); i++) {
		if (got != sched_queue_pop(&q) || want[i].item != got ||
		    want[i].due != due || due < lastdue ||
		    (due == lastdue && got < last))
			bad++;
		last = got;
		lastdue = due;
	}
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ((long)i, (long)(n - (n - 1 + 2) / 3));
	CHECK(want[i].due == INT64_MAX);
	free(want);
	sched_queue_cleanup(&q);
}

int
main(void)
{
	test_first();
	test_next();
	test_headers();
	test_skip();
	test_hosts();
	test_hosts_more();
	test_names();
	test_queue();
	return tap_done();
}
