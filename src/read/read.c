/* SPDX-License-Identifier: MIT */
/*
 * The read pipeline: pick a reader, then finish each article it pushes
 * (HTML fields to text, content sanitized, model invariants enforced)
 * before the caller's sink sees it. The CLI and the service both read
 * through here, so they produce the same stories.
 */
#include "config.h"
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sanitize.h"
#include "model/dump.h"
#include "model/normalize.h"
#include "read/lifecycle.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const struct reader *const readers[] = {
	&reader_rss,
	&reader_atom,
	&reader_jsonfeed,
	&reader_nitf,
	&reader_newsml,
	&reader_ninjs,
	&reader_apjson,
	&reader_wiretext,
	&reader_html,
	&reader_sitemap,
};

const struct reader *
reader_find(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	if (strcmp(name, "rdf") == 0)
		name = "rss";
	else if (strcmp(name, "json") == 0)
		name = "jsonfeed";
	for (i = 0; i < sizeof readers / sizeof readers[0]; i++)
		if (strcmp(readers[i]->name, name) == 0)
			return readers[i];
	return NULL;
}

const char *
reader_names(void)
{
	/* Keep in step with readers[]; test-sniff checks each name. */
	return "rss atom jsonfeed nitf newsml ninjs apjson text html sitemap";
}

struct pipe {
	const struct read_opts	*o;
	const struct sink	*out;
	int64_t			 now;	/* lifecycle clock */
};

/* Replace an HTML string by its text. */
static void
to_text(char **s)
{
	char	*t;

	if (*s == NULL)
		return;
	t = sanitize_text(*s);
	free(*s);
	*s = t;
}

/* Does s hold markup (a tag), rather than text that HTML would keep? */
static bool
has_markup(const char *s)
{
	const char *p;

	for (p = strchr(s, '<'); p != NULL; p = strchr(p + 1, '<'))
		if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' &&
		    p[1] <= 'Z') || p[1] == '/' || p[1] == '!')
			return true;
	return false;
}

static void
finish_feed(struct feed *f)
{
	if (f->html_fields & ART_HTML_TITLE)
		to_text(&f->title);
	if (f->html_fields & ART_HTML_SUBTITLE)
		to_text(&f->subtitle);
	if (f->html_fields & ART_HTML_COPYRIGHT)
		to_text(&f->copyright);
	f->html_fields = 0;
	normalize_feed(f);
}

static void
finish_article(struct pipe *p, const struct feed *f, struct article *a)
{
	const char *base;
	char	*text, *html;

	base = a->base_url != NULL ? a->base_url : f->base_url != NULL ?
	    f->base_url : f->self_url != NULL ? f->self_url : f->home_url;
	if (a->html_fields & ART_HTML_TITLE)
		to_text(&a->title);
	if (a->html_fields & ART_HTML_COPYRIGHT)
		to_text(&a->copyright);
	if ((a->html_fields & ART_HTML_SUMMARY) && a->summary != NULL) {
		/*
		 * An HTML summary and no content: the summary is the content
		 * (RSS description-only items), and the plain summary becomes
		 * an excerpt of it.
		 */
		if (a->content_html == NULL && a->content_text == NULL &&
		    has_markup(a->summary)) {
			a->content_html = a->summary;
			text = sanitize_text(a->content_html);
			a->summary = text != NULL ?
			    text_excerpt(text, CAP_SUMMARY_CHARS) : NULL;
			free(text);
		} else
			to_text(&a->summary);
	}
	a->html_fields = 0;
	if (a->content_html != NULL) {
		html = sanitize_html(a->content_html, base);
		free(a->content_html);
		a->content_html = html;
	}
	normalize_article_sanitized(a, f, base, p->o->source);
	normalize_id(a, f, p->o->source, (enum id_rule)p->o->id_rule);
}

static enum err
pipe_head(void *ctx, struct feed *f)
{
	struct pipe *p = ctx;

	finish_feed(f);
	return p->out->head(p->out->ctx, f);
}

/* --explain: which rule produced each field, on standard error. */
static void
explain_article(const struct article *a)
{
	struct buf b;

	buf_init(&b, CAP_TEXT);
	if (dump_explain(&b, a) == ERR_OK)
		fprintf(stderr, "explain\t%s\n%s", a->id != NULL ? a->id : "",
		    buf_str(&b));
	buf_cleanup(&b);
}

static enum err
pipe_article(void *ctx, const struct feed *f, struct article *a)
{
	struct pipe *p = ctx;
	const char *why;

	finish_article(p, f, a);
	if (p->o->explain)
		explain_article(a);
	/*
	 * The news lifecycle (convert): embargoed, withheld and killed
	 * stories wait. The service sees them all and keeps tombstones.
	 */
	if (p->o->lifecycle && !lifecycle_pass(a, p->now, &why)) {
		log_info("%s: %s: %s; left out", p->o->name, a->id, why);
		return ERR_OK;
	}
	return p->out->article(p->out->ctx, f, a);
}

static enum err
pipe_end(void *ctx, struct feed *f)
{
	struct pipe *p = ctx;

	finish_feed(f);
	return p->out->end(p->out->ctx, f);
}

enum err
read_input(struct input *in, const struct read_opts *o,
    const struct sink *out)
{
	const struct reader *r;
	struct pipe	 p = { o, out, lifecycle_clock(o->now) };
	struct sink	 s = { pipe_head, pipe_article, pipe_end, &p };

	if (o->format != NULL) {
		r = reader_find(o->format);
		if (r == NULL) {
			log_error("unknown input format \"%s\" (known: %s)",
			    o->format, reader_names());
			return ERR_USAGE;
		}
	} else {
		if (in->npeek == 0) {
			log_error("%s: empty input", o->name);
			return ERR_PARSE;
		}
		r = read_sniff(in->peek, in->npeek, in->media_type);
		if (r == NULL) {
			log_error("%s: not a feed or wire story this version "
			    "reads; use -f to name the format (known: %s)",
			    o->name, reader_names());
			return ERR_UNSUPPORTED;
		}
	}
	return r->parse(in, o, &s);
}
