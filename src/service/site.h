/* SPDX-License-Identifier: MIT */
/*
 * The service's pages for people beside the channels' files in the
 * output folder: index.html (every public channel, html_pages) and
 * feed.xsl (the stylesheet RSS and Atom outputs name, stylesheet). The
 * channel views (NAME.html) are written with the channels (channel.c).
 */
#ifndef FEEDMILL_SERVICE_SITE_H
#define FEEDMILL_SERVICE_SITE_H

#include <stdbool.h>

#include "service/channel.h"
#include "service/conf.h"
#include "store/store.h"

/* True when a page the configuration asks for is missing. */
bool		 site_missing(const struct config *c);
/*
 * Write index.html and feed.xsl (as the configuration asks) into the
 * output folder, each replaced atomically and only when its bytes
 * change (so its modification time, and an HTTP validator, stay put).
 * stats has one entry per channel of c; those not known are filled in
 * from the store (channel_scan(), as of now).
 */
enum err	 site_publish(const struct config *c, struct store *st,
		    int64_t now, struct channel_stats *stats) WARN_UNUSED;
/*
 * The index page of c into out (what site_publish() writes): each
 * channel titled and described by its head (channel_head()).
 */
enum err	 site_index(const struct config *c, struct store *st,
		    const struct channel_stats *stats, struct buf *out)
		    WARN_UNUSED;

#endif
