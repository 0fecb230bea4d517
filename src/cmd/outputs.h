/* SPDX-License-Identifier: MIT */
/*
 * convert's outputs of many files: share pages and ninjs per story
 * (-t share, -t ninjs with -o DIR/), paged and archived feeds
 * (--page-size, --archive), and the options that shape them.
 */
#ifndef FEEDMILL_CMD_OUTPUTS_H
#define FEEDMILL_CMD_OUTPUTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/feed.h"
#include "write/share.h"
#include "write/write.h"

enum {
	OUT_OPT_PAGE_SIZE = 512,
	OUT_OPT_ARCHIVE,
	OUT_OPT_SHARE_REDIRECT,
	OUT_OPT_SITE_NAME,
	OUT_OPT_TWITTER_SITE,
	OUT_OPT_DEFAULT_IMAGE,
	OUT_OPT_DEFAULT_IMAGE_SIZE,
	OUT_OPT_LAST = OUT_OPT_DEFAULT_IMAGE_SIZE
};

/* The getopt_long entries for these options, to put in a longopts table. */
#define OUTPUTS_LONGOPTS						\
	{ "page-size", required_argument, NULL, OUT_OPT_PAGE_SIZE },	\
	{ "archive", no_argument, NULL, OUT_OPT_ARCHIVE },		\
	{ "share-redirect", required_argument, NULL,			\
	    OUT_OPT_SHARE_REDIRECT },					\
	{ "site-name", required_argument, NULL, OUT_OPT_SITE_NAME },	\
	{ "twitter-site", required_argument, NULL, OUT_OPT_TWITTER_SITE }, \
	{ "default-image", required_argument, NULL, OUT_OPT_DEFAULT_IMAGE }, \
	{ "default-image-size", required_argument, NULL,		\
	    OUT_OPT_DEFAULT_IMAGE_SIZE }

/* Their --help lines. */
#define OUTPUTS_USAGE							\
"  -o DIR/                write one file per story (-t share, ninjs) or\n" \
"                         per page (--page-size) into DIR, index last\n"	\
"      --page-size=N      split the feed into RFC 5005 pages of N stories\n" \
"                         (needs -o DIR/ and --feed-url)\n"		\
"      --archive          with --page-size: an RFC 5005 current feed plus\n" \
"                         archives of N stories counted from the oldest\n" \
"      --share-redirect=HOW  share pages send people on to the story by\n" \
"                         meta (refresh, default), link, or none\n"	\
"      --site-name=NAME   og:site_name (default: the feed title)\n"	\
"      --twitter-site=@ACCOUNT  twitter:site on share pages\n"	\
"      --default-image=URL  the share image when a story has none fit\n" \
"      --default-image-size=WxH  its size (default 1200x630)\n"

struct out_opts {
	size_t		 page_size;	/* 0: one document */
	bool		 archive;
	struct share_opts share;
};

/*
 * Take option ch (one of OUT_OPT_*) with its argument. Returns 0, or
 * EXIT_USAGE after saying what was wrong.
 */
int	 outputs_option(struct out_opts *oo, int ch, const char *arg);

/*
 * True when the output is several files: output is a directory (see
 * outdir_wanted()) or --page-size/--archive was given.
 */
bool	 outputs_many(const struct out_opts *oo, const char *output);

/*
 * Check the options, open the directory output, and run the input
 * (run(ctx, sink)) into it with writer w. Returns an exit status.
 */
int	 outputs_run(const struct out_opts *oo, const struct writer *w,
	    const struct write_opts *wo, const char *output,
	    enum err (*run)(void *ctx, const struct sink *sink), void *ctx);

#endif
