/* SPDX-License-Identifier: MIT */
/*
 * The frame of the pages for people (channel views, the index, and the
 * page feed.xsl makes; share pages use the style sheet too): one inline,
 * responsive style sheet that follows the reader's light or dark
 * preference, the <head>, and subscribe links.
 */
#include "config.h"
#include "write/html.h"

/*
 * Stories stack on a phone; from 40rem on, a story's image sits to the
 * right of its text. Sizes are in rem so a reader's font size scales all.
 */
const char html_css[] =
":root{color-scheme:light dark;--fg:#1b1c1e;--muted:#5b6067;"
"--bg:#fff;--line:#e1e3e7;--link:#0b57d0}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e6e7e9;--muted:#a3a8af;"
"--bg:#131417;--line:#2d3137;--link:#8ab4f8}}\n"
"*{box-sizing:border-box}\n"
"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
"body{margin:0 auto;max-width:50rem;padding:.5rem 1.25rem 3rem;"
"background:var(--bg);color:var(--fg);overflow-wrap:break-word;"
"font:1.0625rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"sans-serif}\n"
"a{color:var(--link)}\n"
"h1{font-size:2rem;line-height:1.15;margin:.75rem 0 .5rem}\n"
"h2{font-size:1.25rem;line-height:1.3;margin:0 0 .35rem}\n"
"h1,h2{overflow-wrap:anywhere}\n"
"h2 a{color:inherit;text-decoration:none}\n"
"h2 a:hover,h2 a:focus{text-decoration:underline}\n"
"p{margin:.35rem 0}\n"
".desc{font-size:1.1rem}\n"
".crumb,.meta,.byline,.links,.subscribe,.note{color:var(--muted);"
"font-size:.9rem}\n"
".subscribe a{display:inline-block;margin:.2rem .4rem .2rem 0;"
"padding:.1rem .7rem;border:1px solid var(--line);border-radius:1rem;"
"text-decoration:none}\n"
".story,.channel{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;"
"padding:1.25rem 0;border-top:1px solid var(--line)}\n"
".story .text,.channel .text{flex:1 1 18rem;min-width:0}\n"
".story .thumb{flex:1 1 100%}\n"
".story img{display:block;width:100%;height:auto;border-radius:.4rem;"
"background:var(--line)}\n"
"@media (min-width:40rem){.story .thumb{flex:0 0 13rem;order:2}}\n"
".note{padding:1.5rem 0;border-top:1px solid var(--line)}\n"
"figure{margin:1rem 0}\n"
"figure img{display:block;max-width:100%;height:auto;border-radius:.4rem}\n"
"figcaption,.site,.redirect{color:var(--muted);font-size:.9rem}\n";

void
html_page_head(struct write_out *w, const char *lang, const char *title,
    const char *desc)
{
	/* The words around the stories are English. */
	write_putf(w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>",
	    write_lang_ok(lang) ? lang : "en");
	write_put(w, "\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	write_put_xml(w, title);
	write_put(w, "</title>\n");
	if (write_has_text(desc)) {
		write_put(w, "<meta name=\"description\" content=\"");
		write_put_attr(w, desc);
		write_put(w, "\">\n");
	}
}

void
html_feed_link(struct write_out *w, const char *title,
    const struct html_feedlink *fl)
{
	write_put(w, "<link rel=\"alternate\" type=\"");
	write_put_attr(w, fl->type);
	write_put(w, "\" title=\"");
	write_put_attr(w, title);
	write_put(w, " (");
	write_put_attr(w, fl->label);
	write_put(w, ")\" href=\"");
	write_put_attr(w, fl->href);
	write_put(w, "\">\n");
}

void
html_page_body(struct write_out *w)
{
	write_put(w, "<style>\n");
	write_put(w, html_css);
	write_put(w, "</style>\n</head>\n<body>\n");
}

void
html_subscribe(struct write_out *w, const struct html_feedlink *feeds,
    size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	write_put(w, "<p class=\"subscribe\">Subscribe:");
	for (i = 0; i < n; i++) {
		write_put(w, " <a href=\"");
		write_put_attr(w, feeds[i].href);
		write_put(w, "\" type=\"");
		write_put_attr(w, feeds[i].type);
		write_put(w, "\">");
		write_put_xml(w, feeds[i].label);
		write_put(w, "</a>");
	}
	write_put(w, "</p>\n");
}

void
html_page_end(struct write_out *w)
{
	write_put(w, "</body>\n</html>\n");
}
