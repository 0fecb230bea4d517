/* SPDX-License-Identifier: MIT */
/*
 * The article model: one struct every reader fills and every writer
 * reads. Invariants once normalize_article() has run (see feed-dump(5)):
 * text is valid UTF-8 without control characters, single-line fields are
 * collapsed and trimmed, URLs are absolute, times are UTC seconds, id is
 * never empty, content_html is sanitized. 0 / NULL means unknown.
 *
 * Ownership: an article owns every string and array it points to;
 * article_free() releases them all.
 */
#ifndef FEEDMILL_MODEL_ARTICLE_H
#define FEEDMILL_MODEL_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

struct person {
	char	*name;
	char	*email;
	char	*url;
};

struct image {
	char	*url;
	char	*type;		/* media type, "image/jpeg" */
	int	 width;		/* pixels; 0 = unknown */
	int	 height;
	char	*caption;
	char	*credit;
	char	*alt;
};

struct enclosure {
	char	*url;
	char	*type;
	int64_t	 length;	/* bytes; 0 = unknown */
	int64_t	 duration;	/* seconds; 0 = unknown */
};

struct category {
	char	*term;
	char	*scheme;
	char	*label;
};

struct link {
	char	*href;
	char	*rel;		/* "alternate", "related", "via", ... */
	char	*type;
	char	*title;
	char	*lang;
};

/* Which rule produced a field, for --explain. */
struct explain {
	char	*field;
	char	*rule;
};

enum pubstatus {
	PUBSTATUS_USABLE = 0,
	PUBSTATUS_WITHHELD,
	PUBSTATUS_CANCELED
};

enum signal {
	SIGNAL_NONE = 0,
	SIGNAL_UPDATE,
	SIGNAL_CORRECTION,
	SIGNAL_KILL
};

/*
 * The single-string fields in dump order. The X-macro keeps the struct,
 * article_free(), the dump writer and the dump reader in step.
 */
#define ARTICLE_STR_FIELDS(X)						\
	X(id)								\
	X(source)							\
	X(url)								\
	X(version)							\
	X(title)							\
	X(slugline)						\
	X(subtitle)							\
	X(summary)							\
	X(content_html)							\
	X(content_text)							\
	X(language)							\
	X(byline)							\
	X(dateline)							\
	X(credit)							\
	X(copyright)							\
	X(ednote)							\
	X(comments_url)							\
	X(comments_feed)						\
	X(format)

#define ARTICLE_TIME_FIELDS(X)						\
	X(published)							\
	X(updated)							\
	X(embargo_until)						\
	X(expires)							\
	X(fetched)

struct article {
#define X(f) char *f;
	ARTICLE_STR_FIELDS(X)
#undef X
#define X(f) struct when f;
	ARTICLE_TIME_FIELDS(X)
#undef X
	enum pubstatus	 pubstatus;
	enum signal	 signal;
	int		 urgency;	/* 1 (most urgent) .. 9; 0 = unknown */
	long		 comments_count;	/* -1 = unknown */
	int		 id_is_permalink;	/* RSS guid isPermaLink: -1 unknown */

	struct person	*authors;
	size_t		 nauthors;
	struct image	*images;	/* images[lead] is the lead image */
	size_t		 nimages;
	size_t		 lead;
	struct enclosure *enclosures;
	size_t		 nenclosures;
	struct category	*categories;
	size_t		 ncategories;
	char		**keywords;
	size_t		 nkeywords;
	struct link	*links;		/* other links than url */
	size_t		 nlinks;
	struct explain	*explains;
	size_t		 nexplains;

	/* Reader-to-normalizer state, not part of the dump. */
	char		*base_url;	/* xml:base in effect on the item */
	unsigned	 html_fields;	/* ART_HTML_* bits: fields holding HTML */
};

/* Fields a reader delivered as HTML; normalize turns them to plain text. */
enum {
	ART_HTML_TITLE = 1 << 0,
	ART_HTML_SUMMARY = 1 << 1,
	ART_HTML_SUBTITLE = 1 << 2,
	ART_HTML_COPYRIGHT = 1 << 3
};

struct article	*article_new(void);
void		 article_free(struct article *a);
/* Release everything a owns and make it empty again (reusable). */
void		 article_reset(struct article *a);

/* Append an empty element and return it (owned by the article). */
struct person	*article_add_author(struct article *a);
struct image	*article_add_image(struct article *a);
struct enclosure *article_add_enclosure(struct article *a);
struct category	*article_add_category(struct article *a);
struct link	*article_add_link(struct article *a);
/* Append a copy of kw (ignored when NULL or already present). */
void		 article_add_keyword(struct article *a, const char *kw);
/* Record that rule produced field (copies both). */
void		 article_explain(struct article *a, const char *field,
		    const char *rule);

/* The lead image, or NULL. Borrowed. */
const struct image *article_lead_image(const struct article *a);

/* Helpers shared with struct feed. */
void	 person_cleanup(struct person *p);
void	 category_cleanup(struct category *c);
void	 link_cleanup(struct link *l);
void	 image_cleanup(struct image *im);

#endif
