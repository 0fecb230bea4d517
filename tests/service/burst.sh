#!/bin/sh
# feedmill serve's due queue on loopback, 300 sources on one host: at
# start-up without --no-spread the first polls are spread over the
# interval (no burst); with --no-spread all 300 are polled within
# seconds (sources start as soon as a connection is free, not a batch a
# second), per_host is never exceeded (the fixture counts requests at
# once), and the burst is published once when it is over, not every
# second. A SIGHUP that drops half the sources and adds four: the new
# ones are polled at once, and while one of them is still in flight the
# others are published within SERVE_PUBLISH_EVERY (5) seconds, not
# sooner, not later. A SIGUSR1 round then polls exactly the sources
# configured now.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

N=300
www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
slog="$TMP/serve.log"
mkdir -p "$www" "$svc"
: >"$log"
# Slower under a checker.
slack=1
[ -n "$FEEDMILL_WRAPPER" ] && slack=8

# rss ID: a feed with the one story ID.
rss() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed %s</title><link>https://fixture.example/</link><description>d</description><item><title>Story %s</title><link>https://fixture.example/%s</link><guid isPermaLink="false">%s</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' "$1" "$1" "$1" "$1"
}
i=0
while [ $i -lt $N ]; do
	id=$(printf 'f%03d' $i)
	rss $id >"$www/$id.xml"
	i=$((i + 1))
done
for id in q1 q2 q3 slow; do
	rss $id >"$www/$id.xml"
done

python3 "$top_srcdir/tests/service/httpd.py" "$www" "$log" >"$TMP/port" \
    2>/dev/null &
srv=$!
pid=
trap 'kill $srv 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
wait_for 5 test -s "$TMP/port"
base="http://127.0.0.1:$(head -1 "$TMP/port")"

# conf STATE: 4 connections, 2 a host, no spacing, polled hourly.
conf() {
	cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = $1
output_dir = out
allow_private = yes
max_connections = 4
per_host = 2
host_spacing = 0
interval = 1h
[channel all]
formats = json
limit = 1000
EOF
}
i=0
while [ $i -lt $N ]; do
	id=$(printf 'f%03d' $i)
	printf '[source]\nurl = %s/%s.xml\n' "$base" $id >"$svc/$id.ini"
	i=$((i + 1))
done

ids() {
	python3 -c 'import json, sys
print("\n".join(sorted(i["id"] for i in json.load(open(sys.argv[1]))["items"])))' \
	    "$svc/out/all.json" 2>/dev/null
}
# gets PREFIX: requests the fixture answered for paths starting PREFIX.
gets() {
	grep -c "^GET $1" "$log"
}
has_gets() {
	[ "$(gets "$1")" -ge "$2" ]
}
publishes() {
	grep -c "channel all: .* published" "$slog"
}

# 0. Without --no-spread the first polls are spread over the hour: in
# three seconds a few sources at most are polled.
conf state0
$FEEDMILL_WRAPPER "$FEEDMILL" serve -c "$svc/feedmill.conf" 2>"$slog" &
pid=$!
wait_for $((10 * slack)) grep -q "serving $N sources" "$slog"
sleep 3
kill -TERM $pid
wait $pid
pid=
n=$(gets '/f')
[ "$n" -le 10 ] && ok "start-up spreads the first polls: $n of $N in 3 s" ||
    not_ok "start-up spreads the first polls: $n of $N in 3 s"
: >"$log"

# 1. --no-spread: all due at once.
conf state
curl -sf "$base/reset" >/dev/null 2>&1 ||
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1])' "$base/reset"
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$slog" &
pid=$!
if wait_for $((30 * slack)) has_gets '/f' $N; then
	span=$(awk '/^GET \/f/ { sub("at=", "", $NF); t = $NF + 0
	    if (lo == "" || t < lo) lo = t; if (t > hi) hi = t }
	    END { printf "%.0f", hi - lo }' "$log")
	[ "$span" -le $((15 * slack)) ] &&
	    ok "$N sources polled within ${span} s of each other" ||
	    not_ok "$N sources polled within ${span} s of each other (at most $((15 * slack)))"
else
	not_ok "$N sources polled: $(gets '/f')"
	span=0
fi
i=0
while [ $i -lt $N ]; do
	printf 'f%03d\n' $i
	i=$((i + 1))
done >"$TMP/want"
wait_for $((10 * slack)) test "$(ids | wc -l)" -eq $N
ids >"$TMP/got"
check_file "the burst is published: $N stories" "$TMP/want" "$TMP/got"
most=$(python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1]).read().decode().split()[1])' \
    "$base/stats")
[ "$most" -ge 1 ] && [ "$most" -le 2 ] &&
    ok "per_host held: at most $most requests at once (per_host = 2)" ||
    not_ok "per_host held: at most $most requests at once (per_host = 2)"
# Once when it is over, plus one per 5 s if it went on longer.
n=$(publishes)
[ "$n" -ge 1 ] && [ "$n" -le $((1 + span / 5)) ] &&
    ok "the burst of ${span} s published $n times" ||
    { not_ok "the burst of ${span} s published $n times"; grep "published" "$slog" | sed 's/^/# /'; }

# 2. Reload: f150..f299 go, q1..q3 and slow (answered after 9 s) come.
i=150
while [ $i -lt $N ]; do
	rm "$svc/$(printf 'f%03d' $i).ini"
	i=$((i + 1))
done
for id in q1 q2 q3; do
	printf '[source]\nurl = %s/%s.xml\n' "$base" $id >"$svc/$id.ini"
done
printf '[source]\nurl = %s/sleep/9/slow.xml\n' "$base" >"$svc/slow.ini"
p0=$(publishes)
kill -HUP $pid
wait_for $((10 * slack)) grep -q "configuration reloaded" "$slog" ||
    not_ok "the configuration is reloaded"
wait_for $((10 * slack)) has_gets '/q3.xml ' 1 &&
    wait_for $((10 * slack)) has_gets '/q1.xml ' 1 &&
    wait_for $((10 * slack)) has_gets '/q2.xml ' 1 ||
    not_ok "the new sources are polled"
# When the q stories show in all.json, slow is still in flight.
has_q() {
	[ "$(ids | grep -c '^q')" -eq 3 ]
}
wait_for $((20 * slack)) has_q
seen=$(date +%s.%N)
slow_done=$(gets '/sleep/9/slow.xml')
landed=$(awk '/^GET \/q[123].xml/ { sub("at=", "", $NF); if ($NF > t) t = $NF }
    END { print t }' "$log")
delay=$(echo "$seen $landed" | awk '{ printf "%.1f", $1 - $2 }')
if [ "$slow_done" -eq 0 ] && echo "$delay $slack" |
    awk '{ exit !($1 >= 3.5 && $1 <= 5 + 2 * $2) }'; then
	ok "a burst still in flight publishes after the bound: ${delay} s"
else
	not_ok "a burst still in flight publishes after the bound: ${delay} s, slow answered: $slow_done"
fi
wait_for $((20 * slack)) has_gets '/sleep/9/slow.xml' 1
wait_for $((10 * slack)) grep -q '"id": "slow"' "$svc/out/all.json"
# The log line follows the files.
published_since() {
	[ $(($(publishes) - p0)) -ge "$1" ]
}
wait_for $((5 * slack)) published_since 2
n=$(($(publishes) - p0))
[ "$n" -eq 2 ] && ok "the reload's burst published twice (bound, end)" ||
    { not_ok "the reload's burst published twice (bound, end): $n"; sed 's/^/# /' "$slog" | tail -20; }

# 3. A round polls what is configured now: f000..f149, q1..q3, slow.
: >"$log"
kill -USR1 $pid
wait_for $((30 * slack)) grep -q "SIGUSR1: all sources polled" "$slog"
grep -q "SIGUSR1: polling all 154 sources now" "$slog" &&
    ok "the round counts the sources configured now" ||
    not_ok "the round counts the sources configured now"
{
	i=0
	while [ $i -lt 150 ]; do
		printf '/f%03d.xml\n' $i
		i=$((i + 1))
	done
	printf '/q1.xml\n/q2.xml\n/q3.xml\n/sleep/9/slow.xml\n'
} | sort >"$TMP/want"
awk '/^GET / { print $2 }' "$log" | sort >"$TMP/got"
check_file "the round asks for each source once, none dropped" \
    "$TMP/want" "$TMP/got"

kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM: exit status 0" ||
    not_ok "SIGTERM: exit status 0 (got $rc)"
if [ -n "$FEEDMILL_WRAPPER" ] && grep -q "ERROR SUMMARY: [1-9]" "$slog"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi

done_testing
