/* SPDX-License-Identifier: MIT */
/*
 * What a share page says, chosen from the story: the image (by size,
 * with the site default as fallback), the description (summary or first
 * paragraph, cut at a word boundary), og:locale, and the redirect mode.
 */
#include "config.h"
#include "write/share.h"

#include <stdlib.h>
#include <string.h>

#include "extract/sanitize.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"
#include "write/write.h"

bool
share_redirect_parse(const char *s, enum share_redirect *out)
{
	if (strcmp(s, "meta") == 0)
		*out = SHARE_REDIRECT_META;
	else if (strcmp(s, "link") == 0)
		*out = SHARE_REDIRECT_LINK;
	else if (strcmp(s, "none") == 0)
		*out = SHARE_REDIRECT_NONE;
	else
		return false;
	return true;
}

bool
share_image_large(const struct image *im)
{
	return im != NULL && im->width >= SHARE_LARGE_WIDTH &&
	    im->height >= SHARE_LARGE_HEIGHT;
}

/* 3: large, 2: big enough, 1: size unknown, 0: refused. */
static int
image_rank(const struct image *im)
{
	if (!write_web_url_ok(im->url))
		return 0;
	if (im->width <= 0 || im->height <= 0)
		return 1;
	if (share_image_large(im))
		return 3;
	if (im->width >= SHARE_MIN_SIDE && im->height >= SHARE_MIN_SIDE)
		return 2;
	return 0;
}

/* The best of a's images of this rank: the lead, else the largest. */
static const struct image *
best_of_rank(const struct article *a, int rank)
{
	const struct image *lead, *best = NULL;
	size_t	 i;
	long	 area, best_area = -1;

	lead = article_lead_image(a);
	if (lead != NULL && image_rank(lead) == rank)
		return lead;
	for (i = 0; i < a->nimages; i++) {
		if (image_rank(&a->images[i]) != rank)
			continue;
		area = (long)a->images[i].width * a->images[i].height;
		if (area > best_area) {
			best = &a->images[i];
			best_area = area;
		}
	}
	return best;
}

const struct image *
share_pick_image(const struct article *a, const struct image *fallback)
{
	const struct image *im;

	im = best_of_rank(a, 3);
	if (im == NULL)
		im = best_of_rank(a, 2);
	if (im == NULL && fallback != NULL && write_web_url_ok(fallback->url))
		im = fallback;
	if (im == NULL)
		im = best_of_rank(a, 1);
	return im;
}

/* The first paragraph of plain text: up to the first blank line. */
static char *
first_para_text(const char *s)
{
	const char *end;

	end = strstr(s, "\n\n");
	if (end == NULL)
		end = s + strlen(s);
	return text_clean(s, (size_t)(end - s), TEXT_COLLAPSE, CAP_TEXT);
}

/* The text of the first <p> of html with any text, else of all of it. */
static char *
first_para_html(const char *html)
{
	const char *p, *end;
	char	*frag, *text;

	for (p = html; (p = strstr(p, "<p")) != NULL; p = end) {
		if (p[2] != '>' && p[2] != ' ') {
			end = p + 2;
			continue;
		}
		end = strstr(p, "</p>");
		if (end == NULL)
			break;
		frag = xstrndup(p, (size_t)(end - p));
		text = sanitize_text(frag);
		free(frag);
		if (text != NULL)
			return text;
	}
	return sanitize_text(html);
}

char *
share_description(const struct article *a)
{
	char	*para = NULL, *res;

	if (write_has_text(a->summary)) {
		/* A model summary is clean already (no copy to clean). */
		if (text_is_clean(a->summary, strlen(a->summary),
		    TEXT_COLLAPSE, CAP_TEXT))
			return text_excerpt(a->summary, SHARE_DESC_CHARS - 1);
		para = text_clean_str(a->summary, TEXT_COLLAPSE, CAP_TEXT);
	} else if (write_has_text(a->content_text))
		para = first_para_text(a->content_text);
	else if (write_has_text(a->content_html))
		para = first_para_html(a->content_html);
	if (para == NULL || !write_has_text(para)) {
		free(para);
		return NULL;
	}
	/* text_excerpt() may add the ellipsis after max characters. */
	res = text_excerpt(para, SHARE_DESC_CHARS - 1);
	free(para);
	return res;
}

char *
share_locale(const char *lang)
{
	char	*res, *p;
	bool	 region = false;

	if (!write_lang_ok(lang))
		return NULL;
	res = xstrdup(lang);
	for (p = res; *p != '\0'; p++) {
		if (*p == '-') {
			/* Only language_TERRITORY: drop script and variants. */
			if (region || strlen(p + 1) != 2 || strchr(p + 1, '-'))
				break;
			*p = '_';
			region = true;
		} else if (region && *p >= 'a' && *p <= 'z')
			*p -= 'a' - 'A';
		else if (!region && *p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	}
	*p = '\0';
	return res;
}
