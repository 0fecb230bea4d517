/* SPDX-License-Identifier: MIT */
/*
 * feedmill prune: the page names the outputs carry, one pass over the
 * live stories in a sorted list; then every file of the share folder
 * is looked up in it.
 */
#include "config.h"
#include "service/prune.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read/lifecycle.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/outdir.h"

struct wanted {
	const struct config *c;
	int64_t	 now;
	char	**names;
	size_t	 n;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* store_story_fn: the page of a story the outputs carry is wanted. */
static enum err
want(void *ctx, const char *source, const struct article *a, bool *more)
{
	struct wanted *w = ctx;

	(void)more;
	if (a->id == NULL || config_source(w->c, source) == NULL ||
	    !lifecycle_pass(a, w->now, NULL))
		return ERR_OK;
	*VEC_PUSH(w->names, w->n) = write_story_file_name(a, "html");
	return ERR_OK;
}

/* outdir's temporary files: ".NAME.tmp.XXXXXX". */
static bool
is_temp(const char *name)
{
	const char *p;

	if (name[0] != '.')
		return false;
	p = strstr(name, ".tmp.");
	return p != NULL && p != name && strlen(p) == sizeof ".tmp.XXXXXX" - 1;
}

static void
free_names(struct wanted *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->names[i]);
	free(w->names);
}

/* Why file name of folder fd goes, or NULL when it stays. */
static const char *
judge(const struct wanted *w, int fd, const char *name,
    struct prune_stats *ps)
{
	struct stat sb;
	const char *why;
	size_t	 n = strlen(name);

	if (is_temp(name))
		why = "temporary file";
	else if (n > 5 && strcmp(name + n - 5, ".html") == 0 &&
	    name[0] != '.') {
		if (w->n > 0 && bsearch(&name, w->names, w->n,
		    sizeof *w->names, cmp_name) != NULL) {
			ps->kept++;
			return NULL;
		}
		why = "no story needs it";
	} else
		return NULL;
	if (fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(sb.st_mode))
		return NULL;
	if (sb.st_mtime > w->now - PRUNE_GRACE) {
		ps->recent++;
		return NULL;
	}
	return why;
}

enum err
prune_share(const struct config *c, struct store *st, int64_t now,
    bool dry, prune_fn *fn, void *arg, struct prune_stats *ps)
{
	struct wanted w = { c, now, NULL, 0 };
	struct dirent *de;
	const char *why;
	DIR	*d;
	char	*dir;
	enum err e;

	memset(ps, 0, sizeof *ps);
	dir = xasprintf("%s/share", c->output_dir);
	d = opendir(dir);
	if (d == NULL) {
		e = errno == ENOENT ? ERR_OK : ERR_IO;
		if (e)
			log_error("%s: %s", dir, strerror(errno));
		free(dir);
		return e;
	}
	/* One snapshot: the stories as one moment has them. */
	e = ERR_OK;
	if (c->share_pages) {
		e = store_begin_read(st);
		if (!e) {
			e = store_each_story(st, NULL, 0, STORE_ORDER_OLDEST,
			    want, &w);
			if (e)
				store_rollback(st);
			else
				e = store_commit(st);
		}
	}
	if (!e && w.n > 0)
		qsort(w.names, w.n, sizeof *w.names, cmp_name);
	while (!e) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			if (errno != 0) {
				log_error("%s: %s", dir, strerror(errno));
				e = ERR_IO;
			}
			break;
		}
		why = judge(&w, dirfd(d), de->d_name, ps);
		if (why == NULL)
			continue;
		if (!dry && unlinkat(dirfd(d), de->d_name, 0) != 0 &&
		    errno != ENOENT) {
			log_error("%s/%s: cannot remove: %s", dir, de->d_name,
			    strerror(errno));
			ps->failed++;
			continue;
		}
		if (is_temp(de->d_name))
			ps->temps++;
		else
			ps->removed++;
		if (fn != NULL)
			fn(arg, de->d_name, why);
	}
	closedir(d);
	free_names(&w);
	free(dir);
	if (!e && ps->failed > 0)
		e = ERR_IO;
	return e;
}
