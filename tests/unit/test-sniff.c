/* SPDX-License-Identifier: MIT */
/* Format sniffing, and the order of the XML element tables. */
#include "config.h"

#include "tap.h"
#include "read/read.h"
#include "read/xml.h"

static void
check(const char *head, size_t n, const char *media, const char *want)
{
	const struct reader *r = read_sniff(head, n, media);
	const char *got = r != NULL ? r->name : NULL;

	CHECK_MSG(got == NULL ? want == NULL : want != NULL &&
	    strcmp(got, want) == 0, "sniff \"%.40s\" -> %s (want %s)", head,
	    got ? got : "none", want ? want : "none");
}

#define S(lit) lit, sizeof(lit) - 1

static void
check_sorted(const char *name, const struct xml_tag *t, size_t n)
{
	size_t	 i;
	int	 ok = 1;

	for (i = 1; i < n; i++)
		if (t[i - 1].ns > t[i].ns || (t[i - 1].ns == t[i].ns &&
		    strcmp(t[i - 1].local, t[i].local) >= 0)) {
			ok = 0;
			printf("# %s: %s before %s\n", name, t[i - 1].local,
			    t[i].local);
		}
	CHECK_MSG(ok, "%s table sorted for bsearch", name);
}

int
main(void)
{
	check(S("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), NULL, "rss");
	check(S("\xef\xbb\xbf<rss>"), NULL, "rss");
	check(S("  \n\t<rss>"), NULL, "rss");
	check(S("<?xml version=\"1.0\"?><!-- c --><?xml-stylesheet href=\"x\"?>"
	    "<!DOCTYPE rss PUBLIC \"-//Netscape\" \"http://x/rss.dtd\"><rss>"),
	    NULL, "rss");
	check(S("<!DOCTYPE x [<!ENTITY a \"b\">]><rdf:RDF xmlns:rdf=\"\">"),
	    NULL, "rss");
	check(S("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), NULL, "atom");
	check(S("<atom:feed xmlns:atom=\"x\">"), NULL, "atom");
	check(S("\xff\xfe<\0f\0e\0e\0d\0>\0"), NULL, "atom");
	check(S("{\"version\": \"https://jsonfeed.org/version/1.1\"}"), NULL,
	    "jsonfeed");
	check(S(" {\"title\": \"x\", \"items\": []}"), NULL, "jsonfeed");
	check(S("{\"a\": 1}"), "application/feed+json", "jsonfeed");
	check(S("{\"a\": 1}"), NULL, NULL);
	check(S("<html><head>"), NULL, "html");
	/* Content decides before the media type. */
	check(S("<html><head>"), "application/rss+xml", "html");
	check(S("<unknown-root/>"), "application/rss+xml", "rss");
	check(S("garbage"), NULL, "text");	/* plain-text wire copy */
	check(S(""), NULL, NULL);

	CHECK(reader_find("rdf") == &reader_rss);
	CHECK(reader_find("json") == &reader_jsonfeed);
	CHECK(reader_find("nope") == NULL);
	/* Every name --help lists is a reader. */
	{
		char	 names[256], *p, *w;

		snprintf(names, sizeof names, "%s", reader_names());
		for (p = names; (w = strsep(&p, " ")) != NULL; )
			CHECK_MSG(reader_find(w) != NULL &&
			    strcmp(reader_find(w)->name, w) == 0,
			    "reader_names() lists \"%s\"", w);
	}

	check_sorted("rss", xml_rss_tags, xml_rss_ntags);
	check_sorted("atom", xml_atom_tags, xml_atom_ntags);
	check_sorted("ext", xml_ext_tags, xml_ext_ntags);
	return tap_done();
}
