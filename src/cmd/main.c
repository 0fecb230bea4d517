/* SPDX-License-Identifier: MIT */
/* feedmill: dispatch to a subcommand. */
#include "config.h"

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
