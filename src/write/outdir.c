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

struct outdir {
	char	*path;
	int	 fd;		/* the directory, for fsync */
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

enum err
outdir_write(struct outdir *od, const char *name, const void *p, size_t n)
{
	char	*tmp, *dst;
	int	 fd, saved;
	bool	 ok;

	if (!name_ok(name)) {
		log_error("%s: refusing to write \"%s\"", od->path, name);
		return ERR_DENIED;
	}
	dst = xasprintf("%s/%s", od->path, name);
	tmp = xasprintf("%s/.%s.tmp.XXXXXX", od->path, name);
	fd = mkstemp(tmp);
	if (fd < 0) {
		log_error("%s: cannot create: %s", dst, strerror(errno));
		free(tmp);
		free(dst);
		return ERR_IO;
	}
	ok = fchmod(fd, 0644) == 0 && write_all(fd, p, n) && fsync(fd) == 0;
	saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, dst) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		log_error("%s: write error: %s", dst, strerror(saved));
		(void)unlink(tmp);
	}
	free(tmp);
	free(dst);
	return ok ? ERR_OK : ERR_IO;
}

enum err
outdir_finish(struct outdir *od)
{
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
	close(od->fd);
	free(od->path);
	free(od);
}

const char *
outdir_path(const struct outdir *od)
{
	return od->path;
}
