/* SPDX-License-Identifier: MIT */
/*
 * The per-story sink: runs a multi writer (share, ninjs) over a stream of
 * stories, one file per story in a directory plus an index written last,
 * or one story to one stream. File names come from the story id, never
 * from a path in the input.
 */
#include "config.h"
#include "write/outdir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Longest slug in a story file name, and the hash digits after it. */
#define SLUG_MAX	48
#define SLUG_HASH	10

/* "https://x/y" -> "x/y": the id without its scheme and "//". */
static const char *
skip_scheme(const char *id)
{
	const char *p;
	size_t	 n;

	p = strchr(id, ':');
	if (p == NULL)
		return id;
	n = strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-");
	if (n != (size_t)(p - id) || n == 0 || n > 10)
		return id;
	return p + 1 + strspn(p + 1, "/");
}

char *
write_story_file_name(const struct article *a, const char *ext)
{
	char	 hex[HASH_HEX_LEN + 1];
	const char *p, *start;
	char	*id, *slug, *res;
	size_t	 n = 0, ns, ne;
	bool	 dash = false;

	id = write_article_id(a);
	slug = xmalloc(strlen(id) + 1);
	for (p = skip_scheme(id); *p != '\0'; p++) {
		if (!text_is_alpha((unsigned char)*p) &&
		    !text_is_digit((unsigned char)*p)) {
			dash = n > 0;
			continue;
		}
		if (dash)
			slug[n++] = '-';
		dash = false;
		slug[n++] = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
	}
	slug[n] = '\0';
	/* Keep the end, where URLs name their story, from a word start. */
	start = slug;
	if (n > SLUG_MAX) {
		start = slug + n - SLUG_MAX;
		p = strchr(start, '-');
		if (start[-1] != '-' && p != NULL)
			start = p + 1;
	}
	hash_hex(id, strlen(id), hex);
	/* slug "-" hash "." ext */
	if (*start == '\0')
		start = "story";
	ns = strlen(start);
	ne = strlen(ext);
	res = xmalloc(ns + 1 + SLUG_HASH + 1 + ne + 1);
	memcpy(res, start, ns);
	res[ns] = '-';
	memcpy(res + ns + 1, hex, SLUG_HASH);
	res[ns + 1 + SLUG_HASH] = '.';
	memcpy(res + ns + SLUG_HASH + 2, ext, ne + 1);
	free(slug);
	free(id);
	return res;
}

struct story_sink {
	const struct writer	*w;
	struct write_opts	 o;
	struct outdir		*od;
	FILE			*fp;
	struct buf		 doc;
	struct write_entry	*entries;
	size_t			 nentries;
	size_t			*slots;		/* entries by file name hash */
	size_t			 nslots;	/* 0 or a power of two */
	size_t			 nstories;	/* stories seen */
	struct sink		 sink;
};

static enum err
on_head(void *ctx, struct feed *f)
{
	return ERR_OK;
}

/* FNV-1a of s. */
static size_t
name_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

/*
 * The slot of file in the open-addressing table: the one holding its
 * entry (index + 1), or the empty one where it belongs.
 */
static size_t
find_slot(const struct story_sink *ss, const char *file)
{
	size_t	 i;

	i = name_hash(file) & (ss->nslots - 1);
	while (ss->slots[i] != 0 &&
	    strcmp(ss->entries[ss->slots[i] - 1].file, file) != 0)
		i = (i + 1) & (ss->nslots - 1);
	return i;
}

/* Keep the table at most half full. */
static void
grow_slots(struct story_sink *ss)
{
	size_t	 i;

	if (ss->nslots > 2 * (ss->nentries + 1))
		return;
	free(ss->slots);
	ss->nslots = ss->nslots == 0 ? 64 : ss->nslots * 2;
	ss->slots = xcalloc(ss->nslots, sizeof *ss->slots);
	for (i = 0; i < ss->nentries; i++)
		ss->slots[find_slot(ss, ss->entries[i].file)] = i + 1;
}

/* Remember (or, for a file name seen before, replace) a story's entry. */
static void
add_entry(struct story_sink *ss, char *file, const struct article *a)
{
	struct write_entry *en;
	size_t	 slot;

	grow_slots(ss);
	slot = find_slot(ss, file);
	if (ss->slots[slot] != 0) {
		en = &ss->entries[ss->slots[slot] - 1];
		free(en->file);
		free(en->title);
		free(en->url);
		free(en->id);
	} else {
		en = VEC_PUSH(ss->entries, ss->nentries);
		ss->slots[slot] = ss->nentries;
	}
	en->file = file;
	en->title = write_article_title(a);
	en->url = write_web_url_ok(a->url) ? xstrdup(a->url) : NULL;
	en->id = write_article_id(a);
}

static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct story_sink *ss = ctx;
	enum err e;
	char	*file;

	ss->nstories++;
	if (ss->od == NULL && ss->nstories > 1) {
		log_error("the input has several stories: write -t %s to a "
		    "directory (-o DIR/)", ss->w->name);
		return ERR_USAGE;
	}
	buf_reset(&ss->doc);
	e = ss->w->article(NULL, &ss->o, f, a, &ss->doc);
	if (e)
		return e;
	if (ss->od == NULL)
		return ERR_OK;
	file = write_story_file_name(a, ss->w->ext);
	e = outdir_write(ss->od, file, ss->doc.data, ss->doc.len);
	if (e) {
		free(file);
		return e;
	}
	add_entry(ss, file, a);
	return ERR_OK;
}

static enum err
on_end(void *ctx, struct feed *f)
{
	struct story_sink *ss = ctx;
	enum err e;

	if (ss->od == NULL) {
		if (ss->nstories == 0) {
			log_error("the input has no story to write as %s",
			    ss->w->name);
			return ERR_PARSE;
		}
		if (fwrite(ss->doc.data, 1, ss->doc.len, ss->fp) !=
		    ss->doc.len)
			return ERR_IO;
		return ERR_OK;
	}
	buf_reset(&ss->doc);
	e = ss->w->index(&ss->o, f, ss->entries, ss->nentries, &ss->doc);
	if (!e)
		e = outdir_write(ss->od, ss->w->index_name, ss->doc.data,
		    ss->doc.len);
	if (!e)
		e = outdir_finish(ss->od);
	return e;
}

struct story_sink *
story_sink_new(const struct writer *w, const struct write_opts *o,
    struct outdir *od, FILE *fp)
{
	struct story_sink *ss;

	ss = xcalloc(1, sizeof *ss);
	ss->w = w;
	ss->o = *o;
	ss->od = od;
	ss->fp = fp;
	buf_init(&ss->doc, CAP_OUTPUT);
	ss->sink.head = on_head;
	ss->sink.article = on_article;
	ss->sink.end = on_end;
	ss->sink.ctx = ss;
	return ss;
}

const struct sink *
story_sink_get(struct story_sink *ss)
{
	return &ss->sink;
}

size_t
story_sink_count(const struct story_sink *ss)
{
	return ss->od != NULL ? ss->nentries : ss->nstories;
}

void
story_sink_free(struct story_sink *ss)
{
	size_t	 i;

	if (ss == NULL)
		return;
	for (i = 0; i < ss->nentries; i++) {
		free(ss->entries[i].file);
		free(ss->entries[i].title);
		free(ss->entries[i].url);
		free(ss->entries[i].id);
	}
	free(ss->entries);
	free(ss->slots);
	buf_cleanup(&ss->doc);
	free(ss);
}
