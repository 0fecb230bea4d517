/* SPDX-License-Identifier: MIT */
/*
 * Leveled diagnostics with a settable stream; the only global state in
 * util. Safe to call from several threads: each message is one fwrite of
 * a whole line, and the counters are atomic.
 */
#include "config.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static FILE		*log_fp;
static _Thread_local FILE *log_thread_fp;	/* log_set_thread_output() */
static enum log_level	 log_level = LOG_WARN;
static atomic_ulong	 log_counts[LOG_DEBUG + 1];

void
log_set_output(FILE *fp)
{
	log_fp = fp;
}

void
log_set_thread_output(FILE *fp)
{
	log_thread_fp = fp;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

unsigned long
log_count(enum log_level level)
{
	return atomic_load_explicit(&log_counts[level], memory_order_relaxed);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const tag[] = { "error: ", "warning: ", "", "debug: " };
	FILE	*fp = log_thread_fp != NULL ? log_thread_fp :
		    log_fp != NULL ? log_fp : stderr;
	char	 small[1024], *line = small;
	size_t	 head;
	int	 n;
	va_list	 ap;

	atomic_fetch_add_explicit(&log_counts[level], 1, memory_order_relaxed);
	if (level > log_level)
		return;
	/* The whole line in one buffer: one fwrite, not torn by threads. */
	head = (size_t)snprintf(small, sizeof small, "feedmill: %s", tag[level]);
	va_start(ap, fmt);
	n = vsnprintf(small + head, sizeof small - head, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (head + (size_t)n + 2 > sizeof small) {
		line = xmalloc(head + (size_t)n + 2);
		memcpy(line, small, head);
		va_start(ap, fmt);
		(void)vsnprintf(line + head, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	line[head + (size_t)n] = '\n';
	fwrite(line, 1, head + (size_t)n + 1, fp);
	if (line != small)
		free(line);
}
