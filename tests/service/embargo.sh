#!/bin/sh
# The news lifecycle in the service, as in convert: a story under an
# embargo is stored but left out of every output (channels and share
# page) until its time, and the first cycle after that publishes it
# (poll --once; serve wakes up for it, with nothing to poll); a withheld
# version takes a published story out, its share page too, and a usable
# one brings it back.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

# ninjs FILE ID VERSION PUBSTATUS [EMBARGO]: a version of story ID.
ninjs() {
	{
		printf '{"uri": "urn:test:%s", "version": "%s", ' "$2" "$3"
		printf '"headline": "Story %s", "body_text": "Body of %s.", ' \
		    "$2" "$2"
		printf '"versioncreated": "2026-11-28T0%s:00:00Z", ' "$3"
		[ -n "${5:-}" ] && printf '"embargoed": "%s", ' "$5"
		printf '"pubstatus": "%s"}\n' "$4"
	} >"$1"
	touch -d '1 minute ago' "$1"
}

# setup DIR: one spool source (polled hourly) and one channel.
setup() {
	mkdir -p "$1/spool"
	printf '[service]\nstate_dir = state\noutput_dir = out\n' \
	    >"$1/feedmill.conf"
	printf 'base_url = https://news.example.com/\n[channel all]\n' \
	    >>"$1/feedmill.conf"
	printf '[source]\nspool = spool\ninterval = 1h\n' >"$1/wire.ini"
}

# shown DIR: the stories of the channel and the share pages, one line.
shown() {
	printf 'channel:'
	sed -n 's#.*<guid isPermaLink="false">urn:test:\(.*\)</guid>.*#\1#p' \
	    "$1/out/all.rss" | sort | tr '\n' ' '
	printf 'pages:'
	ls "$1/out/share" 2>/dev/null | sed 's/-[0-9a-f]*\.html$//' |
	    tr '\n' ' '
	echo
}

# An embargo 4 seconds away, a withheld story and a usable one.
d="$TMP/poll"
setup "$d"
soon=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
ninjs "$d/spool/a.json" held 1 usable "$soon"
ninjs "$d/spool/b.json" wh 1 withheld
ninjs "$d/spool/c.json" open 1 usable
ninjs "$d/spool/d.json" past 1 usable 2026-11-28T08:00:00Z
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
got=$(shown "$d")
[ "$got" = "channel:open past pages:test-open test-past " ] &&
    ok "poll: the embargoed and the withheld story are held back" ||
    not_ok "poll: the embargoed and the withheld story are held back: $got"
grep -q "Body of held" "$d/out/all.rss" "$d/out/all.json" \
    "$d/out/all.atom" "$d/out/share/"* &&
    not_ok "poll: no output carries the embargoed text" ||
    ok "poll: no output carries the embargoed text"
sleep 5
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
got=$(shown "$d")
[ "$got" = "channel:held open past pages:test-held test-open test-past " ] &&
    ok "poll: the next cycle after its time publishes it" ||
    not_ok "poll: the next cycle after its time publishes it: $got"

# Withheld after it was published, then usable again.
ninjs "$d/spool/e.json" open 2 withheld
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
got=$(shown "$d")
[ "$got" = "channel:held past pages:test-held test-past " ] &&
    ok "poll: a withheld version takes the story and its page out" ||
    not_ok "poll: a withheld version takes the story and its page out: $got"
ninjs "$d/spool/f.json" open 3 usable
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
got=$(shown "$d")
[ "$got" = "channel:held open past pages:test-held test-open test-past " ] &&
    ok "poll: a usable version brings it back" ||
    not_ok "poll: a usable version brings it back: $got"

# serve: the embargo's end publishes with nothing to poll (the spool is
# polled hourly; the file is read at start).
d="$TMP/serve"
setup "$d"
soon=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
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
wait_for 20 seen "channel:held open pages:test-held test-open " &&
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
