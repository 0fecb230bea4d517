/* SPDX-License-Identifier: MIT */
/*
 * The configuration keys of the HTTP server (conf.c calls these): listen
 * and its limits in [service], access in [channel NAME], and [partner
 * NAME] sections with hashed keys. Each parser returns 0 when the key
 * is not its own, 1 when taken, -1 when wrong (msg says why).
 */
#ifndef FEEDMILL_SERVICE_CONFWEB_H
#define FEEDMILL_SERVICE_CONFWEB_H

#include <stddef.h>

#include "service/conf.h"

int	 confweb_service_key(struct config *c, const char *name,
	    const char *value, char *msg, size_t n);
int	 confweb_channel_key(struct channel_conf *ch, const char *name,
	    const char *value, char *msg, size_t n);
/*
 * A key of section "partner NAME" (file:line where it is); 0 when
 * section is not a partner section.
 */
int	 confweb_partner_key(struct config *c, const char *section,
	    const char *file, int line, const char *name, const char *value,
	    char *msg, size_t n);
/* After loading: report each problem with its file and line. */
void	 confweb_check(const struct config *c,
	    void (*report)(void *ctx, const char *file, int line,
	    const char *msg), void *ctx);
void	 confweb_free(struct config *c);

#endif
