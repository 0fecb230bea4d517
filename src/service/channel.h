/* SPDX-License-Identifier: MIT */
/*
 * Channels: which stored stories go out under a name (sources, category
 * and keyword filters, order, limit) and rendering them to the channel's
 * files (NAME.rss, NAME.atom, NAME.json in the output folder) through
 * the same writers as feedmill convert, so the bytes are the same.
 */
#ifndef FEEDMILL_SERVICE_CHANNEL_H
#define FEEDMILL_SERVICE_CHANNEL_H

#include <stdbool.h>

#include "model/article.h"
#include "service/conf.h"
#include "store/store.h"
#include "write/html.h"
#include "write/write.h"

/* The feed formats a channel can have (rss, atom, jsonfeed). */
#define CHANNEL_FORMATS	3
/* The pages for people in the output folder (html_pages, stylesheet). */
#define CHANNEL_INDEX	"index.html"
#define CHANNEL_XSL	"feed.xsl"

/* What a channel's outputs hold, for the index page. */
struct channel_stats {
	long		 count;		/* stories */
	int64_t		 newest;	/* newest story's date (updated, else
					   published); 0: none */
	bool		 known;		/* filled in */
};

/*
 * A channel's feeds as subscribe links (write/html.h): "NAME.rss" etc.,
 * relative to the output folder, in the order rss, atom, jsonfeed.
 */
struct channel_links {
	struct html_feedlink v[CHANNEL_FORMATS];
	char		*href[CHANNEL_FORMATS];
	size_t		 n;
};

/*
 * True when a passes ch's category and keyword filters, and has none of
 * its excluded categories and words.
 */
bool		 channel_accepts(const struct channel_conf *ch,
		    const struct article *a);
/* output_dir/NAME.EXT for writer w. New string. */
char		*channel_path(const struct config *c,
		    const struct channel_conf *ch, const struct writer *w);
/* base_url/NAME.EXT (the self link), or NULL without base_url. */
/*
 * The WebSub hubs channel ch advertises and pings: its own hub keys, else
 * the service's, except that a restricted channel never uses the
 * service's (a public hub would learn its URLs). Borrowed from c.
 */
size_t		 channel_hubs(const struct config *c,
		    const struct channel_conf *ch, char *const **hubs);
char		*channel_url(const struct config *c,
		    const struct channel_conf *ch, const struct writer *w);
/* True when one of ch's files (NAME.html too with html_pages) is missing. */
bool		 channel_missing(const struct config *c,
		    const struct channel_conf *ch);
/*
 * The channel's feed head into f (feed_init()ed here; the caller cleans
 * it up): with one source, that source's stored head; the channel's
 * title (else the source's, else its name), description, icon and home
 * page over it.
 */
enum err	 channel_head(const struct channel_conf *ch, struct store *st,
		    struct feed *f) WARN_UNUSED;
/* Fill l with ch's subscribe links; free with channel_links_cleanup(). */
void		 channel_links_init(struct channel_links *l,
		    const struct channel_conf *ch);
void		 channel_links_cleanup(struct channel_links *l);
/*
 * Render ch from the store into every format it lists, and with
 * html_pages into NAME.html (write/htmlchannel.c), each file replaced
 * atomically; RSS and Atom name feed.xsl when stylesheet is on. The
 * news lifecycle holds stories back as of now (embargoes, withheld).
 * *cs says what was written.
 */
enum err	 channel_publish(const struct config *c,
		    const struct channel_conf *ch, struct store *st,
		    int64_t now, struct channel_stats *cs) WARN_UNUSED;
/* *cs for ch as channel_publish() would write it, writing nothing. */
enum err	 channel_scan(const struct config *c,
		    const struct channel_conf *ch, struct store *st,
		    int64_t now, struct channel_stats *cs) WARN_UNUSED;

#endif
