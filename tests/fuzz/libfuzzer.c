/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry points (./configure --enable-fuzzing, clang): the
 * target named by FUZZ_TARGET, e.g.
 *   FUZZ_TARGET=rss tests/fuzz/fuzz -max_total_time=600 corpus/rss
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const struct fuzz_target *target;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct fuzz_target *t;

	target = fuzz_find(getenv("FUZZ_TARGET"));
	if (target == NULL) {
		fprintf(stderr, "set FUZZ_TARGET to one of:");
		for (t = fuzz_targets(); t->name != NULL; t++)
			fprintf(stderr, " %s", t->name);
		fprintf(stderr, "\n");
		exit(2);
	}
	fuzz_quiet();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_run(target, data, n);
	return 0;
}
