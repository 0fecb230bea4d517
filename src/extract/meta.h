/* SPDX-License-Identifier: MIT */
/*
 * Page metadata as the page states it: <meta> name/property/itemprop
 * pairs, microdata itemprops, <title>, <link rel=canonical>, the
 * document language, the first <time datetime>, and the text of every
 * JSON-LD script (parsed by read/, where the JSON library lives).
 */
#ifndef FEEDMILL_EXTRACT_META_H
#define FEEDMILL_EXTRACT_META_H

#include <stddef.h>

#include "extract/page.h"

struct meta_kv {
	char	*key;		/* lower case: "og:title", "author",
				   "itemprop:datepublished" */
	char	*value;		/* collapsed text */
};

struct page_meta {
	struct meta_kv	*kv;
	size_t		 nkv;
	char		*title;		/* <title> text */
	char		*canonical;	/* absolute */
	char		*lang;		/* <html lang> */
	char		*time;		/* first <time datetime> in the body */
	char		**jsonld;	/* raw script texts */
	size_t		 njsonld;
};

/* Fill m (which the caller cleans up) from page p. */
void		 meta_collect(const struct page *p, struct page_meta *m);
void		 meta_cleanup(struct page_meta *m);
/* The first value for key, or NULL. Borrowed. */
const char	*meta_get(const struct page_meta *m, const char *key);
/* The i-th value for key (0-based), or NULL; for repeated tags. */
const char	*meta_get_nth(const struct page_meta *m, const char *key,
		    size_t i);

#endif
