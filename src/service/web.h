/* SPDX-License-Identifier: MIT */
/*
 * The HTTP side of feedmill serve, in one place for serve.c: the server
 * (net/httpd.h) on [service] listen, the table of outputs, /healthz,
 * /metrics and partner access. Every function takes NULL (no listen
 * address configured) and then does nothing.
 *
 * Other parts of the service add routes with httpd_route(web_httpd(w),
 * ...) after web_start(), e.g. the WebSub callback under "/websub/".
 */
#ifndef FEEDMILL_SERVICE_WEB_H
#define FEEDMILL_SERVICE_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "service/conf.h"
#include "store/store.h"

struct web;
struct httpd;
struct fetchm_req;
struct uv_loop_s;

/*
 * Listen on c->listen (NULL: *out is NULL, nothing is served) and fill
 * the table from the output folder. ERR_CONFIG or ERR_NET (logged) when
 * the address is wrong or taken. c and st are borrowed.
 */
enum err	 web_start(struct uv_loop_s *loop, const struct config *c,
		    struct store *st, struct web **out) WARN_UNUSED;
/* Stop serving and free w. */
void		 web_free(struct web *w);
/* The server, for extra routes (NULL when w is). */
struct httpd	*web_httpd(struct web *w);
/*
 * A new configuration after SIGHUP (the old one may be freed already;
 * the listen address stays until the next start).
 */
void		 web_set_config(struct web *w, const struct config *c);
/*
 * /healthz answers 200 only while ready: the store is open and the loop
 * runs (serve.c sets it once it has both, and clears it on stopping).
 */
void		 web_set_ready(struct web *w, bool ready);

/* An HTTP fetch of source i (config order) starts. */
void		 web_fetch_started(struct web *w, size_t i);
/*
 * Source i was polled (HTTP or local): result is the stored result text
 * ("ok...", "not modified", or the error).
 */
void		 web_polled(struct web *w, size_t i, const char *result);
/* Channel ch's files were rewritten with count stories. */
void		 web_published(struct web *w, const struct channel_conf *ch,
		    long count);
/*
 * Serve what changed in the output folder, if a channel was published
 * since the last call (serve.c calls it every tick).
 */
void		 web_sync(struct web *w);

#endif
