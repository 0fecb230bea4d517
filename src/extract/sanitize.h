/* SPDX-License-Identifier: MIT */
/*
 * HTML sanitizing against an allowlist, and HTML to plain text. Both parse
 * with gumbo (the HTML5 algorithm), so feed content and page fragments
 * are read the way browsers read them.
 */
#ifndef FEEDMILL_EXTRACT_SANITIZE_H
#define FEEDMILL_EXTRACT_SANITIZE_H

/*
 * Sanitize an HTML fragment: only allowlisted elements and attributes
 * survive (no script, style, event handlers, forms, javascript: or data:
 * URLs except data:image on img, iframes only from an allowlist of video
 * hosts); relative URLs in href/src/srcset/poster/cite resolve against
 * base (may be NULL: then relative URLs are kept as they are); lazy
 * images (data-src, data-srcset, data-original) become real src/srcset.
 * Serialization is deterministic: lowercase names, attributes in a fixed
 * order, double-quoted and escaped, void elements as <br>. Returns a new
 * string, or NULL when nothing but white space is left (markup alone,
 * such as <br> or an empty table, counts as white space).
 */
char	*sanitize_html(const char *html, const char *base);

/*
 * The text of an HTML fragment: tags dropped, entities decoded, script
 * and style content skipped, block boundaries (p, br, li, td...) read as
 * white space, white space (U+00A0 too) collapsed to single spaces and
 * trimmed. Returns a new string, or NULL when empty.
 */
char	*sanitize_text(const char *html);

#endif
