/* SPDX-License-Identifier: MIT */
/* The feed head. */
#include "config.h"
#include "model/feed.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmalloc.h"

void
feed_init(struct feed *f)
{
	memset(f, 0, sizeof *f);
}

void
feed_cleanup(struct feed *f)
{
	size_t	 i;

#define X(n) free(f->n);
	FEED_STR_FIELDS(X)
#undef X
	for (i = 0; i < f->nauthors; i++)
		person_cleanup(&f->authors[i]);
	free(f->authors);
	for (i = 0; i < f->ncategories; i++)
		category_cleanup(&f->categories[i]);
	free(f->categories);
	free(f->base_url);
	memset(f, 0, sizeof *f);
}

struct person *
feed_add_author(struct feed *f)
{
	return VEC_PUSH(f->authors, f->nauthors);
}

struct category *
feed_add_category(struct feed *f)
{
	return VEC_PUSH(f->categories, f->ncategories);
}

static const char *const day_names[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

const char *
feed_day_name(int d)
{
	return d >= 0 && d < 7 ? day_names[d] : NULL;
}

int
feed_day_parse(const char *s)
{
	int	 d;

	for (d = 0; d < 7; d++)
		if (strcasecmp(s, day_names[d]) == 0)
			return d;
	return -1;
}
