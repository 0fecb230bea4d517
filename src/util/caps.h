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
/* Tags of one page parsed (later tags are dropped, their text kept). */
#define CAP_PAGE_TAGS	200000
/* A sitemap, after decompression (the protocol's own limit is 50 MB). */
#define CAP_INPUT_SITEMAP	(64 * CAP_MIB)
/* Sitemap entries read, and the newest of them that become the feed. */
#define CAP_SITEMAP_ENTRIES	50000
#define CAP_SITEMAP_ITEMS	1000
/*
 * Child sitemaps of an index that are read (the newest by lastmod), one
 * level deep: an index inside an index is not followed.
 */
#define CAP_SITEMAP_CHILDREN	50
/*
 * An OPML subscription list (sources import): its size, the feeds taken
 * from it, and the longest source file line (libinih reads 199 bytes,
 * newline included).
 */
#define CAP_OPML	(16 * CAP_MIB)
#define CAP_OPML_OUTLINES	100000
#define CAP_INI_LINE	198
/* convert --full-text: stories whose pages are fetched, and connections. */
#define CAP_FULLTEXT_ITEMS	500
#define CAP_FULLTEXT_CONNECTIONS	8L
#define CAP_FULLTEXT_PER_HOST	2L
/* Files read from one spool folder by convert DIR/. */
#define CAP_SPOOL_FILES	100000
/* A body fetched over HTTP, counted after decompression. */
#define CAP_FETCH_BODY	(64 * CAP_MIB)
/*
 * The most a response's Content-Length sets aside for its body before
 * it arrives (one allocation instead of doubling); a bigger body grows.
 */
#define CAP_FETCH_PRESIZE	(4 * CAP_MIB)
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
/*
 * Text entities a feed declares in its DOCTYPE: how many are kept, the
 * longest value, and the bytes their references may add to one document.
 */
#define CAP_XML_ENTITIES	64
#define CAP_XML_ENTITY_VALUE	(1 * CAP_KIB)
#define CAP_XML_ENTITY_EXPANSION	(1 * CAP_MIB)
/* CDATA contents the repair pass keeps aside until the parser reads. */
#define CAP_XML_CDATA_KEPT	(4 * CAP_MIB)
/* Entries of each list on one article (authors, images, categories...). */
#define CAP_LIST	256
/* Summary derived from content, in characters (not bytes). */
#define CAP_SUMMARY_CHARS	500
/*
 * The HTTP server of feedmill serve: connections at once, and from one
 * address; the memory of one connection (request line and headers must
 * fit: a longer request line gets 414, longer headers 431); request
 * headers (more get 431); seconds idle, and seconds to send a request's
 * head (a slow client is dropped); a POST body, unless the route asks
 * for less; one dynamic answer (metrics).
 */
#define CAP_HTTP_CONNECTIONS	1024L
#define CAP_HTTP_PER_IP	128L
#define CAP_HTTP_CONN_MEMORY	(32 * CAP_KIB)
#define CAP_HTTP_HEADERS	64
#define CAP_HTTP_TIMEOUT	15L
#define CAP_HTTP_BODY	(16 * CAP_MIB)
#define CAP_HTTP_RESPONSE	(64 * CAP_MIB)
/* A partner key (the secret: its SHA-256 is what the config holds). */
#define CAP_HTTP_KEY	256
/*
 * Files answered from disk (share pages): the largest served (a bigger
 * one is a 404), and the bytes of gzip copies kept for the most
 * recently asked ones (older copies are made again when asked).
 */
#define CAP_HTTP_FILE	(16 * CAP_MIB)
#define CAP_HTTP_GZIP_CACHE	(4 * CAP_MIB)

/* A document a WebSub hub pushes to feedmill serve (larger: 413). */
#define CAP_WEBSUB_BODY	(16 * CAP_MIB)

/* One output document held in memory (writers stream, this bounds a buf). */
#define CAP_OUTPUT	(2048 * CAP_MIB)

#endif
