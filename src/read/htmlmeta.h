/* SPDX-License-Identifier: MIT */
/*
 * The metadata precedence of article pages (see htmlmeta.c): what the
 * HTML reader knows about a page while it fills the article.
 */
#ifndef FEEDMILL_READ_HTMLMETA_H
#define FEEDMILL_READ_HTMLMETA_H

#include <stdbool.h>

#include "extract/body.h"
#include "extract/meta.h"
#include "model/feed.h"
#include "read/jsonld.h"

struct hp {
	const struct page	*page;
	struct page_meta	 m;
	struct jsonld		 ld;
	bool			 has_ld;
	struct article		*a;
};

/*
 * Fill h->a (raw, for the read pipeline) and the feed head f from the
 * page's metadata and extracted body b, each field from the first source
 * that has it, recording the rule with article_explain(). base is the
 * page's address (may be NULL).
 */
void	 htmlmeta_fill(struct hp *h, struct feed *f, const struct body *b,
	    const char *base);

#endif
