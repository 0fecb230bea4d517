/* SPDX-License-Identifier: MIT */
/* Listing complete files in spool folders and filing them afterwards. */
#include "config.h"
#include "service/spool.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service/publish.h"
#include "util/log.h"
#include "util/xmalloc.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum err
spool_list(const char *dir, int64_t now, char ***names, size_t *n)
{
	struct dirent *de;
	struct stat st;
	DIR	*d;
	char	*path;

	*names = NULL;
	*n = 0;
	d = opendir(dir);
	if (d == NULL) {
		log_error("%s: %s", dir, strerror(errno));
		return ERR_IO;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || ends_with(de->d_name, ".tmp") ||
		    ends_with(de->d_name, ".part"))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime + SPOOL_SETTLE <= now)
			*VEC_PUSH(*names, *n) = xstrdup(de->d_name);
		free(path);
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof **names, cmp_str);
	return ERR_OK;
}

/* Move dir/name to dir/sub/name (or name.1, name.2 ...); the new path. */
static enum err
file_into(const char *dir, const char *sub, const char *name, char **dst)
{
	struct stat st;
	char	*from, *to, *folder;
	int	 i;
	enum err e;

	*dst = NULL;
	folder = xasprintf("%s/%s", dir, sub);
	e = publish_mkdirs(folder);
	if (e) {
		free(folder);
		return e;
	}
	from = xasprintf("%s/%s", dir, name);
	to = xasprintf("%s/%s", folder, name);
	for (i = 1; lstat(to, &st) == 0 && i < 10000; i++) {
		free(to);
		to = xasprintf("%s/%s.%d", folder, name, i);
	}
	if (rename(from, to) != 0) {
		log_error("%s: cannot move to %s: %s", from, to,
		    strerror(errno));
		e = ERR_IO;
		free(to);
	} else
		*dst = to;
	free(from);
	free(folder);
	return e;
}

enum err
spool_done(const char *dir, const char *name)
{
	char	*to;
	enum err e;

	e = file_into(dir, "done", name, &to);
	free(to);
	return e;
}

enum err
spool_failed(const char *dir, const char *name, const char *why)
{
	char	*to, *note;
	FILE	*fp;
	bool	 ok = false;
	enum err e;

	e = file_into(dir, "failed", name, &to);
	if (e)
		return e;
	note = xasprintf("%s.error", to);
	fp = fopen(note, "w");
	if (fp != NULL) {
		ok = fputs(why, fp) != EOF;
		if (fclose(fp) != 0)
			ok = false;
	}
	if (fp == NULL || !ok) {
		log_error("%s: %s", note, strerror(errno));
		e = ERR_IO;
	}
	free(note);
	free(to);
	return e;
}
