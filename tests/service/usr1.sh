#!/bin/sh
# SIGUSR1 makes feedmill serve poll every source now (a round, like
# poll --once --force): a changed HTTP source and a changed local file
# are published within seconds although neither is due for a day, once,
# when the round is over; a source inside a Retry-After is left alone;
# and signals during a round never start a parallel one: the round
# running finishes, one more follows it, and a third signal meanwhile
# is folded into that one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
slog="$TMP/serve.log"
mkdir -p "$www" "$svc"
: >"$log"

# rss TITLE ID...: a feed with one story per ID.
rss() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>%s</title><link>https://fixture.example/</link><description>d</description>' "$1"
	shift
	for id in "$@"; do
		printf '<item><title>Story %s</title><link>https://fixture.example/%s</link><guid isPermaLink="false">%s</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item>' "$id" "$id" "$id"
	done
	printf '</channel></rss>\n'
}
rss "Feed A" a1 >"$www/a.xml"
rss "Feed B" b1 >"$www/b.xml"
rss "Feed C" c1 >"$svc/c.xml"

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

# a: fast; b: answers after 3 s (a round lasts that long); c: a local
# file; d: 429 with Retry-After: 3600. None is due again for a day.
cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
allow_private = yes
host_spacing = 0
interval = 1d
[channel all]
formats = json
EOF
printf '[source]\nurl = %s/a.xml\n' "$base" >"$svc/a.ini"
printf '[source]\nurl = %s/sleep/3/b.xml\n' "$base" >"$svc/b.ini"
printf '[source]\nfile = %s/c.xml\n' "$svc" >"$svc/c.ini"
printf '[source]\nurl = %s/throttle\n' "$base" >"$svc/d.ini"

ids() {
	python3 -c 'import json, sys
print(" ".join(sorted(i["id"] for i in json.load(open(sys.argv[1]))["items"])))' \
	    "$svc/out/all.json" 2>/dev/null
}
# has WORDS: all.json holds exactly these story ids.
has() {
	[ "$(ids)" = "$*" ]
}
# lines N PATTERN: the serve log has N lines matching PATTERN.
lines() {
	[ "$(grep -c "$2" "$slog")" -eq "$1" ]
}
rounds() {
	grep -c "SIGUSR1: all sources polled" "$slog"
}
# b_started N: the fixture saw N requests for b begin.
b_started() {
	[ "$(grep -c '^START /sleep/3/b.xml' "$log")" -ge "$1" ]
}

$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$slog" &
pid=$!
wait_for 30 has a1 b1 c1 && wait_for 10 grep -q "serving 4 sources" "$slog" &&
    wait_for 10 grep -q '^GET /sleep/3/b.xml' "$log" &&
    ok "serve published the first poll of every source" ||
    { not_ok "serve published the first poll of every source: $(ids)"; sed 's/^/# /' "$slog"; }
first=$(wc -l <"$log")

# 1. A change is published within seconds of SIGUSR1.
rss "Feed A" a2 a1 >"$www/a.xml"
rss "Feed B" b2 b1 >"$www/b.xml"
rss "Feed C" c2 c1 >"$svc/c.xml.new"
mv "$svc/c.xml.new" "$svc/c.xml"
kill -USR1 $pid
t0=$(date +%s)
if wait_for 10 has a1 a2 b1 b2 c1 c2; then
	ok "SIGUSR1: the changes are published in $(($(date +%s) - t0)) s"
else
	not_ok "SIGUSR1: the changes are published: $(ids)"
	sed 's/^/# /' "$slog"
fi
wait_for 10 lines 1 "SIGUSR1: all sources polled" &&
    grep -q "SIGUSR1: polling all 4 sources now" "$slog" &&
    grep -q "SIGUSR1: all sources polled in [0-9]*s: 3 polls, 0 failed, 1 skipped inside a Retry-After; outputs up to date" "$slog" &&
    ok "the round is logged: 3 polls, the throttled source skipped" ||
    { not_ok "the round is logged"; sed 's/^/# /' "$slog"; }
# a and c land at once, b 3 s later: one publish, when the round is over.
awk '/SIGUSR1: polling all/ { on = 1 } on && /channel all: .* published/ { n++ }
	/SIGUSR1: all sources polled/ { print n + 0; exit }' "$slog" >"$TMP/got"
echo 1 >"$TMP/want"
check_file "the round publishes once, at its end" "$TMP/want" "$TMP/got"
[ "$(grep -c '^GET /throttle ' "$log")" -eq 1 ] &&
    ok "the round left the source inside its Retry-After alone" ||
    not_ok "the round left the source inside its Retry-After alone"

# 2. A second SIGUSR1 during a round queues one more round; a third
# while that one waits is folded into it.
kill -USR1 $pid
wait_for 10 lines 2 "SIGUSR1: polling all" && wait_for 10 b_started 3 ||
    not_ok "the second round is fetching b"
kill -USR1 $pid
wait_for 10 grep -q "SIGUSR1: a round is running; another follows it" "$slog" &&
    ok "SIGUSR1 during a round: another round follows it" ||
    { not_ok "SIGUSR1 during a round: another round follows it"; sed 's/^/# /' "$slog"; }
kill -USR1 $pid
wait_for 10 grep -q "SIGUSR1: a round is already waiting" "$slog" &&
    ok "a third SIGUSR1 is folded into the waiting round" ||
    { not_ok "a third SIGUSR1 is folded into the waiting round"; sed 's/^/# /' "$slog"; }
wait_for 20 lines 3 "SIGUSR1: all sources polled"
# A third round would start on the loop turn after the second ended.
sleep 1
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
printf '%s\n' 3 3 0 >"$TMP/want"
{ grep -c "SIGUSR1: polling all" "$slog"; rounds; echo $rc; } >"$TMP/got"
check_file "three rounds started and finished, exit 0" "$TMP/want" "$TMP/got"
# The fixture's log after the first poll, by arrival time: each round
# asks for a and b once, and the next round's first request comes after
# the answer to b (which the fixture sends 3 s after b's arrival).
tail -n +$((first + 1)) "$log" | python3 -c 'import re, sys
ev = sorted((float(m.group(2)), "a" if m.group(1) == "/a.xml" else "b")
    for m in (re.match(r"GET (/a\.xml|/sleep/3/b\.xml) .* at=([0-9.]+)$", l)
        for l in sys.stdin) if m)
rounds = [ev[i:i + 2] for i in range(0, len(ev), 2)]
bad = [i for i in range(len(rounds)) if sorted(k for t, k in rounds[i]) !=
    ["a", "b"] or i > 0 and rounds[i][0][0] <
    [t for t, k in rounds[i - 1] if k == "b"][0] + 2.9]
print(len(rounds), "rounds", "overlap" if bad or len(rounds) != 3 else "apart")' \
    >"$TMP/got" 2>&1
echo "3 rounds apart" >"$TMP/want"
check_file "rounds never overlap (the fixture's log)" "$TMP/want" "$TMP/got"
printf 'a1 a2 b1 b2 c1 c2\n' >"$TMP/want"
ids >"$TMP/got"
check_file "the published stories" "$TMP/want" "$TMP/got"
if [ -n "$FEEDMILL_WRAPPER" ] && grep -q "ERROR SUMMARY: [1-9]" "$slog"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi

done_testing
