/* SPDX-License-Identifier: MIT */
/*
 * The index page of the service's output folder (index.html): every
 * channel with its description, story count, last update and subscribe
 * links, and an autodiscovery <link rel="alternate"> for each of its
 * feeds, so a browser extension or a feed reader given the site finds
 * them all.
 */
#include "config.h"
#include "write/html.h"

#include "util/date.h"

/* "12 stories · updated <time>2026-05-01 12:00 UTC</time>". */
static void
meta(struct write_out *w, const struct html_channel *ch)
{
	char	 d[DATE_BUF];

	write_putf(w, "<p class=\"meta\">%ld %s", ch->count,
	    ch->count == 1 ? "story" : "stories");
	if (ch->updated != 0 && write_date_ok(ch->updated)) {
		date_format_rfc3339(ch->updated, d);
		write_putf(w, " &middot; updated <time datetime=\"%s\">"
		    "%.10s %.5s UTC</time>", d, d, d + 11);
	}
	write_put(w, "</p>\n");
}

enum err
html_index(const char *title, const struct html_channel *v, size_t n,
    struct buf *out)
{
	struct write_out w = { out, ERR_OK };
	size_t	 i, j;

	html_page_head(&w, NULL, title, NULL);
	for (i = 0; i < n; i++)
		for (j = 0; j < v[i].nfeeds; j++)
			html_feed_link(&w, v[i].title, &v[i].feeds[j]);
	html_page_body(&w);
	write_put(&w, "<header>\n<h1>");
	write_put_xml(&w, title);
	write_putf(&w, "</h1>\n<p class=\"desc\">%zu %s</p>\n</header>\n"
	    "<main>\n", n, n == 1 ? "channel" : "channels");
	for (i = 0; i < n; i++) {
		write_put(&w, "<section class=\"channel\">\n"
		    "<div class=\"text\">\n<h2>");
		if (v[i].href != NULL) {
			write_put(&w, "<a href=\"");
			write_put_attr(&w, v[i].href);
			write_put(&w, "\">");
		}
		write_put_xml(&w, v[i].title);
		write_put(&w, v[i].href != NULL ? "</a></h2>\n" : "</h2>\n");
		if (write_has_text(v[i].description)) {
			write_put(&w, "<p class=\"desc\">");
			write_put_xml(&w, v[i].description);
			write_put(&w, "</p>\n");
		}
		meta(&w, &v[i]);
		html_subscribe(&w, v[i].feeds, v[i].nfeeds);
		write_put(&w, "</div>\n</section>\n");
	}
	if (n == 0)
		write_put(&w, "<p class=\"note\">No channels.</p>\n");
	write_put(&w, "</main>\n");
	html_page_end(&w);
	return w.e;
}
