/* SPDX-License-Identifier: MIT */
/*
 * Polling policy with a fake clock: first polls spread over the
 * interval, the interval and its jitter, stretching by the feed's own
 * interval, exponential backoff up to the ceiling, Retry-After as a
 * lower bound, header parsing, RSS skipHours and skipDays, per-host
 * spacing.
 */
#include "config.h"

#include <stdio.h>

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

int
main(void)
{
	test_first();
	test_next();
	test_headers();
	test_skip();
	test_hosts();
	return tap_done();
}
