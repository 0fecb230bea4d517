#!/bin/sh
# WebSub on loopback, both sides, against the hub fixture (hub.py):
# feedmill serve publishes a channel whose outputs advertise the
# configured hub and their self URL (byte for byte what convert --hub
# makes), pings the hub after each change (retrying a failed ping) and
# never when nothing changed; subscribes to the hubs its sources
# advertise (in the feed, or in a Link header), answers the verification
# of intent (and refuses one for another topic), renews a short lease
# before it lapses, ingests a signed push at once (the channel has the
# pushed story within one second) and ignores pushes with a bad
# signature or none; poll --once pings as well; a source removed on
# reload is unsubscribed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the hub fixture"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/hub.log"
mkdir -p "$www" "$svc"
: >"$log"

# entry ID TITLE: one Atom entry.
entry() {
	printf '<entry><id>tag:fixture.example,2026:%s</id><title>%s</title><link href="https://fixture.example/%s"/><updated>2026-11-28T10:00:00Z</updated><content type="html">&lt;p&gt;%s&lt;/p&gt;</content></entry>' "$1" "$2" "$1" "$2"
}
# feed ENTRIES...: the topic, with its hub and self links.
feed() {
	printf '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture</title><id>tag:fixture.example,2026:feed</id><updated>2026-11-28T10:00:00Z</updated><link rel="alternate" href="https://fixture.example/"/><link rel="hub" href="@BASE@/hub"/><link rel="self" href="@BASE@/topic.atom"/>'
	for e in "$@"; do
		printf '%s' "$e"
	done
	printf '</feed>\n'
}
feed "$(entry s1 'First story')" >"$www/topic.atom"
feed "$(entry s2 'Pushed story')" >"$www/push.atom"
feed "$(entry s3 'Forged story')" >"$www/forged.atom"
feed "$(entry l1 'Linked story')" | sed 's|<link rel="hub"[^>]*>||' \
    >"$www/topic2.linked"

# A 6-second lease (renewed at 80 %); the first publish ping fails.
python3 "$top_srcdir/tests/websub/hub.py" "$www" "$log" 6 1 >"$TMP/port" \
    2>"$TMP/hub.err" &
hubpid=$!
pid=
trap 'kill $hubpid 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
hub="http://127.0.0.1:$(head -1 "$TMP/port")"
topic="$hub/topic.atom"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
me="http://127.0.0.1:$port"

cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
base_url = $me/
listen = 127.0.0.1:$port
allow_private = yes
share_pages = no
hub = $hub/hub
[channel news]
sources = src
formats = atom, jsonfeed
EOF
printf '[source]\nurl = %s\ninterval = 1h\n' "$topic" >"$svc/src.ini"
printf '[source]\nurl = %s/topic2.linked\ninterval = 1h\n' "$hub" \
    >"$svc/lnk.ini"

count() {
	grep -c "$1" "$log" || true
}
# count_ge PATTERN N: at least N log lines match (evaluated on each call,
# so wait_for can poll it).
count_ge() {
	[ "$(count "$1")" -ge "$2" ]
}
# post URL: POST nothing to URL, print the answer.
post() {
	python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"")).read().decode().strip())' "$1"
}

$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve.log" &
pid=$!

# Publisher: the outputs advertise the hub, and equal convert --hub.
wait_for 20 grep -q "First story" "$svc/out/news.atom" &&
    wait_for 5 grep -q "First story" "$svc/out/news.json" &&
    ok "the channel is published" || not_ok "the channel is published"
sed "s|@BASE@|$hub|g" "$www/topic.atom" >"$TMP/topic.atom"
fm convert -t atom --source=src --feed-url="$me/news.atom" --hub="$hub/hub" \
    --stylesheet=feed.xsl "$TMP/topic.atom" >"$TMP/news.atom" 2>/dev/null
check_file "its Atom output is what convert --hub makes" "$TMP/news.atom" \
    "$svc/out/news.atom"
fm convert -t jsonfeed --source=src --feed-url="$me/news.json" \
    --hub="$hub/hub" "$TMP/topic.atom" >"$TMP/news.json" 2>/dev/null
check_file "and its JSON Feed" "$TMP/news.json" "$svc/out/news.json"
grep -q "<link rel=\"hub\" href=\"$hub/hub\"/>" "$svc/out/news.atom" &&
    grep -q "<link rel=\"self\" type=\"application/atom+xml\" href=\"$me/news.atom\"/>" \
    "$svc/out/news.atom" &&
    ok "Atom carries rel=hub and rel=self" ||
    not_ok "Atom carries rel=hub and rel=self"

# The first ping fails (503) and is retried in 5 s; each topic is pinged
# once. Either topic's ping may be the first, so each gets the retry's
# time.
wait_for 20 grep -q "^publish $me/news.atom -> 204" "$log" &&
    wait_for 20 grep -q "^publish $me/news.json -> 204" "$log" &&
    ok "a publish ping per changed topic, with hub.url and hub.topic" ||
    not_ok "a publish ping per changed topic, with hub.url and hub.topic"
failed=$(sed -n 's/^publish \(.*\) -> 503$/\1/p' "$log")
wait_for 10 sh -c 'grep -n "^publish $1 -> " "$2" | tail -1 |
    grep -q " -> 204$"' - "$failed" "$log" &&
    [ "$(count '^publish .* -> 503')" = 1 ] &&
    grep -q "ping for $failed got HTTP 503; retrying in 5s" "$TMP/serve.log" &&
    ok "the failed ping was retried in 5 s" ||
    not_ok "the failed ping was retried in 5 s"

# Subscriber: subscription, verification of intent, refusals.
wait_for 20 grep -q "^verify $topic -> 200 ok" "$log" &&
    ok "subscribed to the source's hub; the verification is answered" ||
    not_ok "subscribed to the source's hub; the verification is answered"
grep -q "^subscribe $topic $me/websub/[0-9a-f]\{32\} secret=64 lease=[0-9]" \
    "$log" &&
    ok "the request: self URL as topic, an unguessable callback, a secret" ||
    not_ok "the request: self URL as topic, an unguessable callback, a secret"
wait_for 10 grep -q "^verify $hub/topic2.linked -> 200 ok" "$log" &&
    grep -q "^subscribe $hub/topic2.linked $me/websub/[0-9a-f]\{32\} " \
    "$log" &&
    ok "a hub named by a Link header only is found and subscribed to" ||
    not_ok "a hub named by a Link header only is found and subscribed to"
grep -q "^verify-other $topic -> 404" "$log" &&
    ok "a verification for another topic gets 404" ||
    not_ok "a verification for another topic gets 404"
code=$(python3 -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1] + "?hub.mode=subscribe&hub.topic=x&hub.challenge=c")
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)' "$me/websub/0123456789abcdef0123456789abcdef")
[ "$code" = 404 ] && ok "an unknown callback id gets 404" ||
    not_ok "an unknown callback id gets 404 (got $code)"
# status URL [BYTES]: the status of a POST of BYTES bytes to URL.
status() {
	python3 -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"x" * int(sys.argv[2])))
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
except OSError as e:
    print(e)' "$1" "${2:-10}"
}
callback=$(sed -n 's/^subscribe [^ ]* \([^ ]*\) .*/\1/p' "$log" | head -1)
code=$(status "$me/websub/0123456789abcdef0123456789abcdef")
[ "$code" = 410 ] && ok "a push to an unknown callback gets 410" ||
    not_ok "a push to an unknown callback gets 410 (got $code)"
code=$(status "$callback" $((16 * 1024 * 1024 + 1)))
[ "$code" = 413 ] && ok "a push over 16 MiB gets 413" ||
    not_ok "a push over 16 MiB gets 413 (got $code)"

# A signed push: ingested, published, pinged, within one second.
# The story is stored and published before the callback answers, so
# the time the hub measured bounds the delay (the wall clock here also
# counts starting python).
pings=$(count '^publish .* -> 204')
post "$hub/push?topic=$topic&file=push.atom&sign=sha256" >"$TMP/push1"
cb=$(sed -n 's/^push .* sign=sha256 -> [0-9]* in \([0-9]*\) ms$/\1/p' "$log")
grep -q "Pushed story" "$svc/out/news.atom" && [ "${cb:-9999}" -le 1000 ] &&
    ok "a signed push is in the channel within one second (${cb} ms)" ||
    not_ok "a signed push is in the channel within one second (${cb} ms)"
python3 -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "$me/news.atom" >"$TMP/served.atom" 2>/dev/null
check_file "and served so" "$svc/out/news.atom" "$TMP/served.atom"
grep -q "First story" "$svc/out/news.atom" &&
    ok "the earlier story stays" || not_ok "the earlier story stays"
[ "$(cat "$TMP/push1")" = 200 ] && ok "the hub got 200" ||
    not_ok "the hub got 200 (got $(cat "$TMP/push1"))"
wait_for 10 count_ge '^publish .* -> 204' $((pings + 2)) &&
    ok "the change is pinged" || not_ok "the change is pinged"

# Pushes with a bad signature, or none: acknowledged, ignored.
cp "$svc/out/news.atom" "$TMP/before.atom"
pings=$(count '^publish ')
for sign in bad none; do
	post "$hub/push?topic=$topic&file=forged.atom&sign=$sign" \
	    >"$TMP/push-$sign"
done
[ "$(cat "$TMP/push-bad")" = 200 ] && [ "$(cat "$TMP/push-none")" = 200 ] &&
    ok "forged pushes are acknowledged (2xx)" ||
    not_ok "forged pushes are acknowledged (got $(cat "$TMP/push-bad") $(cat "$TMP/push-none"))"
sleep 1.5
check_file "a push with a bad or no signature changes nothing" \
    "$TMP/before.atom" "$svc/out/news.atom"
grep -q "push with a bad signature ignored" "$TMP/serve.log" &&
    grep -q "push with no signature ignored" "$TMP/serve.log" &&
    ok "and each is logged" || not_ok "and each is logged"
[ "$(count '^publish ')" = "$pings" ] &&
    ok "no ping when nothing changed" || not_ok "no ping when nothing changed"

# Lease renewal: 6 s leases are renewed at 80 %, before they lapse.
wait_for 15 count_ge "^verify $topic -> 200 ok" 2 &&
    ok "the lease is renewed and verified again" ||
    not_ok "the lease is renewed and verified again"
grep -q "lease at .* lapsed" "$TMP/serve.log" &&
    not_ok "no lease lapsed" || ok "no lease lapsed"
python3 - "$svc/state/feedmill.db" >"$TMP/subs" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute('SELECT source, state, lease, length(secret), length(id) FROM websub ORDER BY source'):
    print(*row)
EOF
printf 'lnk 2 6 64 32\nsrc 2 6 64 32\n' >"$TMP/want"
check_file "the store holds the active subscription" "$TMP/want" "$TMP/subs"

kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM: exit status 0" ||
    not_ok "SIGTERM: exit status 0 (got $rc)"
if grep -q "ERROR SUMMARY: [1-9]\|runtime error\|AddressSanitizer" \
    "$TMP/serve.log"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi
# poll --once pings too (once, waiting for the answers).
feed "$(entry s1 'First story')" "$(entry s4 'Polled story')" >"$www/topic.atom"
pings=$(count '^publish .* -> 204')
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll.out" 2>&1
grep -q "Polled story" "$svc/out/news.atom" &&
    [ "$(count '^publish .* -> 204')" = $((pings + 2)) ] &&
    ok "poll --once publishes and pings each topic" ||
    not_ok "poll --once publishes and pings each topic"

# A source removed on reload is unsubscribed and forgotten.
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve2.log" &
pid=$!
wait_for 20 grep -q "serving 2 sources" "$TMP/serve2.log"
sed -i 's/^sources = src$/sources = local/' "$svc/feedmill.conf"
rm "$svc/src.ini"
printf '[source]\nfile = %s\n' "$TMP/topic.atom" >"$svc/local.ini"
kill -HUP $pid
wait_for 20 grep -q "^verify-unsubscribe $topic -> 200 ok" "$log" &&
    grep -q "^unsubscribe $topic $me/websub/[0-9a-f]\{32\}$" "$log" &&
    ok "a removed source is unsubscribed; the verification is answered" ||
    not_ok "a removed source is unsubscribed; the verification is answered"
python3 -c 'import sqlite3, sys
print(*sqlite3.connect(sys.argv[1]).execute("SELECT source FROM websub").fetchall())' \
    "$svc/state/feedmill.db" >"$TMP/subs"
echo "('lnk',)" >"$TMP/want"
check_file "and forgotten by the store" "$TMP/want" "$TMP/subs"
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] &&
    ! grep -q "ERROR SUMMARY: [1-9]\|runtime error\|AddressSanitizer" \
    "$TMP/serve2.log" && ok "the second run exits cleanly" ||
    not_ok "the second run exits cleanly (status $rc)"

grep -q "[0-9a-f]\{64\}" "$TMP/serve.log" "$TMP/serve2.log" &&
    not_ok "no secret in the log" || ok "no secret in the log"

done_testing
