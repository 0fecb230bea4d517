/* SPDX-License-Identifier: MIT */
/*
 * convert --full-text: a sink in front of the writer that holds the
 * stories, fetches each story's page (libcurl multi: bounded, per host),
 * extracts it, and lets the page's text replace a truncated summary
 * while the feed's own metadata stays where it is better.
 */
#ifndef FEEDMILL_CMD_FULLTEXT_H
#define FEEDMILL_CMD_FULLTEXT_H

#include <stdbool.h>

#include "model/feed.h"
#include "read/read.h"

struct fulltext_opts {
	long		 connections;	/* in total */
	long		 per_host;
	bool		 allow_private;
	bool		 progress;	/* "full text: 3/40" on stderr */
	bool		 explain;	/* print each story's rules after merging */
	const struct read_opts *ro;	/* for messages, --explain */
};

struct fulltext;

/* Wrap out (borrowed); pass fulltext_sink() to the reader. */
struct fulltext	*fulltext_new(const struct sink *out,
		    const struct fulltext_opts *o);
struct sink	*fulltext_sink(struct fulltext *ft);
void		 fulltext_free(struct fulltext *ft);

#endif
