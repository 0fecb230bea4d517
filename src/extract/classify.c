/* SPDX-License-Identifier: MIT */
/*
 * Element classification for main-text extraction. Class and id values
 * are split into words at spaces, '-' and '_' and compared word by word,
 * so "ad" matches "ad-slot" but not "header" or "download".
 */
#include "config.h"
#include "extract/classify.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

/* Words that mark boilerplate wherever they appear as a word prefix. */
static const char *const junk_words[] = {
	"comment", "disqus", "share", "sharing", "social", "related",
	"newsletter", "subscribe", "subscription", "signup", "sidebar",
	"socialshare", "sharebar", "footer", "breadcrumb",
	"breadcrumbs", "cookie", "consent", "gdpr", "outbrain",
	"taboola", "promo", "advert", "advertisement", "sponsor",
	"sponsored", "popup", "modal", "nav", "navbar", "navigation",
	"menu", "pagination", "pager", "recommend", "recommended",
	"trending", "popular", "mostread", "masthead", "toolbar", "ad",
	"ads", "adslot", "adunit", "dfp", "banner", "skip", "jump",
	"sharethis", "addthis", "follow", "subnav", "paywall", "meter",
	"overlay", "login", "signin", "register", "readmore", "taglist",
	"tags", "topics", "keywords", "bio", "rail", "teaser",
	"teasers", "visually", "sr", "newsletters", "syndication",
	"license", "licensing", "rating", "reactions", "feedback",
	"survey", "donate", "promotion", "cta", "playlist", "carousel",
	"slideshow", "gallery", "linklist", "seealso", "further",
	NULL
};

/* Words that article-like words next to them do not excuse. */
static const char *const strong_words[] = {
	"comment", "comments", "disqus", "share", "sharing", "related",
	"newsletter", "subscribe", "cookie", "outbrain", "taboola",
	"promo", "advert", "advertisement", NULL
};

/* Reader talk: long and link-poor, but never the story. */
static const char *const talk_words[] = {
	"comment", "comments", "disqus", "reply", "replies", "discussion",
	"respond", NULL
};

/* Words that save an element from the list above. */
static const char *const good_words[] = {
	"article", "body", "content", "entry", "main", "post", "story",
	"text", "prose", "blog", "column", "page", "richtext", "rte",
	NULL
};

/* Long words that mark boilerplate even inside another word. */
static const char anywhere[] = " sharethis addthis outbrain taboola "
    "newsletter disqus subscribe socialshare sharebar ";

static bool
word_in(const char *w, size_t n, const char *const *list, bool prefix)
{
	char	 low[64];
	size_t	 i, j, k;

	for (i = 0; list[i] != NULL; i++) {
		k = strlen(list[i]);
		if (n < k)
			continue;
		if (prefix && k >= 6 && n < sizeof low &&
		    strstr(anywhere, list[i]) != NULL) {
			for (j = 0; j < n; j++)
				low[j] = (char)tolower((unsigned char)w[j]);
			low[n] = '\0';
			if (strstr(low, list[i]) != NULL)
				return true;
		}
		if (strncasecmp(w, list[i], k) != 0)
			continue;
		/* "comments", "commentList", "comment2"; not "commentary". */
		if (n == k || (prefix && ((n == k + 1 && (w[k] == 's' ||
		    w[k] == 'S')) || (w[k] >= 'A' && w[k] <= 'Z') ||
		    (w[k] >= '0' && w[k] <= '9'))))
			return true;
	}
	return false;
}

/* Count words of s found in list. */
static int
count_words(const char *s, const char *const *list)
{
	const char *p, *q;
	int	 c = 0;

	if (s == NULL)
		return 0;
	for (p = s; *p; p = q) {
		while (*p == ' ' || *p == '-' || *p == '_' || *p == '\t' ||
		    *p == '\n')
			p++;
		for (q = p; *q && *q != ' ' && *q != '-' && *q != '_' &&
		    *q != '\t' && *q != '\n'; q++)
			;
		if (q > p && word_in(p, (size_t)(q - p), list, true))
			c++;
	}
	return c;
}

bool
classify_has(const GumboNode *n, const char *w)
{
	const char *const list[] = { w, NULL };

	return count_words(page_attr(n, "class"), list) > 0 ||
	    count_words(page_attr(n, "id"), list) > 0;
}

int
classify_weight(const GumboNode *n)
{
	const char *cls = page_attr(n, "class"), *id = page_attr(n, "id");
	int	 w = 0;

	if (count_words(cls, junk_words) > 0)
		w -= 25;
	if (count_words(cls, good_words) > 0)
		w += 25;
	if (count_words(id, junk_words) > 0)
		w -= 25;
	if (count_words(id, good_words) > 0)
		w += 25;
	return w;
}

static bool
hidden(const GumboNode *n)
{
	const char *s;

	if (page_attr(n, "hidden") != NULL)
		return true;
	s = page_attr(n, "aria-hidden");
	if (s != NULL && strcasecmp(s, "true") == 0 &&
	    !page_is(n, GUMBO_TAG_FIGURE) && !page_is(n, GUMBO_TAG_IMG))
		return true;
	s = page_attr(n, "style");
	if (s != NULL && (strstr(s, "display:none") != NULL ||
	    strstr(s, "display: none") != NULL ||
	    strstr(s, "visibility:hidden") != NULL ||
	    strstr(s, "visibility: hidden") != NULL))
		return true;
	return false;
}

static bool
holds_story(const GumboNode *n, int depth)
{
	const GumboVector *v;
	const GumboNode	*c;
	const char	*ip;
	size_t		 i;

	if (depth > PAGE_MAX_DEPTH || n->type != GUMBO_NODE_ELEMENT)
		return false;
	v = page_kids(n);
	for (i = 0; i < v->length; i++) {
		c = v->data[i];
		if (c->type != GUMBO_NODE_ELEMENT)
			continue;
		if (page_is(c, GUMBO_TAG_H1) || page_is(c, GUMBO_TAG_ARTICLE) ||
		    page_is(c, GUMBO_TAG_MAIN))
			return true;
		ip = page_attr(c, "itemprop");
		if (ip != NULL && strcasecmp(ip, "articleBody") == 0)
			return true;
		if (holds_story(c, depth + 1))
			return true;
	}
	return false;
}

bool
classify_junk(const GumboNode *n)
{
	const char *role;
	int	 bad, good;

	if (n->type != GUMBO_NODE_ELEMENT)
		return false;
	if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
		return n->v.element.tag_namespace == GUMBO_NAMESPACE_SVG;
	switch (n->v.element.tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV:
	case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_MENU: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_LINK:
	case GUMBO_TAG_META: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
	case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_LABEL:
	case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
		return true;
	case GUMBO_TAG_HTML: case GUMBO_TAG_BODY:
		return false;
	default:
		break;
	}
	if (hidden(n))
		return true;
	role = page_attr(n, "role");
	if (role != NULL && (strcasecmp(role, "navigation") == 0 ||
	    strcasecmp(role, "complementary") == 0 ||
	    strcasecmp(role, "dialog") == 0 ||
	    strcasecmp(role, "banner") == 0 ||
	    strcasecmp(role, "contentinfo") == 0 ||
	    strcasecmp(role, "menu") == 0 ||
	    strcasecmp(role, "alert") == 0))
		return true;
	bad = count_words(page_attr(n, "class"), junk_words) +
	    count_words(page_attr(n, "id"), junk_words);
	if (bad == 0)
		return false;
	if (page_is(n, GUMBO_TAG_ARTICLE) || page_is(n, GUMBO_TAG_MAIN) ||
	    page_is(n, GUMBO_TAG_FIGURE) || page_is(n, GUMBO_TAG_A) ||
	    page_is(n, GUMBO_TAG_P) || page_is(n, GUMBO_TAG_IMG) ||
	    page_is(n, GUMBO_TAG_TABLE) || page_is(n, GUMBO_TAG_TD) ||
	    page_is(n, GUMBO_TAG_TR) || page_is(n, GUMBO_TAG_TBODY))
		return false;
	good = count_words(page_attr(n, "class"), good_words) +
	    count_words(page_attr(n, "id"), good_words);
	if (good != 0 && bad <= good &&
	    count_words(page_attr(n, "class"), strong_words) == 0 &&
	    count_words(page_attr(n, "id"), strong_words) == 0)
		return false;
	/* A wrapper around the whole story is not boilerplate. */
	if (holds_story(n, 0))
		return false;
	if (count_words(page_attr(n, "class"), talk_words) == 0 &&
	    count_words(page_attr(n, "id"), talk_words) == 0) {
		size_t	 len, links;

		len = page_text_len(n, &links);
		if (len > 2000 && links * 5 < len)
			return false;
	}
	return true;
}

static const char *const junk_lines[] = {
	"sharethis", "share this", "share on", "share:", "share",
	"advertisement", "advertisment", "ad", "related", "related stories",
	"related articles", "read more", "read next", "more stories",
	"recommended", "sign up", "subscribe", "newsletter", "comments",
	"leave a comment", "loading", "loading...", "continue reading",
	"story continues below advertisement", "skip advertisement",
	NULL
};

bool
classify_junk_text(const char *text)
{
	size_t	 i;

	if (text == NULL)
		return true;
	for (i = 0; junk_lines[i] != NULL; i++)
		if (strcasecmp(text, junk_lines[i]) == 0)
			return true;
	return false;
}
