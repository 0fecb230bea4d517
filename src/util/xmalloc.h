/* SPDX-License-Identifier: MIT */
/*
 * Allocation that never fails: on exhaustion the program prints the
 * requested size and aborts, so no caller carries an out-of-memory path.
 */
#ifndef FEEDMILL_UTIL_XMALLOC_H
#define FEEDMILL_UTIL_XMALLOC_H

#include <stddef.h>
#include <string.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Replace *dst by a copy of src (NULL allowed), freeing the old value. */
void	 xstrset(char **dst, const char *src);

/*
 * Grow array (a pointer variable) by one zeroed element and return a
 * pointer to it; n is the element count variable, incremented.
 */
#define VEC_PUSH(arr, n)						\
	(*(void **)&(arr) = xreallocarray((arr), (n) + 1, sizeof(*(arr))), \
	 memset(&(arr)[(n)], 0, sizeof(*(arr))), &(arr)[(n)++])

#endif
