/* SPDX-License-Identifier: MIT */
/*
 * feedmill prune: remove the share pages no story needs any more, and
 * the temporary files a killed run left (service/prune.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cmd/cmd.h"
#include "service/conf.h"
#include "service/prune.h"
#include "store/store.h"

static const char usage_text[] =
"Usage: feedmill prune [-nv] [-c FILE]\n"
"Remove from the output folder's share/ the pages no story needs any\n"
"more (killed, expired, held back by the news lifecycle, of a source no\n"
"longer configured; all of them when share_pages is off) and the\n"
"temporary files a killed run left. A file changed in the last hour\n"
"stays: a running service may be publishing it.\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"  -n, --dry-run          name what would be removed; remove nothing\n"
"  -v, --verbose          name each file removed\n"
"  -h, --help             display this help and exit\n"
"\n"
"Exit status: 0 on success, 1 on a configuration, store or file error\n"
"(a file not removed), 2 on a usage error.\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* prune_fn: name a file removed (or, dry, to remove). */
static void
named(void *arg, const char *name, const char *why)
{
	(void)arg;
	printf("%s: %s\n", name, why);
}

static int
prune_run(int argc, char **argv)
{
	const char	*conf = CMD_DEFAULT_CONF;
	struct prune_stats ps;
	struct config	*c;
	struct store	*st;
	enum err	 e;
	int		 ch, rc, dry = 0, verbose = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:nvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill prune --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	rc = cmd_open_store("prune", argc, conf, &c, &st);
	if (rc != EXIT_OK)
		return rc;
	e = prune_share(c, st, (int64_t)time(NULL), dry, dry || verbose ?
	    named : NULL, NULL, &ps);
	printf("%s: %ld page%s %s, %ld temporary file%s; %ld kept",
	    c->output_dir, ps.removed, ps.removed == 1 ? "" : "s",
	    dry ? "to remove" : "removed", ps.temps, ps.temps == 1 ? "" : "s",
	    ps.kept);
	if (ps.recent > 0)
		printf(", %ld unneeded but changed in the last hour", ps.recent);
	if (ps.failed > 0)
		printf(", %ld not removed", ps.failed);
	putchar('\n');
	store_close(st);
	config_free(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_RUNTIME;
	return e ? EXIT_RUNTIME : EXIT_OK;
}

const struct cmd cmd_prune = {
	.name = "prune",
	.summary = "remove share pages no story needs any more",
	.run = prune_run,
};
