#!/bin/sh
# HTTP serving benchmark (not a test): wrk against `feedmill serve` and
# against nginx serving the same channel file, in the same run, for 200s
# (full body) and for 304s (If-None-Match with each server's ETag).
# Prints requests/s and p99 latency of each, and the feedmill/nginx ratio.
# Both are single-process, single-threaded servers here (nginx with one
# worker) on loopback.
#
#   sh bench/http-serve.sh [BUILDDIR]
#
# Knobs: SECONDS_EACH (default 10), CONNS (default 32), THREADS (wrk
# threads, default 1), ITEMS (stories in the channel, default 50), PAGE=1
# (ask for a share page, answered from its file, instead of the channel
# file, answered from memory).
# Needs: wrk and nginx (Debian: apt-get install wrk nginx-light), python3.
set -eu
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
DUR=${SECONDS_EACH:-10}
CONNS=${CONNS:-32}
THREADS=${THREADS:-1}
ITEMS=${ITEMS:-50}
for tool in wrk nginx python3; do
	if ! command -v $tool >/dev/null 2>&1 &&
	    ! [ -x /usr/sbin/$tool ]; then
		echo "bench/http-serve.sh: $tool is missing; on Debian:" \
		    "apt-get install wrk nginx-light python3" >&2
		exit 1
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d /tmp/feedmill-httpbench.XXXXXX)
chmod 755 "$work"	# nginx workers may run as another user
fpid=
npid=
trap '[ -n "$fpid" ] && kill $fpid 2>/dev/null; [ -n "$npid" ] && kill $npid 2>/dev/null; rm -rf "$work"' EXIT

# A channel of ITEMS stories with some text each, from a local file.
mkdir -p "$work/src" "$work/www"
python3 - "$work/feed.xml" "$ITEMS" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    f.write('<?xml version="1.0"?>\n<rss version="2.0"><channel>'
            '<title>Bench</title><link>https://bench.example/</link>'
            '<description>d</description>\n')
    for i in range(n):
        f.write('<item><title>Story %d about the benchmark</title>'
                '<link>https://bench.example/%d</link><guid>https://'
                'bench.example/%d</guid><description>Paragraph %d: the '
                'quick brown fox jumps over the lazy dog while the '
                'feed server answers as fast as it can.</description>'
                '<pubDate>Sat, 28 Nov 2026 10:%02d:00 +0000</pubDate>'
                '</item>\n' % (i, i, i, i, i % 60))
    f.write('</channel></rss>\n')
PY
fport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = www
sources_dir = src
listen = 127.0.0.1:$fport
http_connections = 1024
http_per_ip = 1024

[channel bench]
sources = bench
EOF
printf '[source]\nfile = %s/feed.xml\n' "$work" >"$work/src/bench.ini"
(cd "$work" && exec "$build/feedmill" serve -q --no-spread \
    -c feedmill.conf) 2>"$work/feedmill.log" &
fpid=$!
i=0
while ! [ -s "$work/www/bench.rss" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! [ -s "$work/www/bench.rss" ]; then
	echo "feedmill did not start:" >&2
	cat "$work/feedmill.log" >&2
	exit 1
fi
sleep 1.5	# the first publish lands in the table at the next tick

# nginx: one worker, the same folder, the same file.
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	types { application/rss+xml rss; }
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$nport;
		root $work/www;
	}
}
EOF
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>/dev/null &
npid=$!
sleep 0.5

rel=bench.rss
if [ "${PAGE:-0}" = 1 ]; then
	rel=share/$(ls "$work/www/share" | head -1)
fi
url_f="http://127.0.0.1:$fport/$rel"
url_n="http://127.0.0.1:$nport/$rel"
etag() {
	python3 - "$1" <<'PY'
import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1]).headers["ETag"])
PY
}
etag_f=$(etag "$url_f")
etag_n=$(etag "$url_n")
size=$(wc -c <"$work/www/$rel")

# run NAME URL HEADER STATUS VAR: wrk --latency; sets rps_VAR.
# Prints "requests/s p99" from wrk --latency.
run() {
	if [ -n "$3" ]; then
		wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -H "$3" "$2"
	else
		wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$2"
	fi >"$work/wrk.out" 2>&1
	rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.out")
	p99=$(sed -n 's/^ *99% *//p' "$work/wrk.out")
	non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$work/wrk.out")
	printf '%-10s %-6s %12s req/s   p99 %8s%s\n' "$1" "$4" "$rps" "$p99" \
	    "${non2xx:+   non-2xx/3xx: $non2xx}"
	eval "rps_$5=$rps"
}
echo "$rel: $size bytes, $ITEMS stories; wrk -t$THREADS -c$CONNS" \
    "-d${DUR}s; feedmill port $fport, nginx port $nport"
run feedmill "$url_f" "" 200 f200
run feedmill "$url_f" "If-None-Match: $etag_f" 304 f304
run nginx "$url_n" "" 200 n200
run nginx "$url_n" "If-None-Match: $etag_n" 304 n304
python3 - "$fport" "$fpid" <<'PY'
import re, sys, urllib.request
port, pid = sys.argv[1], sys.argv[2]
m = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % port).read().decode()
get = lambda n: re.search(r"^%s (\S+)$" % n, m, re.M).group(1)
rss = re.search(r"VmRSS:\s+(\d+) kB", open("/proc/%s/status" % pid).read())
print("feedmill table: %s files, %s bytes (plain + gzip); feedmill RSS %s kB"
      % (get("feedmill_http_resources"), get("feedmill_http_resource_bytes"),
         rss.group(1)))
PY
python3 - "$rps_f200" "$rps_n200" "$rps_f304" "$rps_n304" <<'PY'
import sys
f200, n200, f304, n304 = map(float, sys.argv[1:])
print("ratio feedmill/nginx: 200s %.2f, 304s %.2f (target >= 0.5)"
      % (f200 / n200, f304 / n304))
PY
