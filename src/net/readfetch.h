/* SPDX-License-Identifier: MIT */
/*
 * A struct read_fetch (read/read.h) on net/fetchmulti.c, so a reader can
 * have the documents it refers to fetched (a sitemap index's children)
 * under the same limits as every other fetch: a global and a per-host
 * connection cap, the address policy, the size and time caps.
 */
#ifndef FEEDMILL_NET_READFETCH_H
#define FEEDMILL_NET_READFETCH_H

#include "net/fetchmulti.h"
#include "read/read.h"

struct readfetch {
	struct read_fetch rf;		/* give &rf to the reader */
	struct fetchm_opts o;
};

/*
 * Set rfe up: connections in total and per host, and whether private
 * addresses may be reached (as --allow-private). Nothing to free.
 */
void	 readfetch_init(struct readfetch *rfe, long connections,
	    long per_host, bool allow_private);

#endif
