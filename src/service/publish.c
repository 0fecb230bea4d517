/* SPDX-License-Identifier: MIT */
/* Atomic replacement of output files (temporary file, fsync, rename). */
#include "config.h"
#include "service/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/xmalloc.h"

/* A temporary file this old belongs to no live writer. */
#define PUBLISH_STALE_SECONDS	600

/*
 * Remove path.tmp.* files a killed run left behind, once they are old
 * enough that no live writer can own them.
 */
static void
remove_stale(const char *path)
{
	struct stat st;
	glob_t	 g;
	char	*pat;
	size_t	 i;
	time_t	 now = time(NULL);

	pat = xasprintf("%s.tmp.??????", path);
	if (glob(pat, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			if (lstat(g.gl_pathv[i], &st) == 0 &&
			    S_ISREG(st.st_mode) &&
			    st.st_mtime + PUBLISH_STALE_SECONDS < now)
				unlink(g.gl_pathv[i]);
	}
	globfree(&g);
	free(pat);
}

enum err
publish_open(struct pubfile *pf, const char *path)
{
	int	 fd;

	memset(pf, 0, sizeof *pf);
	remove_stale(path);
	pf->tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(pf->tmp);
	if (fd < 0) {
		log_error("%s: cannot create: %s", path, strerror(errno));
		free(pf->tmp);
		pf->tmp = NULL;
		return ERR_IO;
	}
	(void)fchmod(fd, 0644);
	pf->fp = fdopen(fd, "w");
	if (pf->fp == NULL)
		abort();
	pf->path = xstrdup(path);
	return ERR_OK;
}

/* fsync the folder holding path, so the rename itself is durable. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char	*dir;
	int	 fd;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

enum err
publish_close(struct pubfile *pf, bool ok)
{
	enum err e = ERR_OK;

	if (pf->fp == NULL)
		return ERR_IO;
	if (fflush(pf->fp) != 0 || ferror(pf->fp) || fsync(fileno(pf->fp))) {
		if (ok)
			log_error("%s: write error: %s", pf->path,
			    strerror(errno));
		ok = false;
	}
	if (fclose(pf->fp) != 0 && ok) {
		log_error("%s: write error: %s", pf->path, strerror(errno));
		ok = false;
	}
	if (ok && rename(pf->tmp, pf->path) != 0) {
		log_error("%s: cannot replace: %s", pf->path, strerror(errno));
		ok = false;
	}
	if (ok)
		sync_dir(pf->path);
	else {
		unlink(pf->tmp);
		e = ERR_IO;
	}
	free(pf->tmp);
	free(pf->path);
	memset(pf, 0, sizeof *pf);
	return e;
}

enum err
publish_mkdirs(const char *path)
{
	char	*p, *q, c;
	enum err e = ERR_OK;

	p = xstrdup(path);
	for (q = p + 1; ; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		c = *q;
		*q = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			log_error("%s: cannot create folder: %s", p,
			    strerror(errno));
			e = ERR_IO;
			break;
		}
		*q = c;
		if (c == '\0')
			break;
	}
	free(p);
	return e;
}
