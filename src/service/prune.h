/* SPDX-License-Identifier: MIT */
/*
 * Share pages that no story needs any more. The cycle removes a page
 * when its story is killed, held back, expired or withheld, but a crash
 * between storing the change and removing the page leaves it behind, as
 * do a source taken out of the configuration, share pages turned off,
 * and stores from before the service applied the news lifecycle (schema
 * 5). A killed run can leave temporary files too. prune_share() clears
 * both from output_dir/share.
 */
#ifndef FEEDMILL_SERVICE_PRUNE_H
#define FEEDMILL_SERVICE_PRUNE_H

#include <stdbool.h>
#include <stdint.h>

#include "service/conf.h"
#include "store/store.h"

/*
 * A file changed this recently is left alone: a running service may be
 * publishing the story it belongs to (pages are placed in the same
 * cycle that stores their story).
 */
#define PRUNE_GRACE	3600

struct prune_stats {
	long	 kept;		/* pages of stories the outputs carry */
	long	 removed;	/* pages no story needs, removed */
	long	 temps;		/* temporary files a killed run left */
	long	 recent;	/* unneeded, but changed within PRUNE_GRACE */
	long	 failed;	/* could not be removed (logged) */
};

/* Called with each file removed (or, dry, that would be) and why. */
typedef void	 prune_fn(void *arg, const char *name, const char *why);

/*
 * Remove from c's output_dir/share every page of no live story of a
 * configured source that the news lifecycle lets out at now (none when
 * share_pages is off), and every temporary file; a file changed since
 * now - PRUNE_GRACE stays. The stories are read in one snapshot of st.
 * Dry: remove nothing, report the same. No share folder is nothing to
 * do. ERR_IO when the folder cannot be read or a file not removed.
 */
enum err	 prune_share(const struct config *c, struct store *st,
		    int64_t now, bool dry, prune_fn *fn, void *arg,
		    struct prune_stats *ps) WARN_UNUSED;

#endif
