/* SPDX-License-Identifier: MIT */
/*
 * NewsML 1.2 documents (the reader is reader_newsml, which sends a
 * <NewsML> root here): each NewsItem becomes one story.
 */
#ifndef FEEDMILL_READ_NEWSML12_H
#define FEEDMILL_READ_NEWSML12_H

#include <libxml/tree.h>

#include "model/feed.h"
#include "read/read.h"

/* Push the stories of the <NewsML> element root to out. */
enum err	 newsml12_read(const xmlNode *root, const struct read_opts *o,
		    const struct sink *out) WARN_UNUSED;

#endif
