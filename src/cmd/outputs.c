/* SPDX-License-Identifier: MIT */
/*
 * convert's outputs of many files: options, checks, and the run into a
 * directory through the per-story sink or the paging sink.
 */
#include "config.h"
#include "cmd/outputs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "write/outdir.h"
#include "write/paging.h"

/* Largest --page-size and image side we accept. */
#define PAGE_SIZE_MAX	100000
#define IMAGE_SIDE_MAX	100000

static int __attribute__((format(printf, 1, 2)))
usage(const char *fmt, ...)
{
	va_list	 ap;

	fputs("feedmill convert: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	return EXIT_USAGE;
}

/* A decimal number from 1 to max; 0 when s is anything else. */
static long
number(const char *s, long max, char **end)
{
	long	 v;

	if (*s < '0' || *s > '9')
		return 0;
	v = strtol(s, end, 10);
	return v >= 1 && v <= max ? v : 0;
}

int
outputs_option(struct out_opts *oo, int ch, const char *arg)
{
	char	*end;
	long	 w, h;

	switch (ch) {
	case OUT_OPT_PAGE_SIZE:
		w = number(arg, PAGE_SIZE_MAX, &end);
		if (w == 0 || *end != '\0')
			return usage("invalid page size \"%s\" (1 to 100000)",
			    arg);
		oo->page_size = (size_t)w;
		break;
	case OUT_OPT_ARCHIVE:
		oo->archive = true;
		break;
	case OUT_OPT_SHARE_REDIRECT:
		if (!share_redirect_parse(arg, &oo->share.redirect))
			return usage("invalid --share-redirect \"%s\" (meta, "
			    "link or none)", arg);
		break;
	case OUT_OPT_SITE_NAME:
		oo->share.site_name = arg;
		break;
	case OUT_OPT_TWITTER_SITE:
		oo->share.twitter_site = arg;
		break;
	case OUT_OPT_DEFAULT_IMAGE:
		if (!write_web_url_ok(arg))
			return usage("--default-image needs an absolute http(s) "
			    "URL, not \"%s\"", arg);
		oo->share.default_image = arg;
		break;
	case OUT_OPT_DEFAULT_IMAGE_SIZE:
		w = number(arg, IMAGE_SIDE_MAX, &end);
		h = w > 0 && (*end == 'x' || *end == 'X') ?
		    number(end + 1, IMAGE_SIDE_MAX, &end) : 0;
		if (h == 0 || *end != '\0')
			return usage("invalid image size \"%s\" (WIDTHxHEIGHT)",
			    arg);
		oo->share.default_width = (int)w;
		oo->share.default_height = (int)h;
		break;
	}
	return 0;
}

bool
outputs_many(const struct out_opts *oo, const char *output)
{
	return oo->page_size > 0 || oo->archive || outdir_wanted(output);
}

/* The usage errors of a directory output, or 0. */
static int
check(const struct out_opts *oo, const struct writer *w,
    const struct write_opts *wo, const char *output)
{
	if (!outdir_wanted(output))
		return usage("%s writes several files: give a directory, "
		    "-o DIR/", oo->archive ? "--archive" : "--page-size");
	if (oo->archive && oo->page_size == 0)
		return usage("%s needs --page-size", "--archive");
	if (oo->page_size == 0 && !w->multi)
		return usage("-t %s writes one file; -o DIR/ is for -t share, "
		    "-t ninjs and --page-size", w->name);
	if (oo->page_size > 0 && !paging_supported(w))
		return usage("-t %s cannot be paged (rss, atom and jsonfeed "
		    "can)", w->name);
	if (oo->page_size > 0 && !write_web_url_ok(wo->feed_url))
		return usage("%s needs --feed-url, the absolute URL of the "
		    "first page", "--page-size");
	return 0;
}

int
outputs_run(const struct out_opts *oo, const struct writer *w,
    const struct write_opts *wo, const char *output,
    enum err (*run)(void *ctx, const struct sink *sink), void *ctx)
{
	struct story_sink *ss = NULL;
	struct paging_sink *ps = NULL;
	struct outdir *od;
	enum err e;
	int	 rc;

	rc = check(oo, w, wo, output);
	if (rc != 0)
		return rc;
	e = outdir_open(output, &od);
	if (e)
		return EXIT_RUNTIME;
	if (oo->page_size > 0) {
		ps = paging_sink_new(w, wo, oo->page_size, oo->archive, od);
		e = run(ctx, paging_sink_get(ps));
	} else {
		ss = story_sink_new(w, wo, od, NULL);
		e = run(ctx, story_sink_get(ss));
	}
	paging_sink_free(ps);
	story_sink_free(ss);
	outdir_free(od);
	return e == ERR_OK ? EXIT_OK : e == ERR_USAGE ? EXIT_USAGE :
	    EXIT_RUNTIME;
}
