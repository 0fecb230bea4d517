/* SPDX-License-Identifier: MIT */
/* Leveled diagnostics with a settable stream; the only global state in util. */
#include "config.h"
#include "util/log.h"

#include <stdarg.h>

static FILE		*log_fp;
static enum log_level	 log_level = LOG_WARN;
static unsigned long	 log_counts[LOG_DEBUG + 1];

void
log_set_output(FILE *fp)
{
	log_fp = fp;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

unsigned long
log_count(enum log_level level)
{
	return log_counts[level];
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const tag[] = { "error: ", "warning: ", "", "debug: " };
	FILE	*fp = log_fp != NULL ? log_fp : stderr;
	va_list	 ap;

	log_counts[level]++;
	if (level > log_level)
		return;
	fprintf(fp, "feedmill: %s", tag[level]);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}
