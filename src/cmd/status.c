/* SPDX-License-Identifier: MIT */
/*
 * feedmill status: one line per configured source from the store: when
 * it was last polled, what came of it, when it is due next, consecutive
 * failures, and how many live stories it has; with --embargoes, the
 * stories an embargo holds back and when each is to be published.
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/article.h"
#include "service/conf.h"
#include "store/store.h"
#include "util/date.h"

static const char usage_text[] =
"Usage: feedmill status [-c FILE] [--check] [--embargoes]\n"
"Print each configured source's state: last poll, its result, the next\n"
"poll, consecutive failures and live stories (times in UTC).\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"      --check            also check the store's integrity (SQLite\n"
"                         integrity_check); exit 1 if it fails\n"
"  -e, --embargoes        then list the stories an embargo holds back,\n"
"                         earliest first: when each is to be published,\n"
"                         its source, id and title\n"
"  -h, --help             display this help and exit\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "check", no_argument, NULL, 'k' },
	{ "embargoes", no_argument, NULL, 'e' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char *
when(int64_t t, char buf[DATE_BUF])
{
	if (t == 0)
		return "never";
	date_format_rfc3339(t, buf);
	return buf;
}

static const char *const kinds[] = { "url", "file", "spool" };

/*
 * Text from a feed, on one line and with no control character: a title
 * is a stranger's, and a terminal obeys escape sequences.
 */
static void
put_clean(const char *s)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0') {
		putchar('-');
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		putchar(*p < 0x20 || *p == 0x7f ? ' ' : *p);
}

/* store_story_fn: one line for a held story. */
static enum err
held(void *ctx, const char *source, const struct article *a, bool *more)
{
	char	 b[DATE_BUF];
	long	*n = ctx;

	(void)more;
	if ((*n)++ == 0)
		printf("\n%-20s %-20s %s  %s\n", "HELD UNTIL", "SOURCE", "ID",
		    "TITLE");
	printf("%-20s %-20s ", when(a->embargo_until.t, b), source);
	put_clean(a->id);
	fputs("  ", stdout);
	put_clean(a->title);
	putchar('\n');
	return ERR_OK;
}

static int
status_run(int argc, char **argv)
{
	const char	*conf = CMD_DEFAULT_CONF;
	struct fetch_state fs;
	struct config	*c;
	struct store	*st;
	char		 b1[DATE_BUF], b2[DATE_BUF];
	size_t		 i;
	enum err	 e = ERR_OK;
	long		 nheld = 0;
	int		 ch, rc, check = 0, embargoes = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:eh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'e':
			embargoes = 1;
			break;
		case 'k':
			check = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill status --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	rc = cmd_open_store("status", argc, conf, &c, &st);
	if (rc != EXIT_OK)
		return rc;
	printf("%-20s %-5s %-20s %-20s %4s %7s  %s\n", "SOURCE", "KIND",
	    "LAST POLL", "NEXT POLL", "FAIL", "STORIES", "RESULT");
	/* One read transaction: one snapshot, one read lock. */
	e = store_begin_read(st);
	for (i = 0; i < c->nsources && !e; i++) {
		e = store_get_state(st, c->sources[i].name, &fs);
		if (!e)
			e = store_count_stories(st, c->sources[i].name,
			    &fs.stories);
		if (e) {
			fetch_state_cleanup(&fs);
			break;
		}
		printf("%-20s %-5s %-20s %-20s %4d %7ld  ",
		    c->sources[i].name, kinds[c->sources[i].kind],
		    when(fs.last_poll, b1), fs.last_poll == 0 ? "now" :
		    when(fs.next_due, b2), fs.failures, fs.stories);
		put_clean(fs.result);
		putchar('\n');
		fetch_state_cleanup(&fs);
	}
	if (embargoes && !e) {
		e = store_each_held(st, INT64_MAX, held, &nheld);
		if (!e && nheld == 0)
			printf("\nno story is held by an embargo\n");
	}
	if (e)
		store_rollback(st);
	else
		e = store_commit(st);
	if (check && !e) {
		if (store_check(st))
			printf("store: integrity ok (schema version %d)\n",
			    store_version(st));
		else {
			printf("store: integrity check FAILED\n");
			e = ERR_STORE;
		}
	}
	store_close(st);
	config_free(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_RUNTIME;
	return e ? EXIT_RUNTIME : EXIT_OK;
}

const struct cmd cmd_status = {
	.name = "status",
	.summary = "show each source's last poll, result and next poll",
	.run = status_run,
};
