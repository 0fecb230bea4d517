/* SPDX-License-Identifier: MIT */
/*
 * convert --discover without -t: the feeds a page advertises, one line
 * each ("URL<TAB>media type<TAB>title"), instead of a feed.
 */
#ifndef FEEDMILL_CMD_DISCOVER_H
#define FEEDMILL_CMD_DISCOVER_H

#include <stdio.h>

#include "model/feed.h"

/* A sink printing each item's feed line to fp (borrowed). */
struct sink	 discover_list_sink(FILE *fp);

#endif
