/* SPDX-License-Identifier: MIT */
/*
 * Reading: bytes -> model. read_input() sniffs the format (content first,
 * media type second), runs one reader, and passes each article through
 * normalization and HTML sanitizing before the caller's sink sees it.
 * A new input format is one new file with a const struct reader, listed
 * in read.c.
 */
#ifndef FEEDMILL_READ_READ_H
#define FEEDMILL_READ_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/feed.h"
#include "read/input.h"

/*
 * Fetching what a document refers to (a sitemap index's child sitemaps)
 * is the caller's: net/ is above read/. get() fetches urls[0..n), each
 * capped at max_body bytes, under the caller's fetch policy, and calls
 * got(got_ctx, i, e, body, len) as each one finishes, in any order (body
 * is borrowed for the call; e is ERR_OK or why it failed).
 */
typedef void read_got_fn(void *got_ctx, size_t i, enum err e,
		    const char *body, size_t len);
struct read_fetch {
	enum err	(*get)(void *ctx, const char *const *urls, size_t n,
			    size_t max_body, read_got_fn *got, void *got_ctx);
	void		*ctx;
};

struct read_opts {
	const char	*name;		/* input name for messages */
	const char	*format;	/* forced reader name, or NULL to sniff */
	const char	*base_url;	/* resolves relative URLs (--base-url) */
	const char	*source;	/* source name recorded on articles */
	bool		 strict;	/* ill-formed input is an error, no recovery */
	bool		 explain;	/* print each field's rule to stderr */
	int		 discover;	/* HTML pages: READ_DISCOVER_* */
	bool		 lifecycle;	/* hold back embargoed, withheld, killed */
	int		 id_rule;	/* enum id_rule (model/normalize.h) */
	int64_t		 now;		/* lifecycle clock (--now); 0 = real time */
	/*
	 * Sitemap indexes: child sitemaps on the web are fetched through
	 * fetch (NULL: not fetched); relative and file: children are read
	 * from local_dir, the folder of the input file (NULL: not read).
	 * max_items is how many of the newest entries become the feed (0:
	 * CAP_SITEMAP_ITEMS).
	 */
	const struct read_fetch *fetch;
	const char	*local_dir;
	size_t		 max_items;
	/*
	 * XML goes to the parser as it is, without the repair pass's
	 * respelling for speed (non-ASCII text as references, CDATA
	 * contents kept aside): what is read must be the same either way,
	 * which the fuzz targets check.
	 */
	bool		 xml_literal;
};

/* What an HTML page becomes (read_opts.discover). */
enum {
	READ_DISCOVER_NONE = 0,	/* its story */
	READ_DISCOVER_FEEDS,	/* one item per feed it advertises */
	READ_DISCOVER_LINKS	/* one item per article link it lists */
};

struct reader {
	const char	*name;		/* "rss", "atom", "jsonfeed" */
	const char	*description;
	/*
	 * Read all of in, pushing to out. Articles are raw: the pipeline in
	 * read.c normalizes them. Errors are logged here with name:line.
	 */
	enum err	(*parse)(struct input *in, const struct read_opts *o,
			    const struct sink *out);
};

extern const struct reader reader_rss;
extern const struct reader reader_atom;
extern const struct reader reader_jsonfeed;
extern const struct reader reader_nitf;
extern const struct reader reader_newsml;
extern const struct reader reader_ninjs;
extern const struct reader reader_apjson;
extern const struct reader reader_html;
extern const struct reader reader_sitemap;
extern const struct reader reader_wiretext;

const struct reader *reader_find(const char *name);
/* Space-separated reader names, for --help. */
const char	*reader_names(void);
/* The reader for these first bytes (and media type, may be NULL), or NULL. */
const struct reader *read_sniff(const char *head, size_t n,
		    const char *media_type);

/*
 * Read in and push normalized articles to out. Returns ERR_UNSUPPORTED
 * when no reader fits, ERR_PARSE for ill-formed input (after logging
 * name:line and what was wrong).
 */
enum err	 read_input(struct input *in, const struct read_opts *o,
		    const struct sink *out) WARN_UNUSED;

#endif
