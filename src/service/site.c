/* SPDX-License-Identifier: MIT */
/*
 * index.html and feed.xsl in the output folder: rendered in memory by
 * the writers (write/htmlindex.c, write/feedxsl.c), compared with what
 * is there, and replaced atomically only when they differ.
 */
#include "config.h"
#include "service/site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/publish.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* The index heading without site_title. */
#define SITE_DEFAULT_TITLE	"Feeds"

/* True when path holds exactly the n bytes at p. */
static bool
same_bytes(const char *path, const char *p, size_t n)
{
	char	 chunk[8192];
	size_t	 got, off = 0;
	FILE	*fp;
	bool	 same = true;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return false;
	while (same && (got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (got > n - off || memcmp(chunk, p + off, got) != 0)
			same = false;
		off += got;
	}
	if (ferror(fp) || off != n)
		same = false;
	fclose(fp);
	return same;
}

/* output_dir/name = b, atomically, unless it holds b already. */
static enum err
put_file(const struct config *c, const char *name, const struct buf *b)
{
	struct pubfile pf;
	const char *p = b->data != NULL ? b->data : "";
	char	*path;
	enum err e;
	bool	 ok;

	path = xasprintf("%s/%s", c->output_dir, name);
	if (same_bytes(path, p, b->len)) {
		free(path);
		return ERR_OK;
	}
	e = publish_mkdirs(c->output_dir);
	if (!e)
		e = publish_open(&pf, path);
	if (!e) {
		ok = fwrite(p, 1, b->len, pf.fp) == b->len;
		e = publish_close(&pf, ok);
	}
	free(path);
	return e;
}

static bool
missing(const struct config *c, const char *name)
{
	char	*path;
	bool	 m;

	path = xasprintf("%s/%s", c->output_dir, name);
	m = access(path, F_OK) != 0;
	free(path);
	return m;
}

bool
site_missing(const struct config *c)
{
	return (c->html_pages && missing(c, CHANNEL_INDEX)) ||
	    (c->stylesheet && missing(c, CHANNEL_XSL));
}

enum err
site_index(const struct config *c, struct store *st,
    const struct channel_stats *stats, struct buf *out)
{
	const struct channel_conf *ch;
	struct html_channel *v;
	struct channel_links *links;
	struct feed *heads;
	char	**hrefs;
	size_t	 i, n = 0;
	enum err e = ERR_OK;

	v = xcalloc(c->nchannels + 1, sizeof *v);
	links = xcalloc(c->nchannels + 1, sizeof *links);
	hrefs = xcalloc(c->nchannels + 1, sizeof *hrefs);
	heads = xcalloc(c->nchannels + 1, sizeof *heads);
	for (i = 0; i < c->nchannels && !e; i++) {
		ch = &c->channels[i];
		/* Partners' channels are not announced to everyone. */
		if (ch->restricted)
			continue;
		e = channel_head(ch, st, &heads[n]);
		channel_links_init(&links[n], ch);
		hrefs[n] = xasprintf("%s.%s", ch->name, writer_html.ext);
		v[n].title = heads[n].title;
		v[n].description = heads[n].subtitle;
		v[n].href = hrefs[n];
		v[n].count = stats[i].count;
		v[n].updated = stats[i].newest;
		v[n].feeds = links[n].v;
		v[n].nfeeds = links[n].n;
		n++;
	}
	if (!e)
		e = html_index(c->site_title != NULL ? c->site_title :
		    SITE_DEFAULT_TITLE, v, n, out);
	for (i = 0; i < n; i++) {
		channel_links_cleanup(&links[i]);
		free(hrefs[i]);
		feed_cleanup(&heads[i]);
	}
	free(heads);
	free(hrefs);
	free(links);
	free(v);
	return e;
}

enum err
site_publish(const struct config *c, struct store *st, int64_t now,
    struct channel_stats *stats)
{
	struct buf b;
	size_t	 i;
	enum err e = ERR_OK;

	buf_init(&b, CAP_OUTPUT);
	if (c->html_pages) {
		for (i = 0; i < c->nchannels && !e; i++)
			if (!stats[i].known && !c->channels[i].restricted)
				e = channel_scan(c, &c->channels[i], st,
				    now, &stats[i]);
		if (!e)
			e = site_index(c, st, stats, &b);
		if (!e)
			e = put_file(c, CHANNEL_INDEX, &b);
		buf_reset(&b);
	}
	if (!e && c->stylesheet) {
		e = html_feed_xsl(&b);
		if (!e)
			e = put_file(c, CHANNEL_XSL, &b);
	}
	buf_cleanup(&b);
	if (e && e != ERR_STORE)
		log_warn("%s: pages for people not written", c->output_dir);
	return e;
}
