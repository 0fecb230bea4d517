/* SPDX-License-Identifier: MIT */
/*
 * The dump parser and the SQLite store: an article with every field set
 * survives dump -> undump -> dump byte for byte; the store migrates,
 * keeps fetch state and feed heads, dedupes by id (same, update, older
 * version, kill and tombstone), orders and filters stories, and expires
 * them by retention.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tap.h"
#include "model/dump.h"
#include "model/undump.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/xmalloc.h"

static struct article *
full_article(void)
{
	struct article *a = article_new();
	struct person *p;
	struct image *im;
	struct enclosure *en;
	struct category *c;
	struct link *l;

#define X(f) a->f = xstrdup("value of " #f " \\ with\ttab\nand line");
	ARTICLE_STR_FIELDS(X)
#undef X
	xstrset(&a->id, "urn:x:1");
	a->published.t = 1700000000;
	a->published.tz = 60;
	a->published.has_tz = true;
	a->updated.t = 1700003600;
	a->embargo_until.t = 1690000000;
	a->expires.t = 1800000000;
	a->expires.tz = -300;
	a->expires.has_tz = true;
	a->fetched.t = 1700007200;
	a->pubstatus = PUBSTATUS_WITHHELD;
	a->signal = SIGNAL_CORRECTION;
	a->urgency = 3;
	a->comments_count = 12;
	a->id_is_permalink = 0;
	p = article_add_author(a);
	p->name = xstrdup("Ann");
	p->email = xstrdup("ann@example.com");
	p->url = xstrdup("https://example.com/ann");
	p = article_add_author(a);
	p->name = xstrdup("Bob");
	im = article_add_image(a);
	im->url = xstrdup("https://example.com/1.jpg");
	im = article_add_image(a);
	im->url = xstrdup("https://example.com/2.jpg");
	im->type = xstrdup("image/jpeg");
	im->width = 640;
	im->height = 480;
	im->caption = xstrdup("Cap");
	im->credit = xstrdup("Cred");
	im->alt = xstrdup("Alt");
	a->lead = 1;
	en = article_add_enclosure(a);
	en->url = xstrdup("https://example.com/a.mp3");
	en->type = xstrdup("audio/mpeg");
	en->length = 123456;
	en->duration = 61;
	c = article_add_category(a);
	c->term = xstrdup("t");
	c->scheme = xstrdup("https://example.com/s");
	c->label = xstrdup("Label");
	article_add_keyword(a, "k1");
	article_add_keyword(a, "k2");
	l = article_add_link(a);
	l->href = xstrdup("https://example.com/rel");
	l->rel = xstrdup("related");
	l->type = xstrdup("text/html");
	l->title = xstrdup("Related");
	l->lang = xstrdup("fr");
	return a;
}

static void
test_undump(void)
{
	struct article *a, *b;
	struct feed f, g;
	struct person *p;
	struct category *c;
	struct buf d1, d2;

	a = full_article();
	b = article_new();
	buf_init(&d1, CAP_OUTPUT);
	buf_init(&d2, CAP_OUTPUT);
	CHECK_INT_EQ(dump_article(&d1, a), ERR_OK);
	CHECK_INT_EQ(undump_article(d1.data, d1.len, b), ERR_OK);
	CHECK_INT_EQ(dump_article(&d2, b), ERR_OK);
	CHECK_STR_EQ(buf_str(&d2), buf_str(&d1));
	/* Every line of the dump is there: nothing was left out. */
	CHECK_INT_EQ(d1.len > 1200, 1);
	CHECK_STR_EQ(b->title, a->title);
	CHECK_INT_EQ(b->published.t, a->published.t);
	CHECK_INT_EQ(b->published.tz, 60);
	CHECK_INT_EQ(b->expires.tz, -300);
	CHECK_INT_EQ(b->lead, 1);
	CHECK_INT_EQ(b->images[1].height, 480);
	CHECK_INT_EQ(b->enclosures[0].duration, 61);
	CHECK_INT_EQ(b->pubstatus, PUBSTATUS_WITHHELD);
	CHECK_INT_EQ(b->signal, SIGNAL_CORRECTION);
	CHECK_INT_EQ(b->comments_count, 12);
	CHECK_INT_EQ(b->id_is_permalink, 0);
	CHECK_INT_EQ(b->nkeywords, 2);
	CHECK_STR_EQ(b->links[0].lang, "fr");

	article_reset(b);
	CHECK_INT_EQ(undump_article("title\tx\nbogus\ty\n", 16, b), ERR_PARSE);
	article_reset(b);
	CHECK_INT_EQ(undump_article("urgency\tsoon\n", 13, b), ERR_PARSE);
	article_reset(b);
	CHECK_INT_EQ(undump_article("no tab here\n", 12, b), ERR_PARSE);

	feed_init(&f);
	feed_init(&g);
#define X(n) f.n = xstrdup("feed " #n);
	FEED_STR_FIELDS(X)
#undef X
	f.updated.t = 1700000000;
	f.published.t = 1600000000;
	f.ttl = 30;
	p = feed_add_author(&f);
	p->name = xstrdup("Desk");
	p->email = xstrdup("desk@example.com");
	c = feed_add_category(&f);
	c->term = xstrdup("News");
	buf_reset(&d1);
	buf_reset(&d2);
	CHECK_INT_EQ(dump_feed(&d1, &f), ERR_OK);
	CHECK_INT_EQ(undump_feed(d1.data, d1.len, &g), ERR_OK);
	CHECK_INT_EQ(dump_feed(&d2, &g), ERR_OK);
	CHECK_STR_EQ(buf_str(&d2), buf_str(&d1));
	CHECK_INT_EQ(g.ttl, 30);
	feed_cleanup(&f);
	feed_cleanup(&g);

	buf_cleanup(&d1);
	buf_cleanup(&d2);
	article_free(a);
	article_free(b);
}

static struct article *
story(const char *id, const char *title, int64_t published, int64_t updated)
{
	struct article *a = article_new();

	a->id = xstrdup(id);
	a->title = xstrdup(title);
	a->published.t = published;
	a->updated.t = updated;
	return a;
}

/* Collects "source:id:title" lines. */
static enum err
collect(void *ctx, const char *source, const struct article *a, bool *more)
{
	struct buf *b = ctx;

	return buf_addf(b, "%s:%s:%s\n", source, a->id, a->title);
}

/* Collects "id " of each story. */
static enum err
ids(void *ctx, const char *source, const struct article *a, bool *more)
{
	return buf_addf(ctx, "%s ", a->id);
}

static enum err
first_two(void *ctx, const char *source, const struct article *a,
    bool *more)
{
	struct buf *b = ctx;

	if (b->len > 0)
		*more = false;
	return buf_addf(b, "%s;", a->id);
}

/* store_id_fn: "id;" added to the buf at arg. */
static void
gone(const char *id, void *arg)
{
	struct buf *b = arg;

	CHECK_INT_EQ(buf_addf(b, "%s;", id), ERR_OK);
}

static void
put(struct store *st, const char *src, struct article *a, int64_t now,
    enum store_change want, const char *what)
{
	enum store_change ch = -1;
	enum err e;

	e = store_put_article(st, src, a, now, &ch);
	CHECK_MSG(e == ERR_OK && ch == want, "%s: change %d, want %d", what,
	    (int)ch, (int)want);
	article_free(a);
}

static void
test_store(void)
{
	struct store *st;
	struct fetch_state fs;
	struct feed f, g;
	struct buf b;
	struct article *a;
	char	**names;
	char	 wire[] = "wire", *srcs[] = { wire };
	size_t	 n, i;
	long	 changed;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	CHECK_INT_EQ(store_version(st), 6);
	CHECK(store_check(st));

	/* Fetch state. */
	CHECK_INT_EQ(store_get_state(st, "city", &fs), ERR_OK);
	CHECK_INT_EQ(fs.last_poll, 0);
	CHECK(fs.etag == NULL);
	fs.config_url = xstrdup("https://city.example/rss");
	fs.url = xstrdup("https://moved.example/rss");
	fs.etag = xstrdup("\"e1\"");
	fs.last_modified = xstrdup("Tue, 05 Mar 2024 09:08:07 GMT");
	fs.result = xstrdup("ok");
	fs.last_poll = 100;
	fs.last_ok = 90;
	fs.next_due = 1000;
	fs.status = 200;
	fs.failures = 2;
	fs.interval = 600;
	fs.ttl = 45;
	fs.skip_hours = 1u << 3 | 1u << 23;
	fs.skip_days = 1u << 0;
	CHECK_INT_EQ(store_put_state(st, "city", &fs), ERR_OK);
	fetch_state_cleanup(&fs);
	CHECK_INT_EQ(store_get_state(st, "city", &fs), ERR_OK);
	CHECK_STR_EQ(fs.config_url, "https://city.example/rss");
	CHECK_STR_EQ(fs.url, "https://moved.example/rss");
	CHECK_STR_EQ(fs.etag, "\"e1\"");
	CHECK_STR_EQ(fs.last_modified, "Tue, 05 Mar 2024 09:08:07 GMT");
	CHECK_STR_EQ(fs.result, "ok");
	CHECK_INT_EQ(fs.last_poll, 100);
	CHECK_INT_EQ(fs.last_ok, 90);
	CHECK_INT_EQ(fs.next_due, 1000);
	CHECK_INT_EQ(fs.status, 200);
	CHECK_INT_EQ(fs.failures, 2);
	CHECK_INT_EQ(fs.interval, 600);
	CHECK_INT_EQ(fs.ttl, 45);
	CHECK_INT_EQ(fs.skip_hours, 1u << 3 | 1u << 23);
	CHECK_INT_EQ(fs.skip_days, 1);
	fetch_state_cleanup(&fs);

	/* Feed heads. */
	feed_init(&f);
	feed_init(&g);
	f.title = xstrdup("City news");
	f.home_url = xstrdup("https://city.example/");
	CHECK_INT_EQ(store_put_feed(st, "city", &f), ERR_OK);
	CHECK_INT_EQ(store_get_feed(st, "city", &g), ERR_OK);
	CHECK_STR_EQ(g.title, "City news");
	CHECK_STR_EQ(g.home_url, "https://city.example/");
	feed_cleanup(&g);
	feed_init(&g);
	CHECK_INT_EQ(store_get_feed(st, "unknown", &g), ERR_OK);
	CHECK(g.title == NULL);
	feed_cleanup(&f);
	/* The state survived the feed head write. */
	CHECK_INT_EQ(store_get_state(st, "city", &fs), ERR_OK);
	CHECK_STR_EQ(fs.etag, "\"e1\"");
	fetch_state_cleanup(&fs);

	/* Dedupe. */
	CHECK_INT_EQ(store_begin(st), ERR_OK);
	put(st, "city", story("a", "A1", 1000, 0), 5000, STORE_NEW, "new a");
	put(st, "city", story("b", "B1", 3000, 0), 5000, STORE_NEW, "new b");
	put(st, "wire", story("c", "C1", 2000, 0), 5000, STORE_NEW, "new c");
	put(st, "city", story("a", "A1", 1000, 0), 5100, STORE_SAME,
	    "a again");
	put(st, "wire", story("a", "A2", 1000, 1500), 5100, STORE_UPDATED,
	    "a updated (from another source)");
	put(st, "city", story("a", "A1-old", 1000, 1200), 5200, STORE_IGNORED,
	    "an older version of a");
	a = story("b", "B1", 3000, 0);
	a->signal = SIGNAL_KILL;
	put(st, "city", a, 5300, STORE_KILLED, "b killed");
	put(st, "city", story("b", "B1", 3000, 0), 5400, STORE_IGNORED,
	    "b after its kill");
	a = story("d", "D1", 4000, 0);
	a->pubstatus = PUBSTATUS_CANCELED;
	put(st, "city", a, 5400, STORE_KILLED, "d first seen canceled");
	CHECK_INT_EQ(store_commit(st), ERR_OK);

	buf_init(&b, CAP_OUTPUT);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, collect, &b),
	    ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "wire:c:C1\nwire:a:A2\n");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_UPDATED, collect,
	    &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "wire:c:C1\nwire:a:A2\n");
	put(st, "city", story("e", "E1", 1500, 9000), 5500, STORE_NEW, "new e");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_UPDATED, collect,
	    &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "city:e:E1\nwire:c:C1\nwire:a:A2\n");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_OLDEST, collect, &b),
	    ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "wire:a:A2\ncity:e:E1\nwire:c:C1\n");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, srcs, 1, STORE_ORDER_NEWEST, collect, &b),
	    ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "wire:c:C1\nwire:a:A2\n");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, first_two,
	    &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "c;e;");

	CHECK_INT_EQ(store_count_stories(st, "wire", &changed), ERR_OK);
	CHECK_INT_EQ(changed, 2);	/* no sources row for wire yet */
	CHECK_INT_EQ(store_count_stories(st, "city", &changed), ERR_OK);
	CHECK_INT_EQ(changed, 1);
	CHECK_INT_EQ(store_count_stories(st, "nobody", &changed), ERR_OK);
	CHECK_INT_EQ(changed, 0);
	/* Polling does not count them. */
	CHECK_INT_EQ(store_get_state(st, "city", &fs), ERR_OK);
	CHECK_INT_EQ(fs.stories, 0);
	fetch_state_cleanup(&fs);

	/*
	 * Retention at 5050: live stories dated and first seen before it
	 * (a, c) become tombstones; c, not seen since before the cutoff
	 * either, is deleted outright; a (seen at 5200) stays a tombstone.
	 */
	buf_reset(&b);
	CHECK_INT_EQ(store_expire(st, NULL, 0, 1800, gone, &b, &changed),
	    ERR_OK);
	CHECK_INT_EQ(changed, 0);	/* first seen at 5000: too new */
	CHECK_INT_EQ(store_expire(st, NULL, 0, 5050, gone, &b, &changed),
	    ERR_OK);
	CHECK_INT_EQ(changed, 2);
	/* The stories that left the outputs, named once each. */
	CHECK(strcmp(buf_str(&b), "a;c;") == 0 ||
	    strcmp(buf_str(&b), "c;a;") == 0);
	put(st, "wire", story("a", "A2", 1000, 1500), 5700, STORE_IGNORED,
	    "an expired story still in its feed stays out");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, collect, &b),
	    ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "city:e:E1\n");
	put(st, "wire", story("c", "C1", 2000, 0), 5800, STORE_NEW,
	    "c, gone from its feed and deleted, comes back as new");
	/* At 5650: e expires; tombstones b, d, e (last seen before) go. */
	buf_reset(&b);
	CHECK_INT_EQ(store_expire(st, NULL, 0, 5650, gone, &b, &changed),
	    ERR_OK);
	CHECK_INT_EQ(changed, 1);
	CHECK_STR_EQ(buf_str(&b), "e;");
	put(st, "city", story("b", "B1", 3000, 0), 5800, STORE_NEW,
	    "b, its tombstone gone, is new");
	put(st, "wire", story("a", "A2", 1000, 1500), 5800, STORE_IGNORED,
	    "a's tombstone (seen at 5700) stays");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, collect, &b),
	    ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "city:b:B1\nwire:c:C1\n");
	buf_cleanup(&b);

	/* Change marks: each new, updated or killed version moves it. */
	{
		int64_t m1, m2, pub;

		CHECK_INT_EQ(store_change_mark(st, &m1), ERR_OK);
		CHECK(m1 > 0);
		put(st, "city", story("f", "F1", 6000, 0), 6000, STORE_NEW,
		    "new f");
		CHECK_INT_EQ(store_change_mark(st, &m2), ERR_OK);
		CHECK_INT_EQ(m2, m1 + 1);
		put(st, "city", story("f", "F1", 6000, 0), 6100, STORE_SAME,
		    "f again");
		CHECK_INT_EQ(store_change_mark(st, &m1), ERR_OK);
		CHECK_INT_EQ(m1, m2);
		CHECK_INT_EQ(store_get_published(st, "all", &pub), ERR_OK);
		CHECK_INT_EQ(pub, 0);
		CHECK_INT_EQ(store_set_published(st, "all", m2), ERR_OK);
		CHECK_INT_EQ(store_get_published(st, "all", &pub), ERR_OK);
		CHECK_INT_EQ(pub, m2);
	}

	CHECK_INT_EQ(store_list_sources(st, &names, &n), ERR_OK);
	CHECK_INT_EQ(n, 1);
	if (n == 1)
		CHECK_STR_EQ(names[0], "city");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	CHECK(store_check(st));
	store_close(st);
}

/* Make path (ending in XXXXXX) an empty file of its own. */
static void
temp_db(char *path)
{
	int	 fd;

	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
}

/* Remove the database at path with its WAL files. */
static void
remove_db(const char *path)
{
	char	*p;

	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
	unlink(path);
}

/*
 * The history of changes is trimmed from its start, never of its
 * newest row: the change mark channels are published against only
 * grows.
 */
static void
test_history(void)
{
	struct store *st;
	int64_t	 mark;
	long	 n;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	put(st, "s", story("a", "A", 10, 0), 100, STORE_NEW, "a at 100");
	put(st, "s", story("b", "B", 10, 0), 200, STORE_NEW, "b at 200");
	put(st, "s", story("c", "C", 10, 0), 300, STORE_NEW, "c at 300");
	CHECK_INT_EQ(store_trim_history(st, 150, &n), ERR_OK);
	CHECK_INT_EQ(n, 1);
	CHECK_INT_EQ(store_change_mark(st, &mark), ERR_OK);
	CHECK_INT_EQ(mark, 3);
	/* All older than the cutoff: the newest stays, and so the rest. */
	CHECK_INT_EQ(store_trim_history(st, 1000, &n), ERR_OK);
	CHECK_INT_EQ(n, 0);
	put(st, "s", story("d", "D", 10, 0), 400, STORE_NEW, "d at 400");
	CHECK_INT_EQ(store_trim_history(st, 350, &n), ERR_OK);
	CHECK_INT_EQ(n, 2);
	CHECK_INT_EQ(store_change_mark(st, &mark), ERR_OK);
	CHECK_INT_EQ(mark, 4);
	put(st, "s", story("e", "E", 10, 0), 500, STORE_NEW, "e at 500");
	CHECK_INT_EQ(store_change_mark(st, &mark), ERR_OK);
	CHECK_INT_EQ(mark, 5);
	store_close(st);
}

/*
 * A store of nsrc sources ("s0"...) of 20 live stories each; the first
 * three also have a held story and two tombstones. On a file: SQLite
 * plans for an in-memory database alike, but the b-trees are real.
 */
static struct store *
fill(char *path, int nsrc)
{
	struct store *st;
	struct article *a;
	enum store_change ch;
	char	 src[16], id[32];
	int	 i, j;

	temp_db(path);
	if (store_open(path, &st) != ERR_OK || store_begin(st) != ERR_OK)
		abort();
	for (i = 0; i < nsrc; i++) {
		snprintf(src, sizeof src, "s%d", i);
		for (j = 0; j < 20 + (i < 3 ? 3 : 0); j++) {
			snprintf(id, sizeof id, "urn:%s:%d", src, j);
			a = story(id, "T", 1000 + j, 0);
			if (j == 20)
				a->embargo_until.t = 9000 + i;
			else if (j > 20)
				a->signal = SIGNAL_KILL;
			if (store_put_article(st, src, a, 1000, &ch) !=
			    ERR_OK || ch != (j > 20 ? STORE_KILLED :
			    STORE_NEW))
				abort();
			article_free(a);
		}
	}
	if (store_commit(st) != ERR_OK)
		abort();
	return st;
}

/*
 * What one cycle asks of the store for sources s0-s2 and a channel of
 * s0 and s1, with retention, that publishes the channel: the steps
 * SQLite ran for it.
 */
static uint64_t
cycle_steps(struct store *st)
{
	struct fetch_state fs;
	struct article *a;
	struct feed f;
	struct buf b;
	bool	 changed = false;
	char	 s0[] = "s0", s1[] = "s1", *chan[] = { s0, s1 };
	const char *names[] = { "s0", "s1", "s2" };
	uint64_t steps = store_steps(st);
	int64_t	 t;
	long	 n;
	size_t	 i;

	for (i = 0; i < 3; i++) {
		CHECK_INT_EQ(store_begin(st), ERR_OK);
		CHECK_INT_EQ(store_get_state(st, names[i], &fs), ERR_OK);
		fs.last_poll = 2000;
		CHECK_INT_EQ(store_put_state(st, names[i], &fs), ERR_OK);
		fetch_state_cleanup(&fs);
		feed_init(&f);
		CHECK_INT_EQ(store_get_feed(st, names[i], &f), ERR_OK);
		feed_cleanup(&f);
		CHECK_INT_EQ(store_commit(st), ERR_OK);
	}
	/* A changed feed: seen, updated, new and killed stories. */
	CHECK_INT_EQ(store_begin(st), ERR_OK);
	put(st, "s0", story("urn:s0:1", "T", 1001, 0), 2000, STORE_SAME,
	    "seen again");
	put(st, "s0", story("urn:s0:2", "T2", 1002, 1500), 2000,
	    STORE_UPDATED, "updated");
	put(st, "s0", story("urn:s0:new", "N", 1900, 0), 2000, STORE_NEW,
	    "new");
	put(st, "s0", story("urn:s0:3", "T", 1003, 0), 2000, STORE_SAME,
	    "seen again");
	feed_init(&f);
	f.title = xstrdup("S0");
	CHECK_INT_EQ(store_put_feed(st, "s0", &f), ERR_OK);
	feed_cleanup(&f);
	CHECK_INT_EQ(store_commit(st), ERR_OK);
	/* Its full text, fetched from the story's page. */
	a = story("urn:s0:new", "N", 1900, 0);
	a->content_text = xstrdup("The whole story.");
	CHECK_INT_EQ(store_enrich_article(st, a, 2000, &changed), ERR_OK);
	CHECK(changed);
	article_free(a);
	/* The cycle's end: embargoes, retention, the channel's mark. */
	buf_init(&b, CAP_OUTPUT);
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(store_each_held(st, 2000, ids, &b), ERR_OK);
	CHECK_INT_EQ(store_release_lifted(st, 2000), ERR_OK);
	CHECK_INT_EQ(store_expire(st, chan, 2, 1001, NULL, NULL, &n), ERR_OK);
	CHECK_INT_EQ(n, 2);
	CHECK_INT_EQ(store_expire(st, NULL, 0, 900, NULL, NULL, &n), ERR_OK);
	CHECK_INT_EQ(store_trim_history(st, 900, &n), ERR_OK);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(store_change_mark(st, &t), ERR_OK);
	CHECK_INT_EQ(store_get_published(st, "c", &t), ERR_OK);
	CHECK_INT_EQ(store_set_published(st, "c", t), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "");
	/* The channel's 41 stories (the held one too), newest first. */
	CHECK_INT_EQ(store_each_story(st, chan, 2, STORE_ORDER_NEWEST, ids,
	    &b), ERR_OK);
	for (i = n = 0; i < b.len; i++)
		n += b.data[i] == ' ';
	CHECK_INT_EQ(n, 41);
	buf_cleanup(&b);
	return store_steps(st) - steps;
}

/*
 * What a cycle asks of the store for a source reads by index: it does
 * not grow with the stories of other sources. A query that lost its
 * index shows as thousands of steps: the embargo query that put issue
 * 7's 304 cycle at 3.9x curl's round, and retention's sweep of
 * tombstones, which read the whole table (some 35,000 steps here, against
 * 2,000 for the rest of the cycle).
 * Dropping an index shows the count sees it.
 */
static void
test_steps(void)
{
	char	 small_path[] = "/tmp/test-store.XXXXXX";
	char	 big_path[] = "/tmp/test-store.XXXXXX";
	struct store *small, *big;
	uint64_t a, b;
	sqlite3	*db;
	long	 n;

	small = fill(small_path, 3);
	big = fill(big_path, 300);
	a = cycle_steps(small);
	b = cycle_steps(big);
	printf("# a cycle's steps: %" PRIu64 " with 69 stories, %" PRIu64
	    " with 6,009\n", a, b);
	CHECK_MSG(a > 100 && b <= a + a / 10, "a cycle's steps do not grow "
	    "with other sources' stories (%" PRIu64 " and %" PRIu64 ")", a, b);
	/* A lost index: counting s1's stories reads every live story. */
	CHECK_INT_EQ(sqlite3_open(big_path, &db), SQLITE_OK);
	CHECK_INT_EQ(sqlite3_exec(db, "DROP INDEX stories_live", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	a = store_steps(big);
	CHECK_INT_EQ(store_count_stories(big, "s1", &n), ERR_OK);
	CHECK_INT_EQ(n, 20);
	b = store_steps(big) - a;
	CHECK_MSG(b > 6000, "a query without its index: %" PRIu64 " steps",
	    b);
	store_close(small);
	store_close(big);
	remove_db(small_path);
	remove_db(big_path);
}

/* A database file is migrated once and reopened as it is. */
static void
test_file(void)
{
	char	 path[] = "/tmp/test-store.XXXXXX";
	struct store *st;

	temp_db(path);
	CHECK_INT_EQ(store_open(path, &st), ERR_OK);
	put(st, "s", story("x", "X", 10, 0), 20, STORE_NEW, "new x in a file");
	store_close(st);
	CHECK_INT_EQ(store_open(path, &st), ERR_OK);
	CHECK_INT_EQ(store_version(st), 6);
	put(st, "s", story("x", "X", 10, 0), 30, STORE_SAME,
	    "x after reopening");
	store_close(st);
	remove_db(path);
}

/*
 * A store of version 5 (before stories.hold) with a story in it: opened,
 * it is migrated, and its story is live, not held, and readable.
 */
static void
test_migrate_5(void)
{
	char	 path[] = "/tmp/test-store.XXXXXX";
	struct store *st;
	struct article *a;
	struct buf b, d;
	sqlite3	*db;
	sqlite3_stmt *s;
	int64_t	 t = -1;
	size_t	 i;

	temp_db(path);
	CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
	for (i = 0; i < 5; i++)
		CHECK_INT_EQ(sqlite3_exec(db, schema_migrations[i], NULL, NULL,
		    NULL), SQLITE_OK);
	buf_init(&d, CAP_OUTPUT);
	a = story("old", "Old", 100, 0);
	a->embargo_until.t = 4000000000;
	CHECK_INT_EQ(dump_article(&d, a), ERR_OK);
	article_free(a);
	CHECK_INT_EQ(sqlite3_prepare_v2(db, "INSERT INTO stories (id, source, "
	    "state, sort_time, upd_time, first_seen, last_seen, hash, dump) "
	    "VALUES ('old', 's', 0, 100, 100, 100, 100, 'h', ?1)", -1, &s,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, buf_str(&d), -1, SQLITE_STATIC);
	CHECK_INT_EQ(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	CHECK_INT_EQ(sqlite3_exec(db, "PRAGMA user_version = 5", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	buf_cleanup(&d);

	CHECK_INT_EQ(store_open(path, &st), ERR_OK);
	if (st == NULL)
		return;
	CHECK_INT_EQ(store_version(st), 6);
	CHECK(store_check(st));
	/* Stored before holds were kept: not held (channels still judge). */
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(t, 0);
	buf_init(&b, CAP_OUTPUT);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, collect,
	    &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "s:old:Old\n");
	buf_cleanup(&b);
	put(st, "s", story("new", "New", 200, 0), 300, STORE_NEW,
	    "a story stored after the migration");
	store_close(st);
	remove_db(path);
}

/*
 * Every order, for every source (read off stories_time) and for some
 * (stories_live, sorted), with stories on the same date: those come in
 * the order they were first stored, whichever the index.
 */
static void
test_order(void)
{
	static const struct {
		const char *id, *src;
		int64_t	 pub, upd;
	} v[] = {
		{ "m", "x", 300, 0 }, { "n", "y", 100, 400 },
		{ "o", "x", 300, 0 }, { "p", "y", 200, 0 },
		{ "q", "x", 100, 0 }, { "r", "y", 300, 300 },
		{ "s", "z", 300, 0 },
	};
	static const struct {
		enum store_order order;
		size_t	 nsrc;
		const char *want;
	} t[] = {
		{ STORE_ORDER_NEWEST, 0, "m r s p n q " },
		{ STORE_ORDER_OLDEST, 0, "n q p m r s " },
		{ STORE_ORDER_UPDATED, 0, "n m r s p q " },
		{ STORE_ORDER_NEWEST, 2, "m r p n q " },
		{ STORE_ORDER_OLDEST, 2, "n q p m r " },
		{ STORE_ORDER_UPDATED, 2, "n m r p q " },
	};
	char	 x[] = "x", y[] = "y", *srcs[] = { x, y };
	struct store *st;
	struct buf b;
	struct article *a;
	size_t	 i;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		put(st, v[i].src, story(v[i].id, v[i].id, v[i].pub, v[i].upd),
		    1000, STORE_NEW, v[i].id);
	/* A killed story is in no order. */
	a = story("o", "o", 300, 0);
	a->signal = SIGNAL_KILL;
	put(st, "x", a, 1100, STORE_KILLED, "o killed");
	buf_init(&b, CAP_OUTPUT);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		buf_reset(&b);
		CHECK_INT_EQ(store_each_story(st, t[i].nsrc > 0 ? srcs : NULL,
		    t[i].nsrc, t[i].order, ids, &b), ERR_OK);
		CHECK_STR_EQ(buf_str(&b), t[i].want);
	}
	buf_cleanup(&b);
	store_close(st);
}

/*
 * Embargoes: a live story stored before its embargo is held until a
 * store_each_held() at or after it names it, once.
 */
static void
test_embargo(void)
{
	struct store *st;
	struct article *a;
	struct buf b;
	int64_t	 t = -1;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(t, 0);
	a = story("e1", "E1", 900, 0);
	a->embargo_until.t = 2000;
	put(st, "s", a, 1000, STORE_NEW, "e1, embargoed until 2000");
	a = story("e2", "E2", 900, 0);
	a->embargo_until.t = 1500;
	put(st, "s", a, 1000, STORE_NEW, "e2, embargoed until 1500");
	a = story("p", "P", 800, 0);
	a->embargo_until.t = 900;
	put(st, "s", a, 1000, STORE_NEW, "p, its embargo past");
	a = story("k", "K", 800, 0);
	a->embargo_until.t = 3000;
	a->signal = SIGNAL_KILL;
	put(st, "s", a, 1000, STORE_KILLED, "k, a kill under embargo");
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(t, 1500);
	buf_init(&b, CAP_OUTPUT);
	/* Every held story, earliest embargo first (feedmill status). */
	CHECK_INT_EQ(store_each_held(st, INT64_MAX, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "e2 e1 ");
	buf_reset(&b);
	CHECK_INT_EQ(store_each_held(st, 1400, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "");
	CHECK_INT_EQ(store_each_held(st, 1600, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "e2 ");
	/* Named again until released (a crash before publishing). */
	buf_reset(&b);
	CHECK_INT_EQ(store_each_held(st, 1600, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "e2 ");
	CHECK_INT_EQ(store_release_lifted(st, 1600), ERR_OK);
	buf_reset(&b);
	CHECK_INT_EQ(store_each_held(st, 1700, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "");
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(t, 2000);
	/* A version without the embargo is no longer held. */
	put(st, "s", story("e1", "E1 free", 900, 950), 1800, STORE_UPDATED,
	    "e1, its embargo lifted early");
	CHECK_INT_EQ(store_next_lift(st, &t), ERR_OK);
	CHECK_INT_EQ(t, 0);
	CHECK_INT_EQ(store_each_held(st, 2100, ids, &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "");
	buf_cleanup(&b);
	store_close(st);
}

/*
 * With a seen step, last_seen moves only once it is that old: what
 * retention deletes shows which sightings were written.
 */
static void
test_seen_step(void)
{
	struct store *st;
	long	 changed;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	store_set_seen_step(st, 100);
	put(st, "s", story("x", "X1", 500, 0), 1000, STORE_NEW, "new x");
	put(st, "s", story("y", "Y1", 500, 0), 1000, STORE_NEW, "new y");
	/* 50 s later: neither is written. */
	put(st, "s", story("x", "X1", 500, 0), 1050, STORE_SAME, "x at 1050");
	put(st, "s", story("y", "Y1", 500, 0), 1050, STORE_SAME, "y at 1050");
	/* 120 s after it was last written: x is. */
	put(st, "s", story("x", "X1", 500, 0), 1120, STORE_SAME, "x at 1120");
	/*
	 * Both expire at 1040; y, last written at 1000, is deleted; x,
	 * written at 1120, stays a tombstone.
	 */
	CHECK_INT_EQ(store_expire(st, NULL, 0, 1040, NULL, NULL, &changed),
	    ERR_OK);
	CHECK_INT_EQ(changed, 2);
	put(st, "s", story("x", "X1", 500, 0), 1200, STORE_IGNORED,
	    "x, a tombstone");
	put(st, "s", story("y", "Y1", 500, 0), 1200, STORE_NEW,
	    "y, deleted, is new");
	/* Tombstones move the same way: x was written at 1120. */
	put(st, "s", story("x", "X1", 500, 0), 1210, STORE_IGNORED,
	    "x, a tombstone, at 1210 (not written)");
	put(st, "s", story("x", "X1", 500, 0), 1230, STORE_IGNORED,
	    "x, a tombstone, at 1230 (written)");
	CHECK_INT_EQ(store_expire(st, NULL, 0, 1150, NULL, NULL, &changed),
	    ERR_OK);
	put(st, "s", story("x", "X1", 500, 0), 1240, STORE_IGNORED,
	    "x's tombstone, written at 1230, stays (1240 not written)");
	CHECK_INT_EQ(store_expire(st, NULL, 0, 1235, NULL, NULL, &changed),
	    ERR_OK);
	put(st, "s", story("x", "X1", 500, 0), 1250, STORE_NEW,
	    "x's tombstone, last written at 1230, is gone");
	store_close(st);
}

/*
 * After a new story the store inserts the next one straight away and
 * looks it up only when its id is known: every outcome must be what
 * the look-up gives, and each change one history row (the mark).
 */
static void
test_insert_first(void)
{
	struct store *st;
	struct article *a;
	struct buf b;
	int64_t	 mark;

	CHECK_INT_EQ(store_open(":memory:", &st), ERR_OK);
	if (st == NULL)
		return;
	CHECK_INT_EQ(store_begin(st), ERR_OK);
	put(st, "s", story("p", "P1", 100, 0), 1000, STORE_NEW, "new p");
	put(st, "s", story("q", "Q1", 200, 0), 1000, STORE_NEW, "new q");
	a = story("k", "K1", 300, 0);
	a->signal = SIGNAL_KILL;
	put(st, "s", a, 1000, STORE_KILLED, "k first seen killed, after new");
	put(st, "s", story("p", "P1", 100, 0), 1100, STORE_SAME,
	    "p again, after new");
	put(st, "s", story("r", "R1", 400, 0), 1100, STORE_NEW,
	    "new r, after same");
	put(st, "s", story("k", "K1", 300, 0), 1100, STORE_IGNORED,
	    "k again, after new");
	put(st, "s", story("s", "S1", 500, 0), 1100, STORE_NEW, "new s");
	put(st, "s", story("q", "Q2", 200, 250), 1200, STORE_UPDATED,
	    "q updated, after new");
	put(st, "s", story("t", "T1", 600, 0), 1200, STORE_NEW, "new t");
	put(st, "s", story("r", "R0", 400, 50), 1200, STORE_IGNORED,
	    "an older r, after new");
	CHECK_INT_EQ(store_commit(st), ERR_OK);
	CHECK_INT_EQ(store_change_mark(st, &mark), ERR_OK);
	CHECK_INT_EQ(mark, 7);
	buf_init(&b, CAP_OUTPUT);
	CHECK_INT_EQ(store_each_story(st, NULL, 0, STORE_ORDER_NEWEST, collect,
	    &b), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "s:t:T1\ns:s:S1\ns:r:R1\ns:q:Q2\n"
	    "s:p:P1\n");
	buf_cleanup(&b);
	store_close(st);
}

int
main(void)
{
	test_undump();
	test_store();
	test_seen_step();
	test_embargo();
	test_steps();
	test_history();
	test_migrate_5();
	test_file();
	test_order();
	test_insert_first();
	return tap_done();
}
