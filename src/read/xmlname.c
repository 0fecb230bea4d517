/* SPDX-License-Identifier: MIT */
/*
 * Names in XML feeds: the namespaces we know by URI (and the prefixes
 * feeds use without declaring them), the family a root element makes
 * a document, and the element tables of the readers, looked up through
 * small caches keyed by libxml2's interned strings.
 */
#include "config.h"
#include "read/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define NSURI(u)	u, sizeof(u) - 1

static const struct {
	const char	*uri;
	size_t		 len;
	enum xml_ns	 ns;
} namespaces[] = {
	{ NSURI("http://purl.org/rss/1.0/"), NS_RSS },
	{ NSURI("http://my.netscape.com/rdf/simple/0.9/"), NS_RSS },
	{ NSURI("http://backend.userland.com/rss2"), NS_RSS },
	{ NSURI("http://blogs.law.harvard.edu/tech/rss"), NS_RSS },
	{ NSURI("http://backend.userland.com/rss"), NS_RSS },
	{ NSURI("http://purl.org/net/rss1.1#"), NS_RSS },
	{ NSURI("http://www.w3.org/1999/02/22-rdf-syntax-ns#"), NS_RDF },
	{ NSURI("http://www.w3.org/2005/Atom"), NS_ATOM },
	{ NSURI("http://purl.org/atom/ns#"), NS_ATOM03 },
	{ NSURI("http://purl.org/rss/1.0/modules/content/"), NS_CONTENT },
	{ NSURI("http://purl.org/dc/elements/1.1/"), NS_DC },
	{ NSURI("http://purl.org/dc/terms/"), NS_DCTERMS },
	{ NSURI("http://search.yahoo.com/mrss/"), NS_MEDIA },
	{ NSURI("http://search.yahoo.com/mrss"), NS_MEDIA },
	{ NSURI("http://www.itunes.com/dtds/podcast-1.0.dtd"), NS_ITUNES },
	{ NSURI("http://purl.org/rss/1.0/modules/slash/"), NS_SLASH },
	{ NSURI("http://wellformedweb.org/CommentAPI/"), NS_WFW },
	{ NSURI("http://www.w3.org/1999/xhtml"), NS_XHTML },
	{ NSURI("http://www.google.com/schemas/play-podcasts/1.0"),
	    NS_GOOGLEPLAY },
};

/*
 * Prefixes feeds use without declaring them ("content:encoded" in an
 * RSS 0.91 feed): the namespace every feed means by them.
 */
static const struct {
	const char	*prefix;
	enum xml_ns	 ns;
} prefixes[] = {
	{ "atom", NS_ATOM },
	{ "content", NS_CONTENT },
	{ "dc", NS_DC },
	{ "dcterms", NS_DCTERMS },
	{ "googleplay", NS_GOOGLEPLAY },
	{ "itunes", NS_ITUNES },
	{ "media", NS_MEDIA },
	{ "rdf", NS_RDF },
	{ "slash", NS_SLASH },
	{ "wfw", NS_WFW },
	{ "xhtml", NS_XHTML },
};

enum xml_ns
xml_ns_of_prefix(const char *prefix)
{
	size_t	 i;

	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (text_ieq(prefix, prefixes[i].prefix))
			return prefixes[i].ns;
	return NS_OTHER;
}

static enum xml_ns
ns_lookup(struct xml_reader *x, const char *uri)
{
	size_t	 i, len;

	if (x->atom_uri != NULL && strcmp(uri, x->atom_uri) == 0)
		return NS_ATOM;
	if (x->rss_uri != NULL && strcmp(uri, x->rss_uri) == 0)
		return NS_RSS;
	/*
	 * Strings of another length never compare equal: skip them cheaply;
	 * the exact spelling, the usual one, is the cheaper test.
	 */
	len = strlen(uri);
	for (i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
		if (namespaces[i].len == len &&
		    (strcmp(uri, namespaces[i].uri) == 0 ||
		    text_ieq(uri, namespaces[i].uri)))
			return namespaces[i].ns;
	return NS_OTHER;
}

/*
 * The family of a namespace URI. libxml2 hands out each URI as one
 * string of its dictionary, so the last few answers are kept by address
 * (forgotten when the root changes what a URI means).
 */
enum xml_ns
xml_ns_of(struct xml_reader *x, const char *uri)
{
	size_t	 i;
	enum xml_ns ns;

	if (uri == NULL || *uri == '\0')
		return x->atom_nons ? NS_ATOM : NS_RSS;
	for (i = 0; i < sizeof x->nscache / sizeof x->nscache[0]; i++)
		if (x->nscache[i].uri == uri)
			return x->nscache[i].ns;
	ns = ns_lookup(x, uri);
	i = x->nsnext++ % (sizeof x->nscache / sizeof x->nscache[0]);
	x->nscache[i].uri = uri;
	x->nscache[i].ns = ns;
	return ns;
}

enum xml_family
xml_root_family(const char *local, const char *nsuri)
{
	if (strcmp(local, "rss") == 0 || strcmp(local, "RDF") == 0 ||
	    strcmp(local, "channel") == 0 || strcmp(local, "Channel") == 0)
		return FAMILY_RSS;
	/* An Atom feed, or an Atom entry document (RFC 4287 4.1.2). */
	if (strcmp(local, "feed") == 0 || strcmp(local, "entry") == 0)
		return FAMILY_ATOM;
	return FAMILY_NONE;
}

static int
tagcmp(const void *key, const void *elem)
{
	const struct xml_tag *k = key, *t = elem;

	if (k->ns != t->ns)
		return (int)k->ns - (int)t->ns;
	return strcmp(k->local, t->local);
}

/*
 * The core vocabularies match without regard to case, as feed readers
 * do (<TiTlE>, <Description>): a scan after the exact search missed.
 */
static const struct xml_tag *
lookup_icase(const struct xml_tag *t, size_t n, enum xml_ns ns,
    const char *local)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (t[i].ns == ns && text_ieq(t[i].local, local))
			return &t[i];
	return NULL;
}

static const struct xml_tag *
lookup_table(enum xml_ns ns, const char *local)
{
	struct xml_tag key = { .ns = ns, .local = local };
	const struct xml_tag *t;

	switch (ns) {
	case NS_RSS:
	case NS_RDF:
		t = bsearch(&key, xml_rss_tags, xml_rss_ntags,
		    sizeof key, tagcmp);
		if (t == NULL && ns == NS_RSS)
			t = lookup_icase(xml_rss_tags, xml_rss_ntags, ns, local);
		return t;
	case NS_ATOM:
	case NS_ATOM03:
		key.ns = NS_ATOM;
		t = bsearch(&key, xml_atom_tags, xml_atom_ntags,
		    sizeof key, tagcmp);
		if (t == NULL)
			t = lookup_icase(xml_atom_tags, xml_atom_ntags,
			    NS_ATOM, local);
		return t;
	case NS_OTHER:
		return NULL;
	default:
		return bsearch(&key, xml_ext_tags, xml_ext_ntags,
		    sizeof key, tagcmp);
	}
}

/*
 * The table entry for an element, or NULL. Element names are strings
 * of libxml2's dictionary too: a small cache by address.
 */
const struct xml_tag *
xml_lookup(struct xml_reader *x, enum xml_ns ns, const char *local)
{
	size_t	 h;

	h = ((uintptr_t)local >> 3 ^ (uintptr_t)local >> 9 ^ (size_t)ns) %
	    (sizeof x->tagcache / sizeof x->tagcache[0]);
	if (x->tagcache[h].local != local || x->tagcache[h].ns != ns) {
		x->tagcache[h].local = local;
		x->tagcache[h].ns = ns;
		x->tagcache[h].tag = lookup_table(ns, local);
	}
	return x->tagcache[h].tag;
}
