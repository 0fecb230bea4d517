/* SPDX-License-Identifier: MIT */
/*
 * The news lifecycle: embargoes, withheld and canceled stories, and
 * which of two versions of a story is the newer one.
 */
#include "config.h"
#include "read/lifecycle.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

bool
lifecycle_pass(const struct article *a, int64_t now, const char **why)
{
	const char *w = NULL;

	if (a->pubstatus == PUBSTATUS_CANCELED || a->signal == SIGNAL_KILL)
		w = "canceled";
	else if (a->pubstatus == PUBSTATUS_WITHHELD)
		w = "withheld";
	else if (a->embargo_until.t != 0 && a->embargo_until.t > now)
		w = "embargoed";
	if (why != NULL)
		*why = w;
	return w == NULL;
}

int64_t
lifecycle_clock(int64_t now)
{
	return now != 0 ? now : (int64_t)time(NULL);
}

/* A version string as a number, or -1 when it is not one. */
static long long
version_number(const char *v)
{
	char	*end;
	long long n;

	if (v == NULL || *v == '\0')
		return -1;
	n = strtoll(v, &end, 10);
	return *end == '\0' && n >= 0 ? n : -1;
}

int
lifecycle_newer(const struct article *a, const struct article *b)
{
	long long va, vb;

	va = version_number(a->version);
	vb = version_number(b->version);
	if (va >= 0 && vb >= 0 && va != vb)
		return va > vb ? 1 : -1;
	if (a->updated.t != b->updated.t)
		return a->updated.t > b->updated.t ? 1 : -1;
	if (a->published.t != b->published.t)
		return a->published.t > b->published.t ? 1 : -1;
	return 0;
}
