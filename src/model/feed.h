/* SPDX-License-Identifier: MIT */
/*
 * A feed is its head (this struct) plus a stream of articles. Readers
 * push the head and then each article to a struct sink, one at a time,
 * so a feed of any size converts in constant memory.
 */
#ifndef FEEDMILL_MODEL_FEED_H
#define FEEDMILL_MODEL_FEED_H

#include "model/article.h"
#include "util/err.h"

#define FEED_STR_FIELDS(X)						\
	X(id)								\
	X(title)							\
	X(subtitle)							\
	X(home_url)							\
	X(self_url)							\
	X(language)							\
	X(icon)								\
	X(logo)								\
	X(copyright)							\
	X(generator)							\
	X(hub)								\
	X(next_url)							\
	X(format)							\
	X(version)

struct feed {
#define X(f) char *f;
	FEED_STR_FIELDS(X)
#undef X
	struct when	 updated;
	struct when	 published;
	int		 ttl;		/* minutes; 0 = unknown */
	unsigned	 skip_hours;	/* bit h: no polls in UTC hour h (RSS) */
	unsigned	 skip_days;	/* bit d: none on day d, 0 = Sunday */
	struct person	*authors;
	size_t		 nauthors;
	struct category	*categories;
	size_t		 ncategories;

	/* Reader-to-normalizer state, not part of the dump. */
	char		*base_url;	/* where relative URLs resolve */
	unsigned	 html_fields;	/* ART_HTML_* bits */
};

void		 feed_init(struct feed *f);
void		 feed_cleanup(struct feed *f);
struct person	*feed_add_author(struct feed *f);
struct category	*feed_add_category(struct feed *f);
/* "Sunday" for 0 ... "Saturday" for 6 (skip_days bits). */
const char	*feed_day_name(int d);
/* The day number of an English day name (any case), else -1. */
int		 feed_day_parse(const char *s);

/*
 * Where a reader pushes what it reads. head() is called once, before the
 * first article (or before end() for an empty feed); article() once per
 * article, which stays owned by the caller and is valid only during the
 * call; end() once at the end, when the head may carry fields that came
 * after the items. Any non-zero return stops the reader, which returns
 * that code.
 */
struct sink {
	enum err (*head)(void *ctx, struct feed *f);
	enum err (*article)(void *ctx, const struct feed *f, struct article *a);
	enum err (*end)(void *ctx, struct feed *f);
	void	 *ctx;
};

#endif
