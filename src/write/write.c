/* SPDX-License-Identifier: MIT */
/* The writer table, the streaming write sink, and helpers writers share. */
#include "config.h"
#include "write/write.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

/* Longest title made from the summary when there is no title. */
#define TITLE_CHARS	80
/* Dates every format we write spells with four-digit years: 1900 .. 9999. */
#define DATE_MIN	INT64_C(-2208988800)
#define DATE_MAX	INT64_C(253402300799)
#define OCTET_STREAM	"application/octet-stream"

static const struct writer *const writers[] = {
	&writer_rss,
	&writer_atom,
	&writer_jsonfeed,
	&writer_dump,
	&writer_share,
	&writer_ninjs,
	&writer_html,
};

const struct writer *
writer_find(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	if (strcmp(name, "json") == 0)
		name = "jsonfeed";
	for (i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

const char *
writer_names(void)
{
	return "rss atom jsonfeed dump share ninjs html";
}

struct write_sink {
	const struct writer	*w;
	struct write_opts	 o;
	FILE			*fp;
	void			*st;
	struct buf		 out;
	struct feed		*head;	/* borrowed from the reader */
	int			 head_done;
	struct sink		 sink;
};

static enum err
flush(struct write_sink *ws)
{
	if (ws->out.len > 0 &&
	    fwrite(ws->out.data, 1, ws->out.len, ws->fp) != ws->out.len) {
		buf_reset(&ws->out);
		return ERR_IO;
	}
	buf_reset(&ws->out);
	return ERR_OK;
}

static enum err
start(struct write_sink *ws, const struct feed *f, const struct article *first)
{
	enum err e;

	if (ws->head_done)
		return ERR_OK;
	ws->head_done = 1;
	e = ws->w->head(ws->st, &ws->o, f, first, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

static enum err
on_head(void *ctx, struct feed *f)
{
	struct write_sink *ws = ctx;

	/* The head is written with the first article, whose date it may need. */
	ws->head = f;
	return ERR_OK;
}

static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct write_sink *ws = ctx;
	enum err e;

	e = start(ws, f, a);
	if (!e)
		e = ws->w->article(ws->st, &ws->o, f, a, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

static enum err
on_end(void *ctx, struct feed *f)
{
	struct write_sink *ws = ctx;
	enum err e;

	e = start(ws, f, NULL);
	if (!e)
		e = ws->w->end(ws->st, &ws->o, f, &ws->out);
	if (!e)
		e = flush(ws);
	return e;
}

struct write_sink *
write_sink_new(const struct writer *w, const struct write_opts *o, FILE *fp)
{
	struct write_sink *ws;

	ws = xcalloc(1, sizeof *ws);
	ws->w = w;
	ws->o = *o;
	ws->fp = fp;
	ws->st = w->state_size > 0 ? xcalloc(1, w->state_size) : NULL;
	buf_init(&ws->out, CAP_OUTPUT);
	ws->sink.head = on_head;
	ws->sink.article = on_article;
	ws->sink.end = on_end;
	ws->sink.ctx = ws;
	return ws;
}

void
write_sink_free(struct write_sink *ws)
{
	if (ws == NULL)
		return;
	buf_cleanup(&ws->out);
	free(ws->st);
	free(ws);
}

const struct sink *
write_sink_get(struct write_sink *ws)
{
	return &ws->sink;
}

int64_t
write_feed_date(const struct feed *f, const struct article *first)
{
	if (f->updated.t != 0)
		return f->updated.t;
	if (f->published.t != 0)
		return f->published.t;
	if (first != NULL)
		return write_article_updated(first);
	return 0;
}

int64_t
write_article_updated(const struct article *a)
{
	return a->updated.t != 0 ? a->updated.t : a->published.t;
}

char *
write_iri_id(const char *id)
{
	char	*esc, *res;

	if (uri_is_iri(id))
		return xstrdup(id);
	/* RFC 4151 tag URI; the id is percent-encoded so it stays stable. */
	esc = uri_escape_component(id);
	res = xasprintf("tag:feedmill,2026:%s", esc);
	free(esc);
	return res;
}

void
write_put_int(struct write_out *w, int64_t v)
{
	if (w->e == ERR_OK)
		w->e = buf_add_int(w->b, v);
}

void
write_put_json_script(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_json_script(w->b, s);
}

void
write_putf(struct write_out *w, const char *fmt, ...)
{
	va_list	 ap;

	if (w->e != ERR_OK)
		return;
	va_start(ap, fmt);
	w->e = buf_vaddf(w->b, fmt, ap);
	va_end(ap);
}

void
write_put_xml(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_xml(w->b, s);
}

void
write_put_attr(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_xml_attr(w->b, s);
}

void
write_stylesheet_pi(struct write_out *w, const char *href)
{
	if (href == NULL)
		return;
	write_put(w, "<?xml-stylesheet type=\"text/xsl\" href=\"");
	write_put_attr(w, href);
	write_put(w, "\"?>\n");
}

void
write_indent(struct write_out *w, int depth)
{
	static const char spaces[] = "                                ";
	size_t	 n = depth > 0 ? (size_t)depth * 2 : 0;

	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		write_putn(w, spaces, sizeof spaces - 1);
	write_putn(w, spaces, n);
}

void
write_xml_elem(struct write_out *w, int depth, const char *name,
    const char *text)
{
	if (!write_has_text(text))
		return;
	write_indent(w, depth);
	write_put(w, "<");
	write_put(w, name);
	write_put(w, ">");
	write_put_xml(w, text);
	write_put(w, "</");
	write_put(w, name);
	write_put(w, ">\n");
}

/* One <media:content medium="image"> with caption (else alt text), credit. */
static void
media_content(struct write_out *w, int depth, const struct image *im,
    bool (*url_ok)(const char *))
{
	const char *desc;

	if (!url_ok(im->url))
		return;
	desc = write_has_text(im->caption) ? im->caption : im->alt;
	write_indent(w, depth);
	write_put(w, "<media:content url=\"");
	write_put_attr(w, im->url);
	write_put(w, "\" medium=\"image\"");
	if (write_mime_ok(im->type)) {
		write_put(w, " type=\"");
		write_put_attr(w, im->type);
		write_put(w, "\"");
	}
	if (im->width > 0) {
		write_put(w, " width=\"");
		write_put_int(w, im->width);
		write_put(w, "\"");
	}
	if (im->height > 0) {
		write_put(w, " height=\"");
		write_put_int(w, im->height);
		write_put(w, "\"");
	}
	if (!write_has_text(desc) && !write_has_text(im->credit)) {
		write_put(w, "/>\n");
		return;
	}
	write_put(w, ">\n");
	if (write_has_text(desc)) {
		write_indent(w, depth + 1);
		write_put(w, "<media:description type=\"plain\">");
		write_put_xml(w, desc);
		write_put(w, "</media:description>\n");
	}
	write_xml_elem(w, depth + 1, "media:credit", im->credit);
	write_indent(w, depth);
	write_put(w, "</media:content>\n");
}

void
write_media_images(struct write_out *w, int depth, const struct article *a,
    bool (*url_ok)(const char *))
{
	const struct image *lead;
	size_t	 i;

	lead = article_lead_image(a);
	if (lead != NULL)
		media_content(w, depth, lead, url_ok);
	for (i = 0; i < a->nimages; i++)
		if (&a->images[i] != lead)
			media_content(w, depth, &a->images[i], url_ok);
}

bool
write_has_text(const char *s)
{
	size_t	 n, i = 0, k;
	uint32_t cp;

	if (s == NULL)
		return false;
	/* The usual case: it starts with a printable ASCII character. */
	if ((unsigned char)*s > ' ' && (unsigned char)*s < 0x7f)
		return true;
	n = strlen(s);
	while (i < n) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (text_char_ok(cp) && cp != ' ' && cp != '\t' &&
		    cp != '\n' && cp != '\r')
			return true;
	}
	return false;
}

bool
write_web_url_ok(const char *s)
{
	/* uri_is_web() takes "HTTP://" too; the profiles do not. */
	if (s == NULL || (strncmp(s, "http://", 7) != 0 &&
	    strncmp(s, "https://", 8) != 0))
		return false;
	return uri_is_web(s) && uri_is_iri(s);
}

bool
write_is_alnum(int c)
{
	return text_is_alpha(c) || text_is_digit(c);
}

bool
write_lang_ok(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return false;
	for (n = 0; text_is_alpha((unsigned char)*s); s++)
		n++;
	if (n < 2 || n > 8)
		return false;
	while (*s == '-') {
		for (s++, n = 0; write_is_alnum((unsigned char)*s); s++)
			n++;
		if (n < 1 || n > 8)
			return false;
	}
	return *s == '\0';
}

bool
write_email_ok(const char *s)
{
	const char *p, *at;

	if (s == NULL)
		return false;
	at = strchr(s, '@');
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return false;
	for (p = s; *p != '\0'; p++)
		if (!write_is_alnum((unsigned char)*p) &&
		    strchr("@._+-!#$&'*/=?~", *p) == NULL)
			return false;
	return true;
}

bool
write_mime_ok(const char *s)
{
	const char *p, *slash;

	if (s == NULL || *s == ' ')
		return false;
	slash = strchr(s, '/');
	if (slash == NULL || slash == s || slash[1] == '\0' ||
	    strchr(slash + 1, '/'))
		return false;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

const char *
write_mime_or_octet(const char *type)
{
	return write_mime_ok(type) ? type : OCTET_STREAM;
}

bool
write_date_ok(int64_t t)
{
	return t != 0 && t >= DATE_MIN && t <= DATE_MAX;
}

char *
write_feed_title(const struct feed *f)
{
	char	*origin, *host, *res = NULL;

	if (write_has_text(f->title))
		return xstrdup(f->title);
	origin = f->home_url != NULL ? uri_origin(f->home_url) : NULL;
	host = origin != NULL ? strstr(origin, "://") : NULL;
	if (host != NULL && write_has_text(host + 3))
		res = xstrdup(host + 3);
	free(origin);
	return res != NULL ? res : xstrdup("Untitled");
}

char *
write_article_title(const struct article *a)
{
	const char *src;
	char	*flat, *res;

	if (write_has_text(a->title))
		return xstrdup(a->title);
	src = write_has_text(a->summary) ? a->summary :
	    write_has_text(a->content_text) ? a->content_text : NULL;
	if (src == NULL)
		return xstrdup("Untitled");
	flat = text_clean_str(src, TEXT_COLLAPSE, CAP_TEXT);
	if (flat == NULL)
		return xstrdup("Untitled");
	res = text_excerpt(flat, TITLE_CHARS);
	free(flat);
	return res;
}

char *
write_article_id(const struct article *a)
{
	const char *parts[4];
	char	 hex[HASH_HEX_LEN + 1];

	if (write_has_text(a->id))
		return xstrdup(a->id);
	if (write_has_text(a->url))
		return xstrdup(a->url);
	parts[0] = a->title;
	parts[1] = a->summary;
	parts[2] = a->content_html;
	parts[3] = a->content_text;
	hash_strings_hex(parts, 4, hex);
	return xstrdup(hex);
}

const char *
write_self_url(const struct write_opts *o, const struct feed *f,
    bool (*url_ok)(const char *))
{
	if (url_ok(o->feed_url))
		return o->feed_url;
	if (url_ok(f->self_url))
		return f->self_url;
	return NULL;
}

const char *
write_hub(const struct write_opts *o, const struct feed *f, size_t i,
    bool (*url_ok)(const char *))
{
	size_t	 j;

	/*
	 * The source's own hub only beside the source's own self link: a
	 * hub knows nothing of a URL the output is republished at.
	 */
	if (o->nhubs == 0)
		return i == 0 && o->feed_url == NULL && url_ok(f->hub) ?
		    f->hub : NULL;
	for (j = 0; j < o->nhubs; j++)
		if (url_ok(o->hubs[j]) && i-- == 0)
			return o->hubs[j];
	return NULL;
}

const char *
write_article_lang(const struct feed *f, const struct article *a)
{
	if (!write_lang_ok(a->language))
		return NULL;
	if (write_lang_ok(f->language) && text_ieq(a->language, f->language))
		return NULL;
	return a->language;
}

const char *
write_category_term(const struct category *c)
{
	return write_has_text(c->term) ? c->term : c->label;
}

bool
write_is_category_term(const struct article *a, const char *s)
{
	size_t	 i;

	for (i = 0; i < a->ncategories; i++)
		if (a->categories[i].term != NULL &&
		    strcmp(a->categories[i].term, s) == 0)
			return true;
	return false;
}
