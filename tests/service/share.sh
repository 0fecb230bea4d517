#!/bin/sh
# Share pages leave with their story. A killed story's page is gone
# after the cycle that reads the kill, also when the story and its kill
# arrive in the same cycle (two spool files read one after the other):
# the page written for the story is still waiting to be renamed into
# place when the kill removes it. With and without worker threads; the
# kill in a later cycle; and a story that retention expires, with its
# history.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/service/common.sh"

for workers in 0 2; do
	d="$TMP/same-$workers"
	spool_service "$d"
	ninjs "$d/spool/a-0001.json" story-1 1 usable
	ninjs "$d/spool/a-0002.json" story-1 2 canceled
	FEEDMILL_WORKERS=$workers fm poll --once -c "$d/feedmill.conf" \
	    >"$d/err" 2>&1
	grep -q "stories: 1 new, 0 updated, 1 killed" "$d/err" &&
	    ok "workers $workers: story and kill read in one cycle" ||
	    not_ok "workers $workers: story and kill read in one cycle"
	expect_shown "$d" "channel:pages:" \
	    "workers $workers: a story killed in its cycle: no page, no item"
done

# The kill in the next cycle removes the page the first one wrote.
d="$TMP/later"
spool_service "$d"
ninjs "$d/spool/a-0001.json" story-1 1 usable
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
expect_shown "$d" "channel:story-1 pages:test-story-1 " \
    "the story and its share page are published"
ninjs "$d/spool/a-0002.json" story-1 2 canceled
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
expect_shown "$d" "channel:pages:" \
    "a kill in a later cycle removes the story and its share page"

# Retention: a story it expires leaves the channel and its page goes.
d="$TMP/retention"
spool_service "$d" "retention = 1s"
ninjs "$d/spool/a-0001.json" story-1 1 usable
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
expect_shown "$d" "channel:story-1 pages:test-story-1 " \
    "retention: the story and its share page are published"
sleep 2
ninjs "$d/spool/b-0001.json" story-2 1 usable
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
grep -q "stories: 1 new, 0 updated, 0 killed, 1 expired" "$d/err" &&
    ok "retention: the story expires" ||
    not_ok "retention: the story expires: $(cat "$d/err")"
expect_shown "$d" "channel:story-2 pages:test-story-2 " \
    "retention: an expired story leaves the channel, its share page too"
# The store's history of changes keeps what retention keeps.
python3 -c 'import sqlite3, sys
print(*sqlite3.connect(sys.argv[1]).execute("SELECT story_id, change "
    "FROM history").fetchall())' "$d/state/feedmill.db" >"$TMP/got"
echo "('urn:test:story-2', 'new')" >"$TMP/want"
check_file "retention: the history of older changes goes too" "$TMP/want" \
    "$TMP/got"

done_testing
