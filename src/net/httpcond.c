/* SPDX-License-Identifier: MIT */
/*
 * Conditional requests, content negotiation and the small parsers the
 * server needs, kept apart from libmicrohttpd so they can be tested.
 */
#include "config.h"
#include "net/httpcond.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/date.h"
#include "util/text.h"

void
http_date(int64_t t, char out[HTTP_DATE_BUF])
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;
	time_t	 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1) {
		tt = 0;
		(void)gmtime_r(&tt, &tm);
	}
	snprintf(out, HTTP_DATE_BUF, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Skip spaces, tabs and commas. */
static const char *
skip_sep(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	return p;
}

bool
http_etag_match(const char *inm, const char *const *etags, size_t n)
{
	const char *p = inm, *start;
	size_t	 len, i, elen;

	for (p = skip_sep(p); *p != '\0'; p = skip_sep(p)) {
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"') {
			/* Not an entity tag: skip to the next comma. */
			p += strcspn(p, ",");
			continue;
		}
		start = p++;
		p += strcspn(p, "\"");
		if (*p != '"')
			return false;
		p++;
		len = (size_t)(p - start);
		for (i = 0; i < n; i++) {
			elen = strlen(etags[i]);
			if (strncmp(etags[i], "W/", 2) == 0)
				elen -= 2;
			if (elen == len && memcmp(etags[i] + strlen(etags[i]) -
			    elen, start, len) == 0)
				return true;
		}
	}
	return false;
}

bool
http_not_modified_since(const char *ims, int64_t mtime)
{
	struct when w;

	if (ims == NULL || !date_parse(ims, &w) || w.t <= 0)
		return false;
	return mtime <= w.t;
}

/* The q-value of the parameters at p (up to ',' or the end): 0 or 1. */
static bool
q_positive(const char *p)
{
	const char *end = p + strcspn(p, ",");
	const char *q;

	for (q = p; q < end; q++) {
		if (*q != ';')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if ((*q == 'q' || *q == 'Q') && q[1] == '=') {
			q += 2;
			/* q=0, q=0.0, q=0.000 are zero; anything else is not. */
			if (*q != '0')
				return true;
			q++;
			if (*q == '.')
				q++;
			while (*q == '0')
				q++;
			return *q >= '1' && *q <= '9';
		}
	}
	return true;
}

bool
http_accepts_gzip(const char *ae)
{
	const char *p;
	size_t	 len;
	int	 gzip = -1, star = -1;

	if (ae == NULL)
		return false;
	for (p = skip_sep(ae); *p != '\0'; p = skip_sep(p)) {
		len = strcspn(p, " \t;,");
		if ((len == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (len == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = q_positive(p + len);
		else if (len == 1 && *p == '*')
			star = q_positive(p + len);
		p += strcspn(p, ",");
	}
	if (gzip >= 0)
		return gzip == 1;
	return star == 1;
}

const char *
http_bearer(const char *auth, size_t *len)
{
	const char *p;

	if (auth == NULL || strncasecmp(auth, "Bearer", 6) != 0 ||
	    (auth[6] != ' ' && auth[6] != '\t'))
		return NULL;
	p = auth + 6;
	while (*p == ' ' || *p == '\t')
		p++;
	*len = strcspn(p, " \t");
	if (*len == 0)
		return NULL;
	return p;
}

bool
http_unescape(const char *s, size_t n, char *out, bool plus)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n)
				return false;
			hi = text_hex_value(s[i + 1]);
			lo = text_hex_value(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return false;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus)
			out[o++] = ' ';
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return true;
}
