/* SPDX-License-Identifier: MIT */
/*
 * A poll's reading and share page rendering, kept apart from the store
 * and the loop so that worker threads can run them: the read collects
 * the stories in memory, and the pages go to temporary files that the
 * cycle's thread renames into place.
 */
#include "config.h"
#include "service/readjob.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"
#include "write/outdir.h"
#include "write/share.h"
#include "write/write.h"

void
readjob_init(struct readjob *j, const struct config *c,
    const struct source_conf *sc)
{
	memset(j, 0, sizeof *j);
	j->c = c;
	j->sc = sc;
	feed_init(&j->feed);
}

void
readjob_cleanup(struct readjob *j)
{
	struct readjob_item *it;
	size_t	 i;

	readjob_shed(j);
	for (i = 0; i < j->nitems; i++) {
		it = &j->items[i];
		if (it->tmp != NULL)
			(void)unlink(it->tmp);
		free(it->tmp);
		free(it->name);
		free(it->id);
	}
	free(j->items);
	memset(j, 0, sizeof *j);
}

void
readjob_shed(struct readjob *j)
{
	struct readjob_item *it;
	size_t	 i;

	for (i = 0; i < j->nitems; i++) {
		it = &j->items[i];
		if (it->a == NULL)
			continue;
		if (it->page == READJOB_PAGE_REMOVE && it->name == NULL)
			it->name = write_story_file_name(it->a, "html");
		if (it->page != READJOB_PAGE_NONE) {
			it->id = it->a->id;
			it->a->id = NULL;
		}
		article_free(it->a);
		it->a = NULL;
		store_prepared_cleanup(&it->p);
		free(it->html);
		it->html = NULL;
	}
	for (i = 0; i < j->nheads; i++)
		feed_cleanup(&j->heads[i]);
	free(j->heads);
	j->heads = NULL;
	j->nheads = 0;
	feed_cleanup(&j->feed);
}

/*
 * A story without a web address (wire copy) gets its share page's, when
 * there are share pages and a base URL: feed readers and partners need
 * a link, and the page is the story's home.
 */
static void
give_url(const struct config *c, struct article *a)
{
	const char *base = c->base_url;
	char	*name;
	size_t	 n;

	if (a->url != NULL || !c->share_pages || base == NULL ||
	    a->id == NULL)
		return;
	n = strlen(base);
	name = write_story_file_name(a, "html");
	a->url = xasprintf("%s%sshare/%s", base, n > 0 && base[n - 1] == '/' ?
	    "" : "/", name);
	free(name);
}

/* The source's categories (its categories key) on each of its stories. */
static void
give_categories(const struct source_conf *sc, struct article *a)
{
	struct category *c;
	size_t	 i, j;

	for (i = 0; i < sc->ncategories && a->ncategories < CAP_LIST; i++) {
		for (j = 0; j < a->ncategories; j++)
			if (text_ieq(a->categories[j].term,
			    sc->categories[i]) ||
			    text_ieq(a->categories[j].label, sc->categories[i]))
				break;
		if (j < a->ncategories)
			continue;
		c = article_add_category(a);
		c->term = xstrdup(sc->categories[i]);
	}
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * The index in j->heads of f's string fields (what a share page reads
 * of the head), added when they differ from the last one: a head read
 * after the first stories (an RSS language after the items) shows on
 * the later stories' pages only, as when each page was written at once.
 */
static size_t
head_of(struct readjob *j, const struct feed *f)
{
	struct feed *h;

	if (j->nheads > 0) {
		h = &j->heads[j->nheads - 1];
#define X(n) same_str(h->n, f->n) &&
		if (FEED_STR_FIELDS(X) same_str(h->base_url, f->base_url))
			return j->nheads - 1;
#undef X
	}
	h = VEC_PUSH(j->heads, j->nheads);
	feed_init(h);
#define X(n) h->n = f->n != NULL ? xstrdup(f->n) : NULL;
	FEED_STR_FIELDS(X)
#undef X
	h->base_url = f->base_url != NULL ? xstrdup(f->base_url) : NULL;
	return j->nheads - 1;
}

/* Add a's contents as an item (a is left empty, for the reader). */
static struct readjob_item *
take(struct readjob *j, const struct feed *f, struct article *a)
{
	struct readjob_item *it;
	struct article *mine, tmp;

	mine = article_new();
	tmp = *mine;
	*mine = *a;
	*a = tmp;
	it = VEC_PUSH(j->items, j->nitems);
	it->a = mine;
	it->head = head_of(j, f);
	return it;
}

static enum err
sink_head(void *ctx, struct feed *f)
{
	return ERR_OK;
}

static enum err
sink_article(void *ctx, const struct feed *f, struct article *a)
{
	struct readjob *j = ctx;
	struct readjob_item *it;
	bool	 own_url = a->url != NULL;

	give_url(j->c, a);
	give_categories(j->sc, a);
	it = take(j, f, a);
	it->own_url = own_url;
	return store_prepare_article(it->a, &it->p);
}

static enum err
sink_end(void *ctx, struct feed *f)
{
	struct readjob *j = ctx;

	feed_cleanup(&j->feed);
	j->feed = *f;
	feed_init(f);
	j->ended = true;
	return ERR_OK;
}

void
readjob_read(struct readjob *j, struct input *in, const struct read_opts *ro)
{
	struct sink sink = { sink_head, sink_article, sink_end, j };

	j->e = read_input(in, ro, &sink);
}

void
readjob_add_page(struct readjob *j, const struct feed *f, struct article *a)
{
	struct readjob_item *it;

	it = VEC_PUSH(j->items, j->nitems);
	it->a = a;
	it->head = head_of(j, f);
	it->page = READJOB_PAGE_WRITE;
}

bool
readjob_has_pages(const struct readjob *j)
{
	size_t	 i;

	for (i = 0; i < j->nitems; i++)
		if (j->items[i].page != READJOB_PAGE_NONE)
			return true;
	return false;
}

void
readjob_render(struct readjob *j)
{
	const struct writer *w = &writer_share;
	struct readjob_item *it;
	struct share_opts so;
	struct write_opts wo;
	struct buf	 b;
	void		*st;
	size_t		 i;

	memset(&wo, 0, sizeof wo);
	memset(&so, 0, sizeof so);
	so.default_image = j->c->share_image;
	wo.generator = PACKAGE_NAME " " PACKAGE_VERSION;
	wo.share = &so;
	/* One buffer for all the pages; each page keeps an exact copy. */
	buf_init(&b, CAP_OUTPUT);
	st = xcalloc(1, w->state_size > 0 ? w->state_size : 1);
	for (i = 0; i < j->nitems; i++) {
		it = &j->items[i];
		if (it->page != READJOB_PAGE_WRITE)
			continue;
		free(it->name);
		it->name = write_story_file_name(it->a, "html");
		buf_reset(&b);
		if (w->state_size > 0)
			memset(st, 0, w->state_size);
		if (w->article(st, &wo, &j->heads[it->head], it->a, &b) ==
		    ERR_OK) {
			free(it->html);
			it->len = b.len;
			it->html = xmalloc(b.len + 1);
			memcpy(it->html, buf_str(&b), b.len + 1);
		} else
			log_warn("%s: share page for %s not written", it->name,
			    it->a->id);
	}
	buf_cleanup(&b);
	free(st);
}

void
readjob_write(struct readjob *j, const struct outdir *od)
{
	struct readjob_item *it;
	size_t	 i;

	for (i = 0; i < j->nitems; i++) {
		it = &j->items[i];
		if (it->page != READJOB_PAGE_WRITE || it->html == NULL)
			continue;
		if (outdir_write_temp(od, it->name, it->html, it->len,
		    &it->tmp) != ERR_OK)
			log_warn("%s: share page for %s not written", it->name,
			    it->a->id);
		free(it->html);
		it->html = NULL;
	}
}

void
readjob_place(struct readjob *j, struct outdir *od)
{
	struct readjob_item *it;
	char	*tmp;
	size_t	 i;

	for (i = 0; i < j->nitems; i++) {
		it = &j->items[i];
		if (it->page == READJOB_PAGE_REMOVE) {
			if (it->name == NULL)
				it->name = write_story_file_name(it->a, "html");
			if (outdir_remove(od, it->name) != ERR_OK)
				log_warn("%s: share page for %s not removed",
				    it->name, it->a != NULL ? it->a->id :
				    it->id);
		} else if (it->page == READJOB_PAGE_WRITE && it->tmp != NULL) {
			tmp = it->tmp;
			it->tmp = NULL;
			if (outdir_add_temp(od, it->name, tmp) != ERR_OK)
				log_warn("%s: share page for %s not written",
				    it->name, it->a != NULL ? it->a->id :
				    it->id);
		}
	}
}
