/* SPDX-License-Identifier: MIT */
/*
 * RSS 0.90, 0.91, 0.92, 0.93, 0.94, 1.0 (RDF) and 2.0: the element table
 * for the RSS namespaces (none, RSS 1.0, Netscape's 0.90) and the reader
 * entry point. Extensions (dc, content, media...) are in xmlext.c and
 * atom:* elements inside RSS are handled by atom.c's table.
 */
#include "config.h"
#include "read/xml.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static void
start_rss(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *v = xml_attr(a, n, NS_OTHER, "version");

	xstrset(&x->feed.format, "rss");
	if (v != NULL && x->feed.version == NULL)
		x->feed.version = xml_trim(v, strlen(v));
	/* "2.01", "2.0.1": revisions of the RSS 2.0 text, all RSS 2.0. */
	if (x->feed.version != NULL && x->feed.version[0] == '2' &&
	    (x->feed.version[1] == '.' || x->feed.version[1] == '\0'))
		xstrset(&x->feed.version, "2.0");
}

static void
start_rdf(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	xstrset(&x->feed.format, "rss");
	xstrset(&x->feed.version, "1.0");
}

static void
start_channel(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	if (fr->where == IN_ITEM)
		return;
	fr->where = IN_FEED;
	if (x->feed.format == NULL)
		xstrset(&x->feed.format, "rss");
	/* RSS 0.90 lives in Netscape's namespace, RSS 1.1 in its own. */
	if (fr->nsuri != NULL && strstr(fr->nsuri, "netscape.com") != NULL)
		xstrset(&x->feed.version, "0.90");
	else if (fr->nsuri != NULL && strstr(fr->nsuri, "rss1.1") != NULL)
		xstrset(&x->feed.version, "1.1");
}

static void
start_item(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *about = xml_attr(a, n, NS_RDF, "about");

	xml_item_begin(x, fr);
	/* RSS 1.0: rdf:about identifies the item when there is no guid. */
	if (x->art != NULL && fr->where == IN_ITEM && about != NULL &&
	    x->art->id == NULL)
		x->art->id = xml_trim(about, strlen(about));
}

/* <body> without a namespace: XHTML body markup, as xhtml:body. */
static void
end_body(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->content_html, t, len, false);
}

/* <fullitem> (an early content extension): the item's HTML body. */
static void
end_fullitem(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->content_html, t, len, false);
}

static void
end_item(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_item_end(x);
}

static void
start_image(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	/* Some feeds put an image URL as text inside an item. */
	if (fr->where == IN_ITEM) {
		fr->mode = XT_TEXT;
		return;
	}
	fr->where = IN_IMAGE;
	fr->mode = XT_NONE;
}

static void
end_image(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct image *im;
	char	*u, *s;

	if (fr->where != IN_ITEM || t == NULL || x->art->nimages >= CAP_LIST)
		return;
	s = xml_trim(t, len);
	u = xml_url(x, s);
	free(s);
	if (u == NULL)
		return;
	im = article_add_image(x->art);
	im->url = u;
}

static void
start_textinput(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	fr->where = IN_TEXTINPUT;
}

static void
end_title(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->title, t, len, true);
	else if (fr->where == IN_FEED)
		xml_set(&x->feed.title, t, len, true);
}

/* <link href="..."/>: an Atom habit in RSS; the text wins when given. */
static void
start_link(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *href = xml_attr(a, n, NS_OTHER, "href");

	if (href != NULL)
		fr->saved = xstrdup(href);
}

/* The last <link> wins, in the item as in the channel. */
static void
end_link(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s, *u;

	if (fr->where != IN_ITEM && fr->where != IN_FEED)
		return;
	s = xml_trim(t, len);
	if (s == NULL && fr->saved != NULL)
		s = xml_trim(fr->saved, strlen(fr->saved));
	u = xml_url(x, s);
	free(s);
	if (u == NULL)
		return;
	if (fr->where == IN_ITEM) {
		free(x->art->url);
		x->art->url = u;
	} else {
		free(x->feed.home_url);
		x->feed.home_url = u;
	}
}

/*
 * <description> (and <summary>, which some RSS feeds use): the first is
 * the item's summary; a second one is its body when it has none.
 */
static void
end_description(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_ITEM && x->core_summary) {
		if (x->art->content_html == NULL &&
		    x->art->content_text == NULL)
			xml_set(&x->art->content_html, t, len, false);
	} else if (fr->where == IN_ITEM) {
		xml_set(&x->art->summary, t, len, true);
		x->art->html_fields |= ART_HTML_SUMMARY;
		x->core_summary = x->art->summary != NULL;
	} else if (fr->where == IN_FEED) {
		xml_set(&x->feed.subtitle, t, len, true);
		x->feed.html_fields |= ART_HTML_SUBTITLE;
	}
}

static void
end_language(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	XML_SET_WHERE(x, fr, language, language, t, len, true);
}

static void
end_copyright(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	XML_SET_WHERE(x, fr, copyright, copyright, t, len, true);
}

static void
end_pubdate(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->published, t, len, true);
	else if (fr->where == IN_FEED)
		xml_date(x, &x->feed.published, t, len, true);
}

static void
end_lastbuild(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_FEED)
		xml_date(x, &x->feed.updated, t, len, true);
}

static void
end_author(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct person p = { 0 };
	char	*s;

	s = xml_trim(t, len);
	if (s == NULL)
		return;
	xml_person_parse(&p, s);
	free(s);
	xml_add_person(x, fr->where, &p);
	person_cleanup(&p);
}

/* webMaster names the feed's author only when nobody else does. */
static void
end_webmaster(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_FEED && x->feed.nauthors == 0)
		end_author(x, fr, t, len);
}

static void
start_category(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *d = xml_attr(a, n, NS_OTHER, "domain");

	if (d != NULL && *d != '\0')
		fr->saved = xstrdup(d);
}

static void
end_category(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct category *c;
	char	*term;

	term = xml_trim(t, len);
	if (term == NULL)
		return;
	if (fr->where == IN_ITEM && x->art->ncategories < CAP_LIST)
		c = article_add_category(x->art);
	else if (fr->where == IN_FEED && x->feed.ncategories < CAP_LIST)
		c = feed_add_category(&x->feed);
	else {
		free(term);
		return;
	}
	c->term = term;
	c->scheme = fr->saved;
	fr->saved = NULL;
}

static void
start_guid(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *p = xml_attr(a, n, NS_OTHER, "isPermaLink");

	fr->saved = xstrdup(p != NULL ? p : "");
}

static void
end_guid(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	bool	 perma;
	char	*u;

	if (fr->where != IN_ITEM)
		return;
	xml_set(&x->art->id, t, len, true);
	if (x->art->id == NULL)
		return;
	/* RSS 2.0: isPermaLink defaults to true. */
	perma = fr->saved == NULL || *fr->saved == '\0' ||
	    text_ieq(fr->saved, "true");
	x->art->id_is_permalink = perma ? 1 : 0;
	if (perma && x->art->url == NULL && uri_has_scheme(x->art->id)) {
		u = xml_url(x, x->art->id);
		if (u != NULL && uri_is_web(u))
			x->art->url = u;
		else
			free(u);
	}
}

static void
end_comments(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;

	if (fr->where != IN_ITEM)
		return;
	s = xml_trim(t, len);
	free(x->art->comments_url);
	x->art->comments_url = xml_url(x, s);
	free(s);
}

static void
start_enclosure(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	struct enclosure *en;
	const char *len, *type;
	char	*u;

	if (fr->where != IN_ITEM || x->art->nenclosures >= CAP_LIST)
		return;
	u = xml_url(x, xml_attr(a, n, NS_OTHER, "url"));
	if (u == NULL)
		return;
	en = article_add_enclosure(x->art);
	en->url = u;
	type = xml_attr(a, n, NS_OTHER, "type");
	if (type != NULL && *type != '\0')
		en->type = xml_trim(type, strlen(type));
	len = xml_attr(a, n, NS_OTHER, "length");
	if (len != NULL)
		en->length = strtoll(len, NULL, 10) > 0 ?
		    strtoll(len, NULL, 10) : 0;
}

static void
end_generator(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_FEED)
		xml_set(&x->feed.generator, t, len, true);
}

static void
end_ttl(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	long	 v;

	if (fr->where != IN_FEED)
		return;
	v = strtol(t, NULL, 10);
	if (v > 0 && v < 525600)
		x->feed.ttl = (int)v;
}

/* True when fr sits directly in the channel's element parent. */
static bool
in_channel_elem(struct xml_reader *x, struct xml_frame *fr,
    const char *parent)
{
	return fr > x->stack && fr[-1].where == IN_FEED &&
	    fr[-1].ns == NS_RSS && strcmp(fr[-1].local, parent) == 0;
}

/* skipHours/hour: 0-23 UTC (24, which some feeds use, is midnight). */
static void
end_hour(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*end;
	long	 v;

	if (t == NULL || !in_channel_elem(x, fr, "skipHours"))
		return;
	v = strtol(t, &end, 10);
	while (end < t + len && (*end == ' ' || *end == '\t' ||
	    *end == '\n' || *end == '\r'))
		end++;
	if (end != t && end == t + len && v >= 0 && v <= 24)
		x->feed.skip_hours |= 1u << (v % 24);
}

/* skipDays/day: an English day name. */
static void
end_day(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;
	int	 d;

	if (t == NULL || !in_channel_elem(x, fr, "skipDays"))
		return;
	s = xml_trim(t, len);
	d = s != NULL ? feed_day_parse(s) : -1;
	if (d >= 0)
		x->feed.skip_days |= 1u << d;
	free(s);
}

static void
end_url(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;

	if (fr->where != IN_IMAGE || x->feed.logo != NULL)
		return;
	s = xml_trim(t, len);
	x->feed.logo = xml_url(x, s);
	free(s);
}

static void
start_source(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	struct link *l;
	char	*u;

	if (fr->where != IN_ITEM || x->art->nlinks >= CAP_LIST)
		return;
	u = xml_url(x, xml_attr(a, n, NS_OTHER, "url"));
	if (u == NULL)
		return;
	l = article_add_link(x->art);
	l->href = u;
	l->rel = xstrdup("via");
}

static void
end_source(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	size_t	 i;

	if (fr->where != IN_ITEM || t == NULL)
		return;
	for (i = x->art->nlinks; i > 0; i--)
		if (x->art->links[i - 1].rel != NULL &&
		    strcmp(x->art->links[i - 1].rel, "via") == 0 &&
		    x->art->links[i - 1].title == NULL) {
			x->art->links[i - 1].title = xml_trim(t, len);
			break;
		}
}

/* Sorted by (ns, local) for bsearch; a unit test checks the order. */
const struct xml_tag xml_rss_tags[] = {
	{ NS_RSS, "Channel", XT_NONE, start_channel, NULL },	/* RSS 1.1 */
	{ NS_RSS, "author", XT_TEXT, NULL, end_author },
	{ NS_RSS, "body", XT_XHTML, NULL, end_body },
	{ NS_RSS, "category", XT_TEXT, start_category, end_category },
	{ NS_RSS, "channel", XT_NONE, start_channel, NULL },
	{ NS_RSS, "comments", XT_TEXT, NULL, end_comments },
	{ NS_RSS, "copyright", XT_TEXT, NULL, end_copyright },
	{ NS_RSS, "day", XT_TEXT, NULL, end_day },
	{ NS_RSS, "description", XT_HTML, NULL, end_description },
	{ NS_RSS, "enclosure", XT_NONE, start_enclosure, NULL },
	{ NS_RSS, "fullitem", XT_HTML, NULL, end_fullitem },
	{ NS_RSS, "generator", XT_TEXT, NULL, end_generator },
	{ NS_RSS, "guid", XT_TEXT, start_guid, end_guid },
	{ NS_RSS, "hour", XT_TEXT, NULL, end_hour },
	{ NS_RSS, "image", XT_NONE, start_image, end_image },
	{ NS_RSS, "item", XT_NONE, start_item, end_item },
	{ NS_RSS, "language", XT_TEXT, NULL, end_language },
	{ NS_RSS, "lastBuildDate", XT_TEXT, NULL, end_lastbuild },
	{ NS_RSS, "link", XT_TEXT, start_link, end_link },
	{ NS_RSS, "managingEditor", XT_TEXT, NULL, end_author },
	{ NS_RSS, "pubDate", XT_TEXT, NULL, end_pubdate },
	{ NS_RSS, "rss", XT_NONE, start_rss, NULL },
	{ NS_RSS, "source", XT_TEXT, start_source, end_source },
	{ NS_RSS, "summary", XT_HTML, NULL, end_description },
	{ NS_RSS, "textInput", XT_NONE, start_textinput, NULL },
	{ NS_RSS, "textinput", XT_NONE, start_textinput, NULL },
	{ NS_RSS, "title", XT_TEXT, NULL, end_title },
	{ NS_RSS, "ttl", XT_TEXT, NULL, end_ttl },
	{ NS_RSS, "url", XT_TEXT, NULL, end_url },
	{ NS_RSS, "webMaster", XT_TEXT, NULL, end_webmaster },
	{ NS_RDF, "RDF", XT_NONE, start_rdf, NULL },
};
const size_t xml_rss_ntags = sizeof xml_rss_tags / sizeof xml_rss_tags[0];

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	return xml_parse(in, o, out, FAMILY_RSS);
}

const struct reader reader_rss = {
	.name = "rss",
	.description = "RSS 0.90, 0.91, 0.92, 0.93, 0.94, 1.0 (RDF) and 2.0",
	.parse = parse,
};
