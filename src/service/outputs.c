/* SPDX-License-Identifier: MIT */
/*
 * The served table, rebuilt from the output folder: the channel files
 * (few, hot) are kept in the HTTP server's memory with a gzip copy and
 * put again when their inode, size or mtime change; share pages (one a
 * story) are file resources the server opens at each request, listed
 * again only when the share folder changed.
 */
#include "config.h"
#include "service/outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/httpd.h"
#include "service/channel.h"
#include "service/sharerealm.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Stylesheet and index are cached this long (seconds). */
#define OUTPUTS_STATIC_MAX_AGE	3600L
/* RSS and Atom as a browser's navigation gets them (see describe()). */
#define OUTPUTS_PAGE_TYPE	"application/xml; charset=utf-8"

struct ofile {
	char		*rel;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
};

struct outputs {
	struct httpd	*h;
	const struct config *c;
	struct store	*st;
	struct ofile	*f;		/* sorted by rel */
	size_t		 nf;
	struct share_realms *sh;	/* restricted share pages */
	bool		 sh_dirty;	/* recompute before the next sync */
	/* The share folder as last listed (listed again when it changes). */
	bool		 share_listed;
	bool		 share_again;	/* list it at the next sync anyway */
	dev_t		 share_dev;
	ino_t		 share_ino;
	struct timespec	 share_mtim;
};

static int
cmp_ofile(const void *a, const void *b)
{
	return strcmp(((const struct ofile *)a)->rel,
	    ((const struct ofile *)b)->rel);
}

static const struct channel_conf *
channel_named(const struct config *c, const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < c->nchannels; i++)
		if (strlen(c->channels[i].name) == n &&
		    memcmp(c->channels[i].name, name, n) == 0)
			return &c->channels[i];
	return NULL;
}

/* The shortest interval of ch's sources (max-age of its files). */
static long
channel_interval(const struct config *c, const struct channel_conf *ch)
{
	long	 best = 0;
	size_t	 i;

	for (i = 0; i < c->nsources; i++)
		if (config_channel_has_source(ch, c->sources[i].name) &&
		    (best == 0 || c->sources[i].interval < best))
			best = c->sources[i].interval;
	return best > 0 ? best : c->default_interval;
}

static long
shortest_interval(const struct config *c)
{
	long	 best = 0, v;
	size_t	 i;

	for (i = 0; i < c->nchannels; i++) {
		v = channel_interval(c, &c->channels[i]);
		if (best == 0 || v < best)
			best = v;
	}
	return best > 0 ? best : c->default_interval;
}

/* Link: hubs and self for the channel file rel. */
static void
links(const struct config *c, const struct channel_conf *ch, const char *rel,
    struct buf *b)
{
	char	*const *hubs;
	size_t	 n = channel_hubs(c, ch, &hubs), i, len;
	enum err e = ERR_OK;

	for (i = 0; i < n && !e; i++)
		e = buf_addf(b, "%s<%s>; rel=\"hub\"", b->len > 0 ? ", " : "",
		    hubs[i]);
	if (c->base_url != NULL && !e) {
		len = strlen(c->base_url);
		e = buf_addf(b, "%s<%s%s%s>; rel=\"self\"",
		    b->len > 0 ? ", " : "", c->base_url,
		    len > 0 && c->base_url[len - 1] == '/' ? "" : "/", rel);
	}
	if (e)
		buf_reset(b);
}

/*
 * Fill r for the file rel; false when rel is not a known output. Links
 * may be written to lb (not for share pages: it may be NULL for them).
 */
static bool
describe(const struct outputs *o, const char *rel, struct httpd_resource *r,
    struct buf *lb)
{
	const struct config *c = o->c;
	const struct channel_conf *ch;
	const char *dot, *ext;

	r->max_age = OUTPUTS_STATIC_MAX_AGE;
	r->realm = NULL;
	r->links = NULL;
	r->page_type = NULL;
	if (strncmp(rel, "share/", 6) == 0) {
		ext = rel + 6;
		dot = strrchr(ext, '.');
		if (strchr(ext, '/') != NULL || dot == NULL || dot == ext ||
		    strcmp(dot, ".html") != 0 || !c->share_pages)
			return false;
		r->type = "text/html; charset=utf-8";
		r->realm = share_realms_get(o->sh, ext);
		return true;
	}
	if (strchr(rel, '/') != NULL)
		return false;
	if (strcmp(rel, "index.html") == 0) {
		r->type = "text/html; charset=utf-8";
		r->max_age = shortest_interval(c);
		return true;
	}
	if (strcmp(rel, CHANNEL_XSL) == 0) {
		/*
		 * Public even for restricted channels (it holds no data), so
		 * their files' relative href resolves with ?key= too. The
		 * registered XSLT type, an XML one (+xml): Firefox wants an
		 * XML type for a stylesheet, Chromium takes any.
		 */
		r->type = "application/xslt+xml; charset=utf-8";
		return true;
	}
	dot = strrchr(rel, '.');
	if (dot == NULL || (ch = channel_named(c, rel, (size_t)(dot - rel))) ==
	    NULL)
		return false;
	ext = dot + 1;
	/*
	 * RSS and Atom name feed.xsl; a browser shows them through it only
	 * when they come as XML (it offers application/rss+xml as a
	 * download or plain text), so its navigations get that type.
	 */
	if (strcmp(ext, "rss") == 0 && (ch->formats & FORMAT_RSS)) {
		r->type = "application/rss+xml; charset=utf-8";
		r->page_type = c->stylesheet ? OUTPUTS_PAGE_TYPE : NULL;
	} else if (strcmp(ext, "atom") == 0 && (ch->formats & FORMAT_ATOM)) {
		r->type = "application/atom+xml; charset=utf-8";
		r->page_type = c->stylesheet ? OUTPUTS_PAGE_TYPE : NULL;
	} else if (strcmp(ext, "json") == 0 && (ch->formats & FORMAT_JSONFEED))
		r->type = "application/feed+json; charset=utf-8";
	else if (strcmp(ext, "html") == 0)
		r->type = "text/html; charset=utf-8";
	else
		return false;
	r->max_age = channel_interval(c, ch);
	r->realm = ch->restricted ? ch->name : NULL;
	if (strcmp(ext, "html") != 0) {
		links(c, ch, rel, lb);
		r->links = lb->len > 0 ? lb->data : NULL;
	}
	return true;
}

/* Read path whole into b. */
static enum err
slurp(int fd, const char *path, size_t size, struct buf *b)
{
	char	 chunk[65536];
	ssize_t	 n;
	enum err e = ERR_OK;

	buf_init(b, size + 1 > CAP_OUTPUT ? CAP_OUTPUT : size + 1);
	while (!e && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_warn("%s: %s", path, strerror(errno));
			return ERR_IO;
		}
		e = buf_addn(b, chunk, (size_t)n);
	}
	return e;
}

static char *
url_path(const char *rel)
{
	return xasprintf("/%s", rel);
}

/* Put rel (already stat'ed into *f through fd) into the server. */
static void
put(struct outputs *o, const char *rel, int fd, const struct stat *st)
{
	struct httpd_resource r;
	struct buf lb, body;
	char	*path, *url;

	memset(&r, 0, sizeof r);
	buf_init(&lb, CAP_URL * 8);
	if (!describe(o, rel, &r, &lb)) {
		buf_cleanup(&lb);
		return;
	}
	path = xasprintf("%s/%s", o->c->output_dir, rel);
	if (slurp(fd, path, (size_t)st->st_size, &body) == ERR_OK) {
		url = url_path(rel);
		r.path = url;
		r.body = body.data != NULL ? body.data : "";
		r.len = body.len;
		r.mtime = (int64_t)st->st_mtime;
		httpd_put(o->h, &r);
		if (strcmp(rel, "index.html") == 0) {
			r.path = "/";
			httpd_put(o->h, &r);
		}
		free(url);
	}
	buf_cleanup(&body);
	buf_cleanup(&lb);
	free(path);
}

static void
drop(struct outputs *o, const char *rel)
{
	char	*url = url_path(rel);

	httpd_remove(o->h, url);
	if (strcmp(rel, "index.html") == 0)
		httpd_remove(o->h, "/");
	free(url);
}

/* Append rel to the scan if it exists as a regular file. */
static void
scan_one(struct outputs *o, int dirfd, const char *rel, struct ofile **v,
    size_t *n)
{
	struct ofile *f;
	struct stat st;

	if (fstatat(dirfd, rel, &st, 0) != 0 || !S_ISREG(st.st_mode))
		return;
	f = VEC_PUSH(*v, *n);
	f->rel = xstrdup(rel);
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->size = st.st_size;
	f->mtime = st.st_mtim;
}

/* Put the share page at url ("/share/NAME.html") as a file resource. */
static void
put_page(struct outputs *o, const char *url)
{
	struct httpd_resource r;

	memset(&r, 0, sizeof r);
	if (!describe(o, url + 1, &r, NULL))
		return;
	r.path = url;
	r.file = true;
	httpd_put(o->h, &r);
}

/*
 * List output_dir/share again if it changed since the last listing (or
 * always): put every page, and sweep the ones gone. Pages replaced in
 * place need nothing (the server checks each file it opens).
 */
static void
scan_share(struct outputs *o, int dirfd, bool always)
{
	struct dirent *de;
	struct stat st;
	DIR	*d;
	char	 url[512] = "/share/";
	int	 fd;
	size_t	 len;

	if (dirfd < 0 || !o->c->share_pages ||
	    fstatat(dirfd, "share", &st, 0) != 0 || !S_ISDIR(st.st_mode)) {
		if (o->share_listed || always)
			httpd_sweep_files(o->h);
		o->share_listed = false;
		o->share_again = false;
		return;
	}
	if (!always && o->share_listed && st.st_dev == o->share_dev &&
	    st.st_ino == o->share_ino &&
	    st.st_mtim.tv_sec == o->share_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == o->share_mtim.tv_nsec)
		return;
	fd = openat(dirfd, "share", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || len + 8 > sizeof url || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 5, ".html") != 0)
			continue;
		memcpy(url + 7, de->d_name, len + 1);
		put_page(o, url);
	}
	closedir(d);
	httpd_sweep_files(o->h);
	o->share_listed = true;
	o->share_dev = st.st_dev;
	o->share_ino = st.st_ino;
	o->share_mtim = st.st_mtim;
	/*
	 * A page added within the folder's timestamp granularity of this
	 * listing may leave its mtime as it was: list a recent folder again
	 * at the next sync.
	 */
	o->share_again = (int64_t)st.st_mtim.tv_sec >= (int64_t)time(NULL) - 1;
}

/*
 * Recompute which share pages are restricted; the next sync puts every
 * page again with its realm.
 */
static void
recompute_shared(struct outputs *o)
{
	share_realms_free(o->sh);
	o->sh = share_realms_new(o->c, o->st);
	o->sh_dirty = false;
	o->share_again = true;
}

static bool
same(const struct ofile *a, const struct ofile *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void
free_files(struct ofile *f, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(f[i].rel);
	free(f);
}

/* Open, check and put one scanned file. */
static void
load(struct outputs *o, int dirfd, struct ofile *f)
{
	struct stat st;
	int	 fd;

	fd = openat(dirfd, f->rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		/* What is served is what was read. */
		f->dev = st.st_dev;
		f->ino = st.st_ino;
		f->size = st.st_size;
		f->mtime = st.st_mtim;
		put(o, f->rel, fd, &st);
	}
	close(fd);
}

void
outputs_sync(struct outputs *o)
{
	const struct config *c = o->c;
	static const char *const exts[] = { "rss", "atom", "json", "html" };
	struct ofile *nf = NULL, *old;
	size_t	 nn = 0, i, j;
	char	*rel;
	int	 dirfd;

	if (o->sh_dirty)
		recompute_shared(o);
	/* Opened again each time: the folder may have been made since. */
	httpd_set_files(o->h, c->output_dir);
	dirfd = open(c->output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd >= 0) {
		scan_one(o, dirfd, "index.html", &nf, &nn);
		scan_one(o, dirfd, "feed.xsl", &nf, &nn);
		for (i = 0; i < c->nchannels; i++)
			for (j = 0; j < sizeof exts / sizeof exts[0]; j++) {
				rel = xasprintf("%s.%s", c->channels[i].name,
				    exts[j]);
				scan_one(o, dirfd, rel, &nf, &nn);
				free(rel);
			}
	}
	scan_share(o, dirfd, o->share_again);
	if (nn > 0)
		qsort(nf, nn, sizeof *nf, cmp_ofile);
	/* Merge: put the new and changed, drop the gone. */
	for (i = 0, j = 0; i < nn || j < o->nf; ) {
		int cmp = i >= nn ? 1 : j >= o->nf ? -1 :
		    strcmp(nf[i].rel, o->f[j].rel);

		if (cmp > 0) {
			drop(o, o->f[j].rel);
			j++;
			continue;
		}
		if (cmp < 0 || !same(&nf[i], &o->f[j]))
			load(o, dirfd, &nf[i]);
		i++;
		if (cmp == 0)
			j++;
	}
	if (dirfd >= 0)
		close(dirfd);
	old = o->f;
	free_files(old, o->nf);
	o->f = nf;
	o->nf = nn;
}

void
outputs_refresh(struct outputs *o, const char *rel)
{
	struct ofile *f, key;
	struct stat st;
	char	*url;
	int	 dirfd;

	dirfd = open(o->c->output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return;
	if (strncmp(rel, "share/", 6) == 0) {
		/* A share page: put or removed now, checked at each request. */
		url = url_path(rel);
		if (fstatat(dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			put_page(o, url);
		else
			httpd_remove(o->h, url);
		free(url);
		close(dirfd);
		return;
	}
	key.rel = (char *)(uintptr_t)rel;
	f = o->nf > 0 ? bsearch(&key, o->f, o->nf, sizeof *o->f, cmp_ofile) :
	    NULL;
	if (f == NULL || faccessat(dirfd, rel, F_OK, 0) != 0) {
		/* New names come in through a sync (the list stays sorted). */
		close(dirfd);
		outputs_sync(o);
		return;
	}
	load(o, dirfd, f);
	close(dirfd);
}

/* Forget what was put: the next sync puts every file again. */
static void
forget(struct outputs *o)
{
	size_t	 i;

	for (i = 0; i < o->nf; i++) {
		o->f[i].size = -1;
		o->f[i].ino = 0;
	}
	o->share_again = true;
}

struct outputs *
outputs_new(struct httpd *h, const struct config *c, struct store *st)
{
	struct outputs *o;

	o = xcalloc(1, sizeof *o);
	o->h = h;
	o->c = c;
	o->st = st;
	o->sh_dirty = true;
	outputs_sync(o);
	return o;
}

void
outputs_set_config(struct outputs *o, const struct config *c)
{
	o->c = c;
	o->sh_dirty = true;
	forget(o);
	outputs_sync(o);
}

/*
 * A channel was published: when it is share-restricted, which pages
 * belong to it may have changed (the next sync finds out).
 */
void
outputs_channel_published(struct outputs *o, const struct channel_conf *ch)
{
	if (ch->restricted && ch->share_restricted)
		o->sh_dirty = true;
}

void
outputs_free(struct outputs *o)
{
	if (o == NULL)
		return;
	free_files(o->f, o->nf);
	share_realms_free(o->sh);
	free(o);
}
