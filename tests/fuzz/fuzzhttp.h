/* SPDX-License-Identifier: MIT */
/*
 * Inside the HTTP fuzz targets (tests/fuzz/fuzzhttp*.c): the service's
 * fixed keys and files, the input being run, and the response checks.
 */
#ifndef FEEDMILL_TESTS_FUZZHTTP_H
#define FEEDMILL_TESTS_FUZZHTTP_H

#include <stdbool.h>
#include <stddef.h>

/* Partner keys: acme reads secret, beta reads other, old is revoked. */
#define KEY_ACME	"acme-key-0123456789abcdef"
#define KEY_BETA	"beta-key-fedcba9876543210"
#define KEY_OLD		"old-key-00112233445566778899"
/* Never served: in a file outside the outputs and one not in the table. */
#define PRIVATE_MARK	"PRIVATE-7f3a9c-NEVER-SERVED"
/* The subscription the callback route knows. */
#define SUB_ID		"0123456789abcdef0123456789abcdef"
#define SUB_SECRET	"fuzz-websub-secret-4242"
#define SUB_TOPIC	"https://fixture.example/alpha.xml"

/* A file of the outputs folder, and what the table makes of it. */
struct http_file {
	const char	*path;		/* URL path */
	const char	*key;		/* the key that opens it, or NULL */
	const char	*alias;		/* another path it is served at */
	char		*body;
	size_t		 len;
	bool		 served;	/* in the table */
	char		 tag[17];	/* the hash part of its ETags */
	char		*gz;		/* its gzip copy, as served */
	size_t		 gzlen;
};

/* The files (fuzzhttp.c), learnt at setup. */
extern struct http_file http_files[];
extern const size_t http_nfiles;

/* The input being run, and it percent-decoded (NUL-free). */
struct http_input {
	const char	*in;
	size_t		 len;
	char		*decoded;
};
extern struct http_input http_in;

/* A failed invariant: say what, show the exchange, abort. */
void		 http_fail(const char *what, const char *out, size_t outlen)
		    __attribute__((noreturn));
/* True when the n bytes at hay hold needle. */
bool		 http_has(const char *hay, size_t n, const char *needle);
/* True when the input may have sent s (as is or percent-encoded). */
bool		 http_sent(const char *s);
/* http_sent(), in any case (hex digits). */
bool		 http_sent_icase(const char *s);
/* Set http_in to the n bytes at s (http_in_done() frees the copy). */
void		 http_in_set(const char *s, size_t n);
void		 http_in_done(void);

/* A response head, as parsed (pointers into the response bytes). */
struct http_resp {
	int		 status;
	const char	*etag, *encoding, *type;
	size_t		 etag_len, type_len;
	long long	 length;		/* -1: none */
	bool		 chunked;
};

/*
 * Parse the head at p (n bytes left) into r; the offset of the body, or
 * 0 when the head is not whole. A malformed head fails (all, alllen:
 * every response, shown then).
 */
size_t		 http_parse_head(const char *p, size_t n, struct http_resp *r,
		    const char *all, size_t alllen);
/* Check every response in the n bytes at out; how many there are. */
size_t		 http_check_responses(const char *out, size_t n);

#endif
