/* SPDX-License-Identifier: MIT */
/*
 * Which share pages need a partner key: those of the stories of
 * restricted channels with share_access = restricted that no other
 * channel with public share pages carries. Each such page's realm is
 * the comma-separated list of those channels (outputs.c, access.c).
 */
#ifndef FEEDMILL_SERVICE_SHAREREALM_H
#define FEEDMILL_SERVICE_SHAREREALM_H

#include "service/conf.h"
#include "store/store.h"

struct share_realms;

/*
 * List the stories of c's share-restricted channels from st (NULL when
 * there are none). After a store error (logged) every page gets a realm
 * no key opens, until the next list.
 */
struct share_realms *share_realms_new(const struct config *c,
		    struct store *st);
/* The realm of share page name ("ID-HASH.html"), or NULL: public. */
const char	*share_realms_get(const struct share_realms *r,
		    const char *name);
void		 share_realms_free(struct share_realms *r);

#endif
