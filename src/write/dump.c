/* SPDX-License-Identifier: MIT */
/* The dump "format": the model as key<TAB>value lines (feed-dump(5)). */
#include "config.h"
#include "write/write.h"

#include "model/dump.h"

static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	return dump_feed(out, f);
}

static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	return dump_article(out, a);
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	return ERR_OK;
}

const struct writer writer_dump = {
	.name = "dump",
	.media_type = "text/plain; charset=utf-8",
	.ext = "dump",
	.state_size = 0,
	.head = head,
	.article = article,
	.end = end,
};
