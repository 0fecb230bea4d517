/* SPDX-License-Identifier: MIT */
/*
 * Replays fuzz inputs without libFuzzer, for make check: runs target -t
 * NAME over each file named on the command line (a crash is a failed
 * test). With -T SECONDS, an input that takes more CPU time fails the
 * run (five times as much under AddressSanitizer, which slows code about
 * that much); with -M MIB, one that takes the process's peak resident
 * memory past MIB (not checked under AddressSanitizer: its shadow memory
 * counts).
 * `replay -l` lists the targets.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fuzz/fuzz.h"
#include "util/xmalloc.h"

/* Inputs are small; anything bigger is not a fuzz input. */
#define REPLAY_MAX	(1024 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_ASAN	1
#endif
#endif

/* Peak resident memory of this process so far, in MiB. */
static long
peak_mib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return ru.ru_maxrss / 1024;
}

int
main(int argc, char **argv)
{
	const struct fuzz_target *t = NULL;
	unsigned char *data;
	struct timespec t0, t1;
	double	 limit = 0, secs;
	long	 mem = 0, peak;
	size_t	 n;
	FILE	*fp;
	int	 i, first = 3, slow = 0;

	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (t = fuzz_targets(); t->name != NULL; t++)
			printf("%s\n", t->name);
		return 0;
	}
	while (argc > 3 && (strcmp(argv[1], "-T") == 0 ||
	    strcmp(argv[1], "-M") == 0)) {
		if (argv[1][1] == 'T')
			limit = atof(argv[2]);
		else
			mem = atol(argv[2]);
		argv += 2;
		argc -= 2;
	}
#ifdef REPLAY_ASAN
	mem = 0;
	limit *= 5;
#endif
	if (argc < 3 || strcmp(argv[1], "-t") != 0 ||
	    (t = fuzz_find(argv[2])) == NULL) {
		fprintf(stderr, "usage: replay [-T SECONDS] [-M MIB] -t TARGET "
		    "FILE... | replay -l\n");
		return 2;
	}
	fuzz_quiet();
	data = xmalloc(REPLAY_MAX);
	for (i = first; i < argc; i++) {
		fp = fopen(argv[i], "rb");
		if (fp == NULL) {
			perror(argv[i]);
			free(data);
			return 1;
		}
		n = fread(data, 1, REPLAY_MAX, fp);
		fclose(fp);
		/* CPU time: a loaded machine must not fail a fast input. */
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		fuzz_run(t, data, n);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (limit > 0 && secs > limit) {
			fprintf(stderr, "%s: %.2f s (over %.2f s)\n", argv[i],
			    secs, limit);
			slow++;
		}
		if (mem > 0 && (peak = peak_mib()) > mem) {
			fprintf(stderr, "%s: peak resident memory %ld MiB "
			    "(over %ld MiB)\n", argv[i], peak, mem);
			slow++;
			mem = 0;	/* the peak only grows: report once */
		}
	}
	free(data);
	return slow > 0;
}
