#!/bin/sh
# Polling policy end to end, on loopback: poll --once keeps host_spacing
# between the starts of requests to one host (the fixture records when
# each arrived) while another host is not held up; the feed's own hints
# stretch or move the next poll: Cache-Control max-age, Expires, RSS ttl,
# and skipHours/skipDays (UTC), which a 304 keeps honouring; failures
# back off exponentially, 429 and 503 wait for Retry-After; serve keeps
# to per_host and host_spacing and spreads first polls over the interval.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
mkdir -p "$www" "$svc"
: >"$log"

# rss FILE TITLE ID [EXTRA]: a one-story feed; EXTRA goes in the channel.
rss() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>%s</title><link>https://fixture.example/</link><description>d</description>%s<item><title>Story %s</title><link>https://fixture.example/%s</link><guid isPermaLink="false">%s</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' \
	    "$2" "$4" "$3" "$3" "$3" >"$1"
}

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
port=$(head -1 "$TMP/port")
base="http://127.0.0.1:$port"

# Per-host spacing: three sources on 127.0.0.1 (host_spacing = 1s), one
# on localhost (another host, so not held up).
for i in 1 2 3 4; do
	rss "$www/sp$i.xml" "Spaced $i" "sp$i"
done
cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
allow_private = yes
per_host = 2
host_spacing = 1s
interval = 10m
[channel all]
EOF
for i in 1 2 3; do
	printf '[source]\nurl = %s/sp%s.xml\n' "$base" $i >"$svc/sp$i.ini"
done
printf '[source]\nurl = http://localhost:%s/sp4.xml\n' "$port" >"$svc/sp4.ini"
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll" 2>"$TMP/poll.err"
grep -q "^4 sources polled: 4 ok" "$TMP/poll" &&
    ok "poll --once with host_spacing polls every source" ||
    { not_ok "poll --once with host_spacing polls every source"; sed 's/^/# /' "$TMP/poll" "$TMP/poll.err"; }
# at= of each request, in order of arrival.
sed -n 's/^GET \/sp\([0-9]\)\.xml .* at=\([0-9.]*\)$/\2 \1/p' "$log" |
    sort -n >"$TMP/times"
# Arrivals, not starts: a slow first connection (valgrind) shortens the
# first gap, so each gap must be half the spacing and the span 1.5 of it.
awk '$2 != 4 { if (n++ == 0) first = $1; else if ($1 - prev < 0.5) bad++
    prev = $1 } END { exit !(n == 3 && !bad && prev - first >= 1.5) }' \
    "$TMP/times" &&
    ok "requests to one host start at least host_spacing apart" ||
    { not_ok "requests to one host start at least host_spacing apart"; sed 's/^/# /' "$TMP/times"; }
awk 'NR == 1 { first = $1 } $2 == 4 { t = $1 }
    END { exit !(t != "" && t - first < 0.5) }' "$TMP/times" &&
    ok "another host is not held up by the spacing" ||
    { not_ok "another host is not held up by the spacing"; sed 's/^/# /' "$TMP/times"; }

# The feed's hints. skipHours: every hour but H (five hours from now);
# skipDays: today. The next poll is then tomorrow at H:00 UTC.
h=$(( ($(date -u +%H | sed 's/^0//') + 5) % 24 ))
hours=$(i=0; while [ $i -lt 24 ]; do [ $i -ne $h ] && printf '<hour>%d</hour>' $i; i=$((i + 1)); done)
today=$(LC_ALL=C date -u +%A)
want_skip=$(date -u -d "tomorrow $(printf %02d $h):00" +%s)
rss "$www/skip.xml" "Skipper" k1 "<ttl>5</ttl><skipHours>$hours</skipHours><skipDays><day>$today</day></skipDays>"
rss "$www/cc.xml" "Cached" c1
rss "$www/ex.xml" "Expires" e1
rss "$www/ttl.xml" "Long ttl" t1 "<ttl>90</ttl>"
hints="$TMP/hints"
mkdir -p "$hints"
printf '[service]\nstate_dir = state\noutput_dir = out\nallow_private = yes\nhost_spacing = 0\ninterval = 10m\n[channel all]\n' \
    >"$hints/feedmill.conf"
printf '[source]\nurl = %s/skip.xml\n' "$base" >"$hints/skip.ini"
printf '[source]\nurl = %s/cached/cc.xml\n' "$base" >"$hints/cc.ini"
printf '[source]\nurl = %s/expires/ex.xml\n' "$base" >"$hints/ex.ini"
printf '[source]\nfile = %s/ttl.xml\n' "$www" >"$hints/ttl.ini"

# wait_of NAME: seconds from its last poll to its next, from status.
wait_of() {
	fm status -c "$hints/feedmill.conf" | awk -v n="$1" '$1 == n { print $3, $4 }' |
	    { read -r last next; echo $(( $(date -u -d "$next" +%s) - $(date -u -d "$last" +%s) )); }
}
next_of() {
	fm status -c "$hints/feedmill.conf" | awk -v n="$1" '$1 == n { print $4 }' |
	    { read -r next; date -u -d "$next" +%s; }
}
# in_range WHAT VALUE LO HI
in_range() {
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] && ok "$1" ||
	    not_ok "$1 (got $2, want $3 to $4)"
}

printf '[source]\nurl = %s/broken\n' "$base" >"$hints/broken.ini"
printf '[source]\nurl = %s/throttle\n' "$base" >"$hints/throttle.ini"
printf '[source]\nurl = %s/busy\n' "$base" >"$hints/busy.ini"

fm poll --once -c "$hints/feedmill.conf" >"$TMP/poll" 2>&1
grep -q "^7 sources polled: 4 ok, 0 not modified, 3 failed" "$TMP/poll" &&
    ok "hint sources polled" ||
    { not_ok "hint sources polled"; sed 's/^/# /' "$TMP/poll"; }
in_range "a failure waits the interval" "$(wait_of broken)" 600 660
in_range "429 with Retry-After: 3600 waits that long" "$(wait_of throttle)" \
    3600 3960
in_range "503 with a shorter Retry-After (120) waits the interval" \
    "$(wait_of busy)" 600 660
in_range "Cache-Control max-age=7200 stretches a 10m interval" \
    "$(wait_of cc)" 7200 7920
in_range "Expires three hours ahead stretches it" "$(wait_of ex)" 10795 11880
in_range "RSS ttl 90 stretches it (a file source)" "$(wait_of ttl)" 5400 5940
[ "$(next_of skip)" = "$want_skip" ] &&
    ok "skipHours and skipDays move the next poll to the first hour allowed" ||
    not_ok "skipHours and skipDays move the next poll to the first hour allowed ($(next_of skip) != $want_skip)"

fm poll --once --force -c "$hints/feedmill.conf" >"$TMP/poll" 2>&1
grep -q "^5 sources polled: 1 ok, 3 not modified, 1 failed" "$TMP/poll" &&
    ok "second cycle: the URL sources answer 304" ||
    { not_ok "second cycle: the URL sources answer 304"; sed 's/^/# /' "$TMP/poll"; }
in_range "a second failure waits twice the interval" "$(wait_of broken)" \
    1200 1320
fm poll --once --force -c "$hints/feedmill.conf" >/dev/null 2>&1
in_range "a third failure waits four times the interval" \
    "$(wait_of broken)" 2400 2640
[ "$(grep -c '^GET /throttle ' "$log")" = 1 ] &&
    [ "$(grep -c '^GET /busy ' "$log")" = 1 ] &&
    ok "--force polls neither a 429 nor a 503 source before it is due" ||
    not_ok "--force polls neither a 429 nor a 503 source before it is due"
[ "$(next_of skip)" = "$want_skip" ] &&
    ok "after a 304 the skip hours and days still hold" ||
    not_ok "after a 304 the skip hours and days still hold ($(next_of skip) != $want_skip)"
in_range "after a 304 max-age still stretches" "$(wait_of cc)" 7200 7920

# serve keeps to per_host too: six slow sources on one host, per_host 2.
curl -s "$base/reset" >/dev/null 2>&1 ||
    python3 -c 'import urllib.request,sys; urllib.request.urlopen(sys.argv[1])' "$base/reset"
cap="$TMP/cap"
mkdir -p "$cap"
printf '[service]\nstate_dir = state\noutput_dir = out\nallow_private = yes\nhost_spacing = 0\nper_host = 2\n[channel all]\n' \
    >"$cap/feedmill.conf"
for i in 1 2 3 4 5 6; do
	rss "$www/slow$i.xml" "Slow $i" "slow$i"
	printf '[source]\nurl = %s/slow/slow%s.xml\n' "$base" $i >"$cap/slow$i.ini"
done
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$cap/feedmill.conf" \
    2>"$TMP/serve.log" &
pid=$!
n=0
while [ $n -lt 300 ] && [ "$(grep -c '^GET /slow/slow' "$log")" -lt 6 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -TERM $pid
wait $pid
stats=$(curl -s "$base/stats" 2>/dev/null ||
    python3 -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$base/stats")
[ "$(grep -c '^GET /slow/slow' "$log")" = 6 ] &&
    [ "$stats" = "max-concurrent 2" ] &&
    ok "serve: at most per_host requests to one host at once, and that many were" ||
    not_ok "serve: at most per_host requests to one host at once ($stats)"

# serve keeps host_spacing too (1s, three sources on one host).
sps="$TMP/sps"
mkdir -p "$sps"
printf '[service]\nstate_dir = state\noutput_dir = out\nallow_private = yes\nhost_spacing = 1s\n[channel all]\n' \
    >"$sps/feedmill.conf"
for i in 1 2 3; do
	printf '[source]\nurl = %s/sp%s.xml?serve\n' "$base" $i >"$sps/sp$i.ini"
done
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$sps/feedmill.conf" \
    2>"$TMP/serve4.log" &
pid=$!
n=0
while [ $n -lt 300 ] && [ "$(grep -c '^GET /sp[0-9].xml?serve' "$log")" -lt 3 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -TERM $pid
wait $pid
pid=
sed -n 's/^GET \/sp\([0-9]\)\.xml?serve .* at=\([0-9.]*\)$/\2 \1/p' "$log" |
    sort -n >"$TMP/times"
# Arrival times: serve keeps the spacing to the millisecond (it starts
# a spaced request at the first whole second after its slot), so the
# three arrive at least a second apart, less the fixture's own jitter
# (without spacing they arrive within milliseconds).
awk '{ if (n++ == 0) first = $1; else if ($1 - prev < 0.9) bad++; prev = $1 }
    END { exit !(n == 3 && !bad && prev - first >= 1.9) }' "$TMP/times" &&
    ok "serve: requests to one host start at least host_spacing apart" ||
    { not_ok "serve: requests to one host start at least host_spacing apart"; sed 's/^/# /' "$TMP/times"; }

# serve spreads first polls over the interval: 20 sources every minute,
# 3 seconds of serve: about one is polled, not twenty.
spread="$TMP/spread"
mkdir -p "$spread"
printf '[service]\nstate_dir = state\noutput_dir = out\nallow_private = yes\nhost_spacing = 0\ninterval = 1m\n[channel all]\n' \
    >"$spread/feedmill.conf"
i=1
while [ $i -le 20 ]; do
	printf '[source]\nurl = %s/spread.xml?%s\n' "$base" $i >"$spread/s$i.ini"
	i=$((i + 1))
done
rss "$www/spread.xml" "Spread" sp
$FEEDMILL_WRAPPER "$FEEDMILL" serve -c "$spread/feedmill.conf" \
    2>"$TMP/serve2.log" &
pid=$!
n=0
while [ $n -lt 300 ] && ! grep -q "serving 20 sources" "$TMP/serve2.log"; do
	sleep 0.1
	n=$((n + 1))
done
sleep 3
kill -TERM $pid
wait $pid
pid=
got=$(grep -c '^GET /spread.xml' "$log")
[ "$got" -le 8 ] &&
    ok "serve spreads first polls: $got of 20 sources in the first 3 of 60 seconds" ||
    not_ok "serve spreads first polls: $got of 20 sources in the first 3 of 60 seconds"
# The same with --no-spread: every source at once.
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$spread/feedmill.conf" \
    2>"$TMP/serve3.log" &
pid=$!
n=0
while [ $n -lt 300 ] && [ "$(grep -c '^GET /spread.xml' "$log")" -lt 20 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -TERM $pid
wait $pid
pid=
[ "$(grep -c '^GET /spread.xml' "$log")" = 20 ] &&
    ok "with --no-spread every source is polled at once" ||
    not_ok "with --no-spread every source is polled at once"

done_testing
