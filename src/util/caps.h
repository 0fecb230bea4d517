/* SPDX-License-Identifier: MIT */
/*
 * Every size and time limit on outside input, in one place. Documented
 * in feedmill(1) under LIMITS; change both together.
 */
#ifndef FEEDMILL_UTIL_CAPS_H
#define FEEDMILL_UTIL_CAPS_H

#define CAP_KIB		((size_t)1024)
#define CAP_MIB		(1024 * CAP_KIB)

/* A feed file or stream read by convert (XML is streamed; JSON is loaded). */
#define CAP_INPUT_XML	(2048 * CAP_MIB)
#define CAP_INPUT_JSON	(64 * CAP_MIB)
/* One wire item (NITF, NewsML, ninjs, plain text), loaded whole. */
#define CAP_INPUT_WIRE	(16 * CAP_MIB)
/* Lines of one plain-text wire story (the rest is ignored). */
#define CAP_WIRE_LINES	20000
/* One HTML page (loaded whole, then parsed into a tree). */
#define CAP_INPUT_HTML	(32 * CAP_MIB)
/* A sitemap, after decompression (the protocol's own limit is 50 MB). */
#define CAP_INPUT_SITEMAP	(64 * CAP_MIB)
/* Sitemap entries read, and the newest of them that become the feed. */
#define CAP_SITEMAP_ENTRIES	50000
#define CAP_SITEMAP_ITEMS	1000
/* convert --full-text: stories whose pages are fetched, and connections. */
#define CAP_FULLTEXT_ITEMS	500
#define CAP_FULLTEXT_CONNECTIONS	8L
#define CAP_FULLTEXT_PER_HOST	2L
/* Files read from one spool folder by convert DIR/. */
#define CAP_SPOOL_FILES	100000
/* A body fetched over HTTP, counted after decompression. */
#define CAP_FETCH_BODY	(64 * CAP_MIB)
#define CAP_FETCH_SECONDS	60L
#define CAP_FETCH_CONNECT_SECONDS	15L
#define CAP_FETCH_REDIRECTS	5L

/* One text field of the model (title, name, summary...). */
#define CAP_TEXT	(64 * CAP_KIB)
/* One HTML field (content). */
#define CAP_HTML	(8 * CAP_MIB)
/* Tags read from one HTML field; later tags are dropped, their text kept. */
#define CAP_HTML_TAGS	25000
/* Attributes kept per HTML tag; the rest are dropped. */
#define CAP_HTML_ATTRS	256
/* HTML nesting depth; deeper elements are dropped, their text kept. */
#define CAP_HTML_DEPTH	256
/* One data:image URL kept in sanitized HTML; longer ones are dropped. */
#define CAP_DATA_URL	(64 * CAP_KIB)
/* One URL. */
#define CAP_URL		(8 * CAP_KIB)
/* XML nesting depth and attribute count per element. */
#define CAP_XML_DEPTH	256
/* Entries of each list on one article (authors, images, categories...). */
#define CAP_LIST	256
/* Summary derived from content, in characters (not bytes). */
#define CAP_SUMMARY_CHARS	500
/* One output document held in memory (writers stream, this bounds a buf). */
#define CAP_OUTPUT	(2048 * CAP_MIB)

#endif
