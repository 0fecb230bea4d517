/* SPDX-License-Identifier: MIT */
/*
 * Escapers that append to a buf. They are complete on their own: each
 * drops characters its format forbids and invalid UTF-8, even though the
 * model already guarantees clean text.
 */
#ifndef FEEDMILL_UTIL_ESCAPE_H
#define FEEDMILL_UTIL_ESCAPE_H

#include "util/buf.h"

/* XML/HTML character data: & < > escaped. */
enum err	buf_add_xml(struct buf *b, const char *s) WARN_UNUSED;
/* XML/HTML attribute value (double-quoted): also " and white space. */
enum err	buf_add_xml_attr(struct buf *b, const char *s) WARN_UNUSED;
/*
 * buf_add_xml() and buf_add_xml_attr() for text known to be clean: valid
 * UTF-8 whose characters above ASCII text_char_ok() allows (such as the
 * sanitizer's fast tree holds). They write the same bytes for such
 * text, without decoding it; on other text they pass the bytes from 0x80
 * on as they are.
 */
enum err	buf_add_xml_clean(struct buf *b, const char *s) WARN_UNUSED;
enum err	buf_add_xml_attr_clean(struct buf *b, const char *s)
		    WARN_UNUSED;
/*
 * A JSON string with its quotes, per RFC 8259; "</" becomes "<\/" and
 * U+2028/U+2029 are escaped so the result is safe inside <script>.
 */
enum err	buf_add_json(struct buf *b, const char *s) WARN_UNUSED;
/*
 * buf_add_json() for JSON inside an HTML <script> element: "<", ">" and
 * "&" are also written as \u003c, \u003e and \u0026, so neither
 * "</script" nor "<!--" can appear.
 */
enum err	buf_add_json_script(struct buf *b, const char *s) WARN_UNUSED;

#endif
