/* SPDX-License-Identifier: MIT */
/* XML text, XML attribute and JSON string escaping. */
#include "config.h"
#include "util/escape.h"

#include <stdint.h>
#include <string.h>

#include "util/text.h"

enum mode { M_TEXT, M_ATTR };

static enum err
add_xml(struct buf *b, const char *s, enum mode mode)
{
	size_t	 n = strlen(s), i = 0, k, run;
	uint32_t cp;
	const char *rep;
	enum err e;

	while (i < n) {
		run = i;
		/* Copy plain ASCII runs in one go. */
		while (i < n && (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f && s[i] != '&' && s[i] != '<' &&
		    s[i] != '>' && s[i] != '"')
			i++;
		e = buf_addn(b, s + run, i - run);
		if (e)
			return e;
		if (i >= n)
			break;
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		rep = NULL;
		switch (cp) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = mode == M_ATTR ? "&quot;" : "\""; break;
		case '\n': rep = mode == M_ATTR ? "&#10;" : "\n"; break;
		case '\t': rep = mode == M_ATTR ? "&#9;" : "\t"; break;
		case '\r': rep = "&#13;"; break;
		default:
			if (!text_char_ok(cp))
				continue;
			e = buf_addn(b, s + i - k, k);
			if (e)
				return e;
			continue;
		}
		e = buf_add(b, rep);
		if (e)
			return e;
	}
	return ERR_OK;
}

enum err
buf_add_xml(struct buf *b, const char *s)
{
	return add_xml(b, s, M_TEXT);
}

enum err
buf_add_xml_attr(struct buf *b, const char *s)
{
	return add_xml(b, s, M_ATTR);
}

enum err
buf_add_json(struct buf *b, const char *s)
{
	size_t	 n = strlen(s), i = 0, k, run;
	uint32_t cp;
	enum err e;

	e = buf_addc(b, '"');
	if (e)
		return e;
	while (i < n) {
		run = i;
		while (i < n && (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x80 && s[i] != '"' &&
		    s[i] != '\\' && !(s[i] == '/' && i > 0 && s[i - 1] == '<'))
			i++;
		e = buf_addn(b, s + run, i - run);
		if (e)
			return e;
		if (i >= n)
			break;
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		switch (cp) {
		case '"': e = buf_add(b, "\\\""); break;
		case '\\': e = buf_add(b, "\\\\"); break;
		case '/': e = buf_add(b, "\\/"); break;
		case '\n': e = buf_add(b, "\\n"); break;
		case '\t': e = buf_add(b, "\\t"); break;
		case '\r': e = buf_add(b, "\\r"); break;
		case '\b': e = buf_add(b, "\\b"); break;
		case '\f': e = buf_add(b, "\\f"); break;
		case 0x2028: e = buf_add(b, "\\u2028"); break;
		case 0x2029: e = buf_add(b, "\\u2029"); break;
		default:
			if (cp < 0x20)
				e = buf_addf(b, "\\u%04x", (unsigned)cp);
			else
				e = buf_addn(b, s + i - k, k);
			break;
		}
		if (e)
			return e;
	}
	return buf_addc(b, '"');
}
