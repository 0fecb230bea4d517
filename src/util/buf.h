/* SPDX-License-Identifier: MIT */
/*
 * struct buf: a growable, NUL-terminated byte string with a size cap
 * (sfeed's String plus curl's dynbuf "toobig"). The only failure is
 * ERR_TOO_LARGE, which leaves the buffer unchanged.
 */
#ifndef FEEDMILL_UTIL_BUF_H
#define FEEDMILL_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/err.h"

struct buf {
	char	*data;	/* NUL-terminated; NULL until the first append */
	size_t	 len;	/* bytes used, excluding the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* never grow beyond this many bytes of content */
};

void		 buf_init(struct buf *b, size_t max);
void		 buf_cleanup(struct buf *b);
void		 buf_reset(struct buf *b);
static inline enum err buf_add(struct buf *b, const char *s) WARN_UNUSED;
static inline enum err buf_addn(struct buf *b, const void *p,
		    size_t n) WARN_UNUSED;
static inline enum err buf_addc(struct buf *b, char c) WARN_UNUSED;
/* buf_addn() when the buffer must grow first (its out-of-line part). */
enum err	 buf_addn_grow(struct buf *b, const void *p, size_t n)
		    WARN_UNUSED;
/* v in decimal, as printf's "%" PRId64 and "%" PRIu64 spell it. */
enum err	 buf_add_int(struct buf *b, int64_t v) WARN_UNUSED;
enum err	 buf_add_uint(struct buf *b, uint64_t v) WARN_UNUSED;
enum err	 buf_addf(struct buf *b, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3))) WARN_UNUSED;
enum err	 buf_vaddf(struct buf *b, const char *fmt, va_list ap) WARN_UNUSED;
/*
 * Make room for n bytes of content in all (at most max) with one
 * allocation, so that appends up to that size never copy the contents
 * again; a hint for callers who know the size to come. Never shrinks.
 */
void		 buf_reserve(struct buf *b, size_t n);
/* Shorten to n bytes (n <= len). */
void		 buf_truncate(struct buf *b, size_t n);
/* Never NULL: "" when empty. Borrowed until the next change. */
const char	*buf_str(const struct buf *b);
/* Hand the string to the caller (who frees it); b becomes empty. */
char		*buf_take(struct buf *b, size_t *len);
/* A heap copy of the contents, or NULL when empty. */
char		*buf_dup_or_null(const struct buf *b);

/*
 * Appends are inline so that the common case, room already there, is a
 * copy: len + n + 1 <= cap, and len + n <= max.
 */
static inline enum err
buf_addn(struct buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len && n <= b->max - b->len) {
		if (n != 0)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return ERR_OK;
	}
	return buf_addn_grow(b, p, n);
}

static inline enum err
buf_add(struct buf *b, const char *s)
{
	return buf_addn(b, s, strlen(s));
}

static inline enum err
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return ERR_OK;
	}
	return buf_addn_grow(b, &c, 1);
}

#endif
