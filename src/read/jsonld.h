/* SPDX-License-Identifier: MIT */
/*
 * JSON-LD article metadata: the schema.org NewsArticle / Article /
 * ReportageNewsArticle / BlogPosting object of a page (top level, in an
 * array, in @graph, or as mainEntity), with @id references resolved.
 */
#ifndef FEEDMILL_READ_JSONLD_H
#define FEEDMILL_READ_JSONLD_H

#include <stdbool.h>
#include <stddef.h>

#define JSONLD_MAX_LIST	32

struct jsonld {
	char	*type;		/* the @type that matched, "NewsArticle" */
	char	*headline;
	char	*description;
	char	*url;
	char	*published;
	char	*modified;
	char	*section;
	char	*lang;
	char	*site_name;	/* publisher name, or the WebSite name */
	char	*body;		/* articleBody */
	char	*image;
	int	 image_width;
	int	 image_height;
	char	*image_caption;
	char	*authors[JSONLD_MAX_LIST];
	size_t	 nauthors;
	char	*keywords[JSONLD_MAX_LIST];
	size_t	 nkeywords;
};

/*
 * Parse n script texts and fill out with the first article object found
 * (scripts that are not valid JSON are skipped). Returns true when one
 * was found. jsonld_cleanup() releases out either way.
 */
bool	 jsonld_parse(char *const *scripts, size_t n, struct jsonld *out);
void	 jsonld_cleanup(struct jsonld *j);

#endif
