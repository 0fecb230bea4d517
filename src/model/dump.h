/* SPDX-License-Identifier: MIT */
/*
 * The canonical text dump of the model, documented in feed-dump(5): one
 * "key<TAB>value" per line in a fixed key order, empty fields left out,
 * values escaped (\\ \n \t), a blank line before each article. It is the
 * oracle for golden tests, so its format changes only with that page.
 */
#ifndef FEEDMILL_MODEL_DUMP_H
#define FEEDMILL_MODEL_DUMP_H

#include "model/feed.h"
#include "util/buf.h"

enum err	dump_feed(struct buf *out, const struct feed *f) WARN_UNUSED;
enum err	dump_article(struct buf *out, const struct article *a) WARN_UNUSED;
/* The explanation lines of --explain: "field<TAB>rule". */
enum err	dump_explain(struct buf *out, const struct article *a) WARN_UNUSED;

#endif
