/* SPDX-License-Identifier: MIT */
/*
 * feedmill sources import|export: the configured sources to and from
 * OPML 2.0. Import writes one NAME.ini per feed into the sources folder
 * (never replacing a source without --force) and says what it did;
 * export writes every URL source as an outline.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "read/opml.h"
#include "service/conf.h"
#include "service/cycle.h"
#include "service/publish.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/opml.h"

static const char usage_text[] =
"Usage: feedmill sources import [OPTION]... FILE.opml\n"
"       feedmill sources export [OPTION]...\n"
"Convert the service's sources to and from OPML 2.0 subscription lists.\n"
"\n"
"import writes one source file (NAME.ini) into the sources folder for\n"
"each feed outline of FILE.opml ('-' reads standard input): its URL,\n"
"title, web site (home_url) and categories (its folders and category\n"
"attribute). NAME comes from the title, else the host. A feed whose URL\n"
"is already configured is skipped unless --force, which rewrites that\n"
"source's file; an existing file is never replaced otherwise. One line\n"
"per feed says what was done.\n"
"\n"
"export writes an outline for every URL source (file and spool sources\n"
"have no URL and are left out, with a warning) to standard output or\n"
"to FILE, replaced atomically. Titles and web sites missing from the\n"
"source files come from each feed as last polled.\n"
"\n"
"  -c, --config=FILE      the service configuration (default\n"
"                         " CMD_DEFAULT_CONF ")\n"
"  -f, --force            import: rewrite sources whose URL is in the list\n"
"  -n, --dry-run          import: say what would be done, write nothing\n"
"  -o, --output=FILE      export: write FILE instead of standard output\n"
"  -q, --quiet            import: print warnings and errors only\n"
"  -h, --help             display this help and exit\n"
"\n"
"Exit status: 0 on success (outlines that cannot be used are warned\n"
"about as FILE:LINE and skipped), 1 when the list or the configuration\n"
"cannot be read or a file cannot be written, 2 on a usage error.\n"
"The source keys are described in feedmill.conf(5).\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "force", no_argument, NULL, 'f' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct opts {
	const char	*conf;
	const char	*output;
	bool		 force, dry_run, quiet;
};

/* Read path ('-': standard input) into b, at most CAP_OPML bytes. */
static enum err
slurp(const char *path, struct buf *b)
{
	char	 chunk[65536];
	size_t	 n;
	FILE	*fp;
	enum err e = ERR_OK;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL) {
		log_error("%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	while (!e) {
		n = fread(chunk, 1, sizeof chunk, fp);
		if (n == 0)
			break;
		e = buf_addn(b, chunk, n);
	}
	if (!e && ferror(fp)) {
		log_error("%s: %s", path, strerror(errno));
		e = ERR_IO;
	} else if (e == ERR_TOO_LARGE)
		log_error("%s: larger than %zu bytes; refused", path,
		    (size_t)CAP_OPML);
	if (fp != stdin)
		fclose(fp);
	return e;
}

/* Latin letters U+00C0 to U+017F without their accents ('-': none). */
static const char latin[] =
    "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTsaaaaaaaceeeeiiiidnooooo-ouuuuyty"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL"
    "lLlNnNnNn-NnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/* The ASCII letter for the UTF-8 character at *p (advanced), or 0. */
static char
ascii_of(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned cp;

	if (s[0] < 0x80) {
		(*p)++;
		return isalnum(s[0]) ? (char)s[0] : 0;
	}
	if (s[0] >= 0xc3 && s[0] <= 0xc5 && (s[1] & 0xc0) == 0x80) {
		*p += 2;
		cp = (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return cp >= 0xc0 && cp <= 0x17f && latin[cp - 0xc0] != '-' ?
		    latin[cp - 0xc0] : 0;
	}
	(*p)++;
	while ((**p & 0xc0) == 0x80)
		(*p)++;
	return 0;
}

/*
 * A source name from s: letters (Latin ones without accents) and digits
 * in lower case, each other run as one '-', at most 48 bytes; NULL when
 * nothing is left.
 */
static char *
slug(const char *s)
{
	char	*out, *q, c;
	bool	 dash = false;

	if (s == NULL)
		return NULL;
	out = q = xmalloc(49);
	while (*s != '\0' && q - out < 48) {
		c = ascii_of(&s);
		if (c != 0) {
			if (dash && q != out)
				*q++ = '-';
			dash = false;
			*q++ = (char)tolower((unsigned char)c);
		} else
			dash = true;
	}
	while (q > out && q[-1] == '-')
		q--;
	*q = '\0';
	if (q == out) {
		free(out);
		return NULL;
	}
	return out;
}

/* The host of an http(s) URL without "www." and the port, as a name. */
static char *
host_name(const char *url)
{
	const char *p = strstr(url, "://"), *end;
	char	*host, *name;

	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#:@");
	if (*end == '@') {
		p = end + 1;
		end = p + strcspn(p, "/?#:");
	}
	if ((size_t)(end - p) > 4 && strncasecmp(p, "www.", 4) == 0)
		p += 4;
	host = xstrndup(p, (size_t)(end - p));
	name = slug(host);
	free(host);
	return name;
}

/* One imported feed, for duplicates inside the list. */
struct seen {
	char	*url;
	char	*name;
	long	 line;
};

struct import {
	const struct opts *o;
	const struct config *c;
	const char	*file;
	struct seen	*seen;
	size_t		 nseen;
	long		 added, replaced, skipped;
	bool		 failed;
};

static bool
name_taken(const struct import *im, const char *name)
{
	char	*path;
	size_t	 i;
	bool	 taken;

	if (config_source(im->c, name) != NULL)
		return true;
	for (i = 0; i < im->nseen; i++)
		if (strcmp(im->seen[i].name, name) == 0)
			return true;
	path = xasprintf("%s/%s.ini", im->c->sources_dir, name);
	taken = access(path, F_OK) == 0;
	free(path);
	return taken;
}

/* A name nobody has: base, else base-2, base-3... */
static char *
free_name(const struct import *im, const char *base)
{
	char	*name;
	int	 i;

	if (!name_taken(im, base))
		return xstrdup(base);
	for (i = 2;; i++) {
		name = xasprintf("%s-%d", base, i);
		if (!name_taken(im, name))
			return name;
		free(name);
	}
}

/*
 * key = value as one INI line: inih ends a value at " ;" (a comment), so
 * those become " ,".
 */
static enum err
ini_value(struct buf *b, const char *key, const char *v)
{
	const char *p;
	enum err e;

	e = buf_addf(b, "%s = ", key);
	for (p = v; *p != '\0' && !e; p++)
		e = buf_addc(b, p[0] == ';' && p > v && p[-1] == ' ' ? ',' :
		    *p);
	if (!e)
		e = buf_addc(b, '\n');
	return e;
}

/*
 * The source file of outline ol (see feedmill.conf(5)); ERR_TOO_LARGE
 * when a line would be longer than inih reads.
 */
static enum err
ini_text(const struct import *im, const struct opml_outline *ol,
    struct buf *b)
{
	const char *line, *nl, *base;
	struct buf cats;
	size_t	 i;
	enum err e;

	base = strrchr(im->file, '/');
	base = base != NULL ? base + 1 : im->file;
	e = buf_addf(b, "# Imported from %.100s, line %ld.\n[source]\n",
	    base, ol->line);
	if (!e)
		e = ini_value(b, "url", ol->xml_url);
	if (!e && ol->title != NULL)
		e = ini_value(b, "title", ol->title);
	if (!e && ol->html_url != NULL)
		e = ini_value(b, "home_url", ol->html_url);
	if (!e && ol->ncategories > 0) {
		buf_init(&cats, 64 * 1024);
		for (i = 0; i < ol->ncategories && !e; i++) {
			if (i > 0)
				e = buf_add(&cats, ", ");
			if (!e)
				e = buf_add(&cats, ol->categories[i]);
		}
		if (!e)
			e = ini_value(b, "categories", buf_str(&cats));
		buf_cleanup(&cats);
	}
	if (e)
		return ERR_TOO_LARGE;
	for (line = buf_str(b); *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL || nl - line > CAP_INI_LINE)
			return ERR_TOO_LARGE;
	}
	return ERR_OK;
}

static enum err
write_source(const char *path, const struct buf *b)
{
	struct pubfile pf;
	enum err e;

	e = publish_open(&pf, path);
	if (e)
		return e;
	if (fwrite(b->data, 1, b->len, pf.fp) != b->len)
		e = ERR_IO;
	return publish_close(&pf, e == ERR_OK) != ERR_OK ? ERR_IO : e;
}

static void
import_one(struct import *im, const struct opml_outline *ol)
{
	const struct source_conf *old = NULL;
	const char *verb;
	struct buf b;
	char	*base, *name = NULL, *path;
	size_t	 i;
	enum err e;

	for (i = 0; i < im->nseen; i++)
		if (strcmp(im->seen[i].url, ol->xml_url) == 0) {
			log_warn("%s:%ld: %s is in the list twice (line %ld); "
			    "skipped", im->file, ol->line, ol->xml_url,
			    im->seen[i].line);
			im->skipped++;
			return;
		}
	for (i = 0; i < im->c->nsources; i++)
		if (im->c->sources[i].kind == SOURCE_URL &&
		    strcmp(im->c->sources[i].location, ol->xml_url) == 0)
			old = &im->c->sources[i];
	if (old != NULL && !im->o->force) {
		if (!im->o->quiet)
			printf("skipped %s: %s is already configured "
			    "(--force rewrites it)\n", old->name, ol->xml_url);
		im->skipped++;
		return;
	}
	if (old != NULL)
		name = xstrdup(old->name);
	else {
		base = slug(ol->title);
		if (base == NULL)
			base = host_name(ol->xml_url);
		if (base == NULL)
			base = xstrdup("feed");
		name = free_name(im, base);
		free(base);
	}
	buf_init(&b, 64 * 1024);
	if (ini_text(im, ol, &b) != ERR_OK) {
		log_warn("%s:%ld: %s: a line of its source file would be "
		    "longer than %d bytes; skipped", im->file, ol->line,
		    ol->xml_url, CAP_INI_LINE);
		im->skipped++;
		buf_cleanup(&b);
		free(name);
		return;
	}
	path = old != NULL ? xstrdup(old->file) :
	    xasprintf("%s/%s.ini", im->c->sources_dir, name);
	e = ERR_OK;
	if (!im->o->dry_run) {
		/* Never replace a file that appeared meanwhile. */
		if (old == NULL && access(path, F_OK) == 0) {
			log_error("%s: appeared while importing; not replaced",
			    path);
			e = ERR_IO;
		} else
			e = write_source(path, &b);
	}
	if (e) {
		im->failed = true;
	} else {
		if (old != NULL)
			im->replaced++;
		else
			im->added++;
		verb = old != NULL ? (im->o->dry_run ? "would rewrite" :
		    "rewrote") : (im->o->dry_run ? "would add" : "added");
		if (!im->o->quiet)
			printf("%s %s: %s\n", verb, name, ol->xml_url);
		im->seen = xreallocarray(im->seen, im->nseen + 1,
		    sizeof *im->seen);
		im->seen[im->nseen].url = xstrdup(ol->xml_url);
		im->seen[im->nseen].name = name;
		im->seen[im->nseen].line = ol->line;
		im->nseen++;
		name = NULL;
	}
	free(path);
	free(name);
	buf_cleanup(&b);
}

static int
import(const struct opts *o, const char *file)
{
	struct import	 im;
	struct config	*c, *check;
	struct opml	 list;
	struct buf	 b;
	size_t		 i;
	enum err	 e;

	e = config_load(o->conf, &c);
	if (e) {
		log_error("%s: fix the configuration before importing",
		    o->conf);
		return EXIT_RUNTIME;
	}
	memset(&list, 0, sizeof list);
	buf_init(&b, CAP_OPML);
	e = slurp(file, &b);
	if (!e)
		e = opml_read(b.data != NULL ? b.data : "", b.len, file, &list);
	buf_cleanup(&b);
	if (e) {
		opml_cleanup(&list);
		config_free(c);
		return EXIT_RUNTIME;
	}
	memset(&im, 0, sizeof im);
	im.o = o;
	im.c = c;
	im.file = file;
	for (i = 0; i < list.n && !im.failed; i++)
		import_one(&im, &list.v[i]);
	if (!o->quiet)
		printf("%s%ld added, %ld rewritten, %ld skipped (%s)\n",
		    o->dry_run ? "dry run: " : "", im.added, im.replaced,
		    im.skipped, c->sources_dir);
	for (i = 0; i < im.nseen; i++) {
		free(im.seen[i].url);
		free(im.seen[i].name);
	}
	free(im.seen);
	opml_cleanup(&list);
	/* What was written must load: check-config over the result. */
	if (!im.failed && !o->dry_run && im.added + im.replaced > 0) {
		if (config_load(o->conf, &check) != ERR_OK)
			im.failed = true;
		config_free(check);
	}
	config_free(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_RUNTIME;
	return im.failed ? EXIT_RUNTIME : EXIT_OK;
}

/* Fill outline ol for URL source sc; title and site from the store. */
static void
outline_of(const struct source_conf *sc, struct store *st,
    struct opml_outline *ol)
{
	struct feed	 f;
	size_t		 i;

	memset(ol, 0, sizeof *ol);
	feed_init(&f);
	if (st != NULL && (sc->title == NULL || sc->home_url == NULL) &&
	    store_get_feed(st, sc->name, &f) != ERR_OK)
		log_warn("%s: its last feed head is unreadable", sc->name);
	ol->xml_url = xstrdup(sc->location);
	ol->title = xstrdup(sc->title != NULL ? sc->title : f.title != NULL ?
	    f.title : sc->name);
	if (sc->home_url != NULL || f.home_url != NULL)
		ol->html_url = xstrdup(sc->home_url != NULL ? sc->home_url :
		    f.home_url);
	ol->type = xstrdup("rss");
	for (i = 0; i < sc->ncategories; i++)
		*VEC_PUSH(ol->categories, ol->ncategories) =
		    xstrdup(sc->categories[i]);
	feed_cleanup(&f);
}

static int
export(const struct opts *o)
{
	struct config	*c;
	struct store	*st = NULL;
	struct opml	 list;
	struct pubfile	 pf;
	struct buf	 b;
	char		*db;
	size_t		 i;
	enum err	 e;

	e = config_load(o->conf, &c);
	if (e)
		return EXIT_RUNTIME;
	db = cycle_store_path(c);
	if (access(db, F_OK) == 0 && store_open(db, &st) != ERR_OK)
		st = NULL;
	free(db);
	memset(&list, 0, sizeof list);
	list.title = xstrdup("feedmill sources");
	for (i = 0; i < c->nsources; i++) {
		if (c->sources[i].kind != SOURCE_URL) {
			log_warn("%s: a %s source has no URL; left out",
			    c->sources[i].name, c->sources[i].kind ==
			    SOURCE_FILE ? "file" : "spool");
			continue;
		}
		outline_of(&c->sources[i], st,
		    VEC_PUSH(list.v, list.n));
	}
	store_close(st);
	buf_init(&b, CAP_OUTPUT);
	e = opml_write(&list, &b);
	if (!e && o->output != NULL) {
		e = publish_open(&pf, o->output);
		if (!e) {
			if (fwrite(b.data, 1, b.len, pf.fp) != b.len)
				e = ERR_IO;
			if (publish_close(&pf, e == ERR_OK) != ERR_OK)
				e = ERR_IO;
		}
	} else if (!e && fwrite(b.data, 1, b.len, stdout) != b.len)
		e = ERR_IO;
	buf_cleanup(&b);
	opml_cleanup(&list);
	config_free(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		e = ERR_IO;
	return e ? EXIT_RUNTIME : EXIT_OK;
}

static int
sources_run(int argc, char **argv)
{
	struct opts	 o;
	const char	*what;
	int		 ch;

	memset(&o, 0, sizeof o);
	o.conf = CMD_DEFAULT_CONF;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:fno:qh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.conf = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'q':
			o.quiet = true;
			log_set_level(LOG_WARN);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill sources --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	what = optind < argc ? argv[optind++] : "";
	if (strcmp(what, "import") == 0 && optind + 1 == argc &&
	    o.output == NULL)
		return import(&o, argv[optind]);
	if (strcmp(what, "export") == 0 && optind == argc && !o.force &&
	    !o.dry_run)
		return export(&o);
	fprintf(stderr, "feedmill sources: %s\nTry 'feedmill sources --help' "
	    "for more information.\n", strcmp(what, "import") == 0 ?
	    "import takes one OPML file (and no --output)" :
	    strcmp(what, "export") == 0 ?
	    "export takes no file (--output names one) and no --force or "
	    "--dry-run" : "import FILE.opml or export, please");
	return EXIT_USAGE;
}

const struct cmd cmd_sources = {
	.name = "sources",
	.summary = "import or export the configured sources as OPML",
	.run = sources_run,
};
