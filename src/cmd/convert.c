/* SPDX-License-Identifier: MIT */
/*
 * feedmill convert: one input (file, "-" or URL) in any format we read,
 * one output in any format we write. Output files appear whole or not
 * at all (temporary file, fsync, rename).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/discover.h"
#include "cmd/fulltext.h"
#include "cmd/outputs.h"
#include "model/normalize.h"
#include "net/fetch.h"
#include "net/readfetch.h"
#include "read/read.h"
#include "read/spool.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"
#include "write/outdir.h"
#include "write/write.h"

struct convert {
	const char	*input;
	const char	*output;
	const char	*to;
	const char	*feed_url;
	const char	*stylesheet;	/* --stylesheet */
	char		**hubs;		/* --hub (borrowed from argv) */
	size_t		 nhubs;
	bool		 allow_private;
	size_t		 max_size;	/* 0: the defaults in caps.h */
	char		*media_type;	/* --content-type, split */
	char		*charset;
	struct read_opts ro;
	struct out_opts	 oo;		/* -t share/ninjs, paging (outputs.h) */
	bool		 to_given;	/* -t on the command line */
	bool		 discover;	/* --discover */
	bool		 full_text;	/* --full-text */
	bool		 fetch_sitemaps;	/* --fetch-sitemaps */
	size_t		 spool_failed;	/* files of a spool INPUT that failed */
};

static const char usage_text[] =
"Usage: feedmill convert [OPTION]... [INPUT]\n"
"Convert one feed from INPUT (a file, - for standard input, an http(s)\n"
"URL, or a folder of wire files; default -) to another format on standard\n"
"output or -o FILE.\n"
"\n"
"  -f, --from=FORMAT      read INPUT as FORMAT instead of sniffing it\n"
"                         (rss, atom, jsonfeed, nitf, newsml, ninjs,\n"
"                         apjson, text, html, sitemap)\n"
"  -t, --to=FORMAT        write FORMAT: rss (default), atom, jsonfeed, dump,\n"
"                         share (HTML share pages), ninjs (IPTC ninjs 2.1),\n"
"                         html (a page of the stories for people)\n"
"  -o, --output=FILE      write to FILE (replaced atomically) instead of\n"
"                         standard output\n"
"      --base-url=URL     resolve relative URLs against URL (default: the\n"
"                         URL INPUT was fetched from)\n"
"      --feed-url=URL     the URL the output will be served at (self link)\n"
"      --stylesheet=URL   RSS and Atom: point browsers at the XSLT\n"
"                         stylesheet URL (<?xml-stylesheet?>)\n"
"      --hub=URL          advertise URL as the output's WebSub hub instead\n"
"                         of the input's (repeat for several)\n"
"      --source=NAME      source name recorded on each story\n"
"      --id=RULE          each story's id: own (default: its guid or id,\n"
"                         else its URL), url (its URL less utm_* and other\n"
"                         trackers, for ids that change when the story\n"
"                         does not) or content (a hash of source, title\n"
"                         and date, for ids and URLs that both change)\n"
"      --strict           treat ill-formed XML as an error instead of\n"
"                         recovering what can be read\n"
"      --allow-private    let a URL INPUT reach loopback or private\n"
"                         addresses (refused by default)\n"
"      --content-type=TYPE  the media type and charset INPUT came with,\n"
"                         as in an HTTP Content-Type (for files and -)\n"
"      --now=TIME         the clock for embargoes (RFC 3339 or RFC 822;\n"
"                         default: the real time)\n"
"      --explain          print on standard error which rule produced\n"
"                         each field of each story (HTML pages)\n"
"      --discover         HTML page: list the feeds it advertises (URL,\n"
"                         type, title per line); with -t, a feed of the\n"
"                         article links it lists\n"
"      --full-text        fetch each story's page and use its extracted\n"
"                         text when the feed's is shorter\n"
"      --fetch-sitemaps   a sitemap index from a file or -: fetch its\n"
"                         http(s) child sitemaps too (always done for an\n"
"                         index fetched from a URL)\n"
"      --sitemap-items=N  the newest N sitemap entries become the feed\n"
"                         (default 1000, at most 50000)\n"
"      --no-lifecycle     keep embargoed, withheld and canceled stories\n"
"                         (for inspection; the dump shows their status)\n"
"      --max-size=BYTES   refuse input larger than BYTES (suffixes k, M,\n"
"                         G; default 64M for URLs, 2G for files)\n"
OUTPUTS_USAGE
"  -q, --quiet            print errors only, no warnings\n"
"  -h, --help             display this help and exit\n"
"  -V, --version          output version information and exit\n"
"\n"
"Exit status: 0 on success, 1 if the input could not be read or converted,\n"
"2 on a usage error. Warnings (recovered XML errors, unparseable dates)\n"
"go to standard error and do not change the status unless --strict.\n"
"The dump format is described in feed-dump(5).\n";

enum {
	OPT_BASE_URL = 256,
	OPT_FEED_URL,
	OPT_STYLESHEET,
	OPT_HUB,
	OPT_SOURCE,
	OPT_ID,
	OPT_STRICT,
	OPT_ALLOW_PRIVATE,
	OPT_MAX_SIZE,
	OPT_CONTENT_TYPE,
	OPT_NOW,
	OPT_NO_LIFECYCLE,
	OPT_EXPLAIN,
	OPT_DISCOVER,
	OPT_FULL_TEXT,
	OPT_FETCH_SITEMAPS,
	OPT_SITEMAP_ITEMS
};

static const struct option longopts[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "base-url", required_argument, NULL, OPT_BASE_URL },
	{ "feed-url", required_argument, NULL, OPT_FEED_URL },
	{ "stylesheet", required_argument, NULL, OPT_STYLESHEET },
	{ "hub", required_argument, NULL, OPT_HUB },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "id", required_argument, NULL, OPT_ID },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "allow-private", no_argument, NULL, OPT_ALLOW_PRIVATE },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "content-type", required_argument, NULL, OPT_CONTENT_TYPE },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "no-lifecycle", no_argument, NULL, OPT_NO_LIFECYCLE },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "discover", no_argument, NULL, OPT_DISCOVER },
	{ "full-text", no_argument, NULL, OPT_FULL_TEXT },
	{ "fetch-sitemaps", no_argument, NULL, OPT_FETCH_SITEMAPS },
	{ "sitemap-items", required_argument, NULL, OPT_SITEMAP_ITEMS },
	OUTPUTS_LONGOPTS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* "4096", "64k", "10M", "2G" -> bytes; 0 when invalid. */
static size_t
parse_size(const char *s)
{
	unsigned long long v;
	char	*end;

	v = strtoull(s, &end, 10);
	if (end == s)
		return 0;
	switch (*end) {
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'g': case 'G': v *= 1024 * 1024 * 1024; end++; break;
	}
	if (*end != '\0' || v > (unsigned long long)CAP_INPUT_XML)
		return 0;
	return (size_t)v;
}

static int
parse_args(struct convert *c, int argc, char **argv)
{
	struct when now;
	enum id_rule rule;
	int	 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:t:o:qhV", longopts,
	    NULL)) != -1) {
		if (ch >= OUT_OPT_PAGE_SIZE && ch <= OUT_OPT_LAST) {
			if (outputs_option(&c->oo, ch, optarg) != 0)
				return EXIT_USAGE;
			continue;
		}
		switch (ch) {
		case 'f':
			c->ro.format = optarg;
			break;
		case 't':
			c->to = optarg;
			c->to_given = true;
			break;
		case 'o':
			c->output = optarg;
			break;
		case OPT_BASE_URL:
			c->ro.base_url = optarg;
			break;
		case OPT_FEED_URL:
			c->feed_url = optarg;
			break;
		case OPT_STYLESHEET:
			c->stylesheet = optarg;
			break;
		case OPT_HUB:
			if (!write_web_url_ok(optarg)) {
				fprintf(stderr, "feedmill convert: --hub needs "
				    "an http(s) URL, not \"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			*VEC_PUSH(c->hubs, c->nhubs) = optarg;
			break;
		case OPT_SOURCE:
			c->ro.source = optarg;
			break;
		case OPT_ID:
			if (!normalize_id_rule(optarg, &rule)) {
				fprintf(stderr, "feedmill convert: --id is own, "
				    "url or content, not \"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			c->ro.id_rule = (int)rule;
			break;
		case OPT_STRICT:
			c->ro.strict = true;
			break;
		case OPT_ALLOW_PRIVATE:
			c->allow_private = true;
			break;
		case OPT_EXPLAIN:
			c->ro.explain = true;
			break;
		case OPT_DISCOVER:
			c->discover = true;
			break;
		case OPT_FULL_TEXT:
			c->full_text = true;
			break;
		case OPT_FETCH_SITEMAPS:
			c->fetch_sitemaps = true;
			break;
		case OPT_SITEMAP_ITEMS:
			c->ro.max_items = parse_size(optarg);
			if (c->ro.max_items == 0 ||
			    c->ro.max_items > CAP_SITEMAP_ENTRIES) {
				fprintf(stderr, "feedmill convert: invalid "
				    "--sitemap-items \"%s\" (1 to %d)\n", optarg,
				    CAP_SITEMAP_ENTRIES);
				return EXIT_USAGE;
			}
			break;
		case OPT_CONTENT_TYPE:
			free(c->media_type);
			free(c->charset);
			fetch_content_type(optarg, &c->media_type, &c->charset);
			break;
		case OPT_NOW:
			if (!date_parse(optarg, &now) || now.t == 0) {
				fprintf(stderr, "feedmill convert: invalid time "
				    "\"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			c->ro.now = now.t;
			break;
		case OPT_NO_LIFECYCLE:
			c->ro.lifecycle = false;
			break;
		case OPT_MAX_SIZE:
			c->max_size = parse_size(optarg);
			if (c->max_size == 0) {
				fprintf(stderr, "feedmill convert: invalid size "
				    "\"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			log_set_level(LOG_ERROR);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		case 'V':
			printf("feedmill %s\n", PACKAGE_VERSION);
			return -1;
		default:
			fputs("Try 'feedmill convert --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		c->input = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "feedmill convert: one INPUT at a time "
		    "(extra argument \"%s\")\n", argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

/* The output stream: stdout, or a temporary file beside the target. */
struct outfile {
	FILE	*fp;
	char	*tmp;
};

static int
out_open(struct outfile *of, const char *path)
{
	int	 fd;

	of->tmp = NULL;
	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	of->tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(of->tmp);
	if (fd < 0) {
		log_error("%s: cannot create: %s", path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	(void)fchmod(fd, 0644);
	of->fp = fdopen(fd, "w");
	if (of->fp == NULL)
		abort();
	return 0;
}

/* Finish the output; on failure nothing replaces path. */
static int
out_close(struct outfile *of, const char *path, bool ok)
{
	int	 rc = 0;

	if (of->fp == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			log_error("write error on standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp))) {
		if (ok)
			log_error("%s: write error: %s", path, strerror(errno));
		ok = false;
	}
	if (fclose(of->fp) != 0 && ok) {
		log_error("%s: write error: %s", path, strerror(errno));
		ok = false;
	}
	if (ok && rename(of->tmp, path) != 0) {
		log_error("%s: cannot replace: %s", path, strerror(errno));
		ok = false;
	}
	if (!ok) {
		unlink(of->tmp);
		rc = -1;
	}
	free(of->tmp);
	return rc;
}

static enum err run_input_raw(struct convert *, const struct sink *);

/* Read the input, through the --full-text stage when asked for. */
static enum err
run_input(struct convert *c, const struct sink *sink)
{
	struct fulltext_opts fo;
	struct fulltext	*ft;
	enum err	 e;

	if (!c->full_text)
		return run_input_raw(c, sink);
	memset(&fo, 0, sizeof fo);
	fo.connections = CAP_FULLTEXT_CONNECTIONS;
	fo.per_host = CAP_FULLTEXT_PER_HOST;
	fo.allow_private = c->allow_private;
	fo.progress = isatty(STDERR_FILENO);
	fo.ro = &c->ro;
	/* The rules are printed once the pages have been merged in. */
	fo.explain = c->ro.explain;
	c->ro.explain = false;
	ft = fulltext_new(sink, &fo);
	e = run_input_raw(c, fulltext_sink(ft));
	fulltext_free(ft);
	c->ro.explain = fo.explain;
	return e;
}

static enum err
run_input_raw(struct convert *c, const struct sink *sink)
{
	struct fetch_result fr;
	struct fetch_opts fo;
	struct readfetch rfe;
	struct input	 in;
	struct stat	 st;
	enum err	 e;
	int		 fd;
	char		*dir = NULL;

	/* A sitemap index's children: same caps and policy as --full-text. */
	readfetch_init(&rfe, CAP_FULLTEXT_CONNECTIONS, CAP_FULLTEXT_PER_HOST,
	    c->allow_private);
	if (text_istarts(c->input, "http://") ||
	    text_istarts(c->input, "https://")) {
		fetch_opts_init(&fo);
		fo.allow_private = c->allow_private;
		if (c->max_size != 0)
			fo.max_body = c->max_size;
		fetch_result_init(&fr);
		e = fetch_url(c->input, &fo, &fr);
		if (!e) {
			input_init_mem(&in, buf_str(&fr.body), fr.body.len,
			    CAP_INPUT_XML);
			in.charset = fr.charset;
			in.media_type = fr.media_type;
			if (c->ro.base_url == NULL)
				c->ro.base_url = fr.effective_url != NULL ?
				    fr.effective_url : c->input;
			c->ro.fetch = &rfe.rf;
			e = read_input(&in, &c->ro, sink);
			c->ro.fetch = NULL;
		}
		if (c->ro.base_url == fr.effective_url)
			c->ro.base_url = NULL;
		fetch_result_cleanup(&fr);
		return e;
	}
	if (strcmp(c->input, "-") != 0 && stat(c->input, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return spool_read_dir(c->input, &c->ro, sink, &c->spool_failed);
	if (strcmp(c->input, "-") == 0)
		fd = STDIN_FILENO;
	else {
		fd = open(c->input, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			log_error("%s: %s", c->input, strerror(errno));
			return ERR_IO;
		}
	}
	e = input_init_fd(&in, fd, c->max_size != 0 ? c->max_size :
	    CAP_INPUT_XML);
	in.media_type = c->media_type;
	in.charset = c->charset;
	if (c->fetch_sitemaps)
		c->ro.fetch = &rfe.rf;
	if (fd != STDIN_FILENO) {
		dir = xstrdup(c->input);
		c->ro.local_dir = dirname(dir);
	}
	if (e)
		log_error("%s: %s", c->input, e == ERR_TOO_LARGE ?
		    "input larger than --max-size; refused" : strerror(errno));
	else
		e = read_input(&in, &c->ro, sink);
	c->ro.fetch = NULL;
	c->ro.local_dir = NULL;
	free(dir);
	if (fd != STDIN_FILENO)
		close(fd);
	return e;
}

static int	convert_main(struct convert *);

/* run_input() for outputs_run(). */
static enum err
run_input_cb(void *c, const struct sink *sink)
{
	return run_input(c, sink);
}

static int
convert_run(int argc, char **argv)
{
	struct convert	 c;
	int		 rc;

	memset(&c, 0, sizeof c);
	c.input = "-";
	c.ro.lifecycle = true;
	c.to = "rss";
	rc = parse_args(&c, argc, argv);
	if (rc == 0)
		rc = convert_main(&c);
	else if (rc < 0)
		rc = EXIT_OK;
	free(c.media_type);
	free(c.charset);
	free(c.hubs);
	return rc;
}

static int
convert_main(struct convert *cp)
{
	struct convert	 c = *cp;
	struct write_opts wo;
	struct write_sink *ws;
	struct story_sink *ss;
	const struct writer *w;
	struct outfile	 of;
	enum err	 e;

	w = writer_find(c.to);
	if (w == NULL) {
		fprintf(stderr, "feedmill convert: unknown output format \"%s\" "
		    "(known: %s)\n", c.to, writer_names());
		return EXIT_USAGE;
	}
	if (c.ro.format != NULL && reader_find(c.ro.format) == NULL) {
		fprintf(stderr, "feedmill convert: unknown input format \"%s\" "
		    "(known: %s)\n", c.ro.format, reader_names());
		return EXIT_USAGE;
	}
	c.ro.name = strcmp(c.input, "-") == 0 ? "<stdin>" : c.input;
	memset(&wo, 0, sizeof wo);
	wo.feed_url = c.feed_url;
	wo.stylesheet = c.stylesheet;
	wo.hubs = c.hubs;
	wo.nhubs = c.nhubs;
	wo.generator = PACKAGE_NAME " " PACKAGE_VERSION;
	wo.share = &c.oo.share;
	if (outputs_many(&c.oo, c.output))
		return outputs_run(&c.oo, w, &wo, c.output, run_input_cb, &c);

	if (c.discover) {
		c.ro.discover = c.to_given ? READ_DISCOVER_LINKS :
		    READ_DISCOVER_FEEDS;
		c.ro.format = "html";
	}
	if (out_open(&of, c.output) != 0)
		return EXIT_RUNTIME;
	if (c.ro.discover == READ_DISCOVER_FEEDS) {
		struct sink ls = discover_list_sink(of.fp);

		e = run_input(&c, &ls);
	} else if (w->multi) {
		/* One story to one file; several need -o DIR/. */
		ss = story_sink_new(w, &wo, NULL, of.fp);
		e = run_input(&c, story_sink_get(ss));
		story_sink_free(ss);
	} else {
		ws = write_sink_new(w, &wo, of.fp);
		e = run_input(&c, write_sink_get(ws));
		write_sink_free(ws);
	}
	if (e == ERR_IO && of.fp != NULL && ferror(of.fp))
		log_error("%s: write error: %s", c.output != NULL ? c.output :
		    "standard output", strerror(errno));
	if (out_close(&of, c.output, e == ERR_OK) != 0 && e == ERR_OK)
		e = ERR_IO;
	/* A spool is written without its bad files, which still fail it. */
	if (e == ERR_OK && c.spool_failed > 0)
		return EXIT_RUNTIME;
	return e == ERR_OK ? EXIT_OK : e == ERR_USAGE ? EXIT_USAGE :
	    EXIT_RUNTIME;
}

const struct cmd cmd_convert = {
	.name = "convert",
	.summary = "convert one feed between RSS, Atom and JSON Feed",
	.run = convert_run,
};
