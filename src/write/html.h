/* SPDX-License-Identifier: MIT */
/*
 * Pages for people: the HTML view of a channel (-t html, NAME.html), the
 * index of every channel (index.html), and the XSLT stylesheet that
 * shows an RSS or Atom file as a page in a browser (feed.xsl). They share
 * one inline style sheet and page frame: no JavaScript, no outside
 * assets, every text escaped.
 */
#ifndef FEEDMILL_WRITE_HTML_H
#define FEEDMILL_WRITE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "write/write.h"

/* One feed of a channel: a subscribe link and an autodiscovery tag. */
struct html_feedlink {
	const char	*href;		/* relative or absolute URL */
	const char	*type;		/* "application/rss+xml" */
	const char	*label;		/* "RSS" */
};

/* -t html settings (write_opts.html). Everything borrowed. */
struct html_opts {
	/*
	 * Where the share pages are, ending in "/" ("share/"): each story
	 * links to its page there. NULL: no share page links.
	 */
	const char	*share_href;
	const char	*index_href;	/* the index page, or NULL */
	const struct html_feedlink *feeds;	/* the channel's feeds */
	size_t		 nfeeds;
};

/* One channel on the index. Everything borrowed. */
struct html_channel {
	const char	*title;
	const char	*description;	/* or NULL */
	const char	*href;		/* its HTML view, or NULL */
	long		 count;		/* stories in its outputs */
	int64_t		 updated;	/* its newest story's date; 0: none */
	const struct html_feedlink *feeds;
	size_t		 nfeeds;
};

/*
 * The index page (index.html) of the n channels in v under the heading
 * title, appended to out: each channel's title (linked to its view),
 * description, story count, last update and subscribe links, and an
 * autodiscovery <link rel="alternate"> for every feed.
 */
enum err	 html_index(const char *title, const struct html_channel *v,
		    size_t n, struct buf *out) WARN_UNUSED;

/* The XSLT 1.0 stylesheet for RSS 2.0 and Atom 1.0 (feed.xsl), into out. */
enum err	 html_feed_xsl(struct buf *out) WARN_UNUSED;

/*
 * The page frame htmlchannel.c and htmlindex.c share (htmlpage.c):
 * html_page_head() writes the doctype and the start of <head> (charset,
 * viewport, title, and a description when desc has text; lang NULL
 * or unusable is "en"), html_feed_link() an autodiscovery link titled "TITLE (LABEL)",
 * and html_page_body() the style sheet, ending <head> and opening <body>.
 */
void		 html_page_head(struct write_out *w, const char *lang,
		    const char *title, const char *desc);
void		 html_feed_link(struct write_out *w, const char *title,
		    const struct html_feedlink *fl);
void		 html_page_body(struct write_out *w);
/* <p class="subscribe">Subscribe: RSS · Atom …</p>, when n > 0. */
void		 html_subscribe(struct write_out *w,
		    const struct html_feedlink *feeds, size_t n);
/* Close <body> and <html>. */
void		 html_page_end(struct write_out *w);
/* The inline style sheet (no '<' or '&' in it, so XML can carry it). */
extern const char html_css[];

#endif
