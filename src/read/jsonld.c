/* SPDX-License-Identifier: MIT */
/*
 * JSON-LD reading for article pages (jansson): every object in every
 * script is indexed by @id, the first article-typed object wins, and
 * author, image and publisher references are followed through the index.
 */
#include "config.h"
#include "read/jsonld.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define LD_MAX_OBJECTS	512
#define LD_MAX_DEPTH	24

struct ld {
	json_t	*objs[LD_MAX_OBJECTS];
	size_t	 nobjs;
};

static void
collect(struct ld *ld, json_t *v, int depth)
{
	const char *k;
	json_t	*x;
	size_t	 i;

	if (depth > LD_MAX_DEPTH || ld->nobjs >= LD_MAX_OBJECTS)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			collect(ld, x, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	ld->objs[ld->nobjs++] = v;
	json_object_foreach(v, k, x)
		if (json_is_object(x) || json_is_array(x))
			collect(ld, x, depth + 1);
}

static const char *
str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "@value");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *
dup_clean(const char *s)
{
	return text_clean_str(s, TEXT_COLLAPSE, CAP_TEXT);
}

/* Follow {"@id": ...} to the full object when the index has it. */
static json_t *
deref(const struct ld *ld, json_t *v)
{
	const char *id;
	size_t	 i;

	if (!json_is_object(v) || json_object_size(v) > 2)
		return v;
	id = str(v, "@id");
	if (id == NULL)
		return v;
	for (i = 0; i < ld->nobjs; i++)
		if (ld->objs[i] != v && json_object_size(ld->objs[i]) > 1 &&
		    str(ld->objs[i], "@id") != NULL &&
		    strcmp(str(ld->objs[i], "@id"), id) == 0)
			return ld->objs[i];
	return v;
}

static bool
type_is(json_t *o, bool (*pred)(const char *), const char **which)
{
	json_t	*t = json_object_get(o, "@type"), *x;
	size_t	 i;

	if (json_is_string(t)) {
		if (pred(json_string_value(t))) {
			*which = json_string_value(t);
			return true;
		}
		return false;
	}
	json_array_foreach(t, i, x)
		if (json_is_string(x) && pred(json_string_value(x))) {
			*which = json_string_value(x);
			return true;
		}
	return false;
}

static bool
is_article(const char *t)
{
	size_t	 n = strlen(t);

	return (n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
	    strcmp(t, "BlogPosting") == 0 ||
	    strcmp(t, "LiveBlogPosting") == 0 || strcmp(t, "Report") == 0 ||
	    strcmp(t, "SocialMediaPosting") == 0;
}

static bool
is_site(const char *t)
{
	return strcmp(t, "WebSite") == 0;
}

static void
add_author(struct jsonld *j, const char *name)
{
	char	*s;
	size_t	 i;

	if (name == NULL || j->nauthors >= JSONLD_MAX_LIST)
		return;
	s = dup_clean(name);
	if (s == NULL)
		return;
	for (i = 0; i < j->nauthors; i++)
		if (strcmp(j->authors[i], s) == 0) {
			free(s);
			return;
		}
	j->authors[j->nauthors++] = s;
}

static void
authors(const struct ld *ld, struct jsonld *j, json_t *v)
{
	json_t	*x;
	size_t	 i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			authors(ld, j, x);
		return;
	}
	if (json_is_string(v)) {
		add_author(j, json_string_value(v));
		return;
	}
	v = deref(ld, v);
	if (json_is_object(v))
		add_author(j, str(v, "name"));
}

static void
keyword(struct jsonld *j, const char *s, size_t n)
{
	char	*k;

	if (j->nkeywords >= JSONLD_MAX_LIST)
		return;
	k = text_clean(s, n, TEXT_COLLAPSE, 256);
	if (k != NULL)
		j->keywords[j->nkeywords++] = k;
}

static void
keywords(struct jsonld *j, json_t *v)
{
	const char *s, *c;
	json_t	*x;
	size_t	 i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (json_is_string(x))
				keyword(j, json_string_value(x),
				    strlen(json_string_value(x)));
		return;
	}
	if (!json_is_string(v))
		return;
	for (s = json_string_value(v); *s; s = *c ? c + 1 : c) {
		c = strchr(s, ',');
		if (c == NULL)
			c = s + strlen(s);
		keyword(j, s, (size_t)(c - s));
	}
}

static int
int_of(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (json_is_integer(v))
		return (int)json_integer_value(v);
	if (json_is_string(v))
		return atoi(json_string_value(v));
	if (json_is_object(v))
		return int_of(v, "value");
	return 0;
}

static void
image(const struct ld *ld, struct jsonld *j, json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	v = deref(ld, v);
	if (json_is_string(v)) {
		j->image = dup_clean(json_string_value(v));
		return;
	}
	if (!json_is_object(v))
		return;
	j->image = dup_clean(str(v, "url"));
	if (j->image == NULL)
		j->image = dup_clean(str(v, "contentUrl"));
	j->image_width = int_of(v, "width");
	j->image_height = int_of(v, "height");
	j->image_caption = dup_clean(str(v, "caption"));
}

static void
fill(const struct ld *ld, struct jsonld *j, json_t *o, const char *type)
{
	json_t	*pub, *sect, *me;
	const char *s;
	size_t	 i;

	j->type = xstrdup(type);
	j->headline = dup_clean(str(o, "headline"));
	if (j->headline == NULL)
		j->headline = dup_clean(str(o, "name"));
	j->description = dup_clean(str(o, "description"));
	j->url = dup_clean(str(o, "url"));
	me = json_object_get(o, "mainEntityOfPage");
	if (j->url == NULL && json_is_string(me))
		j->url = dup_clean(json_string_value(me));
	else if (j->url == NULL && json_is_object(me))
		j->url = dup_clean(str(me, "@id"));
	j->published = dup_clean(str(o, "datePublished"));
	if (j->published == NULL)
		j->published = dup_clean(str(o, "dateCreated"));
	j->modified = dup_clean(str(o, "dateModified"));
	sect = json_object_get(o, "articleSection");
	if (json_is_array(sect))
		sect = json_array_get(sect, 0);
	if (json_is_string(sect))
		j->section = dup_clean(json_string_value(sect));
	j->lang = dup_clean(str(o, "inLanguage"));
	s = str(o, "articleBody");
	if (s != NULL)
		j->body = text_clean_str(s, TEXT_MULTILINE, CAP_HTML);
	authors(ld, j, json_object_get(o, "author"));
	if (j->nauthors == 0)
		authors(ld, j, json_object_get(o, "creator"));
	keywords(j, json_object_get(o, "keywords"));
	image(ld, j, json_object_get(o, "image"));
	if (j->image == NULL)
		image(ld, j, json_object_get(o, "thumbnailUrl"));
	pub = deref(ld, json_object_get(o, "publisher"));
	if (json_is_array(pub))
		pub = deref(ld, json_array_get(pub, 0));
	if (json_is_object(pub))
		j->site_name = dup_clean(str(pub, "name"));
	for (i = 0; j->site_name == NULL && i < ld->nobjs; i++)
		if (type_is(ld->objs[i], is_site, &s))
			j->site_name = dup_clean(str(ld->objs[i], "name"));
}

bool
jsonld_parse(char *const *scripts, size_t n, struct jsonld *out)
{
	json_t	*docs[32];
	struct ld ld;
	const char *type;
	size_t	 i, nd = 0;
	bool	 found = false;

	memset(out, 0, sizeof *out);
	ld.nobjs = 0;
	for (i = 0; i < n && nd < sizeof docs / sizeof docs[0]; i++) {
		json_t *d = json_loads(scripts[i], JSON_DECODE_ANY |
		    JSON_ALLOW_NUL, NULL);

		if (d == NULL)
			continue;
		docs[nd++] = d;
		collect(&ld, d, 0);
	}
	for (i = 0; i < ld.nobjs; i++)
		if (type_is(ld.objs[i], is_article, &type)) {
			fill(&ld, out, ld.objs[i], type);
			found = true;
			break;
		}
	for (i = 0; i < nd; i++)
		json_decref(docs[i]);
	return found;
}

void
jsonld_cleanup(struct jsonld *j)
{
	size_t	 i;

	free(j->type);
	free(j->headline);
	free(j->description);
	free(j->url);
	free(j->published);
	free(j->modified);
	free(j->section);
	free(j->lang);
	free(j->site_name);
	free(j->body);
	free(j->image);
	free(j->image_caption);
	for (i = 0; i < j->nauthors; i++)
		free(j->authors[i]);
	for (i = 0; i < j->nkeywords; i++)
		free(j->keywords[i]);
	memset(j, 0, sizeof *j);
}
