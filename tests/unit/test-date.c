/* SPDX-License-Identifier: MIT */
/*
 * Date parsing and formatting. Most parse cases are data: every line of
 * date-vectors.tsv (feedparser's vectors and ours) is one check; the
 * code here covers formatting, date_timegm and what a file cannot hold.
 */
#include "config.h"

#include <stdlib.h>

#include "tap.h"
#include "util/date.h"

#define VECTORS	"date-vectors.tsv"

/* Open the vectors: $top_srcdir/tests/unit, else beside this source. */
static FILE *
open_vectors(char *path, size_t size)
{
	const char *top = getenv("top_srcdir");
	const char *slash = strrchr(__FILE__, '/');
	FILE	*fp;

	if (top != NULL && *top != '\0') {
		snprintf(path, size, "%s/tests/unit/%s", top, VECTORS);
		if ((fp = fopen(path, "r")) != NULL)
			return fp;
	}
	if (slash != NULL)
		snprintf(path, size, "%.*s/%s", (int)(slash - __FILE__),
		    __FILE__, VECTORS);
	else
		snprintf(path, size, "%s", VECTORS);
	return fopen(path, "r");
}

/* s made printable for a TAP line: control characters escaped, capped. */
static const char *
label(const char *s, char *buf, size_t size)
{
	size_t	 o = 0;

	for (; *s != '\0' && o + 5 < size; s++) {
		if ((unsigned char)*s < 0x20) {
			snprintf(buf + o, size - o, "\\x%02x", *s);
			o += 4;
		} else
			buf[o++] = *s;
	}
	buf[o] = '\0';
	return buf;
}

/* One vector line: input, expected UTC or "null", optional local form. */
static void
check_vector(char *line, int lineno)
{
	struct when w = { 0, 0, false };
	char	*input = line, *want, *local, got[DATE_BUF], name[256];
	bool	 ok;

	line[strcspn(line, "\r\n")] = '\0';
	if ((want = strchr(input, '\t')) == NULL) {
		CHECK_MSG(0, "line %d: no tab", lineno);
		return;
	}
	*want++ = '\0';
	if ((local = strchr(want, '\t')) != NULL)
		*local++ = '\0';
	ok = date_parse(input, &w);
	if (strcmp(want, "null") == 0) {
		CHECK_MSG(!ok, "line %d: \"%s\" is rejected", lineno,
		    label(input, name, sizeof(name)));
		if (ok) {
			date_format_rfc3339(w.t, got);
			printf("#   got %s\n", got);
		}
		return;
	}
	if (ok)
		date_format_rfc3339(w.t, got);
	else
		snprintf(got, sizeof(got), "(rejected)");
	CHECK_MSG(strcmp(got, want) == 0, "line %d: \"%s\" is %.40s%s%.40s",
	    lineno, label(input, name, sizeof(name)), want, local ? " = " : "",
	    local ? local : "");
	if (strcmp(got, want) != 0)
		printf("#   got %s\n", got);
	if (ok && local != NULL) {
		date_format_rfc3339_local(&w, got);
		if (strcmp(got, local) != 0) {
			CHECK_MSG(0, "line %d: local time", lineno);
			printf("#   got %s, expected %s\n", got, local);
		}
	}
}

static void
test_vectors(void)
{
	char	 path[4096], line[1024];
	FILE	*fp;
	int	 lineno = 0, n = 0;

	fp = open_vectors(path, sizeof(path));
	CHECK_MSG(fp != NULL, "open %.400s", path);
	if (fp == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		check_vector(line, lineno);
		n++;
	}
	fclose(fp);
	CHECK_MSG(n >= 48 + 60, "%d vectors read from %.400s", n, path);
}

static void
check_parse(const char *s, const char *want, int tz, bool has_tz)
{
	struct when w = { 0, 0, false };
	char	 got[DATE_BUF], name[256];
	bool	 ok = date_parse(s, &w);

	if (ok)
		date_format_rfc3339(w.t, got);
	else
		snprintf(got, sizeof(got), "(rejected)");
	ok = ok && strcmp(got, want) == 0 && w.tz == tz && w.has_tz == has_tz;
	CHECK_MSG(ok, "\"%s\" is %s, tz %d, has_tz %d",
	    label(s, name, sizeof(name)), want, tz, has_tz);
	if (!ok)
		printf("#   got %s, tz %d, has_tz %d\n", got, w.tz, w.has_tz);
}

/* Cases a tab-separated file cannot hold, and the tz fields. */
static void
test_parse_extra(void)
{
	struct when w = { 42, 7, true };

	check_parse("\tThu , \t 09  Feb\t2006  23:59:45\t +0000\n",
	    "2006-02-09T23:59:45Z", 0, true);
	check_parse("2003-12-13T18:30:02+05:30", "2003-12-13T13:00:02Z",
	    330, true);
	check_parse("Mon, 05 Jan 2004 10:00:00 PST", "2004-01-05T18:00:00Z",
	    -480, true);
	check_parse("Mon, 05 Jan 2004 10:00:00", "2004-01-05T10:00:00Z",
	    0, false);
	check_parse("Mon, 05 Jan 2004 10:00:00 -0000", "2004-01-05T10:00:00Z",
	    0, false);
	check_parse("Mon, 05 Jan 2004 10:00:00 Q", "2004-01-05T10:00:00Z",
	    0, false);
	check_parse("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z",
	    540, true);

	/* Rejection leaves *out alone. */
	CHECK(!date_parse("", &w));
	CHECK(!date_parse(NULL, &w));
	CHECK(!date_parse("Mon, 30 Feb 2004", &w));
	CHECK(w.t == 42 && w.tz == 7 && w.has_tz);
}

/* Every English abbreviation and full name, in any case. */
static void
test_month_names(void)
{
	static const char *names[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"
	};
	struct when w;
	char	 s[64], want[DATE_BUF];
	int	 m, len, bad = 0;
	size_t	 i;

	for (m = 0; m < 12; m++) {
		for (len = 3; len <= (int)strlen(names[m]); len++) {
			snprintf(s, sizeof(s), "1 %.*s 2001", len, names[m]);
			for (i = 2; s[i] != ' '; i++)
				if (len % 2)
					s[i] ^= 0x20;
			snprintf(want, sizeof(want),
			    "2001-%02d-01T00:00:00Z", m + 1);
			if (!date_parse(s, &w) ||
			    (date_format_rfc3339(w.t, s), strcmp(s, want))) {
				printf("#   month %d, %d letters\n", m + 1, len);
				bad++;
			}
		}
	}
	CHECK_INT_EQ(bad, 0);
}

static void
check_fmt(int64_t t, const char *want3339, const char *want822)
{
	char	 got[DATE_BUF];

	date_format_rfc3339(t, got);
	CHECK_MSG(strcmp(got, want3339) == 0, "rfc3339(%lld) is %s",
	    (long long)t, want3339);
	if (strcmp(got, want3339) != 0)
		printf("#   got %s\n", got);
	date_format_rfc822(t, got);
	CHECK_MSG(strcmp(got, want822) == 0, "rfc822(%lld) is %s",
	    (long long)t, want822);
	if (strcmp(got, want822) != 0)
		printf("#   got %s\n", got);
}

static void
check_local(int64_t t, int tz, bool has_tz, const char *want)
{
	struct when w = { t, tz, has_tz };
	char	 got[DATE_BUF];

	date_format_rfc3339_local(&w, got);
	CHECK_MSG(strcmp(got, want) == 0, "rfc3339_local(%lld, %d, %d) is %s",
	    (long long)t, tz, has_tz, want);
	if (strcmp(got, want) != 0)
		printf("#   got %s\n", got);
}

static void
test_format(void)
{
	check_fmt(1709629687, "2024-03-05T09:08:07Z",
	    "Tue, 05 Mar 2024 09:08:07 +0000");
	check_fmt(0, "1970-01-01T00:00:00Z",
	    "Thu, 01 Jan 1970 00:00:00 +0000");
	check_fmt(-1, "1969-12-31T23:59:59Z",
	    "Wed, 31 Dec 1969 23:59:59 +0000");
	check_fmt(-2208988800LL, "1900-01-01T00:00:00Z",
	    "Mon, 01 Jan 1900 00:00:00 +0000");
	check_fmt(951782400, "2000-02-29T00:00:00Z",
	    "Tue, 29 Feb 2000 00:00:00 +0000");
	check_fmt(2147483648LL, "2038-01-19T03:14:08Z",
	    "Tue, 19 Jan 2038 03:14:08 +0000");
	check_fmt(253402300799LL, "9999-12-31T23:59:59Z",
	    "Fri, 31 Dec 9999 23:59:59 +0000");
	/* Out of range: clamped to years 1 to 9999, never garbage. */
	check_fmt(INT64_MAX, "9999-12-31T23:59:59Z",
	    "Fri, 31 Dec 9999 23:59:59 +0000");
	check_fmt(INT64_MIN, "0001-01-01T00:00:00Z",
	    "Mon, 01 Jan 0001 00:00:00 +0000");

	check_local(1709629687, 60, true, "2024-03-05T10:08:07+01:00");
	check_local(1709629687, 330, true, "2024-03-05T14:38:07+05:30");
	check_local(1709629687, -480, true, "2024-03-05T01:08:07-08:00");
	check_local(1709629687, -150, true, "2024-03-05T06:38:07-02:30");
	check_local(1709629687, 0, true, "2024-03-05T09:08:07Z");
	check_local(1709629687, 120, false, "2024-03-05T09:08:07Z");
	check_local(1704067199, 780, true, "2024-01-01T12:59:59+13:00");
	check_local(1704067199, -600, true, "2023-12-31T13:59:59-10:00");
}

static void
test_timegm(void)
{
	CHECK_INT_EQ(date_timegm(1970, 1, 1, 0, 0, 0), 0);
	CHECK_INT_EQ(date_timegm(1969, 12, 31, 23, 59, 59), -1);
	CHECK_INT_EQ(date_timegm(2000, 2, 29, 0, 0, 0), 951782400);
	CHECK_INT_EQ(date_timegm(2000, 3, 1, 0, 0, 0) -
	    date_timegm(2000, 2, 28, 0, 0, 0), 2 * 86400);
	CHECK_INT_EQ(date_timegm(1900, 3, 1, 0, 0, 0) -
	    date_timegm(1900, 2, 28, 0, 0, 0), 86400);	/* not leap */
	CHECK_INT_EQ(date_timegm(2100, 3, 1, 0, 0, 0) -
	    date_timegm(2100, 2, 28, 0, 0, 0), 86400);	/* not leap */
	CHECK_INT_EQ(date_timegm(2400, 3, 1, 0, 0, 0) -
	    date_timegm(2400, 2, 28, 0, 0, 0), 2 * 86400);
	CHECK_INT_EQ(date_timegm(1900, 1, 1, 0, 0, 0), -2208988800LL);
	CHECK_INT_EQ(date_timegm(2038, 1, 19, 3, 14, 8), 2147483648LL);
	CHECK_INT_EQ(date_timegm(2106, 2, 7, 6, 28, 16), 4294967296LL);
	CHECK_INT_EQ(date_timegm(9999, 12, 31, 23, 59, 59), 253402300799LL);
	CHECK_INT_EQ(date_timegm(1, 1, 1, 0, 0, 0), -62135596800LL);
	CHECK_INT_EQ(date_timegm(2024, 3, 5, 9, 8, 7), 1709629687);
	/* No range checks: fields roll over as in timegm(3). */
	CHECK_INT_EQ(date_timegm(2003, 13, 1, 0, 0, 0),
	    date_timegm(2004, 1, 1, 0, 0, 0));
	CHECK_INT_EQ(date_timegm(2004, 0, 1, 0, 0, 0),
	    date_timegm(2003, 12, 1, 0, 0, 0));
	CHECK_INT_EQ(date_timegm(2003, 12, 31, 24, 0, 0),
	    date_timegm(2004, 1, 1, 0, 0, 0));
}

/* Every day from 1900 to 9999 survives format -> parse. */
static void
test_roundtrip(void)
{
	struct when w;
	char	 s[DATE_BUF];
	int64_t	 t, end = date_timegm(10000, 1, 1, 0, 0, 0);
	int	 bad = 0;

	for (t = date_timegm(1900, 1, 1, 0, 0, 0); t < end;
	    t += 86400 + 3661) {
		date_format_rfc822(t, s);
		if (!date_parse(s, &w) || w.t != t)
			bad++;
		date_format_rfc3339(t, s);
		if (!date_parse(s, &w) || w.t != t)
			bad++;
	}
	CHECK_INT_EQ(bad, 0);
}

/* Garbage and truncations must not crash or read past the end. */
static void
test_garbage(void)
{
	static const char *seeds[] = {
		"Thu, 09 (nested (c) Mar)Feb(esc\\) 05) 2006()23:59:45 +0000",
		"2004-W53-7T24:00:00.123456789+05:30",
		"Κυρ, 11 Ιούλ 2004 12:00:00 EST 2004년 05월 오후",
		"Mon, 05 Jan 2004 10:00:00 Etc/GMT+5 a.m.",
	};
	static const char alphabet[] = "0123456789:-+.,/ ()TWZ\\aJn\xc2\xa0"
	    "\xce\x99\xea\xb0\x80";
	struct when w;
	char	 s[128];
	size_t	 i, j, n, len;
	uint32_t x = 12345;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		len = strlen(seeds[i]);
		for (n = 0; n <= len; n++) {
			memcpy(s, seeds[i], n);
			s[n] = '\0';
			(void)date_parse(s, &w);
		}
	}
	for (i = 0; i < 100000; i++) {
		n = i % 40;
		for (j = 0; j < n; j++) {
			x = x * 1103515245 + 12345;
			s[j] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		s[n] = '\0';
		(void)date_parse(s, &w);
	}
	CHECK_MSG(1, "garbage survived");
}

int
main(void)
{
	test_vectors();
	test_parse_extra();
	test_month_names();
	test_format();
	test_timegm();
	test_roundtrip();
	test_garbage();
	return tap_done();
}
