/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics on stderr (or a stream tests choose). Messages name the
 * input and line where they can: "feed.xml:12: warning: ...".
 */
#ifndef FEEDMILL_UTIL_LOG_H
#define FEEDMILL_UTIL_LOG_H

#include <stdio.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Where messages go (NULL: stderr), for every thread. */
void	log_set_output(FILE *fp);
/*
 * The calling thread's messages go to fp instead (a capture); NULL: back
 * to the shared stream.
 */
void	log_set_thread_output(FILE *fp);
void	log_set_level(enum log_level level);
/* Count of warnings and errors logged so far (for exit status decisions). */
unsigned long	log_count(enum log_level level);
void	log_msg(enum log_level level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
