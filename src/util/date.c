/* SPDX-License-Identifier: MIT */
/* TEMPORARY: being replaced by the full parser. */
#include "config.h"
#include "util/date.h"

#include <stdio.h>
#include <time.h>

int64_t
date_timegm(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t	 era, yoe, doy, doe, days;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + hh * 3600 + mm * 60 + ss;
}

bool
date_parse(const char *s, struct when *out)
{
	int	 y, mo, d, h, mi, sec;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) == 6) {
		out->t = date_timegm(y, mo, d, h, mi, sec);
		out->tz = 0;
		out->has_tz = true;
		return true;
	}
	return false;
}

void
date_format_rfc3339(int64_t t, char out[DATE_BUF])
{
	struct tm tm;
	time_t	 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(out, DATE_BUF, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
date_format_rfc3339_local(const struct when *w, char out[DATE_BUF])
{
	date_format_rfc3339(w->t, out);
}

void
date_format_rfc822(int64_t t, char out[DATE_BUF])
{
	struct tm tm;
	time_t	 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(out, DATE_BUF, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}
