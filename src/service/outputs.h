/* SPDX-License-Identifier: MIT */
/*
 * The table of outputs feedmill serve answers for: the files publish
 * writes into output_dir, each under "/" + its path there. Known names
 * only, never a path from a request:
 *
 *   CHANNEL.rss, CHANNEL.atom, CHANNEL.json   the formats a channel lists
 *   CHANNEL.html                              a channel's HTML view
 *   index.html (also at "/"), feed.xsl        the index and the stylesheet
 *   share/STORY.html                          share pages
 *
 * With the stylesheet on, RSS and Atom files also go to a browser's
 * navigation as application/xml (httpd_resource.page_type), so it shows
 * them through feed.xsl, which is public.
 *
 * A restricted channel's files need a partner key (realm = the channel
 * name); so do the share pages of its stories when share_access is
 * restricted, unless a public channel carries the story too.
 * outputs_sync() after each publish picks up whatever changed on disk:
 * channel files by inode, size and mtime (the server keeps their bytes);
 * share pages by listing the share folder when it changed (the server
 * keeps only their names and opens each at a request, so a page
 * replaced atomically is served at once, and a page deleted is a 404).
 */
#ifndef FEEDMILL_SERVICE_OUTPUTS_H
#define FEEDMILL_SERVICE_OUTPUTS_H

#include "service/conf.h"
#include "store/store.h"

struct outputs;
struct httpd;

/* A table over c's output folder feeding h (both borrowed). */
struct outputs	*outputs_new(struct httpd *h, const struct config *c,
		    struct store *st);
void		 outputs_free(struct outputs *o);
/* A new configuration (after SIGHUP): every file is put again. */
void		 outputs_set_config(struct outputs *o, const struct config *c);
/*
 * Rescan output_dir: put new and changed files, remove the ones gone.
 * Cheap when nothing changed (a stat per channel file, one for the
 * share folder); the folder is listed, with no stat per page, when it
 * changed.
 */
void		 outputs_sync(struct outputs *o);
/*
 * Put (or remove, when missing) the one file rel (a path under
 * output_dir, e.g. "news.rss") now, if it is a known name.
 */
void		 outputs_refresh(struct outputs *o, const char *rel);
/*
 * Channel ch was published: if its share pages are restricted, the
 * next sync recomputes which pages are (and puts again those whose
 * realm changed).
 */
void		 outputs_channel_published(struct outputs *o,
		    const struct channel_conf *ch);

#endif
