/* SPDX-License-Identifier: MIT */
/* feedmill: dispatch to a subcommand. */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cmd/cmd.h"
#include "net/fetch.h"

static const struct cmd *const cmds[] = {
	&cmd_convert,
	&cmd_serve,
	&cmd_poll,
	&cmd_status,
	&cmd_prune,
	&cmd_checkconfig,
	&cmd_sources,
	&cmd_keyhash,
};

static void
usage(FILE *fp)
{
	size_t	 i;

	fprintf(fp, "Usage: feedmill COMMAND [OPTION]... [ARG]...\n"
	    "Convert and publish news feeds.\n\nCommands:\n");
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(fp, "  %-13s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(fp, "\n'feedmill COMMAND --help' describes a command; "
	    "feedmill(1) has it all.\n");
}

/*
 * glibc's malloc gives freed memory back to the system as soon as 128
 * KiB are free at the top of the heap, and serves every block from 128
 * KiB up with a fresh mmap: a poll cycle, which allocates and frees
 * tens of megabytes over and over on three threads, took 20,000-30,000
 * page faults that way. Keeping up to 32 MiB (and growing the heap 8
 * MiB at a time) takes them to about 9,000 and 10 % of the cycle's
 * system time (1,000 sources of 20 items, bench/service-poll.sh).
 */
#define MALLOC_TRIM_BYTES	(32 << 20)
#define MALLOC_PAD_BYTES	(8 << 20)
#define MALLOC_MMAP_BYTES	(4 << 20)

static void
tune_malloc(void)
{
#ifdef M_TRIM_THRESHOLD
	(void)mallopt(M_TRIM_THRESHOLD, MALLOC_TRIM_BYTES);
	(void)mallopt(M_TOP_PAD, MALLOC_PAD_BYTES);
	(void)mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_BYTES);
#endif
}

int
main(int argc, char **argv)
{
	size_t	 i;
	int	 rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("feedmill %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[1], cmds[i]->name) != 0)
			continue;
		tune_malloc();
		xmlInitParser();
		/* libcurl is set up by the first fetch, if any. */
		rc = cmds[i]->run(argc - 1, argv + 1);
		fetch_global_cleanup();
		xmlCleanupParser();
		return rc;
	}
	fprintf(stderr, "feedmill: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
