/* SPDX-License-Identifier: MIT */
/*
 * The HTML view of a channel (-t html; the service's NAME.html): the
 * channel's title, description and subscribe links, then each story with
 * its image, headline, dek, byline and time, and links to the story and
 * to its share page. It streams like the feed writers: one story at a
 * time. The choices of image, description and byline are the share
 * page's (write/share.c), so both pages show a story the same way.
 */
#include "config.h"
#include "write/html.h"

#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/xmalloc.h"
#include "write/outdir.h"
#include "write/share.h"

struct html_state {
	long	 count;		/* stories written */
};

static const struct html_opts html_defaults;

static const struct html_opts *
opts(const struct write_opts *o)
{
	return o->html != NULL ? o->html : &html_defaults;
}

static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	const struct html_opts *ho = opts(o);
	struct write_out w = { out, ERR_OK };
	char	*title;
	size_t	 i;

	title = write_feed_title(f);
	html_page_head(&w, f->language, title, f->subtitle);
	for (i = 0; i < ho->nfeeds; i++)
		html_feed_link(&w, title, &ho->feeds[i]);
	html_page_body(&w);
	write_put(&w, "<header>\n");
	if (ho->index_href != NULL) {
		write_put(&w, "<p class=\"crumb\"><a href=\"");
		write_put_attr(&w, ho->index_href);
		write_put(&w, "\">All channels</a></p>\n");
	}
	write_put(&w, "<h1>");
	write_put_xml(&w, title);
	write_put(&w, "</h1>\n");
	if (write_has_text(f->subtitle)) {
		write_put(&w, "<p class=\"desc\">");
		write_put_xml(&w, f->subtitle);
		write_put(&w, "</p>\n");
	}
	if (write_web_url_ok(f->home_url)) {
		write_put(&w, "<p class=\"meta\"><a href=\"");
		write_put_attr(&w, f->home_url);
		write_put(&w, "\">");
		write_put_xml(&w, f->home_url);
		write_put(&w, "</a></p>\n");
	}
	html_subscribe(&w, ho->feeds, ho->nfeeds);
	write_put(&w, "</header>\n<main>\n");
	free(title);
	return w.e;
}

/* The story's image, linked to the story when it has a web address. */
static void
thumb(struct write_out *w, const struct image *im, const char *url,
    const char *title)
{
	write_put(w, url != NULL ? "<a class=\"thumb\" href=\"" :
	    "<div class=\"thumb\">");
	if (url != NULL) {
		write_put_attr(w, url);
		write_put(w, "\" tabindex=\"-1\">");
	}
	write_put(w, "<img src=\"");
	write_put_attr(w, im->url);
	write_put(w, "\" alt=\"");
	write_put_attr(w, share_image_alt(im, title));
	write_put(w, "\"");
	if (im->width > 0 && im->height > 0)
		write_putf(w, " width=\"%d\" height=\"%d\"", im->width,
		    im->height);
	write_put(w, " loading=\"lazy\">");
	write_put(w, url != NULL ? "</a>\n" : "</div>\n");
}

static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	const struct html_opts *ho = opts(o);
	struct html_state *hs = st;
	struct write_out w = { out, ERR_OK };
	const struct image *im;
	const char *url;
	char	*title, *desc, *file;
	char	 when[DATE_BUF] = "";
	int64_t	 t;

	title = write_article_title(a);
	url = write_web_url_ok(a->url) ? a->url :
	    write_web_url_ok(a->id) ? a->id : NULL;
	im = share_pick_image(a, NULL);
	t = write_date_ok(a->published.t) ? a->published.t :
	    write_article_updated(a);
	if (write_date_ok(t) && t != 0)
		date_format_rfc3339(t, when);
	write_put(&w, "<article class=\"story\"");
	if (write_article_lang(f, a) != NULL)
		write_putf(&w, " lang=\"%s\"", write_article_lang(f, a));
	write_put(&w, ">\n");
	if (im != NULL)
		thumb(&w, im, url, title);
	write_put(&w, "<div class=\"text\">\n<h2>");
	if (url != NULL) {
		write_put(&w, "<a href=\"");
		write_put_attr(&w, url);
		write_put(&w, "\">");
	}
	write_put_xml(&w, title);
	write_put(&w, url != NULL ? "</a></h2>\n" : "</h2>\n");
	desc = write_has_text(a->subtitle) ? NULL : share_description(a);
	if (write_has_text(a->subtitle) || desc != NULL) {
		write_put(&w, "<p class=\"dek\">");
		write_put_xml(&w, desc != NULL ? desc : a->subtitle);
		write_put(&w, "</p>\n");
	}
	share_byline(&w, a, when);
	if (url != NULL || ho->share_href != NULL) {
		write_put(&w, "<p class=\"links\">");
		if (url != NULL) {
			write_put(&w, "<a href=\"");
			write_put_attr(&w, url);
			write_put(&w, "\">Read the story</a>");
		}
		if (ho->share_href != NULL) {
			file = write_story_file_name(a, "html");
			write_put(&w, url != NULL ? " &middot; <a href=\"" :
			    "<a href=\"");
			write_put_attr(&w, ho->share_href);
			write_put_attr(&w, file);
			write_put(&w, "\">Share page</a>");
			free(file);
		}
		write_put(&w, "</p>\n");
	}
	write_put(&w, "</div>\n</article>\n");
	hs->count++;
	free(desc);
	free(title);
	return w.e;
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	struct html_state *hs = st;
	struct write_out w = { out, ERR_OK };

	if (hs->count == 0)
		write_put(&w, "<p class=\"note\">No stories yet.</p>\n");
	write_put(&w, "</main>\n");
	html_page_end(&w);
	return w.e;
}

const struct writer writer_html = {
	.name = "html",
	.media_type = "text/html",
	.ext = "html",
	.state_size = sizeof(struct html_state),
	.head = head,
	.article = article,
	.end = end,
};
