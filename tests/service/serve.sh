#!/bin/sh
# The daemon on loopback: feedmill serve polls, picks up a file dropped
# into a watched spool folder, refuses a bad configuration on SIGHUP and
# keeps running, reloads a good one keeping the state (a source already
# polled is not polled again before it is due), and exits 0 on SIGTERM.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
mkdir -p "$www" "$svc/spool"
: >"$log"

rss() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>%s</title><link>https://fixture.example/</link><description>d</description><item><title>%s</title><link>https://fixture.example/%s</link><guid isPermaLink="false">%s</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' "$1" "$2" "$3" "$3"
}
rss "Feed A" "Story A" a1 >"$www/a.xml"
rss "Feed B" "Story B" b1 >"$www/b.xml"

python3 "$top_srcdir/tests/service/httpd.py" "$www" "$log" >"$TMP/port" \
    2>/dev/null &
srv=$!
pid=
trap 'kill $srv 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(head -1 "$TMP/port")"

conf() {
	cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
base_url = https://feeds.example
allow_private = yes
[channel all]
formats = jsonfeed
[channel a]
sources = a
EOF
}
conf
printf '[source]\nurl = %s/a.xml\n' "$base" >"$svc/a.ini"
printf '[source]\nspool = spool\n' >"$svc/wire.ini"

$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve.log" &
pid=$!

wait_for 20 grep -q "<guid isPermaLink=.false.>a1</guid>" "$svc/out/a.rss" &&
    ok "serve publishes a channel" ||
    not_ok "serve publishes a channel"
fm convert -t rss --source=a --feed-url=https://feeds.example/a.rss \
    --stylesheet=feed.xsl "$www/a.xml" >"$TMP/a.rss" 2>/dev/null
check_file "its output equals convert's" "$TMP/a.rss" "$svc/out/a.rss"

# A file dropped into the spool (written, then renamed) is picked up.
rss "Wire" "Wire story" w1 >"$svc/spool/w1.xml.part"
mv "$svc/spool/w1.xml.part" "$svc/spool/w1.xml"
wait_for 20 test -f "$svc/spool/done/w1.xml" &&
    ok "a dropped spool file is read and moved to done/" ||
    not_ok "a dropped spool file is read and moved to done/"
wait_for 10 grep -q '"id": "w1"' "$svc/out/all.json" &&
    ok "its story is published" || not_ok "its story is published"

# SIGHUP with a broken configuration: refused, still running.
echo "[channel broken" >>"$svc/feedmill.conf"
kill -HUP $pid
wait_for 10 grep -q "reload refused" "$TMP/serve.log" &&
    kill -0 $pid 2>/dev/null &&
    ok "a bad configuration is refused and the service keeps running" ||
    not_ok "a bad configuration is refused and the service keeps running"
grep -q "feedmill.conf:10: syntax error" "$TMP/serve.log" &&
    ok "the refusal names file and line" ||
    not_ok "the refusal names file and line"

# SIGHUP with a good one adding a source: it is polled; a is not again.
conf
printf '[source]\nurl = %s/b.xml\n' "$base" >"$svc/b.ini"
kill -HUP $pid
wait_for 20 grep -q "^GET /b.xml " "$log" &&
    ok "a reload adds the new source" || not_ok "a reload adds the new source"
wait_for 10 grep -q '"id": "b1"' "$svc/out/all.json" &&
    ok "the new source's story is published" ||
    not_ok "the new source's story is published"
[ "$(grep -c '^GET /a.xml ' "$log")" = 1 ] &&
    ok "the reload kept the state: a is not polled before it is due" ||
    not_ok "the reload kept the state: a is not polled before it is due"

# SIGTERM: clean exit.
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM: exit status 0" ||
    not_ok "SIGTERM: exit status 0 (got $rc)"
grep -q "publishing and exiting" "$TMP/serve.log" &&
    ok "SIGTERM is logged" || not_ok "SIGTERM is logged"
fm status -c "$svc/feedmill.conf" >"$TMP/status" 2>&1
awk 'NR > 1 { print $1, $5 }' "$TMP/status" >"$TMP/got"
printf 'a 0\nb 0\nwire 0\n' >"$TMP/want"
check_file "status after serve: every source polled, no failures" \
    "$TMP/want" "$TMP/got"
if [ -n "$FEEDMILL_WRAPPER" ] && grep -q "ERROR SUMMARY: [1-9]" "$TMP/serve.log"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi

done_testing
