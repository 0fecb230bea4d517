#!/bin/sh
# Service benchmark (not a test): resident memory of `feedmill serve`
# over N sources on a loopback nginx. It starts serve, asks for a round
# of every source (--no-spread: all 200 with new stories), reads VmRSS
# and VmHWM from /proc when its /metrics count every source polled, then
# has it poll them all again with SIGUSR1 (all 304), reads them again,
# and stops serve with SIGTERM.
#
#   N=1000 [SHARE_PAGES=no] sh bench/service-memory.sh [BUILDDIR]
#
# Needs nginx (Debian nginx-light), curl and python3; the data as for
# bench/service-poll.sh (../shared/bench/gen_feeds.py --only many; for N
# above 1,000 the same files are served under N distinct URLs).
set -eu
N=${N:-1000}
PAR=${PAR:-64}
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
DATA=${DATA:-/tmp/bench-data}
PORT=${PORT:-18731}
PREFIX=${PREFIX:-/tmp/bench-nginx}
TIMEOUT=${TIMEOUT:-1800}
SHARE_PAGES=${SHARE_PAGES:-yes}
work=$(mktemp -d /tmp/feedmill-bench.XXXXXX)
pid=

. "$here/lib.sh"
bench_nginx_start
trap bench_serve_cleanup EXIT

bench_config "$work" "listen = 127.0.0.1:0" "share_pages = $SHARE_PAGES"

# mem LABEL: VmRSS and VmHWM of serve now.
mem() {
	awk -v l="$1" '/^VmRSS|^VmHWM/ { v[$1] = $2 }
	    END { printf "%-32s VmRSS %7.1f MiB  VmHWM %7.1f MiB\n", l,
	    v["VmRSS:"] / 1024, v["VmHWM:"] / 1024 }' "/proc/$pid/status"
}

# polls: the polls serve has made (its /metrics).
polls() {
	curl -sf "http://127.0.0.1:$hport/metrics" | awk '
	    /^feedmill_source_polls_total[{ ]/ { n += $NF } END { print n + 0 }'
}

# wait_polls K: until serve has polled K times (and two ticks more, to
# publish what they brought).
wait_polls() {
	t=0
	while [ "$(polls)" -lt "$1" ]; do
		kill -0 "$pid" 2>/dev/null || { echo "serve died:" >&2; tail "$work/log" >&2; exit 1; }
		t=$((t + 1))
		[ "$t" -le $((TIMEOUT * 5)) ] || { echo "not $1 polls in ${TIMEOUT}s" >&2; exit 1; }
		sleep 0.2
	done
	sleep 2
}

# Started when it has its HTTP port and catches SIGTERM (SigCgt bit 15).

echo "N=$N sources, $PAR connections, share_pages = $SHARE_PAGES, nginx on 127.0.0.1:$PORT"
# --no-spread: every source is polled at once (all 200, new stories).
bench_serve_start
s0=$(date +%s)
wait_polls "$N"
mem "serve, after the 200 round"
echo "  $N polls in $(( $(date +%s) - s0 )) s"
# SIGUSR1 (where serve has it) polls every source again: all 304.
m=$(awk '/^SigCgt/ { print $2 }' "/proc/$pid/status")
if [ $((0x$m & 0x200)) -ne 0 ]; then
	s0=$(date +%s)
	kill -USR1 "$pid"
	wait_polls $((2 * N))
	mem "serve, after the 304 round"
	echo "  $N more polls in $(( $(date +%s) - s0 )) s"
else
	echo "  (this serve has no SIGUSR1: no 304 round)"
fi
echo "  the HTTP server's table: $(curl -sf "http://127.0.0.1:$hport/metrics" |
    awk '/^feedmill_http_resource/ { printf "%s %s ", $1, $2 }')"
s0=$(date +%s)
kill -TERM "$pid"
wait "$pid" || echo "serve exited with status $?"
echo "  stopped in $(( $(date +%s) - s0 )) s"
pid=
