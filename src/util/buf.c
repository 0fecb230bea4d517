/* SPDX-License-Identifier: MIT */
/* Growable capped string; doubles from 64 bytes, never shrinks. */
#include "config.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_cleanup(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static enum err
grow(struct buf *b, size_t n)
{
	size_t	 need, cap;

	if (n > b->max || b->len > b->max - n)
		return ERR_TOO_LARGE;
	need = b->len + n + 1;
	if (need <= b->cap)
		return ERR_OK;
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	return ERR_OK;
}

void
buf_reserve(struct buf *b, size_t n)
{
	if (n > b->max)
		n = b->max;
	if (n < b->cap)
		return;
	b->data = xreallocarray(b->data, n + 1, 1);
	if (b->cap == 0)
		b->data[0] = '\0';
	b->cap = n + 1;
}

enum err
buf_addn_grow(struct buf *b, const void *p, size_t n)
{
	enum err	 e;

	e = grow(b, n);
	if (e)
		return e;
	if (n != 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return ERR_OK;
}

enum err
buf_add_uint(struct buf *b, uint64_t v)
{
	char	 d[20], *p = d + sizeof d;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return buf_addn(b, p, (size_t)(d + sizeof d - p));
}

enum err
buf_add_int(struct buf *b, int64_t v)
{
	char	 d[21], *p = d + sizeof d;
	uint64_t u;

	/* The magnitude in unsigned arithmetic: INT64_MIN has no negation. */
	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return buf_addn(b, p, (size_t)(d + sizeof d - p));
}

enum err
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	char	 small[256];
	char	*big;
	va_list	 ap2;
	int	 n;
	enum err e;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ERR_IO;
	if ((size_t)n < sizeof small)
		return buf_addn(b, small, (size_t)n);
	big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	e = buf_addn(b, big, (size_t)n);
	free(big);
	return e;
}

enum err
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	enum err e;

	va_start(ap, fmt);
	e = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return e;
}

void
buf_truncate(struct buf *b, size_t n)
{
	if (n >= b->len)
		return;
	b->len = n;
	b->data[n] = '\0';
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_take(struct buf *b, size_t *len)
{
	char	*p;

	p = b->data != NULL ? b->data : xstrdup("");
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

char *
buf_dup_or_null(const struct buf *b)
{
	if (b->len == 0)
		return NULL;
	return xstrndup(b->data, b->len);
}
