/* SPDX-License-Identifier: MIT */
/*
 * feedmill poll --once: one polling cycle of the service, then exit
 * (for cron). Sources that are not due yet are left alone unless
 * --force; a Retry-After is honoured either way.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "service/conf.h"
#include "service/cycle.h"
#include "service/websub.h"
#include "store/store.h"
#include "util/log.h"
#include "util/xmalloc.h"

static const char usage_text[] =
"Usage: feedmill poll --once [OPTION]...\n"
"Run one cycle of the service: poll every source that is due, read the\n"
"spool folders, store new and changed stories, publish the channels that\n"
"changed (and ping their WebSub hubs), print a summary, and exit.\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"      --once             one cycle, then exit (required: the daemon is\n"
"                         feedmill serve)\n"
"  -f, --force            poll every source now, due or not (a source\n"
"                         inside a Retry-After still waits)\n"
"  -v, --verbose          log each source and channel\n"
"  -q, --quiet            print errors only, no warnings or summary\n"
"  -h, --help             display this help and exit\n"
"\n"
"Exit status: 0 when the cycle ran (a failing source is logged and shown\n"
"by feedmill status), 1 on a configuration, store or output error, 2 on\n"
"a usage error. The configuration is described in feedmill.conf(5).\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "once", no_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* The channels published, for their WebSub pings. */
struct published {
	const struct channel_conf **v;
	size_t	 n;
};

static void
on_published(void *ctx, const struct channel_conf *ch)
{
	struct published *p = ctx;

	*VEC_PUSH(p->v, p->n) = ch;
}

static int
poll_run(int argc, char **argv)
{
	const char	*conf = CMD_DEFAULT_CONF;
	struct cycle_opts o;
	struct cycle_stats s;
	struct published pub = { NULL, 0 };
	struct cycle_hooks hooks = { NULL, on_published, &pub, NULL };
	struct config	*c;
	struct store	*st;
	bool		 once = false, quiet = false;
	enum err	 e;
	int		 ch;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:fvqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'o':
			once = true;
			break;
		case 'f':
			o.force = true;
			break;
		case 'v':
			log_set_level(LOG_INFO);
			break;
		case 'q':
			quiet = true;
			log_set_level(LOG_ERROR);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill poll --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !once) {
		fprintf(stderr, "feedmill poll: %s\n", optind < argc ?
		    "no arguments are taken (sources are configured)" :
		    "--once is required (the daemon is feedmill serve)");
		return EXIT_USAGE;
	}
	e = config_load(conf, &c);
	if (e)
		return EXIT_RUNTIME;
	e = cycle_open_store(c, &st);
	if (e) {
		config_free(c);
		return EXIT_RUNTIME;
	}
	o.now = (int64_t)time(NULL);
	o.hooks = &hooks;
	e = cycle_run(c, st, &o, &s);
	websub_ping_once(c, pub.v, pub.n);
	free(pub.v);
	if (!quiet)
		printf("%ld sources polled: %ld ok, %ld not modified, %ld "
		    "failed; %ld files; stories: %ld new, %ld updated, %ld "
		    "killed, %ld expired; %ld channels published", s.polled,
		    s.ok - s.unchanged, s.unchanged, s.failed, s.files,
		    s.stories_new, s.stories_updated, s.stories_killed,
		    s.expired, s.published);
	if (!quiet && s.pages > 0)
		printf("; %ld full-text pages", s.pages);
	if (!quiet && s.publish_failed > 0)
		printf("; %ld outputs NOT written", s.publish_failed);
	if (!quiet)
		putchar('\n');
	store_close(st);
	config_free(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_RUNTIME;
	/* Outputs that could not be written fail the run (cron notices). */
	return e || s.publish_failed > 0 ? EXIT_RUNTIME : EXIT_OK;
}

const struct cmd cmd_poll = {
	.name = "poll",
	.summary = "poll the configured sources once and publish (for cron)",
	.run = poll_run,
};
