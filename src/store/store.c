/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store: opening and migrating, fetch state, feed heads,
 * stories with dedupe and tombstones, retention. SQLite's codes become
 * ERR_STORE here, after the message is logged with the database path.
 */
#include "config.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "model/dump.h"
#include "model/undump.h"
#include "store/schema.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Milliseconds to wait for a lock held by another process. */
#define STORE_BUSY_MS	5000
/*
 * Page cache in KiB. SQLite's default (2 MiB) spills a big transaction
 * to the WAL page by page, writing the same pages again and again.
 */
#define STORE_CACHE_KIB	"16384"
/*
 * Page size of a new database. Stories are kilobytes of HTML each: big
 * pages mean far fewer (and larger) writes. It applies only when the
 * database is created.
 */
#define STORE_PAGE_SIZE	"32768"

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*get_story;
	sqlite3_stmt	*ins_story;
	sqlite3_stmt	*ins_new;	/* ins_story, unless the id is known */
	sqlite3_stmt	*upd_story;
	sqlite3_stmt	*seen_story;
	sqlite3_stmt	*ins_history;
	/* Prepared on first use (statement()), kept until store_close(). */
	sqlite3_stmt	*get_state;
	sqlite3_stmt	*put_state;
	sqlite3_stmt	*count_stories;
	sqlite3_stmt	*put_feed;
	/* Transaction control, run once per source or batch. */
	sqlite3_stmt	*begin;
	sqlite3_stmt	*begin_read;
	sqlite3_stmt	*commit;
	/*
	 * The last story stored was new: try the next one as new too (one
	 * statement), and look it up only when its id turns out known.
	 */
	bool		 expect_new;
	/* last_seen is rewritten once older than this (store_set_seen_step) */
	int64_t		 seen_step;
	/* SQLite VM steps of finished statements (store_steps) */
	uint64_t	 steps;
};

/*
 * SQLITE_TRACE_PROFILE: statement p has run (it is being reset or
 * finalized); its steps go to st's count.
 */
static int
on_profile(unsigned type, void *ctx, void *p, void *x)
{
	struct store *st = ctx;

	(void)type;
	(void)x;
	st->steps += (unsigned)sqlite3_stmt_status(p,
	    SQLITE_STMTSTATUS_VM_STEP, 1);
	return 0;
}

static enum err
fail(struct store *st, const char *what)
{
	log_error("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return ERR_STORE;
}

static enum err
exec(struct store *st, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("%s: %s", st->path, msg != NULL ? msg :
		    sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return ERR_STORE;
	}
	return ERR_OK;
}

static enum err
prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return fail(st, "prepare");
	return ERR_OK;
}

/*
 * The statement in *slot, prepared from sql on first use. Each poll reads
 * and writes one source's state: compiling the SQL every time cost more
 * than the whole rest of a 304 cycle. The caller resets it after use.
 */
static enum err
statement(struct store *st, sqlite3_stmt **slot, const char *sql)
{
	if (*slot != NULL)
		return ERR_OK;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    slot, NULL) != SQLITE_OK)
		return fail(st, "prepare");
	return ERR_OK;
}

/*
 * Run the statement-less SQL in *slot (prepared from sql on first use):
 * the transaction control run for every source costs a compile each
 * through sqlite3_exec.
 */
static enum err
run(struct store *st, sqlite3_stmt **slot, const char *sql)
{
	enum err e;
	int	 rc;

	e = statement(st, slot, sql);
	if (e)
		return e;
	rc = sqlite3_step(*slot);
	sqlite3_reset(*slot);
	if (rc != SQLITE_DONE) {
		log_error("%s: %s: %s", st->path, sql, sqlite3_errmsg(st->db));
		return ERR_STORE;
	}
	return ERR_OK;
}

/* Done with a cached statement: its read lock goes, its bindings too. */
static void
done_with(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

int
store_version(struct store *st)
{
	sqlite3_stmt *s;
	int	 v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

bool
store_check(struct store *st)
{
	sqlite3_stmt *s;
	bool	 ok = false;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s,
	    NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	return ok;
}

/*
 * Bring the schema up to date, one migration per transaction. The
 * version is read inside the transaction, so two processes opening a
 * new database at once migrate it once.
 */
static enum err
migrate(struct store *st)
{
	char	 sql[64];
	int	 v;
	enum err e;

	for (;;) {
		e = exec(st, "BEGIN IMMEDIATE");
		if (e)
			return e;
		v = store_version(st);
		if (v < 0) {
			store_rollback(st);
			return fail(st, "schema version");
		}
		if ((size_t)v >= schema_nmigrations) {
			store_rollback(st);
			if ((size_t)v == schema_nmigrations)
				return ERR_OK;
			log_error("%s: schema version %d is newer than this "
			    "feedmill knows (%zu)", st->path, v,
			    schema_nmigrations);
			return ERR_STORE;
		}
		e = exec(st, schema_migrations[v]);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (!e)
			e = exec(st, sql);
		if (!e)
			e = exec(st, "COMMIT");
		if (e) {
			store_rollback(st);
			return e;
		}
	}
}

/*
 * Before SQLite's first use: no memory statistics, which would take a
 * global mutex on every allocation (a cycle makes millions). Stores are
 * opened on one thread, and a second call finds SQLite initialized and
 * changes nothing.
 */
static void
configure_sqlite(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum err
store_open(const char *path, struct store **out)
{
	struct store *st;
	enum err e;

	*out = NULL;
	configure_sqlite();
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		e = fail(st, "cannot open");
		store_close(st);
		return e;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	(void)sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, on_profile, st);
	/*
	 * temp_store = MEMORY: temporary tables and statement journals stay
	 * in memory (written to a file, savepoint journals once tripled a
	 * cycle's writes). Nothing large is sorted (see store_each_story).
	 */
	e = exec(st, "PRAGMA page_size = " STORE_PAGE_SIZE "; PRAGMA journal_mode"
	    " = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -"
	    STORE_CACHE_KIB "; PRAGMA temp_store = MEMORY");
	if (!e)
		e = migrate(st);
	if (!e)
		e = prepare(st, "SELECT seq, state, upd_time, hash, last_seen "
		    "FROM stories WHERE id = ?1", &st->get_story);
	if (!e)
		e = prepare(st, "INSERT INTO stories (id, source, state, "
		    "sort_time, upd_time, first_seen, last_seen, hash, dump, "
		    "hold) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9)",
		    &st->ins_story);
	if (!e)
		e = prepare(st, "INSERT INTO stories (id, source, state, "
		    "sort_time, upd_time, first_seen, last_seen, hash, dump, "
		    "hold) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9) "
		    "ON CONFLICT (id) DO NOTHING", &st->ins_new);
	if (!e)
		e = prepare(st, "UPDATE stories SET source = ?2, state = ?3, "
		    "sort_time = ?4, upd_time = ?5, last_seen = ?6, hash = ?7, "
		    "dump = ?8, hold = ?9 WHERE seq = ?1", &st->upd_story);
	if (!e)
		e = prepare(st, "UPDATE stories SET last_seen = ?2 WHERE "
		    "seq = ?1", &st->seen_story);
	if (!e)
		e = prepare(st, "INSERT INTO history (story_id, at, change, "
		    "hash) VALUES (?1, ?2, ?3, ?4)", &st->ins_history);
	if (e) {
		store_close(st);
		return e;
	}
	*out = st;
	return ERR_OK;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_finalize(st->get_story);
	sqlite3_finalize(st->ins_story);
	sqlite3_finalize(st->ins_new);
	sqlite3_finalize(st->upd_story);
	sqlite3_finalize(st->seen_story);
	sqlite3_finalize(st->ins_history);
	sqlite3_finalize(st->get_state);
	sqlite3_finalize(st->put_state);
	sqlite3_finalize(st->count_stories);
	sqlite3_finalize(st->put_feed);
	sqlite3_finalize(st->begin);
	sqlite3_finalize(st->begin_read);
	sqlite3_finalize(st->commit);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

enum err
store_begin(struct store *st)
{
	return run(st, &st->begin, "BEGIN IMMEDIATE");
}

enum err
store_begin_read(struct store *st)
{
	return run(st, &st->begin_read, "BEGIN DEFERRED");
}

enum err
store_commit(struct store *st)
{
	return run(st, &st->commit, "COMMIT");
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

bool
store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

void
fetch_state_init(struct fetch_state *fs)
{
	memset(fs, 0, sizeof *fs);
}

void
fetch_state_cleanup(struct fetch_state *fs)
{
	free(fs->config_url);
	free(fs->url);
	free(fs->etag);
	free(fs->last_modified);
	free(fs->result);
	memset(fs, 0, sizeof *fs);
}

static char *
col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

enum err
store_get_state(struct store *st, const char *name, struct fetch_state *fs)
{
	sqlite3_stmt *s;
	enum err e;
	int	 rc;

	fetch_state_init(fs);
	e = statement(st, &st->get_state, "SELECT url, etag, last_modified, "
	    "result, last_poll, last_ok, next_due, status, failures, "
	    "interval, config_url, ttl, skip_hours, skip_days FROM sources "
	    "WHERE name = ?1");
	if (e)
		return e;
	s = st->get_state;
	bind_str(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		fs->url = col_str(s, 0);
		fs->etag = col_str(s, 1);
		fs->last_modified = col_str(s, 2);
		fs->result = col_str(s, 3);
		fs->last_poll = sqlite3_column_int64(s, 4);
		fs->last_ok = sqlite3_column_int64(s, 5);
		fs->next_due = sqlite3_column_int64(s, 6);
		fs->status = (long)sqlite3_column_int64(s, 7);
		fs->failures = sqlite3_column_int(s, 8);
		fs->interval = (long)sqlite3_column_int64(s, 9);
		fs->config_url = col_str(s, 10);
		fs->ttl = sqlite3_column_int(s, 11);
		fs->skip_hours = (unsigned)sqlite3_column_int64(s, 12);
		fs->skip_days = (unsigned)sqlite3_column_int64(s, 13);
	} else if (rc != SQLITE_DONE)
		e = fail(st, "read source state");
	done_with(s);
	return e;
}

enum err
store_count_stories(struct store *st, const char *name, long *n)
{
	sqlite3_stmt *s;
	enum err e;

	*n = 0;
	e = statement(st, &st->count_stories, "SELECT count(*) FROM stories "
	    "WHERE source = ?1 AND state = 0");
	if (e)
		return e;
	s = st->count_stories;
	bind_str(s, 1, name);
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(s, 0);
	else
		e = fail(st, "count stories");
	done_with(s);
	return e;
}

enum err
store_put_state(struct store *st, const char *name,
    const struct fetch_state *fs)
{
	sqlite3_stmt *s;
	enum err e;

	e = statement(st, &st->put_state, "INSERT INTO sources (name, url, "
	    "etag, last_modified, result, last_poll, last_ok, next_due, "
	    "status, failures, interval, config_url, ttl, skip_hours, "
	    "skip_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15) "
	    "ON CONFLICT (name) DO UPDATE SET url = ?2, etag = ?3, "
	    "last_modified = ?4, result = ?5, last_poll = ?6, last_ok = ?7, "
	    "next_due = ?8, status = ?9, failures = ?10, interval = ?11, "
	    "config_url = ?12, ttl = ?13, skip_hours = ?14, skip_days = ?15");
	if (e)
		return e;
	s = st->put_state;
	bind_str(s, 1, name);
	bind_str(s, 2, fs->url);
	bind_str(s, 3, fs->etag);
	bind_str(s, 4, fs->last_modified);
	bind_str(s, 5, fs->result);
	sqlite3_bind_int64(s, 6, fs->last_poll);
	sqlite3_bind_int64(s, 7, fs->last_ok);
	sqlite3_bind_int64(s, 8, fs->next_due);
	sqlite3_bind_int64(s, 9, fs->status);
	sqlite3_bind_int(s, 10, fs->failures);
	sqlite3_bind_int64(s, 11, fs->interval);
	bind_str(s, 12, fs->config_url);
	sqlite3_bind_int(s, 13, fs->ttl);
	sqlite3_bind_int64(s, 14, fs->skip_hours);
	sqlite3_bind_int64(s, 15, fs->skip_days);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "save source state");
	done_with(s);
	return e;
}

enum err
store_list_sources(struct store *st, char ***v, size_t *n)
{
	sqlite3_stmt *s;
	enum err e;
	int	 rc;

	*v = NULL;
	*n = 0;
	e = prepare(st, "SELECT name FROM sources ORDER BY name", &s);
	if (e)
		return e;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*VEC_PUSH(*v, *n) = col_str(s, 0);
	if (rc != SQLITE_DONE)
		e = fail(st, "list sources");
	sqlite3_finalize(s);
	return e;
}

enum err
store_put_feed(struct store *st, const char *name, const struct feed *f)
{
	sqlite3_stmt *s;
	struct buf b;
	enum err e;

	buf_init(&b, CAP_OUTPUT);
	e = dump_feed(&b, f);
	if (!e)
		e = statement(st, &st->put_feed, "INSERT INTO sources (name, "
		    "feed) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET "
		    "feed = ?2");
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	s = st->put_feed;
	bind_str(s, 1, name);
	sqlite3_bind_text(s, 2, b.data != NULL ? b.data : "", (int)b.len,
	    SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "save feed head");
	done_with(s);
	buf_cleanup(&b);
	return e;
}

enum err
store_get_feed(struct store *st, const char *name, struct feed *f)
{
	sqlite3_stmt *s;
	enum err e;
	int	 rc;

	e = prepare(st, "SELECT feed FROM sources WHERE name = ?1", &s);
	if (e)
		return e;
	bind_str(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL) {
		e = undump_feed((const char *)sqlite3_column_text(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0), f);
		if (e)
			log_error("%s: source %s: stored feed head unreadable",
			    st->path, name);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = fail(st, "read feed head");
	sqlite3_finalize(s);
	return e;
}

static enum err
history(struct store *st, const char *id, int64_t now, const char *change,
    const char *hash)
{
	sqlite3_stmt *s = st->ins_history;
	enum err e = ERR_OK;

	bind_str(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	bind_str(s, 3, change);
	bind_str(s, 4, hash);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "write history");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return e;
}

/*
 * Bind the columns shared by insert and update (?2 .. ?8); dump (len
 * bytes, no NUL inside) is bound with its length, which spares SQLite
 * measuring kilobytes of it again.
 */
static void
bind_story(sqlite3_stmt *s, const char *source, int state,
    const struct article *a, int64_t first_seen, int64_t now,
    const char *hash, const char *dump, size_t len)
{
	int64_t	 pub, upd;

	pub = a->published.t != 0 ? a->published.t : a->updated.t != 0 ?
	    a->updated.t : first_seen;
	upd = a->updated.t != 0 ? a->updated.t : pub;
	bind_str(s, 2, source);
	sqlite3_bind_int(s, 3, state);
	sqlite3_bind_int64(s, 4, pub);
	sqlite3_bind_int64(s, 5, upd);
	sqlite3_bind_int64(s, 6, now);
	bind_str(s, 7, hash);
	if (dump == NULL)
		sqlite3_bind_null(s, 8);
	else
		sqlite3_bind_text(s, 8, dump, (int)len, SQLITE_STATIC);
	/* A live story under an embargo still to come is held back. */
	sqlite3_bind_int64(s, 9, state == 0 && a->embargo_until.t > now ?
	    a->embargo_until.t : 0);
}

/* The version time of a: updated, else published, else now. */
static int64_t
story_updated(const struct article *a, int64_t now)
{
	return a->updated.t != 0 ? a->updated.t : a->published.t != 0 ?
	    a->published.t : now;
}

static enum err
step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	enum err e = ERR_OK;

	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, what);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return e;
}

enum err
store_prepare_article(const struct article *a, struct store_prepared *p)
{
	struct buf b;
	size_t	 n;
	enum err e;

	memset(p, 0, sizeof *p);
	if (a->id == NULL || *a->id == '\0')
		return ERR_OK;
	buf_init(&b, CAP_OUTPUT);
	/*
	 * The long fields and a few lines of the rest, with room for their
	 * escapes: one allocation where doubling from 64 bytes took seven.
	 */
	n = 2048;
	if (a->content_html != NULL)
		n += strlen(a->content_html) * 9 / 8;
	if (a->content_text != NULL)
		n += strlen(a->content_text) * 9 / 8;
	if (a->summary != NULL)
		n += strlen(a->summary);
	buf_reserve(&b, n);
	e = dump_article(&b, a);
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	hash_hex(b.data, b.len, p->hash);
	p->dump = buf_take(&b, &p->len);
	return ERR_OK;
}

void
store_prepared_cleanup(struct store_prepared *p)
{
	free(p->dump);
	memset(p, 0, sizeof *p);
}

enum err
store_put_article(struct store *st, const char *source,
    const struct article *a, int64_t now, enum store_change *change)
{
	struct store_prepared p;
	enum err e;

	*change = STORE_IGNORED;
	e = store_prepare_article(a, &p);
	if (!e)
		e = store_put_prepared(st, source, a, &p, now, change);
	store_prepared_cleanup(&p);
	return e;
}

void
store_set_seen_step(struct store *st, int64_t step)
{
	st->seen_step = step > 0 ? step : 0;
}

/*
 * Story seq, last seen at seen, is seen again at now. Writing last_seen
 * at every poll would rewrite the pages of every story a feed still
 * lists; it moves once it is seen_step old.
 */
static enum err
mark_seen(struct store *st, int64_t seq, int64_t seen, int64_t now)
{
	sqlite3_stmt *s = st->seen_story;

	if (seen <= now && now - seen < st->seen_step)
		return ERR_OK;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, now);
	return step_done(st, s, "mark story seen");
}

enum err
store_put_prepared(struct store *st, const char *source,
    const struct article *a, const struct store_prepared *p, int64_t now,
    enum store_change *change)
{
	sqlite3_stmt *s = st->get_story;
	const char *hash = p->hash;
	char	 oldhash[HASH_HEX_LEN + 1] = "";
	int64_t	 seq = 0, oldupd = 0, seen = 0;
	int	 rc, state = 0, kill;
	enum err e = ERR_OK;

	*change = STORE_IGNORED;
	if (a->id == NULL || *a->id == '\0' || p->dump == NULL)
		return ERR_OK;
	kill = a->signal == SIGNAL_KILL || a->pubstatus == PUBSTATUS_CANCELED;

	/*
	 * After a new story the next is likely new too (a feed read for
	 * the first time): insert it at once, which skips the look-up.
	 * A story first seen as a kill is remembered as a tombstone.
	 */
	if (st->expect_new) {
		s = st->ins_new;
		sqlite3_bind_text(s, 1, a->id, -1, SQLITE_STATIC);
		bind_story(s, source, kill ? 1 : 0, a, now, now, hash,
		    kill ? NULL : p->dump, p->len);
		e = step_done(st, s, "insert story");
		if (e)
			return e;
		if (sqlite3_changes(st->db) > 0) {
			*change = kill ? STORE_KILLED : STORE_NEW;
			return history(st, a->id, now, kill ? "kill" : "new",
			    hash);
		}
		st->expect_new = false;
		s = st->get_story;
	}

	bind_str(s, 1, a->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(s, 0);
		state = sqlite3_column_int(s, 1);
		oldupd = sqlite3_column_int64(s, 2);
		snprintf(oldhash, sizeof oldhash, "%s",
		    (const char *)sqlite3_column_text(s, 3));
		seen = sqlite3_column_int64(s, 4);
	} else if (rc != SQLITE_DONE)
		e = fail(st, "look up story");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (e)
		return e;

	if (seq == 0) {
		/* A story first seen as a kill is remembered as a tombstone. */
		s = st->ins_story;
		sqlite3_bind_text(s, 1, a->id, -1, SQLITE_STATIC);
		bind_story(s, source, kill ? 1 : 0, a, now, now, hash,
		    kill ? NULL : p->dump, p->len);
		e = step_done(st, s, "insert story");
		*change = kill ? STORE_KILLED : STORE_NEW;
		st->expect_new = true;
	} else if (state != 0) {
		/* Tombstones stay; only last_seen moves (for retention). */
		e = mark_seen(st, seq, seen, now);
		*change = STORE_IGNORED;
	} else if (strcmp(oldhash, hash) == 0 ||
	    (!kill && story_updated(a, now) < oldupd)) {
		/* The same version again, or an older one arriving late. */
		e = mark_seen(st, seq, seen, now);
		*change = strcmp(oldhash, hash) == 0 ? STORE_SAME :
		    STORE_IGNORED;
	} else {
		s = st->upd_story;
		sqlite3_bind_int64(s, 1, seq);
		bind_story(s, source, kill ? 1 : 0, a, now, now, hash,
		    kill ? NULL : p->dump, p->len);
		e = step_done(st, s, "update story");
		*change = kill ? STORE_KILLED : STORE_UPDATED;
	}
	if (!e && (*change == STORE_NEW || *change == STORE_UPDATED ||
	    *change == STORE_KILLED))
		e = history(st, a->id, now, *change == STORE_NEW ? "new" :
		    *change == STORE_UPDATED ? "update" : "kill", hash);
	return e;
}

enum err
store_enrich_article(struct store *st, const struct article *a, int64_t now,
    bool *changed)
{
	sqlite3_stmt *s;
	char	 hash[HASH_HEX_LEN + 1];
	struct buf b;
	enum err e;

	*changed = false;
	if (a->id == NULL)
		return ERR_OK;
	buf_init(&b, CAP_OUTPUT);
	e = dump_article(&b, a);
	if (!e)
		e = prepare(st, "UPDATE stories SET dump = ?2 WHERE id = ?1 AND "
		    "state = 0 AND dump IS NOT ?2", &s);
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	bind_str(s, 1, a->id);
	sqlite3_bind_text(s, 2, b.data, (int)b.len, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "update story text");
	else
		*changed = sqlite3_changes(st->db) > 0;
	sqlite3_finalize(s);
	/* History moves the change mark: a crash before publishing is seen. */
	if (!e && *changed) {
		hash_hex(b.data, b.len, hash);
		e = history(st, a->id, now, "fulltext", hash);
	}
	buf_cleanup(&b);
	return e;
}

/* " AND source IN (?2, ?3, ...)" for n sources, binding from index 2. */
static enum err
add_source_filter(struct buf *sql, size_t n)
{
	size_t	 i;
	enum err e = ERR_OK;

	if (n == 0)
		return ERR_OK;
	e = buf_add(sql, " AND source IN (");
	for (i = 0; i < n && !e; i++)
		e = buf_addf(sql, "%s?%zu", i ? ", " : "", i + 2);
	if (!e)
		e = buf_addc(sql, ')');
	return e;
}

/*
 * The stories are read in two steps: their seq in order (a small sort),
 * then each one's dump by seq as the caller takes it. Sorting the rows
 * with their dumps spilled every live story to a temporary file.
 */
enum err
store_each_story(struct store *st, char *const *sources, size_t nsources,
    enum store_order order, store_story_fn *fn, void *ctx)
{
	sqlite3_stmt *s, *get = NULL;
	struct article *a;
	struct buf sql;
	bool	 more = true;
	size_t	 i;
	enum err e;
	int	 rc = SQLITE_DONE, rc2;

	buf_init(&sql, 64 * CAP_KIB);
	/*
	 * Some sources: their stories (stories_live), sorted. Every source:
	 * by date off stories_time, stopping when the caller has enough.
	 */
	e = buf_add(&sql, nsources > 0 ? "SELECT seq FROM stories INDEXED BY "
	    "stories_live WHERE state = 0 AND ?1 = ?1" : "SELECT seq FROM "
	    "stories WHERE state = 0 AND ?1 = ?1");
	if (!e)
		e = add_source_filter(&sql, nsources);
	if (!e)
		e = buf_add(&sql, order == STORE_ORDER_UPDATED ?
		    " ORDER BY upd_time DESC, seq" : order == STORE_ORDER_OLDEST ?
		    " ORDER BY sort_time, seq" : " ORDER BY sort_time DESC, seq");
	if (!e)
		e = prepare(st, buf_str(&sql), &s);
	buf_cleanup(&sql);
	if (e)
		return e;
	e = prepare(st, "SELECT source, dump FROM stories WHERE seq = ?1",
	    &get);
	if (e) {
		sqlite3_finalize(s);
		return e;
	}
	sqlite3_bind_int(s, 1, 0);
	for (i = 0; i < nsources; i++)
		bind_str(s, (int)i + 2, sources[i]);
	a = article_new();
	while (more && !e && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_bind_int64(get, 1, sqlite3_column_int64(s, 0));
		rc2 = sqlite3_step(get);
		if (rc2 != SQLITE_ROW) {
			if (rc2 != SQLITE_DONE)
				e = fail(st, "read a story");
			sqlite3_reset(get);
			continue;
		}
		article_reset(a);
		e = undump_article((const char *)sqlite3_column_text(get, 1),
		    (size_t)sqlite3_column_bytes(get, 1), a);
		if (e) {
			log_error("%s: a stored story is unreadable; skipped",
			    st->path);
			e = ERR_OK;
		} else
			e = fn(ctx, (const char *)sqlite3_column_text(get, 0),
			    a, &more);
		sqlite3_reset(get);
	}
	if (!e && more && rc != SQLITE_DONE)
		e = fail(st, "read stories");
	article_free(a);
	sqlite3_finalize(get);
	sqlite3_finalize(s);
	return e;
}

enum err
store_expire(struct store *st, char *const *sources, size_t nsources,
    int64_t cutoff, store_id_fn *gone, void *arg, long *changed)
{
	sqlite3_stmt *s;
	struct buf sql;
	char	**ids = NULL;
	size_t	 i, n = 0, pass;
	int	 rc;
	enum err e = ERR_OK;

	*changed = 0;
	/*
	 * Both passes read by index (state = 0: stories_time or
	 * stories_live; the tombstones' states are named, as state != 0
	 * read the whole table, live stories' dumps and all, each cycle).
	 */
	for (pass = 0; pass < 2 && !e; pass++) {
		buf_init(&sql, 64 * CAP_KIB);
		e = buf_add(&sql, pass == 0 ?
		    "UPDATE stories SET state = 2, dump = NULL WHERE state = 0 "
		    "AND sort_time < ?1 AND first_seen < ?1" :
		    "DELETE FROM stories WHERE state IN (1, 2) AND "
		    "last_seen < ?1");
		if (!e)
			e = add_source_filter(&sql, nsources);
		if (!e && pass == 0)
			e = buf_add(&sql, " RETURNING id");
		if (!e)
			e = prepare(st, buf_str(&sql), &s);
		buf_cleanup(&sql);
		if (e)
			break;
		sqlite3_bind_int64(s, 1, cutoff);
		for (i = 0; i < nsources; i++)
			bind_str(s, (int)i + 2, sources[i]);
		for (;;) {
			rc = sqlite3_step(s);
			if (rc != SQLITE_ROW)
				break;
			(*changed)++;
			if (gone != NULL)
				*VEC_PUSH(ids, n) = xstrdup((const char *)
				    sqlite3_column_text(s, 0));
		}
		if (rc != SQLITE_DONE)
			e = fail(st, "expire stories");
		sqlite3_finalize(s);
	}
	/* Both statements are done: what they changed is stored. */
	for (i = 0; i < n; i++) {
		if (!e)
			gone(ids[i], arg);
		free(ids[i]);
	}
	free(ids);
	return e;
}

enum err
store_trim_history(struct store *st, int64_t cutoff, long *n)
{
	sqlite3_stmt *s;
	enum err e;

	*n = 0;
	/*
	 * Rows come in time order: the first one from cutoff on is found
	 * past the ones to delete. None: the newest row stays too.
	 */
	e = prepare(st, "DELETE FROM history WHERE rowid < (SELECT rowid "
	    "FROM history WHERE at >= ?1 ORDER BY rowid LIMIT 1)", &s);
	if (e)
		return e;
	sqlite3_bind_int64(s, 1, cutoff);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "trim history");
	else
		*n = sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return e;
}

enum err
store_each_held(struct store *st, int64_t until, store_story_fn *fn,
    void *ctx)
{
	sqlite3_stmt *s;
	struct article *a;
	bool	 more = true;
	int	 rc = SQLITE_DONE;
	enum err e;

	/* The partial index: stories_time would read every live story. */
	e = prepare(st, "SELECT source, dump FROM stories INDEXED BY "
	    "stories_hold WHERE hold != 0 AND hold <= ?1 AND state = 0 "
	    "ORDER BY hold, seq", &s);
	if (e)
		return e;
	sqlite3_bind_int64(s, 1, until);
	a = article_new();
	while (!e && more) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		article_reset(a);
		if (undump_article((const char *)sqlite3_column_text(s, 1),
		    (size_t)sqlite3_column_bytes(s, 1), a) != ERR_OK) {
			log_error("%s: a stored story is unreadable; skipped",
			    st->path);
			continue;
		}
		e = fn(ctx, (const char *)sqlite3_column_text(s, 0), a, &more);
	}
	if (!e && more && rc != SQLITE_DONE)
		e = fail(st, "read held stories");
	article_free(a);
	sqlite3_finalize(s);
	return e;
}

enum err
store_release_lifted(struct store *st, int64_t now)
{
	sqlite3_stmt *s;
	enum err e;

	e = prepare(st, "UPDATE stories SET hold = 0 WHERE hold != 0 AND "
	    "hold <= ?1", &s);
	if (e)
		return e;
	sqlite3_bind_int64(s, 1, now);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "release held stories");
	sqlite3_finalize(s);
	return e;
}

/* One integer from sql with text parameter ?1 (may be NULL); 0 if no row. */
static enum err
query_int(struct store *st, const char *sql, const char *arg, int64_t *out)
{
	sqlite3_stmt *s;
	enum err e;
	int	 rc;

	*out = 0;
	e = prepare(st, sql, &s);
	if (e)
		return e;
	bind_str(s, 1, arg);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		e = fail(st, "query");
	sqlite3_finalize(s);
	return e;
}

enum err
store_next_lift(struct store *st, int64_t *t)
{
	return query_int(st, "SELECT coalesce(min(hold), 0) FROM stories "
	    "INDEXED BY stories_hold WHERE hold != 0 AND state = 0", NULL, t);
}

uint64_t
store_steps(const struct store *st)
{
	return st->steps;
}

enum err
store_change_mark(struct store *st, int64_t *mark)
{
	return query_int(st, "SELECT coalesce(max(rowid), 0) FROM history "
	    "WHERE ?1 IS NULL", NULL, mark);
}

enum err
store_get_published(struct store *st, const char *name, int64_t *mark)
{
	return query_int(st, "SELECT published FROM channels WHERE name = ?1",
	    name, mark);
}

enum err
store_set_published(struct store *st, const char *name, int64_t mark)
{
	sqlite3_stmt *s;
	enum err e;

	e = prepare(st, "INSERT INTO channels (name, published) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET published = ?2", &s);
	if (e)
		return e;
	bind_str(s, 1, name);
	sqlite3_bind_int64(s, 2, mark);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "save channel mark");
	sqlite3_finalize(s);
	return e;
}

void
store_sub_cleanup(struct store_sub *sub)
{
	free(sub->source);
	free(sub->id);
	free(sub->hub);
	free(sub->topic);
	free(sub->secret);
	memset(sub, 0, sizeof *sub);
}

enum err
store_put_sub(struct store *st, const struct store_sub *sub)
{
	sqlite3_stmt *s;
	enum err e;

	e = prepare(st, "INSERT OR REPLACE INTO websub (source, id, hub, "
	    "topic, secret, state, lease, expires, next_try, failures) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s);
	if (e)
		return e;
	bind_str(s, 1, sub->source);
	bind_str(s, 2, sub->id);
	bind_str(s, 3, sub->hub);
	bind_str(s, 4, sub->topic);
	bind_str(s, 5, sub->secret);
	sqlite3_bind_int(s, 6, (int)sub->state);
	sqlite3_bind_int64(s, 7, sub->lease);
	sqlite3_bind_int64(s, 8, sub->expires);
	sqlite3_bind_int64(s, 9, sub->next_try);
	sqlite3_bind_int(s, 10, sub->failures);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "save subscription");
	sqlite3_finalize(s);
	return e;
}

enum err
store_del_sub(struct store *st, const char *source)
{
	sqlite3_stmt *s;
	enum err e;

	e = prepare(st, "DELETE FROM websub WHERE source = ?1", &s);
	if (e)
		return e;
	bind_str(s, 1, source);
	if (sqlite3_step(s) != SQLITE_DONE)
		e = fail(st, "forget subscription");
	sqlite3_finalize(s);
	return e;
}

enum err
store_list_subs(struct store *st, struct store_sub **v, size_t *n)
{
	struct store_sub *sub;
	sqlite3_stmt *s;
	enum err e;
	int	 rc;

	*v = NULL;
	*n = 0;
	e = prepare(st, "SELECT source, id, hub, topic, secret, state, lease, "
	    "expires, next_try, failures FROM websub ORDER BY source", &s);
	if (e)
		return e;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sub = VEC_PUSH(*v, *n);
		sub->source = col_str(s, 0);
		sub->id = col_str(s, 1);
		sub->hub = col_str(s, 2);
		sub->topic = col_str(s, 3);
		sub->secret = col_str(s, 4);
		sub->state = (enum store_sub_state)sqlite3_column_int(s, 5);
		sub->lease = (long)sqlite3_column_int64(s, 6);
		sub->expires = sqlite3_column_int64(s, 7);
		sub->next_try = sqlite3_column_int64(s, 8);
		sub->failures = sqlite3_column_int(s, 9);
	}
	if (rc != SQLITE_DONE)
		e = fail(st, "list subscriptions");
	sqlite3_finalize(s);
	return e;
}
