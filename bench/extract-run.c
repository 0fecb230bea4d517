/* SPDX-License-Identifier: MIT */
/*
 * In-process article extraction timer: converts each HTML page named on
 * the command line exactly as `feedmill convert -f html -t jsonfeed`
 * does (read, extract, sanitize, normalize, write JSON Feed to
 * /dev/null), several rounds, and prints the best pages per second, the
 * figure comparable to Readability.js's in-process loop.
 *
 * usage: bench/extract-run [-r ROUNDS] PAGE.html...
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "read/read.h"
#include "util/caps.h"
#include "util/log.h"
#include "write/write.h"

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const struct writer *w = writer_find("jsonfeed");
	struct write_opts wo;
	struct write_sink *ws;
	struct read_opts ro;
	struct input	 in;
	FILE		*null;
	double		 t0, best = 0;
	int		 i, r, rounds = 3, first = 1, fd, failed = 0;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		rounds = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc || rounds < 1 || w == NULL) {
		fprintf(stderr, "usage: extract-run [-r ROUNDS] PAGE.html...\n");
		return 2;
	}
	xmlInitParser();
	log_set_level(LOG_ERROR);
	null = fopen("/dev/null", "w");
	memset(&wo, 0, sizeof wo);
	for (r = 0; r < rounds; r++) {
		t0 = now();
		for (i = first; i < argc; i++) {
			fd = open(argv[i], O_RDONLY);
			if (fd < 0 || input_init_fd(&in, fd, CAP_INPUT_HTML)) {
				failed++;
				if (fd >= 0)
					close(fd);
				continue;
			}
			memset(&ro, 0, sizeof ro);
			ro.name = argv[i];
			ro.format = "html";
			ws = write_sink_new(w, &wo, null);
			if (read_input(&in, &ro, write_sink_get(ws)) != ERR_OK)
				failed++;
			write_sink_free(ws);
			close(fd);
		}
		t0 = now() - t0;
		if (r == 0 || t0 < best)
			best = t0;
	}
	fclose(null);
	printf("feedmill in-process: %.1f pages/s (best of %d rounds: %.3f s "
	    "for %d pages, %d failed)\n", (argc - first) / best, rounds, best,
	    argc - first, failed / rounds);
	xmlCleanupParser();
	return 0;
}
