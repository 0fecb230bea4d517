/* SPDX-License-Identifier: MIT */
/* The fuzz targets (tests/fuzz/fuzz.c), shared by libFuzzer and replay. */
#ifndef FEEDMILL_TESTS_FUZZ_H
#define FEEDMILL_TESTS_FUZZ_H

#include <stddef.h>

struct fuzz_target {
	const char	*name;
	void		(*run)(const char *data, size_t n);
};

/* Every target, ended by a NULL name. */
const struct fuzz_target *fuzz_targets(void);
/* The target called name, or NULL. */
const struct fuzz_target *fuzz_find(const char *name);
/* Send log messages to /dev/null (readers warn about bad input). */
void		 fuzz_quiet(void);
/* The HTTP targets (fuzzhttp.c): the whole server, and its parsers. */
void		 fuzz_http(const char *data, size_t n);
void		 fuzz_httpparse(const char *data, size_t n);
/* Run t over n bytes at data (cut to the harness's input cap). */
void		 fuzz_run(const struct fuzz_target *t,
		    const unsigned char *data, size_t n);

#endif
