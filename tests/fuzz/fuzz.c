/* SPDX-License-Identifier: MIT */
/*
 * Fuzz targets: every reader (bytes -> model -> every writer, and the
 * writers' output read back), the page extractor, the sanitizer, the
 * date, URL and charset utilities, and HTTP request handling (in
 * fuzzhttp.c). One program holds them all; the target is chosen by
 * name (FUZZ_TARGET for libFuzzer, -t for replay).
 * Each target must survive any input: no crash, no leak, no sanitizer
 * report, bounded time.
 */
#include "config.h"
#include "fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sanitize.h"
#include "model/feed.h"
#include "read/decode.h"
#include "read/input.h"
#include "read/read.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"
#include "write/write.h"

/* Inputs past this are cut: the targets' own caps are tested elsewhere. */
#define FUZZ_MAX_INPUT	(256 * 1024)
/* Our own output read back may be larger than the input. */
#define FUZZ_MAX_BACK	(64 * 1024 * 1024)

static const char *const out_formats[] = { "rss", "atom", "jsonfeed" };

/*
 * Write bytes through a writer into memory; NULL on a write error. With
 * literal, XML is parsed without the repair pass's respelling.
 */
static char *
write_to_mem_as(const char *fmt, const char *data, size_t n, size_t max,
    const char *in_fmt, bool literal, size_t *len)
{
	struct read_opts ro;
	struct write_opts wo;
	struct write_sink *ws;
	struct input in;
	char	*mem = NULL;
	FILE	*fp;
	enum err e;

	fp = open_memstream(&mem, len);
	if (fp == NULL)
		abort();
	memset(&ro, 0, sizeof ro);
	memset(&wo, 0, sizeof wo);
	ro.name = "fuzz";
	ro.format = in_fmt;
	ro.base_url = "https://fuzz.example/base/";
	ro.now = 1780000000;
	ro.xml_literal = literal;
	wo.generator = "feedmill fuzz";
	ws = write_sink_new(writer_find(fmt), &wo, fp);
	input_init_mem(&in, data, n, max);
	e = read_input(&in, &ro, write_sink_get(ws));
	write_sink_free(ws);
	fclose(fp);
	if (e != ERR_OK) {
		free(mem);
		return NULL;
	}
	return mem;
}

static char *
write_to_mem(const char *fmt, const char *data, size_t n, size_t max,
    const char *in_fmt, size_t *len)
{
	return write_to_mem_as(fmt, data, n, max, in_fmt, false, len);
}

/*
 * XML read with the repair pass's respelling for speed (read_opts'
 * xml_literal) and without it must give the same stories.
 */
static void
same_literal(const char *fmt, const char *data, size_t n)
{
	char	*fast, *plain;
	size_t	 flen, plen;

	fast = write_to_mem_as("dump", data, n, FUZZ_MAX_INPUT, fmt, false,
	    &flen);
	plain = write_to_mem_as("dump", data, n, FUZZ_MAX_INPUT, fmt, true,
	    &plen);
	if ((fast == NULL) != (plain == NULL) || (fast != NULL &&
	    (flen != plen || memcmp(fast, plain, flen) != 0))) {
		fprintf(stderr, "fuzz: read differs with the XML respelling:"
		    "\n--- literal\n%s\n--- respelled\n%s\n",
		    plain != NULL ? plain : "(error)",
		    fast != NULL ? fast : "(error)");
		abort();
	}
	free(fast);
	free(plain);
}

/*
 * A reader target: read with the format forced (NULL: sniffed) into each
 * output format, then read each output back with its own reader, which
 * must accept what we wrote; and read it with and without the XML
 * respelling (same_literal).
 */
static void
read_target(const char *fmt, const char *data, size_t n)
{
	char	*out, *back;
	size_t	 i, len, blen;

	same_literal(fmt, data, n);
	for (i = 0; i < sizeof out_formats / sizeof out_formats[0]; i++) {
		out = write_to_mem(out_formats[i], data, n, FUZZ_MAX_INPUT,
		    fmt, &len);
		if (out == NULL)
			continue;
		back = write_to_mem("dump", out, len, FUZZ_MAX_BACK,
		    out_formats[i], &blen);
		if (back == NULL) {
			fprintf(stderr, "fuzz: our own %s output did not read "
			    "back:\n%s\n", out_formats[i], out);
			abort();
		}
		free(back);
		free(out);
	}
}

static void
t_sniff(const char *d, size_t n) { read_target(NULL, d, n); }
static void
t_rss(const char *d, size_t n) { read_target("rss", d, n); }
static void
t_atom(const char *d, size_t n) { read_target("atom", d, n); }
static void
t_jsonfeed(const char *d, size_t n) { read_target("jsonfeed", d, n); }
static void
t_nitf(const char *d, size_t n) { read_target("nitf", d, n); }
static void
t_newsml(const char *d, size_t n) { read_target("newsml", d, n); }
static void
t_ninjs(const char *d, size_t n) { read_target("ninjs", d, n); }
static void
t_apjson(const char *d, size_t n) { read_target("apjson", d, n); }
static void
t_html(const char *d, size_t n) { read_target("html", d, n); }
static void
t_sitemap(const char *d, size_t n) { read_target("sitemap", d, n); }
static void
t_text(const char *d, size_t n) { read_target("text", d, n); }

/* NUL-terminated copy (the utilities take C strings). */
static char *
cstr(const char *d, size_t n)
{
	return xstrndup(d, n);
}

static void
t_sanitize(const char *d, size_t n)
{
	char	*s = cstr(d, n), *a, *b;

	a = sanitize_html(s, "https://fuzz.example/");
	b = sanitize_text(s);
	/* Sanitizing is idempotent: clean HTML stays as it is. */
	if (a != NULL) {
		char *again = sanitize_html(a, "https://fuzz.example/");

		if (again == NULL || strcmp(a, again) != 0) {
			fprintf(stderr, "fuzz: sanitize not idempotent:\n%s\n"
			    "---\n%s\n", a, again != NULL ? again : "(null)");
			abort();
		}
		free(again);
	}
	free(a);
	free(b);
	free(s);
}

static void
t_date(const char *d, size_t n)
{
	struct when w;
	char	*s = cstr(d, n), out[DATE_BUF];

	if (date_parse(s, &w)) {
		date_format_rfc3339(w.t, out);
		date_format_rfc822(w.t, out);
		date_format_rfc3339_local(&w, out);
	}
	free(s);
}

/*
 * Input "base\nref": resolve ref against base, and the other way. The
 * first line less its trackers is no longer, and loses nothing more a
 * second time.
 */
static void
t_uri(const char *d, size_t n)
{
	char	*s = cstr(d, n), *nl, *r, *r2;

	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		r = uri_resolve(s, nl + 1);
		free(r);
		r = uri_resolve(nl + 1, s);
		free(r);
	}
	r = uri_strip_tracking(s);
	r2 = uri_strip_tracking(r);
	if (strlen(r) > strlen(s) || strcmp(r, r2) != 0)
		abort();
	free(r2);
	free(r);
	free(uri_origin(s));
	free(uri_escape_component(s));
	(void)uri_is_web(s);
	(void)uri_is_iri(s);
	free(s);
}

/* The first byte picks a transport charset; the rest is decoded. */
static void
t_decode(const char *d, size_t n)
{
	static const char *const charsets[] = { NULL, "utf-8", "iso-8859-1",
	    "windows-1252", "utf-16", "utf-16be", "utf-32", "shift_jis",
	    "koi8-r", "gb2312", "euc-kr", "bogus-charset" };
	struct decoder dec;
	struct buf out;
	size_t	 half;

	if (n == 0)
		return;
	buf_init(&out, 4 * FUZZ_MAX_INPUT + 64);
	decode_init(&dec, "fuzz", d + 1, n - 1,
	    charsets[(unsigned char)d[0] % (sizeof charsets /
	    sizeof charsets[0])]);
	half = (n - 1) / 2;
	/* Two chunks, so multibyte sequences split across calls. */
	if (decode_chunk(&dec, d + 1, half, false, &out) == ERR_OK &&
	    decode_chunk(&dec, d + 1 + half, n - 1 - half, true, &out) ==
	    ERR_OK && !text_utf8_valid(out.data != NULL ? out.data : "", out.len)) {
		fprintf(stderr, "fuzz: the decoder wrote invalid UTF-8\n");
		abort();
	}
	decode_cleanup(&dec);
	buf_cleanup(&out);
}

static const struct fuzz_target targets[] = {
	{ "sniff", t_sniff },
	{ "rss", t_rss },
	{ "atom", t_atom },
	{ "jsonfeed", t_jsonfeed },
	{ "nitf", t_nitf },
	{ "newsml", t_newsml },
	{ "ninjs", t_ninjs },
	{ "apjson", t_apjson },
	{ "html", t_html },
	{ "sitemap", t_sitemap },
	{ "text", t_text },
	{ "sanitize", t_sanitize },
	{ "date", t_date },
	{ "uri", t_uri },
	{ "decode", t_decode },
	{ "http", fuzz_http },
	{ "httpparse", fuzz_httpparse },
	{ NULL, NULL }
};

const struct fuzz_target *
fuzz_targets(void)
{
	return targets;
}

const struct fuzz_target *
fuzz_find(const char *name)
{
	const struct fuzz_target *t;

	for (t = targets; name != NULL && t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void
fuzz_quiet(void)
{
	static FILE *null;

	if (null == NULL)
		null = fopen("/dev/null", "w");
	if (null != NULL)
		log_set_output(null);
}

void
fuzz_run(const struct fuzz_target *t, const unsigned char *data, size_t n)
{
	if (n > FUZZ_MAX_INPUT)
		n = FUZZ_MAX_INPUT;
	t->run((const char *)data, n);
}
