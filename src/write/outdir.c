/* SPDX-License-Identifier: MIT */
/*
 * Atomic writes of many files into one directory: each file goes to a
 * temporary name beside its target, is flushed to disk and renamed over
 * it, so a reader never sees half a file.
 */
#include "config.h"
#include "write/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"
#include "util/xmalloc.h"

/*
 * Files are written to temporary names and renamed in batches of this
 * many after one syncfs(): one disk flush per batch instead of one per
 * file (50,000 share pages: 258 s with an fsync each).
 */
#define OUTDIR_BATCH	512

struct outdir {
	char	*path;
	int	 fd;		/* the directory, for fsync */
	char	**tmp;		/* written, not yet renamed */
	char	**dst;
	size_t	 n;
};

bool
outdir_wanted(const char *path)
{
	struct stat st;
	size_t	 n;

	if (path == NULL || strcmp(path, "-") == 0)
		return false;
	n = strlen(path);
	if (n > 0 && path[n - 1] == '/')
		return true;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum err
outdir_open(const char *path, struct outdir **odp)
{
	struct outdir *od;
	int	 fd;

	*odp = NULL;
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		log_error("%s: cannot create directory: %s", path,
		    strerror(errno));
		return ERR_IO;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	od = xcalloc(1, sizeof *od);
	od->path = xstrdup(path);
	od->fd = fd;
	*odp = od;
	return ERR_OK;
}

/* True when name is a plain file name we may create. */
static bool
name_ok(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

/* Write all n bytes at p to fd; false on error (errno kept). */
static bool
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* Drop the pending files from index i on. */
static void
drop_pending(struct outdir *od, size_t i)
{
	for (; i < od->n; i++) {
		(void)unlink(od->tmp[i]);
		free(od->tmp[i]);
		free(od->dst[i]);
	}
	od->n = 0;
}

/* fsync() the file at path; false on error (errno kept). */
static bool
sync_path(const char *path)
{
	int	 fd, saved;
	bool	 ok;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = fsync(fd) == 0;
	saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

/* Flush the pending files to disk, then rename each into place. */
static enum err
flush_pending(struct outdir *od)
{
	size_t	 i;

	if (od->n == 0)
		return ERR_OK;
	if (syncfs(od->fd) != 0)
		for (i = 0; i < od->n; i++)
			if (!sync_path(od->tmp[i])) {
				log_error("%s: write error: %s", od->dst[i],
				    strerror(errno));
				drop_pending(od, 0);
				return ERR_IO;
			}
	for (i = 0; i < od->n; i++) {
		if (rename(od->tmp[i], od->dst[i]) != 0) {
			log_error("%s: cannot replace: %s", od->dst[i],
			    strerror(errno));
			drop_pending(od, i);
			return ERR_IO;
		}
		free(od->tmp[i]);
		free(od->dst[i]);
	}
	od->n = 0;
	return ERR_OK;
}

enum err
outdir_write_temp(const struct outdir *od, const char *name, const void *p,
    size_t n, char **tmpp)
{
	char	*tmp, *dst;
	int	 fd, saved;
	bool	 ok;

	*tmpp = NULL;
	if (!name_ok(name)) {
		log_error("%s: refusing to write \"%s\"", od->path, name);
		return ERR_DENIED;
	}
	tmp = xasprintf("%s/.%s.tmp.XXXXXX", od->path, name);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		dst = xasprintf("%s/%s", od->path, name);
		log_error("%s: cannot create: %s", dst, strerror(saved));
		free(tmp);
		free(dst);
		return ERR_IO;
	}
	ok = fchmod(fd, 0644) == 0 && write_all(fd, p, n);
	saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		dst = xasprintf("%s/%s", od->path, name);
		log_error("%s: write error: %s", dst, strerror(saved));
		(void)unlink(tmp);
		free(tmp);
		free(dst);
		return ERR_IO;
	}
	*tmpp = tmp;
	return ERR_OK;
}

enum err
outdir_add_temp(struct outdir *od, const char *name, char *tmp)
{
	if (od->n % OUTDIR_BATCH == 0) {
		od->tmp = xreallocarray(od->tmp, od->n + OUTDIR_BATCH,
		    sizeof *od->tmp);
		od->dst = xreallocarray(od->dst, od->n + OUTDIR_BATCH,
		    sizeof *od->dst);
	}
	od->tmp[od->n] = tmp;
	od->dst[od->n] = xasprintf("%s/%s", od->path, name);
	od->n++;
	return od->n >= OUTDIR_BATCH ? flush_pending(od) : ERR_OK;
}

enum err
outdir_write(struct outdir *od, const char *name, const void *p, size_t n)
{
	char	*tmp;
	enum err e;

	e = outdir_write_temp(od, name, p, n, &tmp);
	if (e)
		return e;
	return outdir_add_temp(od, name, tmp);
}

enum err
outdir_finish(struct outdir *od)
{
	enum err e;

	e = flush_pending(od);
	if (e)
		return e;
	if (fsync(od->fd) != 0 && errno != EINVAL) {
		log_error("%s: %s", od->path, strerror(errno));
		return ERR_IO;
	}
	return ERR_OK;
}

void
outdir_free(struct outdir *od)
{
	if (od == NULL)
		return;
	/* Files of a run that failed never replace the old ones. */
	drop_pending(od, 0);
	free(od->tmp);
	free(od->dst);
	close(od->fd);
	free(od->path);
	free(od);
}

const char *
outdir_path(const struct outdir *od)
{
	return od->path;
}
