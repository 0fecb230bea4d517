/* SPDX-License-Identifier: MIT */
/*
 * The daemon: one libuv loop that polls every source when it is due
 * (HTTP through curl multi on the same loop, with per-host spacing and
 * connection caps), watches spool folders, publishes changed channels,
 * reloads the configuration on SIGHUP (a bad one is refused and the old
 * one keeps running) and exits cleanly on SIGTERM or SIGINT.
 */
#ifndef FEEDMILL_SERVICE_SERVE_H
#define FEEDMILL_SERVICE_SERVE_H

#include <stdbool.h>

#include "util/err.h"

struct serve_opts {
	const char	*config;	/* feedmill.conf */
	bool		 no_spread;	/* poll never-polled sources at once */
};

/*
 * Run until SIGTERM or SIGINT. ERR_CONFIG when the configuration cannot
 * be loaded at start, ERR_STORE when the store fails.
 */
enum err	 serve_run(const struct serve_opts *o) WARN_UNUSED;

#endif
