/* SPDX-License-Identifier: MIT */
/*
 * Dates without libc's locale or TZ machinery: every month, weekday and
 * zone name lives in a table below, so results never depend on the
 * environment and every function is thread-safe and allocation-free.
 * The file runs past 600 lines because those tables are here.
 */
#include "config.h"
#include "util/date.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

/*
 * Parsing happens in at most two passes. iso_parse() accepts only whole
 * ISO 8601 shapes (RFC 3339, W3CDTF, basic, ordinal and week dates, the
 * two-digit-year forms feedparser knows). Anything else goes to the word
 * scanner, which reads tokens left to right (numbers, times, offsets,
 * names, RFC 822 comments) and decides at the end which loose number is
 * the day and which the year. Both fill a struct fields; finish() checks
 * ranges and computes the UTC seconds.
 */
struct fields {
	int	 year, mon, day;	/* -1 = not given */
	int	 yday;			/* ordinal day ("2003-335"), or 0 */
	int	 week, wday;		/* ISO week date ("2004-W01-1"), or 0 */
	int	 hour, min, sec;
	int	 tz;			/* minutes east of UTC */
	bool	 has_tz;
};

#define WORD_MAX	48	/* longest foldable name, in bytes */

/* A name in a lookup table: folded spelling, shortest prefix, value. */
struct name {
	const char	*s;	/* lower case, unaccented (see fold_word) */
	unsigned char	 min;	/* prefixes of at least min chars match; 0: exact */
	short		 val;
};

static const short cumdays[13] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365
};

static const char wdays[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char mnames[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/*
 * Month names. Several languages share a table because a month name is
 * not ambiguous across them: no prefix an entry accepts (min characters
 * or more) is accepted by an entry for another month. Keep it so.
 */
static const struct name months[] = {
	/* English, and many three-letter forms of other languages */
	{ "january", 3, 1 }, { "february", 3, 2 }, { "march", 3, 3 },
	{ "april", 3, 4 }, { "may", 3, 5 }, { "june", 3, 6 },
	{ "july", 3, 7 }, { "august", 3, 8 }, { "september", 3, 9 },
	{ "october", 3, 10 }, { "november", 3, 11 }, { "december", 3, 12 },
	/* German, Dutch */
	{ "januar", 3, 1 }, { "janner", 3, 1 }, { "januari", 3, 1 },
	{ "februar", 3, 2 }, { "februari", 3, 2 }, { "marz", 3, 3 },
	{ "maerz", 4, 3 }, { "maart", 3, 3 }, { "mrt", 0, 3 },
	{ "mai", 0, 5 }, { "mei", 0, 5 }, { "juni", 0, 6 }, { "juli", 0, 7 },
	{ "augustus", 3, 8 }, { "oktober", 3, 10 }, { "dezember", 3, 12 },
	/* French */
	{ "janvier", 3, 1 }, { "fevrier", 3, 2 }, { "mars", 0, 3 },
	{ "avril", 3, 4 }, { "juin", 0, 6 }, { "juillet", 4, 7 },
	{ "aout", 0, 8 }, { "septembre", 3, 9 }, { "octobre", 3, 10 },
	{ "novembre", 3, 11 }, { "decembre", 3, 12 },
	/* Spanish, Italian, Portuguese */
	{ "enero", 3, 1 }, { "gennaio", 3, 1 }, { "janeiro", 3, 1 },
	{ "febrero", 3, 2 }, { "febbraio", 3, 2 }, { "fevereiro", 3, 2 },
	{ "marzo", 3, 3 }, { "marco", 3, 3 }, { "abril", 3, 4 },
	{ "aprile", 3, 4 }, { "mayo", 0, 5 }, { "maggio", 3, 5 },
	{ "maio", 0, 5 }, { "junio", 3, 6 }, { "giugno", 3, 6 },
	{ "junho", 3, 6 }, { "julio", 3, 7 }, { "luglio", 3, 7 },
	{ "julho", 3, 7 }, { "agosto", 3, 8 }, { "septiembre", 3, 9 },
	{ "setiembre", 3, 9 }, { "settembre", 3, 9 }, { "setembro", 3, 9 },
	{ "octubre", 3, 10 }, { "ottobre", 3, 10 }, { "outubro", 3, 10 },
	{ "noviembre", 3, 11 }, { "novembro", 3, 11 },
	{ "diciembre", 3, 12 }, { "dicembre", 3, 12 }, { "dezembro", 3, 12 },
	/* Hungarian ("szept." but not "sze", which is Wednesday) */
	{ "marcius", 3, 3 }, { "aprilis", 3, 4 }, { "majus", 3, 5 },
	{ "junius", 3, 6 }, { "julius", 3, 7 }, { "augusztus", 3, 8 },
	{ "szeptember", 4, 9 },
	/* Greek, nominative and genitive ("Ιουν" and "Ιουλ" need four) */
	{ "ιανουαριος", 3, 1 }, { "ιανουαριου", 3, 1 },
	{ "φεβρουαριος", 3, 2 }, { "φεβρουαριου", 3, 2 },
	{ "μαρτιος", 3, 3 }, { "μαρτιου", 3, 3 },
	{ "απριλιος", 3, 4 }, { "απριλιου", 3, 4 },
	{ "μαιος", 3, 5 }, { "μαιου", 3, 5 }, { "μαη", 0, 5 },
	{ "ιουνιος", 4, 6 }, { "ιουνιου", 4, 6 },
	{ "ιουλιος", 4, 7 }, { "ιουλιου", 4, 7 },
	{ "αυγουστος", 3, 8 }, { "αυγουστου", 3, 8 },
	{ "σεπτεμβριος", 3, 9 }, { "σεπτεμβριου", 3, 9 },
	{ "οκτωβριος", 3, 10 }, { "οκτωβριου", 3, 10 },
	{ "νοεμβριος", 3, 11 }, { "νοεμβριου", 3, 11 },
	{ "δεκεμβριος", 3, 12 }, { "δεκεμβριου", 3, 12 },
};

/* Weekday names: recognized only to be skipped, so no values. */
static const struct name weekdays[] = {
	{ "sunday", 3, 0 }, { "monday", 3, 0 }, { "tuesday", 3, 0 },
	{ "wednesday", 3, 0 }, { "thursday", 3, 0 }, { "friday", 3, 0 },
	{ "saturday", 3, 0 },
	/* German, Dutch: two-letter abbreviations are the norm */
	{ "sonntag", 2, 0 }, { "montag", 2, 0 }, { "dienstag", 2, 0 },
	{ "mittwoch", 2, 0 }, { "donnerstag", 2, 0 }, { "freitag", 2, 0 },
	{ "samstag", 2, 0 }, { "sonnabend", 2, 0 },
	{ "zondag", 2, 0 }, { "maandag", 2, 0 }, { "dinsdag", 2, 0 },
	{ "woensdag", 2, 0 }, { "donderdag", 2, 0 }, { "vrijdag", 2, 0 },
	{ "zaterdag", 2, 0 },
	/* French, Spanish, Italian, Portuguese */
	{ "dimanche", 3, 0 }, { "lundi", 3, 0 }, { "mardi", 3, 0 },
	{ "mercredi", 3, 0 }, { "jeudi", 3, 0 }, { "vendredi", 3, 0 },
	{ "samedi", 3, 0 },
	{ "domingo", 3, 0 }, { "lunes", 3, 0 }, { "martes", 3, 0 },
	{ "miercoles", 3, 0 }, { "jueves", 3, 0 }, { "viernes", 3, 0 },
	{ "sabado", 3, 0 },
	{ "domenica", 3, 0 }, { "lunedi", 3, 0 }, { "martedi", 3, 0 },
	{ "mercoledi", 3, 0 }, { "giovedi", 3, 0 }, { "venerdi", 3, 0 },
	{ "sabato", 3, 0 },
	{ "segunda", 3, 0 }, { "terca", 3, 0 }, { "quarta", 3, 0 },
	{ "quinta", 3, 0 }, { "sexta", 3, 0 },
	/* Hungarian, Greek */
	{ "vasarnap", 3, 0 }, { "hetfo", 3, 0 }, { "kedd", 3, 0 },
	{ "szerda", 3, 0 }, { "csutortok", 3, 0 }, { "pentek", 3, 0 },
	{ "szombat", 3, 0 },
	{ "κυριακη", 3, 0 }, { "δευτερα", 3, 0 }, { "τριτη", 3, 0 },
	{ "τεταρτη", 3, 0 }, { "πεμπτη", 3, 0 }, { "παρασκευη", 3, 0 },
	{ "σαββατο", 3, 0 },
};

/*
 * Zone names and their offsets in minutes east. RFC 822 section 5.1
 * gives UT, GMT, Z and the North American zones; the rest are the
 * abbreviations feeds actually send. IST is India (+05:30), CST is North
 * American Central, as most feeds mean. Single letters other than Z are
 * RFC 822 military zones, whose signs that RFC got backwards; RFC 1123
 * section 5.2.14 says to read them as "-0000", offset unknown.
 */
static const struct name zones[] = {
	{ "ut", 0, 0 }, { "utc", 0, 0 }, { "gmt", 0, 0 }, { "z", 0, 0 },
	{ "uct", 0, 0 }, { "wet", 0, 0 }, { "west", 0, 60 },
	{ "bst", 0, 60 }, { "cet", 0, 60 }, { "cest", 0, 120 },
	{ "met", 0, 60 }, { "mest", 0, 120 }, { "mez", 0, 60 },
	{ "mesz", 0, 120 }, { "wat", 0, 60 }, { "eet", 0, 120 },
	{ "eest", 0, 180 }, { "sast", 0, 120 }, { "cat", 0, 120 },
	{ "eat", 0, 180 }, { "idt", 0, 180 }, { "msk", 0, 180 },
	{ "msd", 0, 240 }, { "pkt", 0, 300 }, { "ist", 0, 330 },
	{ "npt", 0, 345 }, { "ict", 0, 420 }, { "wib", 0, 420 },
	{ "hkt", 0, 480 }, { "sgt", 0, 480 }, { "pht", 0, 480 },
	{ "awst", 0, 480 }, { "jst", 0, 540 }, { "kst", 0, 540 },
	{ "acst", 0, 570 }, { "acdt", 0, 630 }, { "aest", 0, 600 },
	{ "aedt", 0, 660 }, { "nzst", 0, 720 }, { "nzdt", 0, 780 },
	{ "nst", 0, -210 }, { "ndt", 0, -150 }, { "brt", 0, -180 },
	{ "art", 0, -180 }, { "ast", 0, -240 }, { "adt", 0, -180 },
	{ "est", 0, -300 }, { "edt", 0, -240 }, { "cst", 0, -360 },
	{ "cdt", 0, -300 }, { "mst", 0, -420 }, { "mdt", 0, -360 },
	{ "pst", 0, -480 }, { "pdt", 0, -420 }, { "akst", 0, -540 },
	{ "akdt", 0, -480 }, { "hst", 0, -600 }, { "hdt", 0, -540 },
	/* generic North American zones, as feedparser reads them */
	{ "at", 0, -240 }, { "et", 0, -300 }, { "ct", 0, -360 },
	{ "mt", 0, -420 }, { "pt", 0, -480 },
};

/* Words that may sit between the parts of a date ("5 de enero de 2004"). */
static const struct name fillers[] = {
	{ "at", 0, 0 }, { "on", 0, 0 }, { "of", 0, 0 }, { "the", 0, 0 },
	{ "um", 0, 0 }, { "uhr", 0, 0 }, { "de", 0, 0 }, { "del", 0, 0 },
	{ "le", 0, 0 }, { "om", 0, 0 }, { "kl", 0, 0 }, { "den", 0, 0 },
	{ "el", 0, 0 }, { "feira", 0, 0 },
};

/* Words glued to a number that say what it is ("5th", "2004년", "5月"). */
enum mark { MARK_DAY = 1, MARK_MON, MARK_YEAR, MARK_KO_DAY, MARK_KO_MON,
	MARK_KO_YEAR };

static const struct name marks[] = {
	{ "st", 0, MARK_DAY }, { "nd", 0, MARK_DAY }, { "rd", 0, MARK_DAY },
	{ "th", 0, MARK_DAY },
	{ "日", 0, MARK_DAY }, { "月", 0, MARK_MON }, { "年", 0, MARK_YEAR },
	{ "일", 0, MARK_KO_DAY }, { "월", 0, MARK_KO_MON },
	{ "년", 0, MARK_KO_YEAR },
};

/* Before or after the time: "a.m.", "pm", Korean 오전/오후. */
enum ampm { AMPM_NONE, AMPM_AM, AMPM_PM, AMPM_KO_AM, AMPM_KO_PM };

static const struct name ampms[] = {
	{ "am", 0, AMPM_AM }, { "pm", 0, AMPM_PM },
	{ "오전", 0, AMPM_KO_AM }, { "오후", 0, AMPM_KO_PM },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Floor division, so negative times land in the right day. */
static int64_t
fdiv(int64_t a, int64_t b)
{
	int64_t	 q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	return cumdays[m] - cumdays[m - 1] + (m == 2 && is_leap(y));
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian; m may overflow. */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	 p;

	y += fdiv(m - 1, 12);
	m -= fdiv(m - 1, 12) * 12;
	p = y - 1;
	/* 719162 days lie between 0001-01-01 and 1970-01-01. */
	return p * 365 + fdiv(p, 4) - fdiv(p, 100) + fdiv(p, 400) +
	    cumdays[m - 1] + (m > 2 && is_leap(y)) + d - 1 - 719162;
}

/* The inverse: peel off 400-, 100-, 4- and 1-year cycles. */
static void
civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t	 z, n400, n100, n4, n1;
	int	 leap, i;

	z = days + 719162;
	n400 = fdiv(z, 146097);
	z -= n400 * 146097;
	n100 = z / 36524;
	if (n100 == 4)		/* the last day of a 400-year cycle */
		n100 = 3;
	z -= n100 * 36524;
	n4 = z / 1461;
	z -= n4 * 1461;
	n1 = z / 365;
	if (n1 == 4)		/* the last day of a leap year */
		n1 = 3;
	z -= n1 * 365;
	*y = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
	leap = is_leap(*y);
	for (i = 1; i < 12; i++)
		if (z < cumdays[i] + (i >= 2 && leap))
			break;
	*m = i;
	*d = (int)(z - cumdays[i - 1] - (i > 2 && leap)) + 1;
}

int64_t
date_timegm(int year, int mon, int day, int hour, int min, int sec)
{
	return days_from_civil(year, mon, day) * 86400 +
	    (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
}

/* Broken-down UTC time, clamped to years 1 to 9999. */
struct parts {
	int	 year, mon, day, hour, min, sec, wday;
};

static void
split(int64_t t, struct parts *p)
{
	const int64_t lo = -62135596800LL;	/* 0001-01-01T00:00:00Z */
	const int64_t hi = 253402300799LL;	/* 9999-12-31T23:59:59Z */
	int64_t	 days, s, y;

	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	days = fdiv(t, 86400);
	s = t - days * 86400;
	civil_from_days(days, &y, &p->mon, &p->day);
	p->year = (int)y;
	p->hour = (int)(s / 3600);
	p->min = (int)(s / 60 % 60);
	p->sec = (int)(s % 60);
	/* 1970-01-01 was a Thursday. */
	p->wday = (int)(days + 4 - fdiv(days + 4, 7) * 7);
}

/* v (0 <= v < 10^n) as n digits with leading zeros at p; returns p + n. */
static char *
put_digits(char *p, int v, int n)
{
	int	 i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/*
 * "YYYY-MM-DDThh:mm:ss" at out (split() keeps the year in 1 .. 9999);
 * returns the end. Formatted by hand: printf costs more than the rest
 * of a story's dump.
 */
static char *
put_rfc3339(char *out, const struct parts *p)
{
	out = put_digits(out, p->year, 4);
	*out++ = '-';
	out = put_digits(out, p->mon, 2);
	*out++ = '-';
	out = put_digits(out, p->day, 2);
	*out++ = 'T';
	out = put_digits(out, p->hour, 2);
	*out++ = ':';
	out = put_digits(out, p->min, 2);
	*out++ = ':';
	return put_digits(out, p->sec, 2);
}

void
date_format_rfc3339(int64_t t, char out[DATE_BUF])
{
	struct parts p;
	char	*e;

	split(t, &p);
	e = put_rfc3339(out, &p);
	e[0] = 'Z';
	e[1] = '\0';
}

void
date_format_rfc3339_local(const struct when *w, char out[DATE_BUF])
{
	struct parts p;
	int	 tz = w->tz;
	char	*e;

	/* Offsets beyond a day are not offsets; RFC 3339 caps hours at 23. */
	if (!w->has_tz || tz == 0 || tz <= -24 * 60 || tz >= 24 * 60) {
		date_format_rfc3339(w->t, out);
		return;
	}
	split(w->t + (int64_t)tz * 60, &p);
	e = put_rfc3339(out, &p);
	*e++ = tz < 0 ? '-' : '+';
	e = put_digits(e, (tz < 0 ? -tz : tz) / 60, 2);
	*e++ = ':';
	e = put_digits(e, (tz < 0 ? -tz : tz) % 60, 2);
	*e = '\0';
}

void
date_format_rfc822(int64_t t, char out[DATE_BUF])
{
	struct parts p;

	split(t, &p);
	snprintf(out, DATE_BUF, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    wdays[p.wday], p.day, mnames[p.mon - 1], p.year, p.hour, p.min,
	    p.sec);
}

/*
 * Check ranges and turn the fields into *out. Leap seconds (:60) are
 * accepted and roll into the next minute; "24:00:00" is the next day's
 * midnight (ISO 8601). *out is untouched on failure.
 */
static bool
finish(const struct fields *f, struct when *out)
{
	int64_t	 days, d4;
	int64_t	 y;
	int	 m, d;

	if (f->year < 1900 || f->year > 9999)
		return false;
	if (f->week != 0) {
		if (f->week < 1 || f->week > 53 || f->wday < 1 || f->wday > 7)
			return false;
		/* Week 1 is the one with January 4th in it. */
		d4 = days_from_civil(f->year, 1, 4);
		days = d4 - (d4 + 3 - fdiv(d4 + 3, 7) * 7) +
		    (f->week - 1) * 7;
		/* Its Thursday must still be in the year (week 53). */
		civil_from_days(days + 3, &y, &m, &d);
		if (y != f->year)
			return false;
		days += f->wday - 1;
	} else if (f->yday != 0) {
		if (f->yday < 1 || f->yday > 365 + is_leap(f->year))
			return false;
		days = days_from_civil(f->year, 1, 1) + f->yday - 1;
	} else {
		if (f->mon < 1 || f->mon > 12 || f->day < 1 ||
		    f->day > month_days(f->year, f->mon))
			return false;
		days = days_from_civil(f->year, f->mon, f->day);
	}
	if (f->hour == 24) {
		if (f->min != 0 || f->sec != 0)
			return false;
	} else if (f->hour < 0 || f->hour > 23)
		return false;
	if (f->min < 0 || f->min > 59 || f->sec < 0 || f->sec > 60)
		return false;
	if (f->tz <= -24 * 60 || f->tz >= 24 * 60)
		return false;
	out->t = days * 86400 + f->hour * 3600 + f->min * 60 + f->sec -
	    (int64_t)f->tz * 60;
	out->tz = f->has_tz ? f->tz : 0;
	out->has_tz = f->has_tz;
	return true;
}

/* Bytes of the blank at p: ASCII white space or U+00A0 NO-BREAK SPACE. */
static int
blank_len(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	    *p == '\f' || *p == '\v')
		return 1;
	if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
		return 2;
	return 0;
}

static const char *
skip_blanks(const char *p)
{
	int	 n;

	while ((n = blank_len(p)) > 0)
		p += n;
	return p;
}

/* A letter of a name: ASCII, or any non-ASCII byte but a no-break space. */
static bool
is_word(const char *p)
{
	return text_is_alpha(*p) ||
	    ((unsigned char)*p >= 0x80 && blank_len(p) == 0);
}

static int
ndigits(const char *p)
{
	int	 n = 0;

	while (text_is_digit(p[n]))
		n++;
	return n;
}

/* The value of the n (at most 9) digits at p. */
static int
num(const char *p, int n)
{
	int	 v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/*
 * RFC 2822 section 4.3: a two-digit year below 50 is 20xx, otherwise
 * 19xx; a three-digit year counts from 1900 (a C tm_year leaking out).
 */
static int
expand_year(int v, int len)
{
	if (len <= 2)
		return v < 50 ? 2000 + v : 1900 + v;
	if (len == 3)
		return 1900 + v;
	return v;
}

/* Lower case, and drop the accents from Latin-1 and Greek letters. */
static unsigned
fold_char(unsigned c)
{
	/* U+00C0 to U+00FF; '.' keeps the character as it is */
	static const char latin1[] =
	    "aaaaaa.ceeeeiiii.nooooo.ouuuuy.." "aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";

	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xff)
		return latin1[c - 0xc0] == '.' ? c :
		    (unsigned char)latin1[c - 0xc0];
	switch (c) {
	case 0x150: case 0x151:				/* Hungarian ő */
		return 'o';
	case 0x170: case 0x171:				/* Hungarian ű */
		return 'u';
	case 0x386: case 0x3ac:				/* ά */
		return 0x3b1;
	case 0x388: case 0x3ad:				/* έ */
		return 0x3b5;
	case 0x389: case 0x3ae:				/* ή */
		return 0x3b7;
	case 0x38a: case 0x3af: case 0x390: case 0x3aa: case 0x3ca:
		return 0x3b9;				/* ί ΐ ϊ */
	case 0x38c: case 0x3cc:				/* ό */
		return 0x3bf;
	case 0x38e: case 0x3cd: case 0x3b0: case 0x3ab: case 0x3cb:
		return 0x3c5;				/* ύ ΰ ϋ */
	case 0x38f: case 0x3ce:				/* ώ */
		return 0x3c9;
	case 0x3c2:					/* final ς */
		return 0x3c3;
	}
	if (c >= 0x391 && c <= 0x3a9)			/* capital Greek */
		return c + 0x20;
	return c;
}

/*
 * Fold the n bytes of UTF-8 at w for table lookup into out, NUL-ended,
 * and count its characters in *nchars. False when w is not UTF-8 or is
 * too long to be a name.
 */
static bool
fold_word(const char *w, size_t n, char out[WORD_MAX], size_t *nchars)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t	 i = 0, o = 0, k, j;
	unsigned c;

	*nchars = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			c = s[i];
			k = 1;
		} else if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			c = s[i] & 0x1f;
			k = 2;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			c = s[i] & 0x0f;
			k = 3;
		} else
			return false;
		if (i + k > n)
			return false;
		for (j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (s[i + j] & 0x3f);
		}
		i += k;
		c = fold_char(c);
		if (o + 4 > WORD_MAX)
			return false;
		if (c < 0x80)
			out[o++] = (char)c;
		else if (c < 0x800) {
			out[o++] = (char)(0xc0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[o++] = (char)(0xe0 | c >> 12);
			out[o++] = (char)(0x80 | (c >> 6 & 0x3f));
			out[o++] = (char)(0x80 | (c & 0x3f));
		}
		(*nchars)++;
	}
	out[o] = '\0';
	return o > 0;
}

/*
 * Find a folded word in a table: the whole name, or a prefix of at least
 * min characters ("Sept", "Wednes"). Returns the entry or NULL.
 */
static const struct name *
lookup(const struct name *tab, size_t n, const char *w, size_t nchars)
{
	size_t	 len = strlen(w), i;

	for (i = 0; i < n; i++) {
		if (tab[i].s[0] != w[0] || strncmp(tab[i].s, w, len) != 0)
			continue;
		if (tab[i].s[len] == '\0' ||
		    (tab[i].min != 0 && nchars >= tab[i].min))
			return &tab[i];
	}
	return NULL;
}

/*
 * A numeric offset at *pp: +hh, +hhmm, +hh:mm, +h, +hmm, +h:mm. Sets
 * *tz and *known (false for "-0000" and "-00:00", which RFC 2822 3.3 and
 * RFC 3339 4.3 define as "UTC, local offset unknown"). An offset glued
 * to letters or digits ("-06:00Textra", "+00:zz") is malformed.
 */
static bool
parse_offset(const char **pp, int *tz, bool *known)
{
	const char *p = *pp;
	int	 neg = *p == '-', n, h, m = 0;

	p++;
	n = ndigits(p);
	if (n == 1 || n == 2) {
		h = num(p, n);
		p += n;
		if (*p == ':') {
			if (ndigits(p + 1) != 2)
				return false;
			m = num(p + 1, 2);
			p += 3;
		}
	} else if (n == 3 || n == 4) {
		h = num(p, n - 2);
		m = num(p + n - 2, 2);
		p += n;
	} else
		return false;
	if (h > 23 || m > 59 || *p == ':' || text_is_digit(*p) || is_word(p))
		return false;
	*tz = neg ? -(h * 60 + m) : h * 60 + m;
	*known = !(neg && *tz == 0);
	*pp = p;
	return true;
}

/*
 * A zone name at *pp (already known to start a word), with an optional
 * offset glued on as in "GMT+2" or "UTC-05:00". With etc set the name
 * followed "Etc/", where POSIX turns the sign around: "Etc/GMT+5" is
 * five hours west. Returns false if the word is not a zone.
 */
static bool
parse_zone(const char **pp, bool etc, int *tz, bool *known)
{
	const struct name *z;
	const char *p = *pp, *w = p;
	char	 fw[WORD_MAX];
	size_t	 nch;
	int	 off;
	bool	 offknown;

	while (is_word(p))
		p++;
	if (!fold_word(w, (size_t)(p - w), fw, &nch))
		return false;
	if (nch == 1 && fw[0] >= 'a' && fw[0] <= 'y' && fw[0] != 'j') {
		/* RFC 822 military zone: UTC, offset unknown. */
		*tz = 0;
		*known = false;
	} else if ((z = lookup(zones, NELEM(zones), fw, nch)) == NULL)
		return false;
	else {
		*tz = z->val;
		*known = true;
	}
	if (*known && *tz == 0 && (*p == '+' || *p == '-') &&
	    text_is_digit(p[1])) {
		if (!parse_offset(&p, &off, &offknown))
			return false;
		*tz = etc ? -off : off;
	}
	if (text_is_digit(*p))
		return false;	/* "EST5EDT", "Z2" */
	*pp = p;
	return true;
}

/*
 * ISO 8601 date after a four-digit year at *pp: "", "-MM", "-MM-DD",
 * "-0MM-DD" (sic, in feedparser's vectors), "-DDD", "-Www", "-Www-D",
 * "Www", "WwwD". *full says whether a time may follow.
 */
static bool
iso_after_year(const char **pp, struct fields *f, bool *full)
{
	const char *p = *pp;
	bool	 dash = false;
	int	 n;

	*full = true;
	if (*p == '-') {
		dash = true;
		p++;
	}
	if (*p == 'W' || *p == 'w') {
		if (ndigits(p + 1) < 2)
			return false;
		f->week = num(p + 1, 2);
		p += 3;
		f->wday = 1;
		if (dash && *p == '-')
			p++;
		else if (dash && text_is_digit(*p))
			return false;
		if (text_is_digit(*p)) {
			f->wday = num(p, 1);
			p++;
		} else
			*full = false;
	} else if (!dash) {
		f->mon = f->day = 1;
		*full = false;
	} else if ((n = ndigits(p)) == 2) {
		f->mon = num(p, 2);
		p += 2;
		if (*p == '-') {
			if (ndigits(p + 1) != 2)
				return false;
			f->day = num(p + 1, 2);
			p += 3;
		} else {
			f->day = 1;
			*full = false;
		}
	} else if (n == 3 && p[0] == '0' && p[3] == '-' &&
	    ndigits(p + 4) == 2) {
		f->mon = num(p + 1, 2);
		f->day = num(p + 4, 2);
		p += 6;
	} else if (n == 3) {
		f->yday = num(p, 3);
		p += 3;
	} else
		return false;
	*pp = p;
	return true;
}

/*
 * The time of an ISO 8601 date-time, if any, at *pp: separator T, t or
 * blanks (blanks around the T too), then hh:mm[:ss], hh, hhmm or
 * hhmmss, a fraction, and a zone: Z, an offset, or a zone name.
 */
static bool
iso_time(const char **pp, struct fields *f)
{
	const char *p = *pp, *q;
	int	 n;

	q = skip_blanks(p);
	if (*q == 'T' || *q == 't')
		q = skip_blanks(q + 1);
	else if (*q == '\0') {
		*pp = q;
		return true;
	} else if (q == p)
		return false;
	p = q;
	n = ndigits(p);
	if (n == 1 || n == 2) {
		f->hour = num(p, n);
		p += n;
		if (*p != ':' && n == 2)
			goto frac;	/* "T10": hours only */
		if (*p != ':' || ndigits(p + 1) != 2)
			return false;
		f->min = num(p + 1, 2);
		p += 3;
		if (*p == ':') {
			if (ndigits(p + 1) != 2)
				return false;
			f->sec = num(p + 1, 2);
			p += 3;
		}
	} else if (n == 4 || n == 6) {
		f->hour = num(p, 2);
		f->min = num(p + 2, 2);
		if (n == 6)
			f->sec = num(p + 4, 2);
		p += n;
	} else
		return false;
frac:
	if ((*p == '.' || *p == ',') && text_is_digit(p[1]))
		for (p++; text_is_digit(*p); p++)
			continue;
	q = skip_blanks(p);
	if ((*q == 'Z' || *q == 'z') && !is_word(q + 1)) {
		f->has_tz = true;
		p = q + 1;
	} else if ((*q == '+' || *q == '-') && text_is_digit(q[1])) {
		if (!parse_offset(&q, &f->tz, &f->has_tz))
			return false;
		p = q;
	} else if (text_is_alpha(*q)) {
		if (!parse_zone(&q, false, &f->tz, &f->has_tz))
			return false;
		p = q;
	}
	*pp = p;
	return true;
}

/* ISO 8601's truncated years after the leading '-': YY, YYMM, YY-MM. */
static bool
iso_truncated(const char *p, struct fields *f)
{
	int	 n = ndigits(p);

	if (n != 2 && n != 4)
		return false;
	f->year = expand_year(num(p, 2), 2);
	f->mon = n == 4 ? num(p + 2, 2) : 1;
	f->day = 1;
	p += n;
	if (n == 2 && *p == '-') {
		if (ndigits(p + 1) != 2)
			return false;
		f->mon = num(p + 1, 2);
		p += 3;
	}
	return *skip_blanks(p) == '\0';
}

/*
 * ISO 8601 in its complete shapes only; false hands s to the word
 * scanner. Two-digit years are those of feedparser's vectors: YYMMDD,
 * YY-MM-DD, YYDDD, YY-DDD, -YY, -YYMM, -YY-MM. Forms that need today's
 * year or month (--MM-DD, ---DD, -DDD) are rejected: a parse must not
 * depend on the clock.
 */
static bool
iso_parse(const char *p, struct fields *f)
{
	bool	 full = true;
	int	 n;

	if (*p == '-')
		return iso_truncated(p + 1, f);
	n = ndigits(p);
	switch (n) {
	case 2:			/* YY-MM-DD, YY-DDD */
		f->year = expand_year(num(p, 2), 2);
		if (p[2] != '-')
			return false;
		p += 3;
		if (ndigits(p) == 3) {
			f->yday = num(p, 3);
			p += 3;
		} else if (ndigits(p) == 2 && p[2] == '-' &&
		    ndigits(p + 3) == 2) {
			f->mon = num(p, 2);
			f->day = num(p + 3, 2);
			p += 5;
		} else
			return false;
		break;
	case 4:
		f->year = num(p, 4);
		p += 4;
		if (!iso_after_year(&p, f, &full))
			return false;
		break;
	case 5:			/* YYDDD */
		f->year = expand_year(num(p, 2), 2);
		f->yday = num(p + 2, 3);
		p += 5;
		break;
	case 6:			/* YYMMDD */
		f->year = expand_year(num(p, 2), 2);
		f->mon = num(p + 2, 2);
		f->day = num(p + 4, 2);
		p += 6;
		break;
	case 7:			/* YYYYDDD */
		f->year = num(p, 4);
		f->yday = num(p + 4, 3);
		p += 7;
		break;
	case 8:			/* YYYYMMDD */
		f->year = num(p, 4);
		f->mon = num(p + 4, 2);
		f->day = num(p + 6, 2);
		p += 8;
		break;
	default:
		return false;
	}
	if (full && !iso_time(&p, f))
		return false;
	return *skip_blanks(p) == '\0';
}

/* The word scanner's state. */
#define LOOSE_MAX	3

struct scan {
	struct fields	 f;		/* parts known for sure */
	int		 loose[LOOSE_MAX]; /* numbers that are day or year */
	int		 len[LOOSE_MAX];   /* their digit counts */
	bool		 after_mon[LOOSE_MAX];
	int		 nloose;
	int		 lead;		/* unknown words skipped at the start */
	bool		 started;	/* a number or month has been seen */
	bool		 mon_was_lead;	/* the month is a word that could be
					   a weekday ("mar") and came first */
	bool		 have_time, have_zone, etc, korean;
	enum ampm	 ampm;
};

enum step { STEP_OK, STEP_STOP, STEP_FAIL };

/*
 * Decide which loose numbers are the day and the year: a number of three
 * or four digits is the year; of two small ones, the one after the month
 * name comes last ("5 Jan 04", "Jan 5 04").
 */
static bool
resolve(const struct scan *s, int *year, int *day)
{
	int	 y = s->f.year, d = s->f.day;

	if (s->f.mon < 0)
		return false;
	switch (s->nloose) {
	case 0:
		break;
	case 1:
		if (d < 0 && y >= 0 && s->len[0] <= 2)
			d = s->loose[0];
		else if (y < 0 && d >= 0)
			y = expand_year(s->loose[0], s->len[0]);
		else
			return false;
		break;
	case 2:
		if (y >= 0 || d >= 0)
			return false;
		if (s->len[0] <= 2 && (s->len[1] >= 3 || s->after_mon[1])) {
			d = s->loose[0];
			y = expand_year(s->loose[1], s->len[1]);
		} else if (s->len[0] >= 3 && s->len[1] <= 2) {
			y = s->loose[0];
			d = s->loose[1];
		} else
			return false;
		break;
	default:
		return false;
	}
	if (y < 0 || d < 0)
		return false;
	*year = y;
	*day = d;
	return true;
}

/* Whether the date has all it needs, so anything unknown may end it. */
static bool
complete(const struct scan *s)
{
	int	 y, d;

	return resolve(s, &y, &d);
}

static enum step
stop_or_fail(const struct scan *s)
{
	return complete(s) ? STEP_STOP : STEP_FAIL;
}

/* h:mm[:ss[.frac]] with one- or two-digit fields; "1:2:3:4" is not one. */
static enum step
scan_time(struct scan *s, const char **pp)
{
	const char *p = *pp;
	int	 v[3] = { 0, 0, 0 }, k = 0, n;

	if (s->have_time)
		return stop_or_fail(s);
	for (;;) {
		n = ndigits(p);
		if (n < 1 || n > 2)
			return STEP_FAIL;
		v[k++] = num(p, n);
		p += n;
		if (*p != ':')
			break;
		if (k == 3)
			return STEP_FAIL;
		p++;
	}
	if (k == 3 && (*p == '.' || *p == ',') && text_is_digit(p[1]))
		for (p++; text_is_digit(*p); p++)
			continue;
	s->f.hour = v[0];
	s->f.min = v[1];
	s->f.sec = v[2];
	s->have_time = true;
	*pp = p;
	return STEP_OK;
}

/*
 * Digits joined by one separator: y-m-d, y/m/d (Perforce), y.m.d, d.m.y
 * (with a four-digit year: dots are never American), or, once the date
 * is known, a time written with dots. Two-digit-year and slashed d/m/y
 * or m/d/y groups are ambiguous and rejected.
 */
static enum step
scan_group(struct scan *s, const char **pp)
{
	const char *p = *pp;
	int	 v[3], len[3], k = 0, n;
	char	 sep = p[ndigits(p)];

	for (;;) {
		n = ndigits(p);
		if (n > 4)
			return STEP_FAIL;
		v[k] = num(p, n);
		len[k++] = n;
		p += n;
		if (k == 3 || *p != sep || !text_is_digit(p[1]))
			break;
		p++;
	}
	*pp = p;
	if (sep == '.' && !s->have_time && s->f.mon >= 0 && len[0] <= 2 &&
	    len[1] <= 2 && (k == 2 || len[2] <= 2)) {
		s->f.hour = v[0];
		s->f.min = v[1];
		s->f.sec = k == 3 ? v[2] : 0;
		s->have_time = true;
		return STEP_OK;
	}
	if (s->started)
		return stop_or_fail(s);
	if (k != 3)
		return STEP_FAIL;
	if (len[0] == 4 && len[1] <= 2 && len[2] <= 2) {
		s->f.year = v[0];
		s->f.mon = v[1];
		s->f.day = v[2];
	} else if (sep == '.' && len[0] <= 2 && len[1] <= 2 && len[2] == 4) {
		s->f.day = v[0];
		s->f.mon = v[1];
		s->f.year = v[2];
	} else
		return STEP_FAIL;
	s->started = true;
	return STEP_OK;
}

/* Read the word at *pp and fold it; false if it cannot be a name. */
static bool
take_word(const char **pp, char fw[WORD_MAX], size_t *nch)
{
	const char *p = *pp, *w = p;

	while (is_word(p))
		p++;
	*pp = p;
	return fold_word(w, (size_t)(p - w), fw, nch);
}

/*
 * "am", "pm", "a.m.", "p.m.", Korean 오전 or 오후 as a whole word at *pp;
 * advances past it when found.
 */
static enum ampm
ampm_at(const char **pp)
{
	const struct name *m;
	const char *p = *pp;
	char	 fw[WORD_MAX];
	size_t	 nch;

	if (!is_word(p) || !take_word(&p, fw, &nch))
		return AMPM_NONE;
	if ((fw[0] == 'a' || fw[0] == 'p') && fw[1] == '\0' && p[0] == '.' &&
	    (p[1] == 'm' || p[1] == 'M')) {
		*pp = p + (p[2] == '.' ? 3 : 2);
		return fw[0] == 'a' ? AMPM_AM : AMPM_PM;
	}
	if ((m = lookup(ampms, NELEM(ampms), fw, nch)) == NULL)
		return AMPM_NONE;
	*pp = p;
	return (enum ampm)m->val;
}

static enum step
set_ampm(struct scan *s, enum ampm a)
{
	if (s->ampm != AMPM_NONE)
		return STEP_FAIL;
	s->ampm = a;
	if (a == AMPM_KO_AM || a == AMPM_KO_PM)
		s->korean = true;
	return STEP_OK;
}

/* A number its glued word names: "5th", "2004년", "5月". */
static enum step
set_mark(struct scan *s, enum mark mark, int v, int len)
{
	int	*field;

	if (mark >= MARK_KO_DAY)
		s->korean = true;
	if (mark == MARK_DAY || mark == MARK_KO_DAY)
		field = &s->f.day;
	else if (mark == MARK_MON || mark == MARK_KO_MON)
		field = &s->f.mon;
	else {
		field = &s->f.year;
		v = expand_year(v, len);
	}
	if (*field >= 0)
		return STEP_FAIL;
	*field = v;
	s->started = true;
	return STEP_OK;
}

/*
 * A number that is not a time or a group: a day or year to place later,
 * or one a glued word names ("5th", "2004년", "13T09:00").
 */
static enum step
scan_number(struct scan *s, const char **pp)
{
	const char *p = *pp, *q;
	const struct name *m;
	char	 fw[WORD_MAX];
	size_t	 nch;
	int	 n = ndigits(p), v;
	enum ampm a;

	if (p[n] == ':')
		return scan_time(s, pp);
	if ((p[n] == '-' || p[n] == '/' || p[n] == '.') && text_is_digit(p[n + 1]))
		return scan_group(s, pp);
	if (n > 4)
		return stop_or_fail(s);
	v = num(p, n);
	p += n;
	*pp = p;
	q = skip_blanks(p);
	if (n <= 2 && !s->have_time && (a = ampm_at(&q)) != AMPM_NONE &&
	    a != AMPM_KO_AM && a != AMPM_KO_PM) {
		/* "10pm", "10 a.m.": an hour */
		s->f.hour = v;
		s->have_time = true;
		*pp = q;
		return set_ampm(s, a);
	}
	if ((*p == 'T' || *p == 't') && text_is_digit(p[1]))
		*pp = p + 1;	/* ISO-style separator before a time */
	else if (is_word(p)) {
		if (!take_word(pp, fw, &nch))
			return STEP_FAIL;
		/* Anything else glued to a number is not a date. */
		m = lookup(marks, NELEM(marks), fw, nch);
		return m == NULL ? STEP_FAIL : set_mark(s, (enum mark)m->val,
		    v, n);
	}
	if (complete(s))
		return STEP_STOP;
	if (s->nloose == LOOSE_MAX)
		return STEP_FAIL;
	s->loose[s->nloose] = v;
	s->len[s->nloose] = n;
	s->after_mon[s->nloose] = s->f.mon >= 0;
	s->nloose++;
	s->started = true;
	return STEP_OK;
}

/* A month name; a second one may show the first was a weekday. */
static enum step
scan_month(struct scan *s, int mon, bool could_be_weekday)
{
	int	 i;

	if (s->f.mon >= 0) {
		if (!s->mon_was_lead)
			return stop_or_fail(s);
		/* "mar. 5 janv. 2004": "mar" was mardi, not March. */
		for (i = 0; i < s->nloose; i++)
			s->after_mon[i] = false;
		s->mon_was_lead = false;
	} else
		s->mon_was_lead = !s->started && could_be_weekday;
	s->f.mon = mon;
	s->started = true;
	return STEP_OK;
}

/*
 * A word: the T of an ISO date-time, am/pm, a month, a zone (only after
 * the time, so "at" before it stays a filler), a weekday or filler to
 * skip, "Etc/" before a zone, or up to two unknown words before the date
 * ("Posted:"). An unknown word once the date is complete ends the scan.
 */
static enum step
scan_word(struct scan *s, const char **pp, const char *start)
{
	const struct name *m;
	const char *w = *pp, *q;
	char	 fw[WORD_MAX];
	size_t	 nch;
	int	 tz;
	bool	 known, glued = w > start && text_is_digit(w[-1]);
	enum ampm a;

	if (glued && (*w == 'T' || *w == 't') && text_is_digit(w[1])) {
		*pp = w + 1;
		return STEP_OK;
	}
	q = w;
	if ((a = ampm_at(&q)) != AMPM_NONE) {
		*pp = q;
		/* Before the time, "am" is German ("am 5. Januar"). */
		if (s->have_time || a == AMPM_KO_AM || a == AMPM_KO_PM)
			return set_ampm(s, a);
		return STEP_OK;
	}
	if (!take_word(pp, fw, &nch))
		return s->started ? stop_or_fail(s) : STEP_FAIL;
	q = w;
	if (s->have_time && !s->have_zone &&
	    parse_zone(&q, s->etc, &tz, &known)) {
		s->f.tz = tz;
		s->f.has_tz = known;
		s->have_zone = true;
		*pp = q;
		return STEP_OK;
	}
	if ((m = lookup(months, NELEM(months), fw, nch)) != NULL)
		return scan_month(s, m->val,
		    lookup(weekdays, NELEM(weekdays), fw, nch) != NULL);
	if (s->have_zone && lookup(zones, NELEM(zones), fw, nch) != NULL)
		return STEP_OK;		/* "-0500 EST": said twice */
	if (strcmp(fw, "etc") == 0 && **pp == '/') {
		s->etc = true;
		(*pp)++;
		return STEP_OK;
	}
	if (lookup(weekdays, NELEM(weekdays), fw, nch) != NULL ||
	    lookup(fillers, NELEM(fillers), fw, nch) != NULL)
		return STEP_OK;
	if (!s->started && s->lead < 2) {
		s->lead++;
		return STEP_OK;
	}
	/* Letters glued to digits ("10:14:55Zextra") are not a date. */
	return glued ? STEP_FAIL : stop_or_fail(s);
}

/* Skip an RFC 822 comment: nested parentheses, backslash quoting. */
static const char *
skip_comment(const char *p)
{
	int	 depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return p;
}

/*
 * The word scanner: RFC 822, 1123, 2822 and 850 dates and their broken
 * variants, asctime and Unix date(1) output, JavaScript's Date string,
 * Perforce, Korean, Hungarian, Greek and other national forms.
 */
static bool
scan_parse(const char *start, struct fields *out)
{
	struct scan s;
	const char *p = start;
	enum step st;
	bool	 known;

	memset(&s, 0, sizeof(s));
	s.f.year = s.f.mon = s.f.day = -1;
	for (;;) {
		p = skip_blanks(p);
		if (*p == '\0')
			break;
		if (*p == '(') {
			p = skip_comment(p);
			continue;
		}
		if (text_is_digit(*p))
			st = scan_number(&s, &p);
		else if ((*p == '+' || (*p == '-' && s.have_time)) &&
		    text_is_digit(p[1])) {
			if (s.have_zone)
				st = stop_or_fail(&s);
			else if (!parse_offset(&p, &s.f.tz, &known))
				st = STEP_FAIL;
			else {
				s.f.has_tz = known;
				s.have_zone = true;
				st = STEP_OK;
			}
		} else if (is_word(p))
			st = scan_word(&s, &p, start);
		else if (strchr(",.;:/-", *p) != NULL) {
			p++;
			continue;
		} else
			st = stop_or_fail(&s);
		if (st == STEP_FAIL)
			return false;
		if (st == STEP_STOP)
			break;
	}
	if (!resolve(&s, &s.f.year, &s.f.day))
		return false;
	if (s.ampm != AMPM_NONE) {
		if (!s.have_time || s.f.hour < 1 || s.f.hour > 12)
			return false;
		if (s.ampm == AMPM_AM || s.ampm == AMPM_KO_AM)
			s.f.hour %= 12;
		else if (s.f.hour != 12)
			s.f.hour += 12;
	}
	/* Korean blogs write KST and never say so. */
	if (!s.have_zone && s.korean) {
		s.f.tz = 9 * 60;
		s.f.has_tz = true;
	}
	*out = s.f;
	return true;
}

bool
date_parse(const char *s, struct when *out)
{
	struct fields f;

	if (s == NULL)
		return false;
	s = skip_blanks(s);
	memset(&f, 0, sizeof(f));
	f.year = f.mon = f.day = -1;
	if (iso_parse(s, &f))
		return finish(&f, out);
	return scan_parse(s, &f) && finish(&f, out);
}
