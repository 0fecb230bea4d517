#!/bin/sh
# Service benchmark (not a test): how long `feedmill serve` takes to poll
# N due sources on a loopback nginx. It starts serve --no-spread (every
# source due at once: all 200, new stories), times the burst until
# /metrics counts N polls, then times ROUNDS SIGUSR1 rounds (all 304)
# from the signal to the log's "all sources polled", and prints wall
# and CPU time (serve's utime + stime from /proc) of each, next to one
# `poll --once --force` of the same sources on the same store.
#
#   N=10000 [ROUNDS=3] [SHARE_PAGES=no] sh bench/serve-round.sh [BUILDDIR]
#
# Needs nginx (Debian nginx-light), curl and python3; the data as for
# bench/service-poll.sh (../shared/bench/gen_feeds.py --only many; for N
# above 1,000 the same files are served under N distinct URLs).
set -eu
N=${N:-10000}
PAR=${PAR:-64}
ROUNDS=${ROUNDS:-3}
SHARE_PAGES=${SHARE_PAGES:-no}
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
DATA=${DATA:-/tmp/bench-data}
work=$(mktemp -d /tmp/feedmill-bench.XXXXXX)
# A port and an nginx folder of this run's own, so two runs can overlap.
PORT=${PORT:-$((20000 + $$ % 10000))}
PREFIX=${PREFIX:-$work/nginx}
TIMEOUT=${TIMEOUT:-1800}
pid=

. "$here/lib.sh"
bench_nginx_start
trap bench_serve_cleanup EXIT

bench_config "$work" "listen = 127.0.0.1:0" "share_pages = $SHARE_PAGES"

# now: seconds, with milliseconds.
now() {
	date +%s.%N | cut -c1-14
}
# cpu: serve's CPU seconds so far (utime + stime).
cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' \
	    "/proc/$pid/stat"
}
polls() {
	curl -sf "http://127.0.0.1:$hport/metrics" | awk '
	    /^feedmill_source_polls_total[{ ]/ { n += $NF } END { print n + 0 }'
}
rounds() {
	grep -c "SIGUSR1: all sources polled" "$work/log" || true
}
# report LABEL T0 C0: wall and CPU since T0 and C0.
report() {
	echo "$2 $(now) $3 $(cpu)" | awk -v l="$1" '{
	    printf "%-30s wall %7.2f s  CPU %7.2f s\n", l, $2 - $1, $4 - $3 }'
}

echo "N=$N sources, $PAR connections, share_pages = $SHARE_PAGES, nginx on 127.0.0.1:$PORT"
bench_serve_start
t0=$(now)
c0=$(cpu)
t=0
while [ "$(polls)" -lt "$N" ]; do
	t=$((t + 1))
	[ "$t" -le $((TIMEOUT * 20)) ] || { echo "not $N polls in ${TIMEOUT}s" >&2; exit 1; }
	sleep 0.05
done
report "burst (all due, 200s)" "$t0" "$c0"
# Let the burst's publish and reads finish before the rounds.
sleep 3
r=1
while [ $r -le "$ROUNDS" ]; do
	t0=$(now)
	c0=$(cpu)
	kill -USR1 "$pid"
	t=0
	while [ "$(rounds)" -lt $r ]; do
		t=$((t + 1))
		[ "$t" -le $((TIMEOUT * 20)) ] || { echo "round $r not over in ${TIMEOUT}s" >&2; exit 1; }
		sleep 0.05
	done
	report "SIGUSR1 round $r (304s)" "$t0" "$c0"
	r=$((r + 1))
done
grep "SIGUSR1: all sources polled" "$work/log" | sed 's/^/  /'
kill -TERM "$pid"
wait "$pid" || echo "serve exited with status $?"
pid=
t0=$(now)
"$build/feedmill" poll --once --force -c "$work/conf/feedmill.conf" \
    2>/dev/null >"$work/poll.out"
echo "$t0 $(now)" | awk '{
    printf "%-30s wall %7.2f s\n", "poll --once --force (304s)", $2 - $1 }'
