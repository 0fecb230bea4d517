/* SPDX-License-Identifier: MIT */
/*
 * The share page writer (-t share): one HTML page per story carrying
 * OpenGraph, Twitter Card and schema.org NewsArticle metadata for link
 * previews, a readable preview for a person, and a redirect to the story.
 * Every value is escaped for where it goes: attribute, text, or JSON
 * inside <script> (where "<", ">" and "&" are written as \u escapes).
 */
#include "config.h"
#include "write/share.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"
#include "write/html.h"
#include "write/outdir.h"
#include "write/write.h"

/* A positive int in decimal into num (16 bytes). */
static void
int_str(int v, char num[16])
{
	char	 d[16], *p = d + sizeof d;
	unsigned u = (unsigned)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	memcpy(num, p, (size_t)(d + sizeof d - p));
}

/*
 * Where a value's escaped bytes first went in the page: a title, a
 * description or a URL goes to the page several times, and the later
 * ones copy those bytes instead of escaping the value again.
 */
struct spot {
	size_t	 off, len;
	bool	 set;
};

/*
 * put(w, v), or a copy of what it wrote at sp when sp is set; sp NULL
 * writes without remembering.
 */
static void
put_at(struct write_out *w, struct spot *sp,
    void (*put)(struct write_out *, const char *), const char *v)
{
	size_t	 start = w->b->len;

	if (w->e != ERR_OK)
		return;
	if (sp != NULL && sp->set) {
		/* With the room made first, the copy's source stays put. */
		buf_reserve(w->b, w->b->len + sp->len);
		write_putn(w, w->b->data + sp->off, sp->len);
		return;
	}
	put(w, v);
	if (sp != NULL && w->e == ERR_OK) {
		sp->off = start;
		sp->len = w->b->len - start;
		sp->set = true;
	}
}

/*
 * <meta KIND="key" content="value">, when value has text: head is the
 * part up to the value, spelled once by the OG() and TW() macros; sp
 * as for put_at().
 */
static void
meta_at(struct write_out *w, const char *head, const char *v,
    struct spot *sp)
{
	if (!write_has_text(v))
		return;
	write_put(w, head);
	put_at(w, sp, write_put_attr, v);
	write_put(w, "\">\n");
}

#define OG(w, key, v)	OG_AT(w, key, v, NULL)
#define TW(w, key, v)	TW_AT(w, key, v, NULL)
#define OG_AT(w, key, v, sp)						\
	meta_at(w, "<meta property=\"" key "\" content=\"", v, sp)
#define TW_AT(w, key, v, sp)						\
	meta_at(w, "<meta name=\"" key "\" content=\"", v, sp)

/* One "key": "value" member of the JSON-LD, when value has text. */
static void
ld_str_at(struct write_out *w, const char *key, const char *v,
    struct spot *sp)
{
	if (!write_has_text(v))
		return;
	write_put(w, ",\n  \"");
	write_put(w, key);
	write_put(w, "\": ");
	put_at(w, sp, write_put_json_script, v);
}

static void
ld_str(struct write_out *w, const char *key, const char *v)
{
	ld_str_at(w, key, v, NULL);
}

/* Everything one page needs, worked out once. */
struct page {
	char		*title;
	const char	*url;		/* the story's web URL, or NULL */
	char		*canonical;	/* url, else this page's URL, or NULL */
	char		*desc;
	char		*site;
	char		*locale;
	const char	*lang;
	const struct image *image;
	bool		 image_own;	/* the story's image, not the default */
	char		 published[DATE_BUF];
	char		 modified[DATE_BUF];
	const char	*section;
	/*
	 * The values written more than once: each escape's first bytes.
	 * url's are canonical's (the same string when url is set).
	 */
	struct spot	 title_attr, title_xml, desc_attr, canonical_attr;
	struct spot	 canonical_json, image_attr, alt_attr;
};

static void
page_init(struct page *pg, const struct write_opts *o, const struct feed *f,
    const struct article *a, const struct image *fallback)
{
	const struct share_opts *so = o->share;
	char	*file;
	size_t	 i;

	memset(pg, 0, sizeof *pg);
	pg->title = write_article_title(a);
	pg->url = write_web_url_ok(a->url) ? a->url :
	    write_web_url_ok(a->id) ? a->id : NULL;
	if (pg->url != NULL)
		pg->canonical = xstrdup(pg->url);
	else if (write_web_url_ok(o->feed_url)) {
		/* No story URL: this page, where --feed-url serves it. */
		file = write_story_file_name(a, "html");
		pg->canonical = uri_resolve(o->feed_url, file);
		free(file);
	}
	pg->desc = share_description(a);
	pg->site = write_has_text(so->site_name) ? xstrdup(so->site_name) :
	    write_feed_title(f);
	pg->lang = write_lang_ok(a->language) ? a->language :
	    write_lang_ok(f->language) ? f->language : NULL;
	pg->locale = share_locale(pg->lang);
	pg->image = share_pick_image(a, fallback);
	pg->image_own = pg->image != NULL && pg->image != fallback;
	if (write_date_ok(a->published.t))
		date_format_rfc3339(a->published.t, pg->published);
	if (write_date_ok(write_article_updated(a)))
		date_format_rfc3339(write_article_updated(a), pg->modified);
	for (i = 0; i < a->ncategories && pg->section == NULL; i++)
		if (write_has_text(a->categories[i].label))
			pg->section = a->categories[i].label;
		else if (write_has_text(a->categories[i].term))
			pg->section = a->categories[i].term;
}

static void
page_cleanup(struct page *pg)
{
	free(pg->title);
	free(pg->canonical);
	free(pg->desc);
	free(pg->site);
	free(pg->locale);
}

/*
 * The image's alt text: alt, else caption, else the title; the site
 * name for the site's default image.
 */
static const char *
image_alt(const struct page *pg)
{
	if (!pg->image_own)
		return pg->site;
	return share_image_alt(pg->image, pg->title);
}

const char *
share_image_alt(const struct image *im, const char *title)
{
	if (write_has_text(im->alt))
		return im->alt;
	if (write_has_text(im->caption))
		return im->caption;
	return title;
}

/* article:tag for each category and keyword, each once. */
static void
article_tags(struct write_out *w, const struct article *a)
{
	const char *t;
	size_t	 i, j;

	for (i = 0; i < a->ncategories; i++) {
		t = write_category_term(&a->categories[i]);
		for (j = 0; j < i; j++)
			if (t != NULL && write_category_term(
			    &a->categories[j]) != NULL && strcmp(t,
			    write_category_term(&a->categories[j])) == 0)
				break;
		if (j == i)
			OG(w, "article:tag", t);
	}
	for (i = 0; i < a->nkeywords; i++)
		if (!write_is_category_term(a, a->keywords[i]))
			OG(w, "article:tag", a->keywords[i]);
}

/* An author as OpenGraph wants one: the profile URL, else the name. */
static const char *
author_ref(const struct person *p)
{
	return write_web_url_ok(p->url) ? p->url : p->name;
}

static void
head_meta(struct write_out *w, const struct share_opts *so,
    struct page *pg, const struct article *a)
{
	char	 num[16];
	size_t	 i;

	OG(w, "og:type", "article");
	OG_AT(w, "og:title", pg->title, &pg->title_attr);
	OG_AT(w, "og:description", pg->desc, &pg->desc_attr);
	OG_AT(w, "og:url", pg->canonical, &pg->canonical_attr);
	OG(w, "og:site_name", pg->site);
	OG(w, "og:locale", pg->locale);
	if (pg->image != NULL) {
		OG_AT(w, "og:image", pg->image->url, &pg->image_attr);
		if (write_mime_ok(pg->image->type) &&
		    text_istarts(pg->image->type, "image/"))
			OG(w, "og:image:type", pg->image->type);
		if (pg->image->width > 0 && pg->image->height > 0) {
			int_str(pg->image->width, num);
			OG(w, "og:image:width", num);
			int_str(pg->image->height, num);
			OG(w, "og:image:height", num);
		}
		OG_AT(w, "og:image:alt", image_alt(pg), &pg->alt_attr);
	}
	OG(w, "article:published_time", pg->published);
	OG(w, "article:modified_time", pg->modified);
	for (i = 0; i < a->nauthors; i++)
		OG(w, "article:author", author_ref(&a->authors[i]));
	OG(w, "article:section", pg->section);
	article_tags(w, a);
	TW(w, "twitter:card", share_image_large(pg->image) ?
	    "summary_large_image" : "summary");
	if (write_has_text(so->twitter_site))
		TW(w, "twitter:site", so->twitter_site);
	TW_AT(w, "twitter:title", pg->title, &pg->title_attr);
	TW_AT(w, "twitter:description", pg->desc, &pg->desc_attr);
	if (pg->image != NULL) {
		TW_AT(w, "twitter:image", pg->image->url, &pg->image_attr);
		TW_AT(w, "twitter:image:alt", image_alt(pg), &pg->alt_attr);
	}
}

/* The schema.org NewsArticle, as JSON-LD. */
static void
json_ld(struct write_out *w, struct page *pg, const struct feed *f,
    const struct article *a)
{
	const struct person *p;
	const char *logo;
	size_t	 i;
	int	 n = 0;

	write_put(w, "<script type=\"application/ld+json\">\n{\n"
	    "  \"@context\": \"https://schema.org\",\n"
	    "  \"@type\": \"NewsArticle\"");
	if (pg->canonical != NULL) {
		write_put(w, ",\n  \"mainEntityOfPage\": {\"@type\": "
		    "\"WebPage\", \"@id\": ");
		put_at(w, &pg->canonical_json, write_put_json_script,
		    pg->canonical);
		write_put(w, "}");
		ld_str_at(w, "url", pg->canonical, &pg->canonical_json);
	}
	ld_str(w, "headline", pg->title);
	ld_str(w, "description", pg->desc);
	if (pg->image != NULL) {
		write_put(w, ",\n  \"image\": [");
		write_put_json_script(w, pg->image->url);
		write_put(w, "]");
	}
	ld_str(w, "datePublished", pg->published);
	ld_str(w, "dateModified", pg->modified);
	for (i = 0; i < a->nauthors; i++) {
		p = &a->authors[i];
		if (!write_has_text(p->name))
			continue;
		write_put(w, n++ == 0 ? ",\n  \"author\": [" : ", ");
		write_put(w, "{\"@type\": \"Person\", \"name\": ");
		write_put_json_script(w, p->name);
		if (write_web_url_ok(p->url)) {
			write_put(w, ", \"url\": ");
			write_put_json_script(w, p->url);
		}
		write_put(w, "}");
	}
	if (n > 0)
		write_put(w, "]");
	write_put(w, ",\n  \"publisher\": {\"@type\": \"Organization\", "
	    "\"name\": ");
	write_put_json_script(w, pg->site);
	logo = write_web_url_ok(f->logo) ? f->logo :
	    write_web_url_ok(f->icon) ? f->icon : NULL;
	if (logo != NULL) {
		write_put(w, ", \"logo\": {\"@type\": \"ImageObject\", "
		    "\"url\": ");
		write_put_json_script(w, logo);
		write_put(w, "}");
	}
	write_put(w, "}");
	ld_str(w, "inLanguage", pg->lang);
	write_put(w, "\n}\n</script>\n");
}

void
share_byline(struct write_out *w, const struct article *a,
    const char *published)
{
	size_t	 i;
	int	 n = 0;

	if (write_has_text(a->byline)) {
		write_put(w, "<p class=\"byline\">");
		write_put_xml(w, a->byline);
		n++;
	} else
		for (i = 0; i < a->nauthors; i++) {
			if (!write_has_text(a->authors[i].name))
				continue;
			write_put(w, n++ == 0 ? "<p class=\"byline\">By " :
			    ", ");
			write_put_xml(w, a->authors[i].name);
		}
	if (published[0] != '\0') {
		write_put(w, n++ == 0 ? "<p class=\"byline\">" : " &middot; ");
		write_put(w, "<time datetime=\"");
		write_put(w, published);
		write_put(w, "\">");
		write_putn(w, published, strnlen(published, 10));
		write_put(w, "</time>");
	}
	if (n > 0)
		write_put(w, "</p>\n");
}

/* The preview a person sees: headline, dek, image, byline, link. */
static void
preview(struct write_out *w, const struct share_opts *so,
    struct page *pg, const struct article *a)
{
	const struct image *im = pg->image;

	write_put(w, "<body>\n");
	if (pg->url != NULL && so->redirect != SHARE_REDIRECT_NONE) {
		write_put(w, "<p class=\"redirect\">Taking you to the story: "
		    "<a href=\"");
		put_at(w, &pg->canonical_attr, write_put_attr, pg->url);
		write_put(w, "\">");
		write_put_xml(w, pg->url);
		write_put(w, "</a></p>\n");
	}
	write_put(w, "<article>\n<p class=\"site\">");
	write_put_xml(w, pg->site);
	write_put(w, "</p>\n<h1>");
	put_at(w, &pg->title_xml, write_put_xml, pg->title);
	write_put(w, "</h1>\n");
	if (write_has_text(a->subtitle) || pg->desc != NULL) {
		write_put(w, "<p class=\"dek\">");
		write_put_xml(w, write_has_text(a->subtitle) ? a->subtitle :
		    pg->desc);
		write_put(w, "</p>\n");
	}
	if (im != NULL && pg->image_own) {
		write_put(w, "<figure>\n<img src=\"");
		put_at(w, &pg->image_attr, write_put_attr, im->url);
		write_put(w, "\" alt=\"");
		put_at(w, &pg->alt_attr, write_put_attr, image_alt(pg));
		write_put(w, "\"");
		if (im->width > 0 && im->height > 0) {
			write_put(w, " width=\"");
			write_put_int(w, im->width);
			write_put(w, "\" height=\"");
			write_put_int(w, im->height);
			write_put(w, "\"");
		}
		write_put(w, ">\n");
		if (write_has_text(im->caption) || write_has_text(im->credit)) {
			write_put(w, "<figcaption>");
			write_put_xml(w, write_has_text(im->caption) ?
			    im->caption : "");
			if (write_has_text(im->credit)) {
				write_put(w, write_has_text(im->caption) ?
				    " <small>" : "<small>");
				write_put_xml(w, im->credit);
				write_put(w, "</small>");
			}
			write_put(w, "</figcaption>\n");
		}
		write_put(w, "</figure>\n");
	}
	share_byline(w, a, pg->published);
	if (pg->url != NULL) {
		write_put(w, "<p class=\"more\"><a href=\"");
		put_at(w, &pg->canonical_attr, write_put_attr, pg->url);
		write_put(w, "\">Read the story</a></p>\n");
	}
	write_put(w, "</article>\n</body>\n</html>\n");
}

/* The configured default image as a struct image, or NULL. */
static const struct image *
default_image(const struct share_opts *so, struct image *im)
{
	if (!write_web_url_ok(so->default_image))
		return NULL;
	memset(im, 0, sizeof *im);
	im->url = (char *)so->default_image;
	im->width = so->default_width > 0 ? so->default_width :
	    SHARE_LARGE_WIDTH;
	im->height = so->default_height > 0 ? so->default_height :
	    SHARE_LARGE_HEIGHT;
	return im;
}

static const struct share_opts share_defaults;

static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	const struct share_opts *so;
	struct write_out w = { out, ERR_OK };
	struct write_opts wo;
	struct image def;
	struct page pg;

	so = o->share != NULL ? o->share : &share_defaults;
	wo = *o;
	wo.share = so;
	page_init(&pg, &wo, f, a, default_image(so, &def));
	write_put(&w, "<!DOCTYPE html>\n<html");
	if (pg.lang != NULL) {
		/* A language tag is letters, digits and "-": no escaping. */
		write_put(&w, " lang=\"");
		write_put(&w, pg.lang);
		write_put(&w, "\"");
	}
	write_put(&w, " prefix=\"og: https://ogp.me/ns# article: "
	    "https://ogp.me/ns/article#\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	put_at(&w, &pg.title_xml, write_put_xml, pg.title);
	write_put(&w, "</title>\n");
	meta_at(&w, "<meta name=\"description\" content=\"", pg.desc,
	    &pg.desc_attr);
	if (pg.canonical != NULL) {
		write_put(&w, "<link rel=\"canonical\" href=\"");
		put_at(&w, &pg.canonical_attr, write_put_attr, pg.canonical);
		write_put(&w, "\">\n");
	}
	if (pg.url != NULL) {
		if (so->redirect == SHARE_REDIRECT_META) {
			write_put(&w, "<meta http-equiv=\"refresh\" "
			    "content=\"0; url=");
			put_at(&w, &pg.canonical_attr, write_put_attr, pg.url);
			write_put(&w, "\">\n");
		}
	}
	head_meta(&w, so, &pg, a);
	json_ld(&w, &pg, f, a);
	/* The preview fits a phone: the pages for people's style sheet. */
	write_put(&w, "<style>\n");
	write_put(&w, html_css);
	write_put(&w, "</style>\n</head>\n");
	preview(&w, so, &pg, a);
	page_cleanup(&pg);
	return w.e;
}

/* index.html: a list of the pages, newest (first in the input) first. */
static enum err
share_index(const struct write_opts *o, const struct feed *f,
    const struct write_entry *e, size_t n, struct buf *out)
{
	const struct share_opts *so;
	struct write_out w = { out, ERR_OK };
	char	*site;
	size_t	 i;

	so = o->share != NULL ? o->share : &share_defaults;
	site = write_has_text(so->site_name) ? xstrdup(so->site_name) :
	    write_feed_title(f);
	write_put(&w, "<!DOCTYPE html>\n<html");
	if (write_lang_ok(f->language))
		write_putf(&w, " lang=\"%s\"", f->language);
	write_put(&w, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"robots\" content=\"noindex\">\n<title>");
	write_put_xml(&w, site);
	write_put(&w, "</title>\n</head>\n<body>\n<h1>");
	write_put_xml(&w, site);
	write_put(&w, "</h1>\n<ul>\n");
	for (i = 0; i < n; i++) {
		write_put(&w, "<li><a href=\"");
		write_put_attr(&w, e[i].file);
		write_put(&w, "\">");
		write_put_xml(&w, e[i].title);
		write_put(&w, "</a></li>\n");
	}
	write_put(&w, "</ul>\n</body>\n</html>\n");
	free(site);
	return w.e;
}

/* A per-story writer has no feed head or end: write_sink refuses it. */
static enum err
no_head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	return ERR_UNSUPPORTED;
}

static enum err
no_end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	return ERR_UNSUPPORTED;
}

const struct writer writer_share = {
	.name = "share",
	.media_type = "text/html",
	.ext = "html",
	.head = no_head,
	.article = article,
	.end = no_end,
	.multi = true,
	.index_name = "index.html",
	.index = share_index,
};
