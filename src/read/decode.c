/* SPDX-License-Identifier: MIT */
/* Charset detection and streaming conversion to UTF-8 with iconv. */
#include "config.h"
#include "read/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

/* Names we read as something else: browsers read Latin-1 as 1252. */
static const struct {
	const char	*from;
	const char	*to;
} aliases[] = {
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "latin-1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" },
	{ "x-sjis", "SHIFT_JIS" },
	{ "gb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "ks_c_5601-1987", "CP949" },
	{ "euc-kr", "CP949" },
	{ "iso-8859-9", "WINDOWS-1254" },
	{ "tis-620", "WINDOWS-874" },
	{ "iso-8859-11", "WINDOWS-874" },
	{ "utf-16", "UTF-16" },
};

static bool
ieq_n(const char *a, const char *b, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		char	 x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
	return true;
}

/* Find `key` then ="value" or ='value' or =value; copy value. */
static bool
find_attr(const char *s, size_t n, const char *key, char *out, size_t outlen)
{
	size_t	 klen = strlen(key), i, j;
	char	 q;

	for (i = 0; i + klen < n; i++) {
		if (!ieq_n(s + i, key, klen))
			continue;
		j = i + klen;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
		    s[j] == '\r'))
			j++;
		if (j >= n || s[j] != '=')
			continue;
		j++;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
			j++;
		q = j < n && (s[j] == '"' || s[j] == '\'') ? s[j++] : 0;
		i = j;
		while (j < n && j - i < outlen - 1 && (q ? s[j] != q :
		    (s[j] != ' ' && s[j] != '>' && s[j] != ';' && s[j] != '/' &&
		    s[j] != '"' && s[j] != '\'')))
			j++;
		if (j == i || j - i >= outlen - 1)
			return false;
		memcpy(out, s + i, j - i);
		out[j - i] = '\0';
		return true;
	}
	return false;
}

bool
decode_declared(const char *head, size_t n, char *out, size_t outlen)
{
	const char *end;

	/* XML declaration: <?xml version="1.0" encoding="..."?> */
	if (n >= 5 && memcmp(head, "<?xml", 5) == 0) {
		end = memchr(head, '>', n);
		if (end != NULL)
			return find_attr(head, (size_t)(end - head), "encoding",
			    out, outlen);
		return false;
	}
	/* HTML: <meta charset=...> or content="text/html; charset=..." */
	return find_attr(head, n, "charset", out, outlen);
}

static const char *
canonical(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (ieq_n(name, aliases[i].from, strlen(aliases[i].from) + 1))
			return aliases[i].to;
	return name;
}

static bool
is_utf8_name(const char *s)
{
	return ieq_n(s, "UTF-8", 6);
}

/* Does the head hold multibyte UTF-8 and nothing invalid? */
static bool
looks_utf8(const char *head, size_t n)
{
	size_t	 i, k;
	uint32_t cp;
	bool	 multi = false;

	for (i = 0; i < n; i += k) {
		k = text_utf8_decode(head + i, n - i, &cp);
		if (k == 0)
			return n - i < 4 && multi;	/* cut at the end */
		if (k > 1)
			multi = true;
	}
	return multi;
}

void
decode_init(struct decoder *d, const char *name, const char *head, size_t n,
    const char *transport)
{
	const unsigned char *u = (const unsigned char *)head;
	char	 declared[48];
	const char *cs = NULL;

	memset(d, 0, sizeof *d);
	if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff) {
		cs = "UTF-32BE";
		d->skip = 4;
		d->why = "byte order mark";
	} else if (n >= 4 && u[0] == 0xff && u[1] == 0xfe && u[2] == 0 &&
	    u[3] == 0) {
		cs = "UTF-32LE";
		d->skip = 4;
		d->why = "byte order mark";
	} else if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0 &&
	    u[3] == '<') {
		cs = "UTF-32BE";
		d->why = "byte pattern";
	} else if (n >= 4 && u[0] == '<' && u[1] == 0 && u[2] == 0 &&
	    u[3] == 0) {
		cs = "UTF-32LE";
		d->why = "byte pattern";
	} else if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		cs = "UTF-8";
		d->skip = 3;
		d->why = "byte order mark";
	} else if (n >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		cs = "UTF-16LE";
		d->skip = 2;
		d->why = "byte order mark";
	} else if (n >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		cs = "UTF-16BE";
		d->skip = 2;
		d->why = "byte order mark";
	} else if (n >= 4 && u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) {
		cs = "UTF-16LE";
		d->why = "byte pattern";
	} else if (n >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0) {
		cs = "UTF-16BE";
		d->why = "byte pattern";
	} else if (transport != NULL && *transport != '\0') {
		cs = canonical(transport);
		d->why = "transport charset";
	} else if (decode_declared(head, n, declared, sizeof declared)) {
		cs = canonical(declared);
		d->why = "declaration";
		/* A single-byte declaration over text that is plainly UTF-8. */
		if (strcmp(cs, "WINDOWS-1252") == 0 && looks_utf8(head, n)) {
			cs = "UTF-8";
			d->why = "content (declaration disagrees)";
		}
		/* A declared UTF-16 without a BOM or pattern is a lie. */
		if (ieq_n(cs, "UTF-16", 6))
			cs = "UTF-8";
	}
	if (cs == NULL) {
		cs = "UTF-8";
		d->why = "default";
	}
	snprintf(d->charset, sizeof d->charset, "%s", cs);
	if (is_utf8_name(d->charset))
		return;
	d->cd = iconv_open("UTF-8", d->charset);
	if (d->cd == (iconv_t)-1) {
		log_warn("%s: unknown charset \"%s\" (%s); reading as UTF-8",
		    name, d->charset, d->why);
		d->cd = NULL;
		snprintf(d->charset, sizeof d->charset, "UTF-8");
	}
}

void
decode_cleanup(struct decoder *d)
{
	if (d->cd != NULL)
		iconv_close((iconv_t)d->cd);
	d->cd = NULL;
}

static enum err
convert(struct decoder *d, const char *s, size_t n, bool final,
    struct buf *out)
{
	char	 obuf[8192], *op;
	char	*ip = (char *)s;
	size_t	 il = n, ol;
	size_t	 r;
	enum err e;

	while (il > 0) {
		op = obuf;
		ol = sizeof obuf;
		r = iconv((iconv_t)d->cd, &ip, &il, &op, &ol);
		e = buf_addn(out, obuf, sizeof obuf - ol);
		if (e)
			return e;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final) {
			/* Incomplete sequence: keep it for the next chunk. */
			if (il > sizeof d->pend)
				il = sizeof d->pend;
			memcpy(d->pend, ip, il);
			d->npend = il;
			return ERR_OK;
		}
		/* Invalid byte: replace it and go on. */
		d->invalid++;
		e = buf_add(out, "\xef\xbf\xbd");
		if (e)
			return e;
		/* (some converters fail with all input taken: nothing to skip) */
		if (il == 0)
			break;
		ip++;
		il--;
	}
	return ERR_OK;
}

enum err
decode_chunk(struct decoder *d, const char *s, size_t n, bool final,
    struct buf *out)
{
	size_t	 k;
	enum err e;

	if (d->skip > 0) {
		k = d->skip < n ? d->skip : n;
		s += k;
		n -= k;
		d->skip -= k;
	}
	if (d->cd == NULL) {
		e = text_utf8_repair(&d->repair, s, n, final, out);
		d->invalid = d->repair.fixed;
		return e;
	}
	/* Join a pending partial sequence with this chunk. */
	if (d->npend > 0) {
		struct buf joined;

		buf_init(&joined, n + sizeof d->pend);
		e = buf_addn(&joined, d->pend, d->npend);
		if (!e)
			e = buf_addn(&joined, s, n);
		d->npend = 0;
		if (!e)
			e = convert(d, joined.data, joined.len, final, out);
		buf_cleanup(&joined);
		return e;
	}
	return convert(d, s, n, final, out);
}
