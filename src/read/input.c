/* SPDX-License-Identifier: MIT */
/* Input streams with a peek buffer and a size cap. */
#include "config.h"
#include "read/input.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static enum err
raw_read(struct input *in, char *p, size_t n, size_t *got)
{
	ssize_t	 r;

	*got = 0;
	if (in->eof)
		return ERR_OK;
	if (in->fd < 0) {
		size_t	 left = in->memlen - in->pos;

		*got = n < left ? n : left;
		memcpy(p, in->mem + in->pos, *got);
	} else {
		do
			r = read(in->fd, p, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return ERR_IO;
		*got = (size_t)r;
	}
	if (*got == 0)
		in->eof = true;
	in->pos += *got;
	if (in->pos > in->max)
		return ERR_TOO_LARGE;
	return ERR_OK;
}

static enum err
fill_peek(struct input *in)
{
	size_t	 got;
	enum err e;

	while (in->npeek < INPUT_PEEK && !in->eof) {
		e = raw_read(in, in->peek + in->npeek, INPUT_PEEK - in->npeek,
		    &got);
		if (e)
			return e;
		in->npeek += got;
	}
	return ERR_OK;
}

enum err
input_init_fd(struct input *in, int fd, size_t max)
{
	memset(in, 0, sizeof *in);
	in->fd = fd;
	in->max = max;
	return fill_peek(in);
}

void
input_init_mem(struct input *in, const char *p, size_t n, size_t max)
{
	memset(in, 0, sizeof *in);
	in->fd = -1;
	in->mem = p;
	in->memlen = n;
	in->max = max;
	/* Memory input cannot fail to fill the peek buffer except by cap. */
	(void)fill_peek(in);
}

enum err
input_read(struct input *in, char *p, size_t n, size_t *got)
{
	size_t	 k;

	if (in->peekpos < in->npeek) {
		k = in->npeek - in->peekpos;
		if (k > n)
			k = n;
		memcpy(p, in->peek + in->peekpos, k);
		in->peekpos += k;
		*got = k;
		return in->pos > in->max ? ERR_TOO_LARGE : ERR_OK;
	}
	return raw_read(in, p, n, got);
}

enum err
input_slurp(struct input *in, struct buf *b)
{
	char	 chunk[16384];
	size_t	 got;
	enum err e;

	for (;;) {
		e = input_read(in, chunk, sizeof chunk, &got);
		if (e)
			return e;
		if (got == 0)
			return ERR_OK;
		e = buf_addn(b, chunk, got);
		if (e)
			return e;
	}
}
