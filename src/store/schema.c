/* SPDX-License-Identifier: MIT */
/*
 * Store migrations, oldest first. Version 1 is the first schema:
 * sources (fetch state and the last feed head), stories (one row per
 * story id: its dump, or NULL for a tombstone) and history (one row per
 * new, updated or killed version).
 */
#include "config.h"
#include "store/schema.h"

const char *const schema_migrations[] = {
	/* 1 */
	"CREATE TABLE sources ("
	"  name TEXT PRIMARY KEY,"
	"  config_url TEXT,"
	"  url TEXT,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  result TEXT,"
	"  last_poll INTEGER NOT NULL DEFAULT 0,"
	"  last_ok INTEGER NOT NULL DEFAULT 0,"
	"  next_due INTEGER NOT NULL DEFAULT 0,"
	"  status INTEGER NOT NULL DEFAULT 0,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  interval INTEGER NOT NULL DEFAULT 0,"
	"  feed TEXT"
	");"
	/* state: 0 live, 1 killed, 2 expired by retention. */
	"CREATE TABLE stories ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  source TEXT NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  sort_time INTEGER NOT NULL,"
	"  upd_time INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  dump TEXT"
	");"
	"CREATE INDEX stories_live ON stories (state, source, sort_time);"
	"CREATE TABLE history ("
	"  story_id TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  change TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");",
	/*
	 * 2: what each channel last published: the history row it was up
	 * to date with, so a run killed between storing stories and
	 * publishing them publishes them on the next run.
	 */
	"CREATE TABLE channels ("
	"  name TEXT PRIMARY KEY,"
	"  published INTEGER NOT NULL DEFAULT 0"
	");",
	/*
	 * 3: the feed's own polling hints (RSS ttl, skipHours, skipDays),
	 * kept with the fetch state so a 304 still honours them.
	 */
	"ALTER TABLE sources ADD COLUMN ttl INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sources ADD COLUMN skip_hours INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sources ADD COLUMN skip_days INTEGER NOT NULL DEFAULT 0;",
	/*
	 * 4: WebSub subscriptions, one per source: the callback id and
	 * secret, and where the subscription stands (service/websub.c,
	 * which looks them up by id in memory). One b-tree: a new store
	 * grows by one page only.
	 */
	"CREATE TABLE websub ("
	"  source TEXT PRIMARY KEY,"
	"  id TEXT NOT NULL,"
	"  hub TEXT NOT NULL,"
	"  topic TEXT NOT NULL,"
	"  secret TEXT NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  lease INTEGER NOT NULL DEFAULT 0,"
	"  expires INTEGER NOT NULL DEFAULT 0,"
	"  next_try INTEGER NOT NULL DEFAULT 0,"
	"  failures INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;",
	/*
	 * 5: live stories by date, for channels of every source: their
	 * newest come straight off the index, where the whole store was
	 * sorted on every publish (and every poll --once, for index.html).
	 */
	"CREATE INDEX stories_time ON stories (state, sort_time);",
	/*
	 * 6: the embargo a live story was stored under, while it has not
	 * passed (0 otherwise): the cycle that finds it passed publishes
	 * the story's share page and channels, then sets it to 0.
	 */
	"ALTER TABLE stories ADD COLUMN hold INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX stories_hold ON stories (hold) WHERE hold != 0;",
};

const size_t schema_nmigrations =
    sizeof schema_migrations / sizeof schema_migrations[0];
