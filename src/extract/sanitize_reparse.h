/* SPDX-License-Identifier: MIT */
/*
 * Reading the sanitizer's output back (sanitize.c): gumbo's tree can
 * hold an element where its start tag, written out, would make HTML's
 * tree builder close an open one (a dt foster-parented out of a table
 * into a dt, an li in an li with an unwrapped object between them).
 * The serializer unwraps such an element, so its output reads back as
 * the tree it was written from and sanitizing it again changes nothing.
 */
#ifndef FEEDMILL_EXTRACT_SANITIZE_REPARSE_H
#define FEEDMILL_EXTRACT_SANITIZE_REPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

/*
 * True when a start tag t, written inside the n elements open (as
 * written, outermost first), would make the tree builder close one of
 * them: dd or dt in dd or dt, li in li, a block or hr in p, a heading
 * in a heading, a in a, rt or rp after rt, rp, p, li, dd or dt in ruby.
 */
bool	 reparse_closes(const GumboTag *open, size_t n, GumboTag t);
/*
 * True when text written inside the n elements open would be foster-
 * parented out of a table (a table, a row group or a row is innermost).
 */
bool	 reparse_table_text(const GumboTag *open, size_t n);

#endif
