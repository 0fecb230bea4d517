/* SPDX-License-Identifier: MIT */
/*
 * An input byte stream for readers: a file descriptor or a memory block,
 * with the first bytes kept for sniffing, a byte cap, and the HTTP
 * metadata that came with it.
 */
#ifndef FEEDMILL_READ_INPUT_H
#define FEEDMILL_READ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"

#define INPUT_PEEK	4096

struct input {
	int		 fd;		/* -1 for memory input */
	const char	*mem;		/* memory input (borrowed) */
	size_t		 memlen;
	size_t		 pos;		/* bytes consumed so far */
	size_t		 max;		/* refuse input longer than this */
	char		 peek[INPUT_PEEK];
	size_t		 npeek;		/* bytes held in peek */
	size_t		 peekpos;	/* next byte of peek to hand out */
	bool		 eof;
	const char	*charset;	/* from the HTTP Content-Type, or NULL */
	const char	*media_type;	/* from the HTTP Content-Type, or NULL */
};

/* Wrap fd (not closed by input); fills the peek buffer. */
enum err	 input_init_fd(struct input *in, int fd, size_t max) WARN_UNUSED;
/* Wrap n bytes at p (borrowed for the input's life). */
void		 input_init_mem(struct input *in, const char *p, size_t n,
		    size_t max);
/*
 * Read up to n bytes into p; *got = 0 at the end. ERR_TOO_LARGE once
 * more than max bytes came, ERR_IO on a read error.
 */
enum err	 input_read(struct input *in, char *p, size_t n,
		    size_t *got) WARN_UNUSED;
/* Read everything left into b (which caps the size). */
enum err	 input_slurp(struct input *in, struct buf *b) WARN_UNUSED;

#endif
