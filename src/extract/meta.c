/* SPDX-License-Identifier: MIT */
/*
 * Metadata collection: one pass over the document records what the page
 * says about itself, without deciding anything; read/html.c applies the
 * precedence documented in feedmill(1).
 */
#include "config.h"
#include "extract/meta.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define META_MAX_KV	512
#define META_MAX_JSONLD	32

static void
add_kv(struct page_meta *m, const char *prefix, const char *key,
    const char *value)
{
	struct meta_kv *kv;
	char	*k, *v, *c;

	if (m->nkv >= META_MAX_KV || key == NULL || value == NULL)
		return;
	v = text_clean_str(value, TEXT_COLLAPSE, CAP_TEXT);
	if (v == NULL)
		return;
	k = xasprintf("%s%s", prefix, key);
	for (c = k; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	m->kv = xreallocarray(m->kv, m->nkv + 1, sizeof *m->kv);
	kv = &m->kv[m->nkv++];
	kv->key = text_clean_str(k, TEXT_COLLAPSE, 256);
	free(k);
	kv->value = v;
	if (kv->key == NULL) {
		free(kv->value);
		m->nkv--;
	}
}

static bool
rel_has(const char *rel, const char *word)
{
	size_t	 n = strlen(word);
	const char *p;

	if (rel == NULL)
		return false;
	for (p = rel; *p; ) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (strncasecmp(p, word, n) == 0 && (p[n] == '\0' ||
		    p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return true;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	return false;
}

static void
on_element(const struct page *p, struct page_meta *m, const GumboNode *n)
{
	const char *name, *val, *type;

	switch (n->v.element.tag) {
	case GUMBO_TAG_META:
		val = page_attr(n, "content");
		if ((name = page_attr(n, "property")) != NULL)
			add_kv(m, "", name, val);
		if ((name = page_attr(n, "name")) != NULL)
			add_kv(m, "", name, val);
		if ((name = page_attr(n, "itemprop")) != NULL)
			add_kv(m, "itemprop:", name, val);
		if ((name = page_attr(n, "http-equiv")) != NULL &&
		    strcasecmp(name, "content-language") == 0)
			add_kv(m, "", "content-language", val);
		return;
	case GUMBO_TAG_TITLE:
		if (m->title == NULL && n->v.element.children.length > 0) {
			const GumboNode *t = n->v.element.children.data[0];

			if (t->type == GUMBO_NODE_TEXT ||
			    t->type == GUMBO_NODE_WHITESPACE)
				m->title = text_clean_str(t->v.text.text,
				    TEXT_COLLAPSE, CAP_TEXT);
		}
		return;
	case GUMBO_TAG_LINK:
		if (rel_has(page_attr(n, "rel"), "canonical") &&
		    m->canonical == NULL)
			m->canonical = page_url(p, page_attr(n, "href"));
		if ((name = page_attr(n, "itemprop")) != NULL &&
		    (val = page_attr(n, "href")) != NULL) {
			char *u = page_url(p, val);

			add_kv(m, "itemprop:", name, u);
			free(u);
		}
		if (rel_has(page_attr(n, "rel"), "author") &&
		    (val = page_attr(n, "title")) != NULL)
			add_kv(m, "", "link:author", val);
		return;
	case GUMBO_TAG_SCRIPT:
		type = page_attr(n, "type");
		if (type != NULL && strcasecmp(type, "application/ld+json") == 0 &&
		    m->njsonld < META_MAX_JSONLD) {
			struct buf b;

			buf_init(&b, CAP_HTML);
			page_text(n, &b);
			/* page_text skips scripts: read the raw child text. */
			if (b.len == 0 && n->v.element.children.length > 0) {
				const GumboNode *t =
				    n->v.element.children.data[0];

				if (t->type == GUMBO_NODE_TEXT)
					CAPPED(buf_add(&b, t->v.text.text));
			}
			if (b.len > 0) {
				m->jsonld = xreallocarray(m->jsonld,
				    m->njsonld + 1, sizeof *m->jsonld);
				m->jsonld[m->njsonld++] = buf_take(&b, NULL);
			}
			buf_cleanup(&b);
		}
		return;
	case GUMBO_TAG_TIME:
		if (m->time == NULL && (val = page_attr(n, "datetime")) != NULL)
			m->time = text_clean_str(val, TEXT_COLLAPSE, 128);
		break;
	default:
		break;
	}
	/* Microdata on ordinary elements. */
	if ((name = page_attr(n, "itemprop")) != NULL &&
	    (page_attr(n, "itemscope") == NULL ||
	    strcasecmp(name, "author") == 0)) {
		val = page_attr(n, "content");
		if (val == NULL)
			val = page_attr(n, "datetime");
		if (val == NULL && (page_is(n, GUMBO_TAG_IMG) ||
		    page_is(n, GUMBO_TAG_A))) {
			char *u = page_url(p, page_attr(n,
			    page_is(n, GUMBO_TAG_IMG) ? "src" : "href"));

			add_kv(m, "itemprop:", name, u);
			free(u);
			return;
		}
		if (val != NULL)
			add_kv(m, "itemprop:", name, val);
		else if (strcasecmp(name, "articleBody") != 0) {
			char *t = page_text_str(n);

			add_kv(m, "itemprop:", name, t);
			free(t);
		}
	}
}

static void
walk(const struct page *p, struct page_meta *m, const GumboNode *n,
    int depth)
{
	const GumboVector *v;
	size_t	 i;

	if (depth > PAGE_MAX_DEPTH || n->type != GUMBO_NODE_ELEMENT)
		return;
	on_element(p, m, n);
	if (n->v.element.tag == GUMBO_TAG_SCRIPT ||
	    n->v.element.tag == GUMBO_TAG_STYLE)
		return;
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		walk(p, m, v->data[i], depth + 1);
}

void
meta_collect(const struct page *p, struct page_meta *m)
{
	const char *lang;

	memset(m, 0, sizeof *m);
	lang = page_attr(p->html, "lang");
	if (lang == NULL)
		lang = page_attr(p->html, "xml:lang");
	m->lang = text_clean_str(lang, TEXT_COLLAPSE, 64);
	walk(p, m, p->html, 0);
}

void
meta_cleanup(struct page_meta *m)
{
	size_t	 i;

	for (i = 0; i < m->nkv; i++) {
		free(m->kv[i].key);
		free(m->kv[i].value);
	}
	free(m->kv);
	for (i = 0; i < m->njsonld; i++)
		free(m->jsonld[i]);
	free(m->jsonld);
	free(m->title);
	free(m->canonical);
	free(m->lang);
	free(m->time);
	memset(m, 0, sizeof *m);
}

const char *
meta_get_nth(const struct page_meta *m, const char *key, size_t nth)
{
	size_t	 i;

	for (i = 0; i < m->nkv; i++)
		if (strcmp(m->kv[i].key, key) == 0 && nth-- == 0)
			return m->kv[i].value;
	return NULL;
}

const char *
meta_get(const struct page_meta *m, const char *key)
{
	return meta_get_nth(m, key, 0);
}
