/* SPDX-License-Identifier: MIT */
/*
 * The HTML page reader: an article page becomes a one-story feed. The
 * page is decoded to UTF-8 (HTTP charset, BOM, <meta>, else uchardet),
 * parsed with gumbo, its metadata taken by the precedence in feedmill(1)
 * (JSON-LD, OpenGraph and article:*, Twitter Card, <meta name>,
 * microdata, then <link>, <time> and <title>), and its body extracted.
 * Each field records the rule that produced it, for --explain.
 */
#include "config.h"
#include "read/read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "extract/body.h"
#include "extract/discover.h"
#include "extract/meta.h"
#include "extract/page.h"
#include "read/decode.h"
#include "read/html.h"
#include "read/htmlmeta.h"
#include "read/jsonld.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Turn the raw bytes into UTF-8, guessing the charset when undeclared. */
static enum err
to_utf8(const char *cs, const struct read_opts *o, const struct buf *raw,
    struct buf *out)
{
	struct decoder	 dec;
	char		 guess[48] = "";
	enum err	 e;

	decode_init(&dec, o->name, raw->data, raw->len < 4096 ? raw->len :
	    4096, cs);
	if (strcmp(dec.why, "default") == 0 &&
	    !text_utf8_valid(raw->data, raw->len)) {
		uchardet_t ud = uchardet_new();

		if (uchardet_handle_data(ud, raw->data, raw->len) == 0) {
			uchardet_data_end(ud);
			snprintf(guess, sizeof guess, "%s",
			    uchardet_get_charset(ud));
		}
		uchardet_delete(ud);
		if (guess[0] != '\0' && strcasecmp(guess, "ASCII") != 0) {
			decode_cleanup(&dec);
			decode_init(&dec, o->name, raw->data, raw->len < 4096 ?
			    raw->len : 4096, guess);
			dec.why = "detection";
		}
	}
	e = decode_chunk(&dec, raw->data, raw->len, true, out);
	if (dec.invalid > 0)
		log_warn("%s: %lu bytes were not valid %s and were replaced",
		    o->name, dec.invalid, dec.charset);
	decode_cleanup(&dec);
	return e;
}

enum err
html_read_page(const char *html, size_t n, const struct read_opts *o,
    struct feed *f, struct article *a)
{
	struct hp	 h;
	struct page	*p;
	struct body	 b;
	const char	*base = o->base_url;

	memset(&h, 0, sizeof h);
	p = page_parse(html, n, base);
	h.page = p;
	h.a = a;
	meta_collect(p, &h.m);
	h.has_ld = jsonld_parse(h.m.jsonld, h.m.njsonld, &h.ld);
	/* The headline the body must not repeat. */
	body_extract(p, h.ld.headline != NULL ? h.ld.headline :
	    meta_get(&h.m, "og:title") != NULL ? meta_get(&h.m, "og:title") :
	    h.m.title, &b);
	htmlmeta_fill(&h, f, &b, base);
	if (p->base != NULL && f->base_url == NULL)
		f->base_url = xstrdup(p->base);
	xstrset(&a->format, "html");
	xstrset(&f->format, "html");
	body_cleanup(&b);
	jsonld_cleanup(&h.ld);
	meta_cleanup(&h.m);
	page_free(p);
	return ERR_OK;
}

enum err
html_read_bytes(const char *raw, size_t n, const char *charset,
    const struct read_opts *o, struct feed *f, struct article *a)
{
	struct buf	 r, u;
	enum err	 e;

	buf_init(&r, 0);
	r.data = (char *)(uintptr_t)raw;
	r.len = n;
	buf_init(&u, CAP_INPUT_HTML * 2);
	e = to_utf8(charset, o, &r, &u);
	if (!e)
		e = html_read_page(buf_str(&u), u.len, o, f, a);
	buf_cleanup(&u);
	return e;
}

/* --discover: the page's feeds, or its article links, as items. */
static enum err
discover(const char *html, size_t n, const struct read_opts *o,
    const struct sink *out)
{
	struct page	*p;
	struct page_meta m;
	struct found	 fd;
	struct feed	 f;
	struct article	*a;
	struct link	*l;
	enum err	 e;
	size_t		 i;

	p = page_parse(html, n, o->base_url);
	meta_collect(p, &m);
	if (o->discover == READ_DISCOVER_FEEDS)
		discover_feeds(p, &fd);
	else
		discover_links(p, &fd);
	feed_init(&f);
	f.title = meta_get(&m, "og:site_name") != NULL ?
	    xstrdup(meta_get(&m, "og:site_name")) :
	    m.title != NULL ? xstrdup(m.title) : NULL;
	if (o->base_url != NULL) {
		f.home_url = xstrdup(o->base_url);
		f.base_url = xstrdup(o->base_url);
	}
	xstrset(&f.format, "html");
	if (fd.n == 0)
		log_warn("%s: the page lists no %s", o->name,
		    o->discover == READ_DISCOVER_FEEDS ? "feeds" :
		    "article links");
	e = out->head(out->ctx, &f);
	a = article_new();
	for (i = 0; i < fd.n && !e; i++) {
		article_reset(a);
		a->url = xstrdup(fd.v[i].url);
		if (fd.v[i].title != NULL)
			a->title = xstrdup(fd.v[i].title);
		if (fd.v[i].type != NULL) {
			l = article_add_link(a);
			l->href = xstrdup(fd.v[i].url);
			l->rel = xstrdup("alternate");
			l->type = xstrdup(fd.v[i].type);
		}
		if (fd.v[i].time != NULL)
			(void)date_parse(fd.v[i].time, &a->published);
		if (fd.v[i].image != NULL)
			article_add_image(a)->url = xstrdup(fd.v[i].image);
		xstrset(&a->format, "html");
		e = out->article(out->ctx, &f, a);
	}
	if (!e)
		e = out->end(out->ctx, &f);
	article_free(a);
	feed_cleanup(&f);
	discover_cleanup(&fd);
	meta_cleanup(&m);
	page_free(p);
	return e;
}

static enum err
html_parse(struct input *in, const struct read_opts *o,
    const struct sink *out)
{
	struct buf	 raw, u;
	struct feed	 f;
	struct article	*a;
	enum err	 e;

	buf_init(&raw, CAP_INPUT_HTML);
	e = input_slurp(in, &raw);
	if (e) {
		log_error("%s: %s", o->name, e == ERR_TOO_LARGE ?
		    "page larger than the HTML input limit; refused" :
		    "read error");
		buf_cleanup(&raw);
		return e;
	}
	buf_init(&u, CAP_INPUT_HTML * 2);
	e = to_utf8(in->charset, o, &raw, &u);
	buf_cleanup(&raw);
	if (e) {
		log_error("%s: page too large once decoded", o->name);
		buf_cleanup(&u);
		return e;
	}
	if (o->discover != READ_DISCOVER_NONE) {
		e = discover(buf_str(&u), u.len, o, out);
		buf_cleanup(&u);
		return e;
	}
	feed_init(&f);
	a = article_new();
	e = html_read_page(buf_str(&u), u.len, o, &f, a);
	buf_cleanup(&u);
	if (!e)
		e = out->head(out->ctx, &f);
	if (!e)
		e = out->article(out->ctx, &f, a);
	if (!e)
		e = out->end(out->ctx, &f);
	article_free(a);
	feed_cleanup(&f);
	return e;
}

const struct reader reader_html = {
	.name = "html",
	.description = "an HTML article page (one-story feed)",
	.parse = html_parse,
};
