#!/bin/sh
# The news lifecycle in the service, as in convert: a story under an
# embargo is stored but left out of every output (channels and share
# page) until its time, and the first cycle after that publishes it
# (poll --once; serve wakes up for it, with nothing to poll); a withheld
# version takes a published story out, its share page too, and a usable
# one brings it back.
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
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" "channel:open past pages:test-open test-past " \
    "poll: the embargoed and the withheld story are held back"
grep -q "Body of held" "$d/out/all.rss" "$d/out/all.json" \
    "$d/out/all.atom" "$d/out/share/"* &&
    not_ok "poll: no output carries the embargoed text" ||
    ok "poll: no output carries the embargoed text"
sleep 7
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" \
    "channel:held open past pages:test-held test-open test-past " \
    "poll: the next cycle after its time publishes it"

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
grep -E "ERROR|AddressSanitizer|runtime error|definitely lost" \
    "$d/serve.log" >/dev/null &&
    not_ok "no errors from serve: $(head -5 "$d/serve.log")" ||
    ok "no errors from serve"

done_testing
