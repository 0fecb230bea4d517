/* SPDX-License-Identifier: MIT */
/* What the commands that read the service's store share. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "service/conf.h"
#include "service/cycle.h"
#include "store/store.h"

int
cmd_open_store(const char *name, int argc, const char *conf,
    struct config **c, struct store **st)
{
	*c = NULL;
	*st = NULL;
	if (optind < argc) {
		fprintf(stderr, "feedmill %s: no arguments are taken\n", name);
		return EXIT_USAGE;
	}
	if (config_load(conf, c) != ERR_OK)
		return EXIT_RUNTIME;
	if (cycle_open_store(*c, st) != ERR_OK) {
		config_free(*c);
		*c = NULL;
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}
