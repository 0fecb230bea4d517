/* SPDX-License-Identifier: MIT */
/*
 * File resources: the table keeps a file's description and what its
 * ETag was computed from; each request opens the file, answers from the
 * inode it opened and hashes it again only when it changed. gzip copies
 * of the most recently asked files are kept up to CAP_HTTP_GZIP_CACHE.
 */
#include "config.h"
#include "net/httpd.h"
#include "net/httpdint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/httpcond.h"
#include "util/caps.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Pages up to this size are read and sent from memory (see below). */
#define HTTPD_FILE_INLINE	(64 * 1024)

/* type as kept by h (a few distinct ones: compared, never freed early). */
static const char *
intern_type(struct httpd *h, const char *type)
{
	size_t	 i;

	for (i = 0; i < h->ntypes; i++)
		if (strcmp(h->types[i], type) == 0)
			return h->types[i];
	*VEC_PUSH(h->types, h->ntypes) = xstrdup(type);
	return h->types[h->ntypes - 1];
}

void
httpd_set_files(struct httpd *h, const char *dir)
{
	if (h->files_fd >= 0)
		close(h->files_fd);
	h->files_fd = -1;
	if (dir == NULL)
		return;
	/* Not there yet (nothing published): its files are 404 until then. */
	h->files_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->files_fd < 0)
		log_debug("httpd: %s: %s", dir, strerror(errno));
}

void
httpd_put_file(struct httpd *h, const struct httpd_resource *rs)
{
	struct res *r = *httpd_res_slot(h, rs->path);
	struct resfile *f;

	if (r == NULL || r->file == NULL) {
		/* One allocation: the entry and its file part. */
		r = xcalloc(1, sizeof *r + sizeof *f);
		r->file = (struct resfile *)(void *)(r + 1);
		r->path = xstrdup(rs->path);
		httpd_res_insert(h, r);
	}
	f = r->file;
	if (rs->realm == NULL) {
		free(r->realm);
		r->realm = NULL;
	} else if (r->realm == NULL || strcmp(r->realm, rs->realm) != 0)
		xstrset(&r->realm, rs->realm);
	f->type = intern_type(h, rs->type);
	f->max_age = rs->max_age;
	f->gen = h->gen;
}

/* Move r to the front of the list of recent gzip copies. */
static void
lru_front(struct httpd *h, struct res *r)
{
	struct resfile *f = r->file;

	if (h->lru_head == r)
		return;
	/* Out of the list (it holds a copy: r is in it)... */
	f->lru_prev->file->lru_next = f->lru_next;
	if (f->lru_next != NULL)
		f->lru_next->file->lru_prev = f->lru_prev;
	else
		h->lru_tail = f->lru_prev;
	/* ...and in at the front. */
	f->lru_prev = NULL;
	f->lru_next = h->lru_head;
	h->lru_head->file->lru_prev = r;
	h->lru_head = r;
}

/*
 * Give r the gzip copy gz (taking a reference; it is at most the
 * budget), dropping the oldest copies that no longer fit. Responses in
 * flight keep their own references.
 */
static void
lru_add(struct httpd *h, struct res *r, struct shared *gz)
{
	struct resfile *f = r->file;

	f->gz = gz;
	f->lru_prev = NULL;
	f->lru_next = h->lru_head;
	if (h->lru_head != NULL)
		h->lru_head->file->lru_prev = r;
	else
		h->lru_tail = r;
	h->lru_head = r;
	h->gz_bytes += gz->len;
	while (h->gz_bytes > CAP_HTTP_GZIP_CACHE && h->lru_tail != r)
		httpd_file_drop_gz(h, h->lru_tail);
}

void
httpd_file_drop_gz(struct httpd *h, struct res *r)
{
	struct resfile *f = r->file;

	if (f->gz == NULL)
		return;
	if (f->lru_prev != NULL)
		f->lru_prev->file->lru_next = f->lru_next;
	else
		h->lru_head = f->lru_next;
	if (f->lru_next != NULL)
		f->lru_next->file->lru_prev = f->lru_prev;
	else
		h->lru_tail = f->lru_prev;
	f->lru_prev = f->lru_next = NULL;
	h->gz_bytes -= f->gz->len;
	httpd_shared_unref(f->gz);
	f->gz = NULL;
}

/* The size bytes of the file at fd, or NULL (a shorter file: changed). */
static struct shared *
read_all(int fd, size_t size, const char *path)
{
	struct shared *sh;
	ssize_t	 n;

	sh = httpd_shared_new(size);
	while (sh->len < size) {
		n = pread(fd, sh->data + sh->len, size - sh->len,
		    (off_t)sh->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_debug("httpd: %s: %s", path, n < 0 ?
			    strerror(errno) : "shorter than its size");
			httpd_shared_unref(sh);
			return NULL;
		}
		sh->len += (size_t)n;
	}
	return sh;
}

/* Learn the file at fd (stat'ed into st): its ETag. NULL if unreadable. */
static struct shared *
learn(struct resfile *f, int fd, const struct stat *st, const char *path)
{
	struct shared *sh;
	char	 hex[HASH_HEX_LEN + 1];

	sh = read_all(fd, (size_t)st->st_size, path);
	if (sh == NULL)
		return NULL;
	hash_hex(sh->data, sh->len, hex);
	hex[16] = '\0';
	f->hash = strtoull(hex, NULL, 16);
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = st->st_size;
	f->mtim = st->st_mtim;
	f->nogz = false;
	f->known = true;
	return sh;
}

static bool
same_file(const struct resfile *f, const struct stat *st)
{
	return f->known && f->dev == st->st_dev && f->ino == st->st_ino &&
	    f->size == st->st_size && f->mtim.tv_sec == st->st_mtim.tv_sec &&
	    f->mtim.tv_nsec == st->st_mtim.tv_nsec;
}

/*
 * r's gzip copy, a reference for the caller (*plain: the file's bytes,
 * read from fd when NULL); NULL when gzip does not pay for them. A copy
 * larger than the whole budget serves this answer only.
 */
static struct shared *
gzip_for(struct httpd *h, struct res *r, int fd, struct shared **plain)
{
	struct resfile *f = r->file;
	struct shared *gz;

	if (f->gz != NULL) {
		lru_front(h, r);
		f->gz->refs++;
		return f->gz;
	}
	if (*plain == NULL &&
	    (*plain = read_all(fd, (size_t)f->size, r->path)) == NULL)
		return NULL;
	gz = httpd_gzip((*plain)->data, (*plain)->len);
	if (gz == NULL || gz->len >= (*plain)->len) {
		httpd_shared_unref(gz);
		f->nogz = true;
		return NULL;
	}
	if (gz->len <= CAP_HTTP_GZIP_CACHE) {
		gz->refs++;
		lru_add(h, r, gz);
	}
	return gz;
}

enum MHD_Result
httpd_serve_file(struct httpd *h, struct MHD_Connection *c, struct res *r)
{
	struct resfile *f = r->file;
	struct MHD_Response *resp;
	struct shared *gz = NULL, *plain = NULL, *body;
	struct stat st;
	const char *inm, *ims, *ae, *tags[2], *vary;
	char	 tag[2][24];
	enum MHD_Result rc;
	bool	 fresh, zippable;
	int	 fd;

	fd = h->files_fd < 0 ? -1 : openat(h->files_fd, r->path + 1,
	    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size > (uintmax_t)CAP_HTTP_FILE) {
		close(fd);
		return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	}
	/* Replaced since it was learned: what is served is what is hashed. */
	if (!same_file(f, &st)) {
		httpd_file_drop_gz(h, r);
		f->known = false;
		plain = learn(f, fd, &st, r->path);
		if (plain == NULL) {
			close(fd);
			return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
		}
	}
	zippable = st.st_size >= HTTPD_GZIP_MIN;
	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (zippable && !f->nogz && http_accepts_gzip(ae))
		gz = gzip_for(h, r, fd, &plain);
	snprintf(tag[0], sizeof tag[0], "\"%016" PRIx64 "\"", f->hash);
	snprintf(tag[1], sizeof tag[1], "\"%016" PRIx64 "-gz\"", f->hash);
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL) {
		/* Either tag: both stand for the same bytes. */
		tags[0] = tag[0];
		tags[1] = tag[1];
		fresh = http_etag_match(inm, tags, zippable && !f->nogz ? 2 : 1);
	} else {
		ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
		fresh = st.st_mtime > 0 &&
		    http_not_modified_since(ims, (int64_t)st.st_mtime);
	}
	/*
	 * A small page goes out from memory (one write with the head; from
	 * the descriptor libmicrohttpd corks the socket around a sendfile,
	 * twice the system calls); a 304 or a large page from the
	 * descriptor (no body, or sendfile).
	 */
	if (gz == NULL && plain == NULL && !fresh &&
	    st.st_size <= HTTPD_FILE_INLINE)
		plain = read_all(fd, (size_t)st.st_size, r->path);
	body = gz != NULL ? gz : fresh ? NULL : plain;
	if (body != NULL) {
		resp = httpd_shared_response(body);
		close(fd);
	} else {
		/* libmicrohttpd closes fd with the response. */
		resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
		if (resp == NULL)
			abort();
	}
	httpd_shared_unref(gz);
	httpd_shared_unref(plain);
	vary = zippable ? "Accept-Encoding" : NULL;
	httpd_add_common(resp, tag[gz != NULL], (int64_t)st.st_mtime,
	    f->max_age, r->realm != NULL, vary, NULL);
	if (!fresh) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    f->type);
		if (gz != NULL)
			MHD_add_response_header(resp,
			    MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	}
	rc = httpd_answer(h, c, fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
	    resp);
	MHD_destroy_response(resp);
	return rc;
}
