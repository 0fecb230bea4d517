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
#include "write/write.h"

/* True when a passes ch's category and keyword filters. */
bool		 channel_accepts(const struct channel_conf *ch,
		    const struct article *a);
/* output_dir/NAME.EXT for writer w. New string. */
char		*channel_path(const struct config *c,
		    const struct channel_conf *ch, const struct writer *w);
/* base_url/NAME.EXT (the self link), or NULL without base_url. */
char		*channel_url(const struct config *c,
		    const struct channel_conf *ch, const struct writer *w);
/* True when one of ch's output files is missing. */
bool		 channel_missing(const struct config *c,
		    const struct channel_conf *ch);
/*
 * Render ch from the store into every format it lists, each file
 * replaced atomically. *count is the number of stories written.
 */
enum err	 channel_publish(const struct config *c,
		    const struct channel_conf *ch, struct store *st,
		    long *count) WARN_UNUSED;

#endif
