#!/bin/sh
# The HTTP server of feedmill serve, on loopback: the table of outputs
# (types, validators, 304s, HEAD, gzip, Cache-Control, Link, RSS and Atom
# to browsers as application/xml with Vary: Accept), share pages answered
# from their files (replaced, deleted, gzip copies within budget), 404s and
# traversal attempts, request limits, a slow client, /healthz, /metrics,
# restricted channels and partner keys (none of which may reach the log
# or /metrics), a publish replacing what is served, check-config and
# key-hash. The HTTP checks are tests/http/check.py (python3, stdlib).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the HTTP checks and the fixture server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
mkdir -p "$www" "$svc/spool" "$svc/src"

# rss FILE TITLE ITEM...: items are "id|title".
rss() {
	out=$1 title=$2
	shift 2
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>'
		printf '<title>%s</title><link>https://fixture.example/</link>' \
		    "$title"
		printf '<description>d</description>\n'
		for it in "$@"; do
			printf '<item><title>%s</title><guid isPermaLink="false">%s</guid><description>%s text, long enough to compress well: the quick brown fox jumps over the lazy dog, again and again and again.</description><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item>\n' \
			    "${it#*|}" "${it%%|*}" "${it#*|}"
		done
		printf '</channel></rss>\n'
	} >"$out"
}
rss "$www/alpha.xml" "Alpha" "a1|Alpha one" "a2|Alpha two" "a3|Alpha three"
rss "$svc/beta.xml" "Beta" "b1|Beta secret one" "b2|Beta secret two"

python3 "$top_srcdir/tests/service/httpd.py" "$www" "$TMP/fixture.log" \
    >"$TMP/port" 2>/dev/null &
srv=$!
pid=
trap 'kill $srv 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(head -1 "$TMP/port")"

# Partner keys: the configuration holds only their hashes.
key_acme=acme-0123456789abcdef
key_beta=beta-fedcba9876543210
key_old=old-00112233445566778899
hash() {
	printf '%s\n' "$1" | fm key-hash
}
h_acme=$(hash "$key_acme")
h_beta=$(hash "$key_beta")
h_old=$(hash "$key_old")
[ "$h_acme" = "$(printf '%s' "$key_acme" | sha256sum | cut -d' ' -f1)" ] &&
    ok "key-hash prints the SHA-256 of the key" ||
    not_ok "key-hash prints the SHA-256 of the key"
out=$(fm key-hash --new)
k=$(echo "$out" | sed -n 's/^key //p')
h=$(echo "$out" | sed -n 's/^key_sha256 //p')
[ ${#k} -eq 64 ] && [ "$(hash "$k")" = "$h" ] &&
    ok "key-hash --new makes a key and its hash" ||
    not_ok "key-hash --new makes a key and its hash"

cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
sources_dir = src
base_url = https://feeds.example/pub/
hub = https://hub.example/hub
allow_private = yes
host_spacing = 0
listen = 127.0.0.1:0
http_timeout = 2s
http_per_ip = 64

[channel news]
sources = alpha, gamma

[channel secret]
sources = beta
access = restricted
share_access = restricted

[channel other]
sources = beta
access = restricted
share_access = restricted

[partner acme]
key_sha256 = $h_acme
channels = secret

[partner beta]
key_sha256 = $h_beta
channels = other

[partner old]
key_sha256 = $h_old
channels = secret, other
revoked = yes
EOF
printf '[source]\nurl = %s/alpha.xml\ninterval = 5m\n' "$base" \
    >"$svc/src/alpha.ini"
printf '[source]\nfile = %s/beta.xml\ninterval = 10m\n' "$svc" \
    >"$svc/src/beta.ini"
printf '[source]\nspool = %s/spool\n' "$svc" >"$svc/src/gamma.ini"

fm check-config -c "$svc/feedmill.conf" >/dev/null 2>"$TMP/err" &&
    ok "check-config accepts listen, access and [partner] sections" ||
    { not_ok "check-config accepts listen, access and [partner]"; sed 's/^/# /' "$TMP/err"; }

# check-config: each problem with its file and line.
cat >"$TMP/bad.conf" <<EOF
[service]
listen = [::1]8080
listen = 8080
http_timeout = 1h

[channel x]
access = secret

[partner p]
key_sha256 = abc
channels = x, nosuch

[partner q]
revoked = maybe
EOF
fm check-config -c "$TMP/bad.conf" >/dev/null 2>"$TMP/err"
rc=$?
cat >"$TMP/want" <<EOF
feedmill: error: $TMP/bad.conf:2: listen must be HOST:PORT, [IPV6]:PORT, :PORT or none, not "[::1]8080"
feedmill: error: $TMP/bad.conf:3: listen must be HOST:PORT, [IPV6]:PORT, :PORT or none, not "8080"
feedmill: error: $TMP/bad.conf:4: http_timeout: "1h" is not a duration of 1s to 15s
feedmill: error: $TMP/bad.conf:7: access must be public or restricted, not "secret"
feedmill: error: $TMP/bad.conf:10: key_sha256 must be 64 hex digits (feedmill key-hash makes it), not "abc"
feedmill: error: $TMP/bad.conf:14: revoked must be yes or no, not "maybe"
feedmill: error: $TMP/bad.conf:10: partner p: no key_sha256
feedmill: error: $TMP/bad.conf:10: partner p: no channel "nosuch"
feedmill: error: $TMP/bad.conf:14: partner q: no key_sha256
feedmill: error: $TMP/bad.conf:14: partner q: no channels
EOF
grep -v "no source\|sources" "$TMP/err" >"$TMP/got"
[ $rc -eq 1 ] && check_file "check-config: HTTP keys wrong, file:line each" \
    "$TMP/want" "$TMP/got" || not_ok "check-config exits 1 on HTTP key errors"

# A listen address in use: serve stops at once, exit 1, naming it.
python3 - "$svc/feedmill.conf" "$svc/busy.conf" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
text = open(sys.argv[1]).read().replace("listen = 127.0.0.1:0",
    "listen = 127.0.0.1:%d" % s.getsockname()[1])
open(sys.argv[2] + ".tmp", "w").write(text)
__import__("os").rename(sys.argv[2] + ".tmp", sys.argv[2])
time.sleep(20)
PY
holder=$!
i=0
while [ ! -s "$svc/busy.conf" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
(cd "$svc" && exec $FEEDMILL_WRAPPER "$FEEDMILL" serve -c "$svc/busy.conf") \
    >/dev/null 2>"$TMP/busy.err" &
bpid=$!
i=0
while kill -0 $bpid 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
wait $bpid
rc=$?
kill $holder 2>/dev/null
[ $rc -eq 1 ] && grep -q "listen 127.0.0.1:[0-9]*: Address already in use" \
    "$TMP/busy.err" && ok "a listen address in use: exit 1 with the reason" ||
    { not_ok "a listen address in use: exit 1 with the reason (rc $rc)"; sed 's/^/# /' "$TMP/busy.err"; }

# Start the service (debug logging: not even that may show a key).
(cd "$svc" && exec $FEEDMILL_WRAPPER "$FEEDMILL" serve -v --no-spread -c feedmill.conf) \
    >"$TMP/serve.log" 2>&1 &
pid=$!

port=
got_port() {
	port=$(sed -n 's/.*listening on .* (port \([0-9]*\)).*/\1/p' \
	    "$TMP/serve.log" | head -1)
	[ -n "$port" ]
}
served() {
	python3 -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=2).status == 200 else 1)' "$port" "$1"
}
if ! wait_for 30 got_port || ! wait_for 30 served /healthz ||
    ! wait_for 30 served /news.rss || ! wait_for 30 served /news.json; then
	not_ok "feedmill serve listens and publishes"
	sed 's/^/# /' "$TMP/serve.log" | head -30
	done_testing
	exit 1
fi
ok "feedmill serve listens on a free loopback port and serves news.rss"
# The channel metrics need the publish to have been counted.
sleep 1.5

results() {
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		"not ok "*) not_ok "${line#not ok }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}
check() {
	python3 "$top_srcdir/tests/http/check.py" "$port" "$svc/out" "$@"
}
check basic >"$TMP/r" 2>&1
results "$TMP/r"
check negotiate >"$TMP/r" 2>&1
results "$TMP/r"
check slow >"$TMP/r" 2>&1
results "$TMP/r"
check access "$key_acme" "$key_beta" "$key_old" >"$TMP/r" 2>&1
results "$TMP/r"
check keyed "$key_acme" >"$TMP/r" 2>&1
results "$TMP/r"

# Share pages: a story only restricted channels carry needs a key for one
# of them; a public channel's story is public.
secret_page=$(grep -l "Beta secret one" "$svc/out/share/"*.html | head -1)
public_page=$(grep -l "Alpha one" "$svc/out/share/"*.html | head -1)
code() {
	python3 -c 'import sys, urllib.request, urllib.error
rq = urllib.request.Request(sys.argv[1], headers=dict(h.split(": ", 1) for h in sys.argv[2:]))
try:
    print(urllib.request.urlopen(rq, timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)' "$@"
}
if [ -z "$secret_page" ] || [ -z "$public_page" ]; then
	not_ok "share pages were written"
else
	u="http://127.0.0.1:$port/share/${secret_page##*/}"
	p="http://127.0.0.1:$port/share/${public_page##*/}"
	[ "$(code "$u")" = 404 ] && [ "$(code "$u?key=$key_acme")" = 200 ] &&
	    [ "$(code "$u" "Authorization: Bearer $key_beta")" = 200 ] &&
	    [ "$(code "$u?key=$key_old")" = 404 ] &&
	    ok "a restricted channel's share page needs a key of one of its channels" ||
	    not_ok "a restricted channel's share page needs a key of one of its channels"
	[ "$(code "$p")" = 200 ] && ok "a public story's share page is public" ||
	    not_ok "a public story's share page is public"
	# Share pages are answered from their files.
	check files "share/${public_page##*/}" "share/${secret_page##*/}" \
	    "$key_beta" >"$TMP/r" 2>&1
	results "$TMP/r"
fi

# Large pages that come in with the next publish, for the gzip budget:
# 20 of 300 KB that gzip to some 230 KB each (4.5 MB in all).
python3 - "$svc/out/share" <<'PY'
import base64, os, random, sys
r = random.Random(7)
for i in range(20):
    body = base64.b64encode(bytes(r.getrandbits(8) for _ in range(225000)))
    with open("%s/.big-%02d" % (sys.argv[1], i), "wb") as f:
        f.write(b"<!doctype html><p>" + body + b"</p>\n")
    os.rename("%s/.big-%02d" % (sys.argv[1], i),
              "%s/zz-big-%02d.html" % (sys.argv[1], i))
PY

# A publish replaces what is served: a story dropped into the spool.
old=$(check etag)
rss "$svc/spool/new.xml" "Gamma" "g1|Gamma arrives"
newer() {
	grep -q "Gamma arrives" "$svc/out/news.rss" &&
	    [ "$(check etag)" != "$old" ]
}
if wait_for 15 newer; then
	check changed "$old" >"$TMP/r" 2>&1
	results "$TMP/r"
	# The publish's sync listed the share folder again.
	gamma_page=$(grep -l "Gamma arrives" "$svc/out/share/"*.html | head -1)
	[ -n "$gamma_page" ] &&
	    [ "$(code "http://127.0.0.1:$port/share/${gamma_page##*/}")" = 200 ] &&
	    [ "$(code "http://127.0.0.1:$port/share/zz-big-00.html")" = 200 ] &&
	    ok "after a publish: its new share page and pages added meanwhile are served" ||
	    not_ok "after a publish: its new share page and pages added meanwhile are served"
	check gzcache $(cd "$svc/out" && ls share/zz-big-*.html) >"$TMP/r" 2>&1
	results "$TMP/r"
else
	not_ok "a publish replaces what is served"
fi

# SIGHUP with acme revoked: its key opens nothing any more.
sed 's/^channels = secret$/channels = secret\nrevoked = yes/' \
    "$svc/feedmill.conf" >"$TMP/conf" && cat "$TMP/conf" >"$svc/feedmill.conf"
kill -HUP $pid
reloaded() {
	grep -q "configuration reloaded" "$TMP/serve.log"
}
u="http://127.0.0.1:$port/secret.rss"
if wait_for 15 reloaded && [ "$(code "$u?key=$key_acme")" = 404 ] &&
    [ "$(code "$u" "Authorization: Bearer $key_beta")" = 404 ] &&
    [ "$(code "http://127.0.0.1:$port/other.rss?key=$key_beta")" = 200 ]; then
	ok "SIGHUP: a revoked key opens nothing, the others stay"
else
	not_ok "SIGHUP: a revoked key opens nothing, the others stay"
fi
check_metric() {
	python3 -c 'import sys, urllib.request
t = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
sys.exit(0 if sys.argv[2] in t.splitlines() else 1)' \
	    "http://127.0.0.1:$port/metrics" "$1"
}
check_metric 'feedmill_partner_requests_total{partner="acme",result="refused"} 1' &&
    check_metric 'feedmill_partner_requests_total{partner="acme",result="granted"} 6' &&
    ok "SIGHUP keeps the partner counters" ||
    not_ok "SIGHUP keeps the partner counters"

# No key anywhere in the log.
if grep -F -e "$key_acme" -e "$key_beta" -e "$key_old" "$TMP/serve.log" \
    >/dev/null; then
	not_ok "no key in the log"
else
	ok "no key in the log (debug level)"
fi

final=$(check etag)
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] && ok "SIGTERM: the server stops, exit 0" ||
    { not_ok "SIGTERM: exit 0 (got $rc)"; tail -5 "$TMP/serve.log" | sed 's/^/# /'; }

# A restart fills the table from the files already published, before
# anything is polled: the same bytes and ETag as before.
files=$(find "$svc/out" -type f ! -name '.*' | wc -l)
# (The old log goes first: the new server's shell truncates it only once
# it runs, and the old "listening on" line must not be read for its.)
rm -f "$TMP/serve.log"
(cd "$svc" && exec $FEEDMILL_WRAPPER "$FEEDMILL" serve -c feedmill.conf) \
    >"$TMP/serve.log" 2>&1 &
pid=$!
port=
n=0
if wait_for 30 got_port; then
	n=$(sed -n 's/.*listening on .*: \([0-9]*\) files.*/\1/p' \
	    "$TMP/serve.log")
fi
# Every file, and index.html once more as "/".
[ "$n" -eq $((files + 1)) ] && [ "$(check etag)" = "$final" ] &&
    ok "a restart serves what was published at once ($n files, same ETag)" ||
    { not_ok "a restart serves what was published at once ($n of $((files + 1)) files)"; tail -5 "$TMP/serve.log" | sed 's/^/# /'; }

# stylesheet = no (SIGHUP): the feeds name no stylesheet, so browsers
# get the feed types too and nothing varies by Accept.
sed 's/^\[service\]$/[service]\nstylesheet = no/' "$svc/feedmill.conf" \
    >"$TMP/conf" && cat "$TMP/conf" >"$svc/feedmill.conf"
kill -HUP $pid
browser_type() {
	python3 -c 'import sys, urllib.request
rq = urllib.request.Request(sys.argv[1], headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
r = urllib.request.urlopen(rq, timeout=5)
print(r.headers.get("Content-Type"), "|", r.headers.get("Vary"))' \
	    "http://127.0.0.1:$port/news.rss"
}
if wait_for 15 reloaded &&
    [ "$(browser_type)" = "application/rss+xml; charset=utf-8 | Accept-Encoding" ]; then
	ok "stylesheet = no: a browser gets application/rss+xml, Vary: Accept-Encoding"
else
	not_ok "stylesheet = no: a browser gets application/rss+xml ($(browser_type))"
fi
kill -TERM $pid 2>/dev/null
wait $pid
pid=

done_testing
