#!/bin/sh
# SIGTERM stops feedmill serve cleanly: fetches in flight are finished
# (their stories stored and published) within shutdown_wait, then it
# exits 0 with every output whole and no temporary file left; a fetch
# that outlasts shutdown_wait is cancelled and the exit is still clean.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
log="$TMP/requests.log"
mkdir -p "$www"
: >"$log"

rss() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>%s</title><link>https://fixture.example/</link><description>d</description><item><title>Story %s</title><link>https://fixture.example/%s</link><guid isPermaLink="false">%s</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' \
	    "$1" "$2" "$2" "$2"
}
rss "Fast" f1 >"$www/fast.xml"
rss "Slow" s1 >"$www/slow.xml"

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

# whole FILE...: every file parses completely (XML or JSON).
whole() {
	python3 -c '
import json, sys, xml.dom.minidom
for f in sys.argv[1:]:
    if f.endswith(".json"):
        json.load(open(f))
    else:
        xml.dom.minidom.parse(f)
' "$@"
}

# setup DIR WAIT SLEEP: a service with the fast source and one that
# answers after SLEEP seconds; shutdown_wait = WAIT.
setup() {
	mkdir -p "$1"
	cat >"$1/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
allow_private = yes
host_spacing = 0
shutdown_wait = $2
[channel all]
EOF
	printf '[source]\nurl = %s/fast.xml\n' "$base" >"$1/fast.ini"
	printf '[source]\nurl = %s/sleep/%s/slow.xml\n' "$base" "$3" >"$1/slow.ini"
}

# 1. The slow answer (8 s) comes inside shutdown_wait (10 s). Serve
# publishes the fast source while the slow one is in flight (5 s after
# it landed, see SERVE_PUBLISH_EVERY).
svc="$TMP/one"
setup "$svc" 10s 8
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve1.log" &
pid=$!
wait_for 20 grep -q '"id": "f1"' "$svc/out/all.json" &&
    wait_for 10 grep -q "^START /sleep/8/slow.xml" "$log" &&
    ok "serve published the fast source; the slow one is in flight" ||
    not_ok "serve published the fast source; the slow one is in flight"
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM with a fetch in flight: exit status 0" ||
    { not_ok "SIGTERM with a fetch in flight: exit status 0 (got $rc)"; sed 's/^/# /' "$TMP/serve1.log"; }
grep -q "finishing 1 fetches in flight" "$TMP/serve1.log" &&
    ok "SIGTERM waits for the fetch in flight" ||
    { not_ok "SIGTERM waits for the fetch in flight"; sed 's/^/# /' "$TMP/serve1.log"; }
grep -q '^GET /sleep/8/slow.xml .* -> 200' "$log" &&
    grep -q '"id": "s1"' "$svc/out/all.json" &&
    ok "the fetch in flight finished and its story was published" ||
    not_ok "the fetch in flight finished and its story was published"
whole "$svc"/out/all.rss "$svc"/out/all.atom "$svc"/out/all.json &&
    ok "every output is whole" || not_ok "every output is whole"
[ -z "$(find "$svc/out" "$svc/state" -name '*.tmp.*')" ] &&
    ok "no temporary files left" || not_ok "no temporary files left"
fm status -c "$svc/feedmill.conf" | awk 'NR > 1 { print $1, $5, $6 }' >"$TMP/got"
printf 'fast 0 1\nslow 0 1\n' >"$TMP/want"
check_file "status: both sources polled, stored" "$TMP/want" "$TMP/got"

# 2. The slow answer (30 s) outlasts shutdown_wait (1 s): cancelled.
svc="$TMP/two"
setup "$svc" 1s 30
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve2.log" &
pid=$!
wait_for 20 grep -q '"id": "f1"' "$svc/out/all.json" &&
    wait_for 10 grep -q "^START /sleep/30/slow.xml" "$log" &&
    ok "the second service is waiting for its slow source" ||
    not_ok "the second service is waiting for its slow source"
start=$(date +%s)
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
took=$(($(date +%s) - start))
[ $rc -eq 0 ] && [ $took -le 5 ] &&
    ok "a fetch outlasting shutdown_wait is cancelled; exit 0 in ${took}s" ||
    not_ok "a fetch outlasting shutdown_wait is cancelled; exit 0 (exit $rc after ${took}s)"
grep -q "cancelling 1 fetches in flight" "$TMP/serve2.log" &&
    ok "the cancellation is logged" ||
    { not_ok "the cancellation is logged"; sed 's/^/# /' "$TMP/serve2.log"; }
whole "$svc"/out/all.rss "$svc"/out/all.atom "$svc"/out/all.json &&
    [ -z "$(find "$svc/out" "$svc/state" -name '*.tmp.*')" ] &&
    ok "outputs whole, no temporary files" ||
    not_ok "outputs whole, no temporary files"
fm status --check -c "$svc/feedmill.conf" >"$TMP/st" 2>&1
awk '$1 == "slow" { print $3 }' "$TMP/st" >"$TMP/got"
echo never >"$TMP/want"
check_file "the cancelled source counts as not polled" "$TMP/want" "$TMP/got"
grep -q "integrity ok" "$TMP/st" && ok "the store is intact" ||
    not_ok "the store is intact"
if [ -n "$FEEDMILL_WRAPPER" ] && grep -q "ERROR SUMMARY: [1-9]" "$TMP/serve1.log" "$TMP/serve2.log"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi

done_testing
