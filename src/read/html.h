/* SPDX-License-Identifier: MIT */
/*
 * Article pages as model articles, for the HTML reader and for callers
 * that already hold a page (sitemaps and feeds with --full-text).
 */
#ifndef FEEDMILL_READ_HTML_H
#define FEEDMILL_READ_HTML_H

#include <stddef.h>

#include "model/feed.h"
#include "read/read.h"

/*
 * Extract the story of n bytes of UTF-8 HTML into a (raw: the read
 * pipeline normalizes it) and the site into f. o->base_url is the page
 * address (may be NULL).
 */
enum err	 html_read_page(const char *html, size_t n,
		    const struct read_opts *o, struct feed *f,
		    struct article *a) WARN_UNUSED;

/* The same from n raw bytes in charset (NULL: BOM, <meta>, detection). */
enum err	 html_read_bytes(const char *raw, size_t n, const char *charset,
		    const struct read_opts *o, struct feed *f,
		    struct article *a) WARN_UNUSED;

#endif
