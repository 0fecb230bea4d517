/* SPDX-License-Identifier: MIT */
/*
 * The spool reader: a folder of wire files becomes one feed. Stories
 * from all files are held in memory, one per id (the newest version by
 * lifecycle_newer), then filtered by the news lifecycle and pushed
 * newest first. Files are read in name order, so the result never
 * depends on the order the directory lists them in.
 */
#include "config.h"
#include "read/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/normalize.h"
#include "read/lifecycle.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

struct spool {
	struct article	**arts;
	size_t		 n;
	size_t		 cap;
	struct feed	 head;		/* the feed written; language of the first */
	bool		 have_head;
};

static enum err
on_head(void *ctx, struct feed *f)
{
	struct spool *s = ctx;

	if (!s->have_head && f->language != NULL)
		xstrset(&s->head.language, f->language);
	s->have_head = true;
	return ERR_OK;
}

/* Keep a (its contents are taken), or let it replace an older version. */
static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct spool *s = ctx;
	struct article *copy;
	size_t	 i;

	(void)f;
	copy = xmalloc(sizeof *copy);
	*copy = *a;
	memset(a, 0, sizeof *a);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->arts[i]->id, copy->id) == 0)
			break;
	if (i < s->n) {
		if (lifecycle_newer(copy, s->arts[i]) > 0) {
			article_free(s->arts[i]);
			s->arts[i] = copy;
		} else
			article_free(copy);
		return ERR_OK;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->arts = xreallocarray(s->arts, s->cap, sizeof *s->arts);
	}
	s->arts[s->n++] = copy;
	return ERR_OK;
}

static enum err
on_end(void *ctx, struct feed *f)
{
	(void)ctx;
	(void)f;
	return ERR_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Newest first (updated, else published), then by id. */
static int
by_time(const void *pa, const void *pb)
{
	const struct article *a = *(struct article *const *)pa;
	const struct article *b = *(struct article *const *)pb;
	int64_t	 ta, tb;

	ta = a->updated.t != 0 ? a->updated.t : a->published.t;
	tb = b->updated.t != 0 ? b->updated.t : b->published.t;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* The regular, non-dot files of dir, sorted; NULL on error. */
static char **
list_files(const char *dir, size_t *np)
{
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	**names = NULL, *path;
	size_t	 n = 0;

	d = opendir(dir);
	if (d == NULL) {
		log_error("%s: %s", dir, strerror(errno));
		return NULL;
	}
	for (;;) {
		de = readdir(d);
		if (de == NULL)
			break;
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s%s%s", dir, dir[0] != '\0' &&
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (n >= CAP_SPOOL_FILES) {
			log_warn("%s: more than %d files; the rest are skipped",
			    dir, CAP_SPOOL_FILES);
			free(path);
			break;
		}
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = path;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, by_name);
	*np = n;
	return names != NULL ? names : xcalloc(1, sizeof *names);
}

static enum err
read_file(const char *path, const struct read_opts *o, const struct sink *s)
{
	struct read_opts fo = *o;
	struct input in;
	enum err e;
	int	 fd;

	fo.name = path;
	fo.lifecycle = false;	/* applied below, to the newest versions */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	e = input_init_fd(&in, fd, CAP_INPUT_XML);
	if (e)
		log_error("%s: %s", path, strerror(errno));
	else
		e = read_input(&in, &fo, s);
	close(fd);
	return e;
}

enum err
spool_read_dir(const char *dir, const struct read_opts *o,
    const struct sink *out, size_t *failed)
{
	struct spool sp;
	struct sink s = { on_head, on_article, on_end, &sp };
	const char *why, *base;
	char	**names, *title;
	size_t	 n, i;
	int64_t	 now;
	enum err e;

	*failed = 0;
	names = list_files(dir, &n);
	if (names == NULL)
		return ERR_IO;
	memset(&sp, 0, sizeof sp);
	feed_init(&sp.head);
	for (i = 0; i < n; i++) {
		if (read_file(names[i], o, &s) != ERR_OK)
			(*failed)++;
		free(names[i]);
	}
	free(names);
	if (sp.n > 0)
		qsort(sp.arts, sp.n, sizeof *sp.arts, by_time);
	/* The feed is named for the folder: "wire/spool/" -> "spool". */
	title = xstrdup(dir);
	while (strlen(title) > 1 && title[strlen(title) - 1] == '/')
		title[strlen(title) - 1] = '\0';
	base = strrchr(title, '/');
	sp.head.title = xstrdup(base != NULL && base[1] != '\0' ? base + 1 :
	    title);
	free(title);
	xstrset(&sp.head.format, "spool");
	normalize_feed(&sp.head);
	now = lifecycle_clock(o->now);
	e = out->head(out->ctx, &sp.head);
	for (i = 0; i < sp.n && !e; i++) {
		if (o->lifecycle && !lifecycle_pass(sp.arts[i], now, &why)) {
			log_info("%s: %s: %s; left out", dir, sp.arts[i]->id, why);
			continue;
		}
		e = out->article(out->ctx, &sp.head, sp.arts[i]);
	}
	if (!e)
		e = out->end(out->ctx, &sp.head);
	for (i = 0; i < sp.n; i++)
		article_free(sp.arts[i]);
	free(sp.arts);
	feed_cleanup(&sp.head);
	return e;
}
