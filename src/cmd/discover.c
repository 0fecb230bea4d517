/* SPDX-License-Identifier: MIT */
/*
 * The line output of convert --discover: what a person wants to paste
 * into a feed reader, one feed per line.
 */
#include "config.h"
#include "cmd/discover.h"

#include "model/article.h"

static enum err
list_head(void *ctx, struct feed *f)
{
	(void)ctx;
	(void)f;
	return ERR_OK;
}

static enum err
list_article(void *ctx, const struct feed *f, struct article *a)
{
	FILE	*fp = ctx;
	const char *type = a->nlinks > 0 && a->links[0].type != NULL ?
	    a->links[0].type : "";

	(void)f;
	if (a->url == NULL)
		return ERR_OK;
	if (fprintf(fp, "%s\t%s\t%s\n", a->url, type, a->title != NULL ?
	    a->title : "") < 0)
		return ERR_IO;
	return ERR_OK;
}

static enum err
list_end(void *ctx, struct feed *f)
{
	(void)f;
	return ferror((FILE *)ctx) ? ERR_IO : ERR_OK;
}

struct sink
discover_list_sink(FILE *fp)
{
	struct sink s = { list_head, list_article, list_end, fp };

	return s;
}
