/* SPDX-License-Identifier: MIT */
/*
 * The service configuration: a full feedmill.conf with sources is read
 * into the expected values; broken files give every error with file:line
 * (the whole message text is compared); durations and sizes parse.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "service/conf.h"
#include "util/log.h"
#include "util/xmalloc.h"

static char dir[] = "/tmp/test-config.XXXXXX";

static void
put(const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*fp = fopen(path, "w");

	if (fp == NULL)
		abort();
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static void
rm(const char *name)
{
	char	*path = xasprintf("%s/%s", dir, name);

	unlink(path);
	free(path);
}

/* Load feedmill.conf, return the messages logged (new string). */
static char *
load(struct config **c, enum err *e)
{
	char	*path = xasprintf("%s/feedmill.conf", dir), *msgs;
	FILE	*log = tmpfile();
	long	 n;

	log_set_output(log);
	*e = config_load(path, c);
	log_set_output(stderr);
	n = ftell(log);
	msgs = xcalloc(1, (size_t)n + 1);
	rewind(log);
	if (fread(msgs, 1, (size_t)n, log) != (size_t)n)
		abort();
	fclose(log);
	free(path);
	return msgs;
}

static void
test_good(void)
{
	struct config *c;
	const struct source_conf *s;
	const struct channel_conf *ch;
	char	*msgs, *want;
	enum err e;

	put("feedmill.conf",
	    "# comment\n"
	    "[service]\n"
	    "state_dir = st\n"
	    "output_dir = /srv/out\n"
	    "base_url = https://news.example/feeds\n"
	    "user_agent = test/1\n"
	    "max_connections = 8\n"
	    "per_host = 1\n"
	    "host_spacing = 2s\n"
	    "interval = 15m\n"
	    "max_backoff = 6h\n"
	    "allow_private = yes\n"
	    "share_pages = no\n"
	    "share_image = https://news.example/card.png\n"
	    "shutdown_wait = 30s\n"
	    "\n"
	    "[channel top]\n"
	    "sources = city, wire\n"
	    "categories = Politics\n"
	    "keywords = flood storm\n"
	    "exclude_categories = Sponsored\n"
	    "exclude_keywords = advertorial, promo\n"
	    "dedupe = title\n"
	    "order = oldest\n"
	    "limit = 20\n"
	    "formats = atom json\n"
	    "title = Top stories\n"
	    "description = The news\n"
	    "icon = https://news.example/icon.png\n"
	    "retention = 30d\n"
	    "[channel all]\n"
	    "title = Everything\n");
	put("city.ini",
	    "[source]\n"
	    "url = https://city.example/rss\n"
	    "interval = 5m\n"
	    "header = X-Key: 1\n"
	    "header = Accept-Language: fr\n"
	    "auth = me:secret\n"
	    "max_size = 2M\n"
	    "timeout = 20\n"
	    "fulltext = yes\n"
	    "id = url\n"
	    "home_url = https://city.example/\n"
	    "categories = Local news, Weather ,\n");
	put("wire.ini",
	    "[source]\n"
	    "spool = .\n"
	    "format = rss\n"
	    "title = The wire\n");
	put("local.ini", "[source]\nfile = samples/a.xml\nformat = auto\n");
	msgs = load(&c, &e);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(msgs, "");
	free(msgs);
	if (c == NULL)
		return;
	want = xasprintf("%s/st", dir);
	CHECK_STR_EQ(c->state_dir, want);
	free(want);
	CHECK_STR_EQ(c->output_dir, "/srv/out");
	CHECK_STR_EQ(c->sources_dir, dir);
	CHECK_STR_EQ(c->base_url, "https://news.example/feeds");
	CHECK_STR_EQ(c->user_agent, "test/1");
	CHECK_INT_EQ(c->max_connections, 8);
	CHECK_INT_EQ(c->per_host, 1);
	CHECK_INT_EQ(c->host_spacing, 2);
	CHECK_INT_EQ(c->default_interval, 900);
	CHECK_INT_EQ(c->max_backoff, 6 * 3600);
	CHECK(c->allow_private);
	CHECK(!c->share_pages);
	CHECK_STR_EQ(c->share_image, "https://news.example/card.png");
	CHECK_INT_EQ(c->shutdown_wait, 30);

	CHECK_INT_EQ(c->nsources, 3);
	CHECK_STR_EQ(c->sources[0].name, "city");
	CHECK_STR_EQ(c->sources[1].name, "local");
	CHECK_STR_EQ(c->sources[2].name, "wire");
	s = config_source(c, "city");
	CHECK(s != NULL && s->kind == SOURCE_URL);
	if (s != NULL) {
		CHECK_STR_EQ(s->location, "https://city.example/rss");
		CHECK_INT_EQ(s->interval, 300);
		CHECK_INT_EQ(s->nheaders, 2);
		if (s->nheaders == 2)
			CHECK_STR_EQ(s->headers[1], "Accept-Language: fr");
		CHECK_STR_EQ(s->auth, "me:secret");
		CHECK_INT_EQ(s->max_size, 2 * 1024 * 1024);
		CHECK_INT_EQ(s->timeout, 20);
		CHECK(s->fulltext);
		CHECK_INT_EQ(s->id_rule, ID_URL);
		CHECK(s->format == NULL);
		CHECK_STR_EQ(s->home_url, "https://city.example/");
		CHECK_INT_EQ(s->ncategories, 2);
		if (s->ncategories == 2) {
			CHECK_STR_EQ(s->categories[0], "Local news");
			CHECK_STR_EQ(s->categories[1], "Weather");
		}
	}
	s = config_source(c, "local");
	CHECK(s != NULL && s->kind == SOURCE_FILE);
	if (s != NULL) {
		want = xasprintf("%s/samples/a.xml", dir);
		CHECK_STR_EQ(s->location, want);
		free(want);
		CHECK(s->format == NULL);
		CHECK_INT_EQ(s->interval, 900);	/* the [service] default */
	}
	s = config_source(c, "wire");
	CHECK(s != NULL && s->kind == SOURCE_SPOOL);
	if (s != NULL) {
		CHECK_STR_EQ(s->format, "rss");
		CHECK_STR_EQ(s->title, "The wire");
		CHECK_INT_EQ(s->id_rule, ID_OWN);
	}
	CHECK(config_source(c, "nope") == NULL);

	CHECK_INT_EQ(c->nchannels, 2);
	ch = &c->channels[0];
	CHECK_STR_EQ(ch->name, "top");
	CHECK_INT_EQ(ch->line, 17);	/* the [channel top] header */
	CHECK_INT_EQ(ch->nsources, 2);
	CHECK(config_channel_has_source(ch, "wire"));
	CHECK(!config_channel_has_source(ch, "local"));
	CHECK_INT_EQ(ch->ncategories, 1);
	CHECK_INT_EQ(ch->nkeywords, 2);
	if (ch->nkeywords == 2)
		CHECK_STR_EQ(ch->keywords[1], "storm");
	CHECK_INT_EQ(ch->nexclude_categories, 1);
	CHECK_INT_EQ(ch->nexclude_keywords, 2);
	if (ch->nexclude_keywords == 2)
		CHECK_STR_EQ(ch->exclude_keywords[1], "promo");
	CHECK(ch->dedupe_titles);
	CHECK(!c->channels[1].dedupe_titles);
	CHECK_INT_EQ(ch->order, ORDER_OLDEST);
	CHECK_INT_EQ(ch->limit, 20);
	CHECK_INT_EQ(ch->formats, FORMAT_ATOM | FORMAT_JSONFEED);
	CHECK_STR_EQ(ch->title, "Top stories");
	CHECK_STR_EQ(ch->description, "The news");
	CHECK_INT_EQ(ch->retention, 30 * 86400);
	ch = &c->channels[1];
	CHECK_STR_EQ(ch->name, "all");
	CHECK_INT_EQ(ch->nsources, 0);
	CHECK(config_channel_has_source(ch, "local"));
	CHECK_INT_EQ(ch->formats, FORMAT_RSS | FORMAT_ATOM | FORMAT_JSONFEED);
	CHECK_INT_EQ(ch->limit, CONFIG_DEFAULT_LIMIT);
	config_free(c);
	rm("city.ini");
	rm("wire.ini");
	rm("local.ini");
}

static void
test_errors(void)
{
	struct config *c;
	char	*msgs, *want, *text, long_ua[300];
	enum err e;

	memset(long_ua, 'x', sizeof long_ua - 1);
	long_ua[sizeof long_ua - 1] = '\0';
	text = xasprintf(
	    "[service]\n"
	    "interval = 10s\n"
	    "colour = blue\n"
	    "per_host = many\n"
	    "this line is not ini\n"
	    "[channel bad/name]\n"
	    "title = x\n"
	    "[channel ok]\n"
	    "sources = ghost\n"
	    "formats = rss pdf\n"
	    "[extra]\n"
	    "k = v\n"
	    "[service]\n"
	    "user_agent = %s\n"
	    "shutdown_wait = 1h\n", long_ua);
	put("feedmill.conf", text);
	free(text);
	put("broken.ini", "[source]\nurl = ftp://x/\nspool = nowhere\n"
	    "interval = soon\n");
	put("empty.ini", "; nothing\n");
	msgs = load(&c, &e);
	CHECK_INT_EQ(e, ERR_CONFIG);
	CHECK(c == NULL);
	want = xasprintf(
	    "feedmill: error: %1$s/feedmill.conf:2: interval: \"10s\" is not a duration of at least 60s\n"
	    "feedmill: error: %1$s/feedmill.conf:3: unknown key \"colour\" in [service]\n"
	    "feedmill: error: %1$s/feedmill.conf:4: per_host must be 1 to 100\n"
	    "feedmill: error: %1$s/feedmill.conf:6: [channel bad/name]: a channel name is letters, digits, '-', '_' and '.'\n"
	    "feedmill: error: %1$s/feedmill.conf:10: unknown format \"pdf\" (known: rss atom jsonfeed)\n"
	    "feedmill: error: %1$s/feedmill.conf:12: unknown section [extra] (known: [service], [channel NAME], [partner NAME])\n"
	    "feedmill: error: %1$s/feedmill.conf:14: line longer than 198 bytes\n"
	    "feedmill: error: %1$s/feedmill.conf:15: shutdown_wait: \"1h\" is not a duration of at most 600s\n"
	    "feedmill: error: %1$s/feedmill.conf:5: syntax error (want [section] or key = value)\n"
	    "feedmill: error: %1$s/broken.ini:2: url must be http or https, not \"ftp://x/\"\n"
	    "feedmill: error: %1$s/broken.ini:4: interval: \"soon\" is not a duration of at least 60s\n"
	    "feedmill: error: %1$s/broken.ini:1: spool folder %1$s/nowhere: No such file or directory\n"
	    "feedmill: error: %1$s/empty.ini:1: no [source] section\n"
	    "feedmill: error: %1$s/feedmill.conf:9: channel ok: no source \"ghost\" (no %1$s/ghost.ini)\n",
	    dir);
	CHECK_STR_EQ(msgs, want);
	free(want);
	free(msgs);
	rm("broken.ini");
	rm("empty.ini");
}

static void
test_units(void)
{
	long	 d;
	size_t	 sz;

	CHECK(config_parse_duration("90", &d) && d == 90);
	CHECK(config_parse_duration("90s", &d) && d == 90);
	CHECK(config_parse_duration("15m", &d) && d == 900);
	CHECK(config_parse_duration("2h", &d) && d == 7200);
	CHECK(config_parse_duration("1d", &d) && d == 86400);
	CHECK(!config_parse_duration("1w", &d));
	CHECK(!config_parse_duration("-5", &d));
	CHECK(!config_parse_duration("5mm", &d));
	CHECK(!config_parse_duration("", &d));
	CHECK(!config_parse_duration("999999d", &d));
	CHECK(config_parse_size("4096", &sz) && sz == 4096);
	CHECK(config_parse_size("64k", &sz) && sz == 65536);
	CHECK(config_parse_size("8M", &sz) && sz == 8 * 1024 * 1024);
	CHECK(!config_parse_size("1G", &sz));	/* above the fetch cap */
	CHECK(!config_parse_size("0", &sz));
	CHECK(!config_parse_size("lots", &sz));
}

int
main(void)
{
	char	*path;

	if (mkdtemp(dir) == NULL)
		abort();
	test_units();
	test_good();
	test_errors();
	rm("feedmill.conf");
	path = xasprintf("%s", dir);
	rmdir(path);
	free(path);
	return tap_done();
}
