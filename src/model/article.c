/* SPDX-License-Identifier: MIT */
/* Construction and destruction of struct article. */
#include "config.h"
#include "model/article.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/xmalloc.h"

struct article *
article_new(void)
{
	struct article *a;

	a = xcalloc(1, sizeof *a);
	a->comments_count = -1;
	a->id_is_permalink = -1;
	return a;
}

void
person_cleanup(struct person *p)
{
	free(p->name);
	free(p->email);
	free(p->url);
}

void
image_cleanup(struct image *im)
{
	free(im->url);
	free(im->type);
	free(im->caption);
	free(im->credit);
	free(im->alt);
}

void
category_cleanup(struct category *c)
{
	free(c->term);
	free(c->scheme);
	free(c->label);
}

void
link_cleanup(struct link *l)
{
	free(l->href);
	free(l->rel);
	free(l->type);
	free(l->title);
	free(l->lang);
}

void
article_reset(struct article *a)
{
	size_t	 i;

#define X(f) free(a->f);
	ARTICLE_STR_FIELDS(X)
#undef X
	for (i = 0; i < a->nauthors; i++)
		person_cleanup(&a->authors[i]);
	free(a->authors);
	for (i = 0; i < a->nimages; i++)
		image_cleanup(&a->images[i]);
	free(a->images);
	for (i = 0; i < a->nenclosures; i++) {
		free(a->enclosures[i].url);
		free(a->enclosures[i].type);
	}
	free(a->enclosures);
	for (i = 0; i < a->ncategories; i++)
		category_cleanup(&a->categories[i]);
	free(a->categories);
	for (i = 0; i < a->nkeywords; i++)
		free(a->keywords[i]);
	free(a->keywords);
	for (i = 0; i < a->nlinks; i++)
		link_cleanup(&a->links[i]);
	free(a->links);
	for (i = 0; i < a->nexplains; i++) {
		free(a->explains[i].field);
		free(a->explains[i].rule);
	}
	free(a->explains);
	free(a->base_url);
	memset(a, 0, sizeof *a);
	a->comments_count = -1;
	a->id_is_permalink = -1;
}

void
article_free(struct article *a)
{
	if (a == NULL)
		return;
	article_reset(a);
	free(a);
}

struct person *
article_add_author(struct article *a)
{
	return VEC_PUSH(a->authors, a->nauthors);
}

struct image *
article_add_image(struct article *a)
{
	return VEC_PUSH(a->images, a->nimages);
}

struct enclosure *
article_add_enclosure(struct article *a)
{
	return VEC_PUSH(a->enclosures, a->nenclosures);
}

struct category *
article_add_category(struct article *a)
{
	return VEC_PUSH(a->categories, a->ncategories);
}

struct link *
article_add_link(struct article *a)
{
	return VEC_PUSH(a->links, a->nlinks);
}

void
article_add_keyword(struct article *a, const char *kw)
{
	size_t	 i;

	if (kw == NULL || *kw == '\0' || a->nkeywords >= CAP_LIST)
		return;
	for (i = 0; i < a->nkeywords; i++)
		if (strcmp(a->keywords[i], kw) == 0)
			return;
	*(char **)VEC_PUSH(a->keywords, a->nkeywords) = xstrdup(kw);
}

void
article_explain(struct article *a, const char *field, const char *rule)
{
	struct explain *x;

	x = VEC_PUSH(a->explains, a->nexplains);
	x->field = xstrdup(field);
	x->rule = xstrdup(rule);
}

const struct image *
article_lead_image(const struct article *a)
{
	if (a->nimages == 0)
		return NULL;
	return &a->images[a->lead < a->nimages ? a->lead : 0];
}
