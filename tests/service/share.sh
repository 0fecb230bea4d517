#!/bin/sh
# Share pages leave with their story. A killed story's page is gone
# after the cycle that reads the kill, also when the story and its kill
# arrive in the same cycle (two spool files read one after the other):
# the page written for the story is still waiting to be renamed into
# place when the kill removes it. With and without worker threads; the
# kill in a later cycle; and a story that retention expires.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# ninjs FILE VERSION PUBSTATUS: a version of the one wire story.
ninjs() {
	printf '{"uri": "urn:test:story-1", "version": "%s", ' "$2" >"$1"
	printf '"headline": "Bridge reopens", "body_text": "The bridge ' >>"$1"
	printf 'reopened.", "versioncreated": "2026-11-28T0%s:00:00Z", ' \
	    "$2" >>"$1"
	printf '"pubstatus": "%s"}\n' "$3" >>"$1"
}

# setup DIR [LINE]: a service with one spool source and one channel
# (LINE added to the channel).
setup() {
	mkdir -p "$1/spool"
	printf '[service]\nstate_dir = state\noutput_dir = out\n' \
	    >"$1/feedmill.conf"
	printf 'base_url = https://news.example.com/\n[channel all]\n' \
	    >>"$1/feedmill.conf"
	[ -n "${2:-}" ] && printf '%s\n' "$2" >>"$1/feedmill.conf"
	printf '[source]\nspool = spool\n' >"$1/wire.ini"
}

# pages DIR: the share pages there are, one per line ("none" if none).
pages() {
	ls "$1/out/share" 2>/dev/null | grep . || echo none
}

for workers in 0 2; do
	d="$TMP/same-$workers"
	setup "$d"
	ninjs "$d/spool/a-0001.json" 1 usable
	ninjs "$d/spool/a-0002.json" 2 canceled
	touch -d '1 minute ago' "$d/spool/"*
	FEEDMILL_WORKERS=$workers fm poll --once -c "$d/feedmill.conf" \
	    >"$d/err" 2>&1
	grep -q "stories: 1 new, 0 updated, 1 killed" "$d/err" &&
	    ok "workers $workers: story and kill read in one cycle" ||
	    not_ok "workers $workers: story and kill read in one cycle"
	[ "$(pages "$d")" = none ] &&
	    ok "workers $workers: no share page for a story killed in its cycle" ||
	    not_ok "workers $workers: no share page for a story killed in its cycle: $(pages "$d")"
	grep -q "Bridge reopens" "$d/out/all.rss" &&
	    not_ok "workers $workers: the killed story left the channel" ||
	    ok "workers $workers: the killed story left the channel"
done

# The kill in the next cycle removes the page the first one wrote.
d="$TMP/later"
setup "$d"
ninjs "$d/spool/a-0001.json" 1 usable
touch -d '1 minute ago' "$d/spool/"*
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
[ "$(pages "$d")" = test-story-1-05a224ecb6.html ] &&
    ok "the story's share page is written" ||
    not_ok "the story's share page is written: $(pages "$d")"
ninjs "$d/spool/a-0002.json" 2 canceled
touch -d '1 minute ago' "$d/spool/a-0002.json"
fm poll --once --force -c "$d/feedmill.conf" >"$d/err" 2>&1
[ "$(pages "$d")" = none ] &&
    ok "a kill in a later cycle removes the share page" ||
    not_ok "a kill in a later cycle removes the share page: $(pages "$d")"

# Retention: a story it expires leaves the channel and its page goes.
d="$TMP/retention"
setup "$d" "retention = 1s"
ninjs "$d/spool/a-0001.json" 1 usable
touch -d '1 minute ago' "$d/spool/"*
fm poll --once -c "$d/feedmill.conf" >"$d/err" 2>&1
[ "$(pages "$d")" = test-story-1-05a224ecb6.html ] &&
    ok "retention: the story's share page is written" ||
    not_ok "retention: the story's share page is written: $(pages "$d")"
sleep 2
fm poll --once --force -c "$d/feedmill.conf" >"$d/err" 2>&1
grep -q "stories: 0 new, 0 updated, 0 killed, 1 expired" "$d/err" &&
    ok "retention: the story expires" ||
    not_ok "retention: the story expires: $(cat "$d/err")"
[ "$(pages "$d")" = none ] &&
    ok "retention: an expired story's share page is removed" ||
    not_ok "retention: an expired story's share page is removed: $(pages "$d")"
grep -q "Bridge reopens" "$d/out/all.rss" &&
    not_ok "retention: the expired story left the channel" ||
    ok "retention: the expired story left the channel"

done_testing
