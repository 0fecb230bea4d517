#!/bin/sh
# The news lifecycle in the service, as in convert: a story under an
# embargo is stored but left out of every output (channels and share
# page) until its time, and the first cycle after that publishes it
# (poll --once; serve wakes up for it, with nothing to poll); a withheld
# version takes a published story out, its share page too, and a usable
# one brings it back. feedmill status --embargoes lists what is held.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/service/common.sh"

pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

# An embargo 6 seconds away (the first cycle must run before it), a
# withheld story, a usable one and one whose embargo has passed.
d="$TMP/poll"
spool_service "$d"
soon=$(date -u -d '+6 seconds' +%Y-%m-%dT%H:%M:%SZ)
ninjs "$d/spool/a.json" held 1 usable "$soon"
ninjs "$d/spool/b.json" wh 1 withheld
ninjs "$d/spool/c.json" open 1 usable
ninjs "$d/spool/d.json" past 1 usable 2026-11-28T08:00:00Z
# Held all along; its headline has a terminal escape in it (the
# normalizer drops it, status would blank it).
printf '{"uri": "urn:test:later", "headline": "Red\\u001b[31m alert", %s\n' \
    '"body_text": "Later.", "embargoed": "2099-01-01T00:00:00Z"}' \
    >"$d/spool/g.json"
touch -d '1 minute ago' "$d/spool/g.json"
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" "channel:open past pages:test-open test-past " \
    "poll: the embargoed and the withheld story are held back"

# held_list DIR: status --embargoes from its header on.
held_list() {
	fm status --embargoes -c "$1/feedmill.conf" 2>&1 |
	    sed -n '/^HELD UNTIL/,$p;/^no story/p'
}
held_list "$d" >"$TMP/got"
printf '%-20s %-20s %s  %s\n' "HELD UNTIL" SOURCE ID TITLE "$soon" wire \
    urn:test:held "Story held" 2099-01-01T00:00:00Z wire urn:test:later \
    "Red[31m alert" >"$TMP/want"
check_file "status --embargoes: each held story, earliest first" \
    "$TMP/want" "$TMP/got"
grep -q "Body of held" "$d/out/all.rss" "$d/out/all.json" \
    "$d/out/all.atom" "$d/out/share/"* &&
    not_ok "poll: no output carries the embargoed text" ||
    ok "poll: no output carries the embargoed text"
sleep 7
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" \
    "channel:held open past pages:test-held test-open test-past " \
    "poll: the next cycle after its time publishes it"
held_list "$d" >"$TMP/got"
printf '%-20s %-20s %s  %s\n' "HELD UNTIL" SOURCE ID TITLE \
    2099-01-01T00:00:00Z wire urn:test:later "Red[31m alert" >"$TMP/want"
check_file "status --embargoes: a published story is no longer listed" \
    "$TMP/want" "$TMP/got"

# Withheld after it was published, then usable again.
ninjs "$d/spool/e.json" open 2 withheld
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" "channel:held past pages:test-held test-past " \
    "poll: a withheld version takes the story and its page out"
ninjs "$d/spool/f.json" open 3 usable
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" \
    "channel:held open past pages:test-held test-open test-past " \
    "poll: a usable version brings it back"

# serve: the embargo's end publishes with nothing to poll (the spool is
# polled hourly; the file is read at start).
d="$TMP/serve"
spool_service "$d"
soon=$(date -u -d '+8 seconds' +%Y-%m-%dT%H:%M:%SZ)
ninjs "$d/spool/a.json" held 1 usable "$soon"
ninjs "$d/spool/c.json" open 1 usable
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$d/feedmill.conf" \
    2>"$d/serve.log" &
pid=$!
seen() {
	[ "$(shown "$d")" = "$1" ]
}
wait_for 20 seen "channel:open pages:test-open " &&
    ok "serve: the embargoed story is held back" ||
    not_ok "serve: the embargoed story is held back: $(shown "$d")"
wait_for 30 seen "channel:held open pages:test-held test-open " &&
    ok "serve: its time publishes it" ||
    not_ok "serve: its time publishes it: $(shown "$d")"
kill -TERM $pid
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] && ok "serve exits 0 on SIGTERM" ||
    not_ok "serve exits 0 on SIGTERM (exit $rc)"
[ "$(held_list "$d")" = "no story is held by an embargo" ] &&
    ok "status --embargoes: none held" ||
    not_ok "status --embargoes: none held: $(held_list "$d")"
grep -E "ERROR|AddressSanitizer|runtime error|definitely lost" \
    "$d/serve.log" >/dev/null &&
    not_ok "no errors from serve: $(head -5 "$d/serve.log")" ||
    ok "no errors from serve"

done_testing
