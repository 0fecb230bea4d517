/* SPDX-License-Identifier: MIT */
/*
 * feedmill check-config: load the service configuration and every
 * source file, report each problem as file:line, and exit 1 if any.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "service/conf.h"

static const char usage_text[] =
"Usage: feedmill check-config [-c FILE]\n"
"Check the service configuration and every source file it names; print\n"
"each problem as FILE:LINE: message on standard error.\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"  -q, --quiet            print nothing when the configuration is good\n"
"  -h, --help             display this help and exit\n"
"\n"
"Exit status: 0 when the configuration is good, 1 when it has problems,\n"
"2 on a usage error.\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
checkconfig_run(int argc, char **argv)
{
	const char	*conf = CMD_DEFAULT_CONF;
	struct config	*c;
	int		 ch, quiet = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill check-config --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "feedmill check-config: no arguments are "
		    "taken\n");
		return EXIT_USAGE;
	}
	if (config_load(conf, &c) != ERR_OK)
		return EXIT_RUNTIME;
	if (!quiet)
		printf("%s: ok (%zu sources, %zu channels)\n", conf,
		    c->nsources, c->nchannels);
	config_free(c);
	return EXIT_OK;
}

const struct cmd cmd_checkconfig = {
	.name = "check-config",
	.summary = "check the service configuration (file:line errors)",
	.run = checkconfig_run,
};
