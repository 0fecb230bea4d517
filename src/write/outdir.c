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
#include <stdint.h>
#include <stdio.h>
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
/* Names tried for a temporary file before falling back to mkstemp(). */
#define OUTDIR_TEMP_TRIES	8

struct outdir {
	char	*path;
	int	 fd;		/* the directory, for fsync */
	char	**tmp;		/* written, not yet renamed */
	char	**dst;
	size_t	 n;
	size_t	 plen;	/* strlen(path) */
	pid_t	 pid;	/* getpid(), which is a system call each time */
	bool	 chmod;	/* the umask takes bits of 0644: fchmod each file */
};

/* Temporary names made so far, by every outdir of the process. */
static uint64_t temp_count;

/*
 * True when the umask, as /proc/self/status shows it, leaves 0644 alone
 * (reading it with umask() would change it for other threads meanwhile).
 */
static bool
umask_keeps_0644(void)
{
	FILE	*fp;
	char	 line[128];
	unsigned long m;
	bool	 ok = false;

	fp = fopen("/proc/self/status", "re");
	if (fp == NULL)
		return false;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "Umask: %lo", &m) == 1) {
			ok = (m & 0644) == 0;
			break;
		}
	fclose(fp);
	return ok;
}

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
	od->plen = strlen(path);
	od->pid = getpid();
	od->chmod = !umask_keeps_0644();
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

/*
 * path relative to the directory when it is "path/name" (the files we
 * made): system calls on od->fd then skip walking the directory's path.
 */
static const char *
rel(const struct outdir *od, const char *path, int *dirfd)
{
	if (strncmp(path, od->path, od->plen) == 0 && path[od->plen] == '/' &&
	    strchr(path + od->plen + 1, '/') == NULL) {
		*dirfd = od->fd;
		return path + od->plen + 1;
	}
	*dirfd = AT_FDCWD;
	return path;
}

/* Drop the pending files from index i on. */
static void
drop_pending(struct outdir *od, size_t i)
{
	const char *t;
	int	 dfd;

	for (; i < od->n; i++) {
		t = rel(od, od->tmp[i], &dfd);
		(void)unlinkat(dfd, t, 0);
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
	const char *t, *d;
	size_t	 i;
	int	 tfd, dfd;

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
		t = rel(od, od->tmp[i], &tfd);
		d = rel(od, od->dst[i], &dfd);
		if (renameat(tfd, t, dfd, d) != 0) {
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

/* "dir/name" as a new string. */
static char *
join(const char *dir, const char *name)
{
	size_t	 d = strlen(dir), n = strlen(name);
	char	*p;

	p = xmalloc(d + n + 2);
	memcpy(p, dir, d);
	p[d] = '/';
	memcpy(p + d + 1, name, n + 1);
	return p;
}

/*
 * Create "dir/.name.tmp.XXXXXX" (mode 0644, write only): the six
 * characters come from the process id and a counter, so the first name
 * tried is normally free (no random retries, no fchmod when the umask
 * allows); O_EXCL keeps a name that is taken (another process, a file a
 * killed run left) safe, and after a few taken names mkstemp() decides.
 * Returns the descriptor and sets *tmpp, or -1 with errno set.
 */
static int
create_temp(const struct outdir *od, const char *name, char **tmpp)
{
	static const char set[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char	*tmp, *x;
	uint64_t v;
	size_t	 d, n;
	int	 fd, i, k;

	d = od->plen;
	n = strlen(name);
	tmp = xmalloc(d + n + sizeof "/..tmp.XXXXXX");
	memcpy(tmp, od->path, d);
	memcpy(tmp + d, "/.", 2);
	memcpy(tmp + d + 2, name, n);
	memcpy(tmp + d + 2 + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
	x = tmp + d + 2 + n + 5;
	for (i = 0; i < OUTDIR_TEMP_TRIES; i++) {
		/* splitmix64 of pid and count: distinct, spread names. */
		v = ((uint64_t)od->pid << 40) ^ __atomic_fetch_add(&temp_count,
		    1, __ATOMIC_RELAXED);
		v += UINT64_C(0x9e3779b97f4a7c15);
		v = (v ^ (v >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
		v = (v ^ (v >> 27)) * UINT64_C(0x94d049bb133111eb);
		v ^= v >> 31;
		for (k = 0; k < 6; k++) {
			x[k] = set[v % 62];
			v /= 62;
		}
		fd = openat(od->fd, tmp + d + 1, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0644);
		if (fd >= 0 && od->chmod && fchmod(fd, 0644) != 0) {
			k = errno;
			close(fd);
			(void)unlink(tmp);
			free(tmp);
			errno = k;
			return -1;
		}
		if (fd >= 0) {
			*tmpp = tmp;
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	if (i == OUTDIR_TEMP_TRIES) {
		memcpy(x, "XXXXXX", 6);
		fd = mkstemp(tmp);
		if (fd >= 0 && fchmod(fd, 0644) == 0) {
			*tmpp = tmp;
			return fd;
		}
		if (fd >= 0) {
			k = errno;
			close(fd);
			(void)unlink(tmp);
			errno = k;
		}
	}
	k = errno;
	free(tmp);
	errno = k;
	return -1;
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
	fd = create_temp(od, name, &tmp);
	if (fd < 0) {
		saved = errno;
		dst = join(od->path, name);
		log_error("%s: cannot create: %s", dst, strerror(saved));
		free(dst);
		return ERR_IO;
	}
	ok = write_all(fd, p, n);
	saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		dst = join(od->path, name);
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
	od->dst[od->n] = join(od->path, name);
	od->n++;
	return od->n >= OUTDIR_BATCH ? flush_pending(od) : ERR_OK;
}

enum err
outdir_remove(struct outdir *od, const char *name)
{
	const char *t;
	char	*dst;
	size_t	 i, j;
	int	 dfd;

	if (!name_ok(name)) {
		log_error("%s: refusing to remove \"%s\"", od->path, name);
		return ERR_DENIED;
	}
	/* Writes queued before the removal must not bring the file back. */
	dst = join(od->path, name);
	for (i = j = 0; i < od->n; i++) {
		if (strcmp(od->dst[i], dst) == 0) {
			t = rel(od, od->tmp[i], &dfd);
			(void)unlinkat(dfd, t, 0);
			free(od->tmp[i]);
			free(od->dst[i]);
			continue;
		}
		od->tmp[j] = od->tmp[i];
		od->dst[j] = od->dst[i];
		j++;
	}
	od->n = j;
	if (unlinkat(od->fd, name, 0) != 0 && errno != ENOENT) {
		log_error("%s: cannot remove: %s", dst, strerror(errno));
		free(dst);
		return ERR_IO;
	}
	free(dst);
	return ERR_OK;
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
