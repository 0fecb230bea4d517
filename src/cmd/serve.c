/* SPDX-License-Identifier: MIT */
/*
 * feedmill serve: the daemon. Logs to standard error, one line per
 * event (journald adds the time); SIGHUP reloads the configuration,
 * SIGTERM and SIGINT finish the fetches in flight (within shutdown_wait),
 * publish what is pending and exit 0; SIGUSR1 polls every source now.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "service/serve.h"
#include "util/log.h"

static const char usage_text[] =
"Usage: feedmill serve [OPTION]...\n"
"Run the service: poll every source when it is due, read spool folders\n"
"as files arrive, store stories and publish the channels that change.\n"
"SIGHUP reloads the configuration (a bad one is refused and the running\n"
"one stays); SIGTERM or SIGINT lets the fetches in flight finish (within\n"
"shutdown_wait), publishes what is pending and exits. SIGUSR1 polls\n"
"every source now, as poll --once --force would (one round at a time).\n"
"With a listen address it answers HTTP too: the published files,\n"
"/healthz, /metrics.\n"
"WebSub: the hubs configured are pinged after each change; with a listen\n"
"address and base_url, the hubs sources advertise are subscribed to and\n"
"their pushes taken at base_url/websub/ (see feedmill.conf(5)).\n"
"Under systemd (Type=notify, $NOTIFY_SOCKET) it reports READY=1 once\n"
"the store is open and it listens, STOPPING=1 and watchdog keep-alives.\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"      --no-spread        poll sources never polled before at once,\n"
"                         instead of spreading them over their interval\n"
"  -q, --quiet            log warnings and errors only\n"
"  -v, --verbose          log debugging detail too\n"
"  -h, --help             display this help and exit\n"
"\n"
"Exit status: 0 after SIGTERM or SIGINT, 1 when the configuration or the\n"
"store fails or the listen address cannot be used, 2 on a usage error.\n";

enum { OPT_NO_SPREAD = 256 };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "no-spread", no_argument, NULL, OPT_NO_SPREAD },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
serve_main(int argc, char **argv)
{
	struct serve_opts o;
	int		 ch;

	memset(&o, 0, sizeof o);
	o.config = CMD_DEFAULT_CONF;
	log_set_level(LOG_INFO);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:qvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.config = optarg;
			break;
		case OPT_NO_SPREAD:
			o.no_spread = true;
			break;
		case 'q':
			log_set_level(LOG_WARN);
			break;
		case 'v':
			log_set_level(LOG_DEBUG);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill serve --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "feedmill serve: no arguments are taken\n");
		return EXIT_USAGE;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	return serve_run(&o) == ERR_OK ? EXIT_OK : EXIT_RUNTIME;
}

const struct cmd cmd_serve = {
	.name = "serve",
	.summary = "run the service: poll, store and publish until stopped",
	.run = serve_main,
};
