/* SPDX-License-Identifier: MIT */
/*
 * Dates: parse generously (RFC 822 and the broken variants feeds send,
 * RFC 3339, W3CDTF, ISO 8601 basic and ordinal forms, asctime, a few
 * national formats), write strictly (RFC 822 with a four-digit year,
 * RFC 3339). A date that cannot be parsed is unknown, never "now".
 */
#ifndef FEEDMILL_UTIL_DATE_H
#define FEEDMILL_UTIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* A moment: UTC seconds (0 = unknown) plus the offset it was written in. */
struct when {
	int64_t	 t;		/* seconds since 1970-01-01T00:00:00Z; 0 = unknown */
	int	 tz;		/* original UTC offset in minutes (east positive) */
	bool	 has_tz;	/* the source gave an offset or zone */
};

#define DATE_BUF	40

/*
 * Parse s; on success fill *out and return true. Dates without a zone
 * are taken as UTC (has_tz false). Dates without a time are midnight.
 * Years are accepted from 1900 to 9999; two-digit years follow RFC 2822
 * (below 50 is 20xx). On failure *out is untouched. The epoch itself
 * parses to t == 0, which callers will read as unknown.
 */
bool	 date_parse(const char *s, struct when *out);

/*
 * "2024-03-05T09:08:07Z" (UTC). out holds DATE_BUF bytes. The formatters
 * clamp t to years 1 to 9999, so their output is always well-formed.
 */
void	 date_format_rfc3339(int64_t t, char out[DATE_BUF]);
/* "2024-03-05T10:08:07+01:00" in the original offset when known. */
void	 date_format_rfc3339_local(const struct when *w, char out[DATE_BUF]);
/* "Tue, 05 Mar 2024 09:08:07 +0000" (UTC, four-digit year). */
void	 date_format_rfc822(int64_t t, char out[DATE_BUF]);

/* Days-from-civil: seconds for a UTC calendar time (no range checks). */
int64_t	 date_timegm(int year, int mon, int day, int hour, int min, int sec);

#endif
