#!/bin/sh
# Hostile sources: HOSTILE_SOURCES feeds (default 200; the full run is
# 1,000) polled for HOSTILE_ROUNDS rounds (default 3; full: 10) while
# 30 % of them misbehave at random each round (tests/hostile/fixture.py:
# slow, endless, gzip bombs, redirect loops, huge headers, wrong types,
# invalid UTF-8, errors).
#
# By default one `feedmill serve` runs the whole time and each round is
# a SIGUSR1 (poll every source now); the round is over when serve logs
# "SIGUSR1: all sources polled". HOSTILE_AGAIN more rounds (default 2)
# repeat the last one: the same answers, nothing new to store. After
# every round each channel must hold exactly the stories of its sources'
# readable rounds (a failing source keeps its last good stories;
# tests/hostile/check.py) and every output must be whole; serve's VmRSS,
# VmHWM, open descriptors and the store's size are printed per round.
# Fails when, after the last round, serve holds more than 8 descriptors
# other than sockets beyond those of round 1 or more than 8 sockets
# beyond its connection cache (max_connections, 64 idle keep-alive
# connections); when its resident memory grew from round 2 to the last
# by more than 8 MiB and more than 10 %, not counting the growth of the
# store (its page cache holds up to 16 MiB of it), or over the repeated
# rounds by more than 4 MiB and more than 10 % (memory is not checked
# under AddressSanitizer, whose quarantine holds freed memory); or when
# serve does not exit 0 on SIGTERM. HOSTILE_MODE=poll runs each round as
# its own `feedmill poll --once --force` instead (the peak memory of
# each round checked).
#
# Runs in a private network namespace, so every source has its own
# loopback address (127.0.x.y) and nothing leaves the machine.
#   usage: [HOSTILE_SOURCES=N] [HOSTILE_ROUNDS=N] [HOSTILE_AGAIN=N]
#          [HOSTILE_MODE=poll] sh tests/hostile/run.sh [BUILD_DIR]
[ -n "${1:-}" ] && top_builddir=$1
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if [ -z "${FEEDMILL_IN_NETNS:-}" ]; then
	if ! command -v python3 >/dev/null 2>&1 || ! command -v ip >/dev/null ||
	    ! unshare -n true 2>/dev/null; then
		skip "needs python3, ip and unshare -n (root)"
		done_testing
		exit 0
	fi
	rm -rf "$TMP"
	FEEDMILL_IN_NETNS=1 top_builddir=$top_builddir exec unshare -n sh "$0"
fi
ip link set lo up

n=${HOSTILE_SOURCES:-200}
rounds=${HOSTILE_ROUNDS:-3}
again=${HOSTILE_AGAIN:-2}
mode=${HOSTILE_MODE:-serve}
svc="$TMP/svc"
mkdir -p "$svc"
echo 1 >"$TMP/round"
python3 "$top_srcdir/tests/hostile/fixture.py" "$n" "$TMP/round" \
    >"$TMP/port" 2>"$TMP/fixture.err" &
srv=$!
pid=
trap 'kill $srv 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -1 "$TMP/port")

# Sources are due once a day: in serve mode only the rounds poll them.
{
	printf '[service]\nstate_dir = state\noutput_dir = out\n'
	printf 'allow_private = yes\nmax_connections = 64\nshare_pages = no\n'
	printf 'interval = 1d\n'
	printf '[channel all]\nlimit = 10000\n'
} >"$svc/feedmill.conf"
k=0
while [ $k -lt "$n" ]; do
	printf '[source]\nurl = http://127.0.%d.%d:%s/s/%d\ntimeout = 3s\nmax_size = 1M\n' \
	    $((k / 250)) $((k % 250 + 1)) "$port" $k >"$svc/s$k.ini"
	[ $((k % 10)) -eq 0 ] &&
	    printf '[channel c%d]\nsources = s%d\nformats = rss atom jsonfeed\n' \
	    $k $k >>"$svc/feedmill.conf"
	k=$((k + 1))
done

slog="$TMP/serve.err"
# done_rounds: how many SIGUSR1 rounds serve has finished.
done_rounds() {
	grep -c "SIGUSR1: all sources polled" "$slog"
}
# status_kb FIELD: a field of serve's /proc status, in KiB.
status_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status"
}
# store_kb: the size of the store's database in KiB (its pages, the
# write-ahead log's included).
store_kb() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
n = c.execute("PRAGMA page_count").fetchone()[0]
print(n * c.execute("PRAGMA page_size").fetchone()[0] // 1024)' \
	    "$svc/state/feedmill.db" 2>/dev/null || echo 0
}
ms() {
	echo $(($(date +%s%N) / 1000000))
}

if [ "$mode" = serve ]; then
	"$FEEDMILL" serve -c "$svc/feedmill.conf" 2>"$slog" &
	pid=$!
	if ! wait_for 30 grep -q "serving $n sources" "$slog"; then
		not_ok "serve started"
		sed 's/^/# /' "$slog" | head -10
		done_testing
		exit 1
	fi
fi

r=1
peaks=""
table=""
while [ $r -le $((rounds + again)) ]; do
	# The rounds after the last are that round again: the same answers.
	fr=$r label=$r
	[ $r -gt "$rounds" ] && fr=$rounds label="$rounds+$((r - rounds))"
	echo $fr >"$TMP/round"
	start=$(ms)
	rc=0
	if [ "$mode" = serve ]; then
		before=$(done_rounds)
		kill -USR1 $pid
		# A round takes seconds (timeouts are 3 s); allow a minute
		# plus a tenth of a second per source.
		limit=$((600 + n))
		while [ "$(done_rounds)" -le "$before" ] && [ $limit -gt 0 ] &&
		    kill -0 $pid 2>/dev/null; do
			sleep 0.1
			limit=$((limit - 1))
		done
		[ "$(done_rounds)" -gt "$before" ] || rc=1
		rss=$(status_kb VmRSS)
		hwm=$(status_kb VmHWM)
		fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
		socks=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c 'socket:')
		db=$(store_kb)
		eval "rss$r=\${rss:-0} fds$r=\$fds socks$r=\$socks db$r=\$db"
		mem="RSS $rss KiB, HWM $hwm KiB, $fds fds of which $socks sockets"
		fds="$fds/$socks"
	else
		/usr/bin/time -f '%M' -o "$TMP/rss" "$FEEDMILL" poll --once \
		    --force -q -c "$svc/feedmill.conf" >/dev/null \
		    2>"$TMP/poll.err" || rc=$?
		hwm=$(tail -1 "$TMP/rss")
		peaks="$peaks $hwm"
		rss=- fds=-/- db=-
		mem="peak $hwm KiB"
	fi
	secs=$(($(ms) - start))
	secs=$((secs / 1000)).$((secs % 1000 / 100))
	if [ $rc -eq 0 ] && python3 "$top_srcdir/tests/hostile/check.py" \
	    "$svc/out" "$n" $fr >"$TMP/check" 2>&1; then
		ok "$(tail -1 "$TMP/check" | sed "s/^round [0-9]*/round $label/") (${secs} s, $mem)"
		correct=yes
	else
		not_ok "round $label: exit $rc, $(tail -1 "$TMP/check") ($mem)"
		correct=no
		sed 's/^/# /' "$TMP/check" | head -10
		[ "$mode" = serve ] && err="$slog" || err="$TMP/poll.err"
		grep -v -i 'refused\|timed out\|HTTP status\|larger than\|redirect\|header\|stories\|published\|SIGUSR1' \
		    "$err" | head -5 | sed 's/^/# /'
		# What the log says about the first source that is wrong.
		k=$(sed -n 's/^c\([0-9]*\): want.*/\1/p; s/^all: .*; missing \([0-9]*\)-.*/\1/p' \
		    "$TMP/check" | head -1)
		[ -n "$k" ] && grep "feedmill: s$k: \|/s/$k: " "$err" |
		    tail -4 | sed 's/^/# /'
	fi
	stories=$(sed -n 's/.* \([0-9]*\) stories, .*/\1/p' "$TMP/check")
	table="$table
# $(printf '%5s  %-7s  %7s  %7s  %9s  %9s  %10s  %11s' $label $correct "$stories" \
	    "$secs" "$rss" "$hwm" "$db" "$fds")"
	r=$((r + 1))
done

echo "# round  correct  stories  seconds  RSS (KiB)  HWM (KiB)  store (KiB)  fds/sockets$table"
if [ "$mode" = serve ]; then
	# Idle keep-alive connections stay in libcurl's cache, at most
	# max_connections (64) of them, and fill it over the first rounds:
	# sockets are held to that cap, every other descriptor to round 1's.
	last=$((rounds + again))
	eval "f1=\$((fds1 - socks1)) fl=\$((fds$last - socks$last)) sl=\$socks$last"
	if [ "$fl" -le $((f1 + 8)) ] && [ "$sl" -le $((64 + 8)) ]; then
		ok "open descriptors stable: $f1 + $socks1 sockets after round 1, $fl + $sl sockets after round $last"
	else
		not_ok "open descriptors grew: $f1 + $socks1 sockets after round 1, $fl + $sl sockets after round $last"
		ls -l "/proc/$pid/fd" | sed 's/^/# /' | tail -20
	fi
	if grep -q __asan_init "$FEEDMILL"; then
		# AddressSanitizer's quarantine (256 MiB) holds freed memory.
		skip "resident memory under AddressSanitizer (its quarantine grows it; the normal build checks it)"
	elif [ "$rounds" -ge 3 ]; then
		# The store's page cache (16 MiB at most) grows with the
		# store: that much growth is data, not a leak.
		eval "m2=\$rss2 ml=\$rss$last d=\$((db$last - db2))"
		[ $d -gt 16384 ] && d=16384
		[ $d -lt 0 ] && d=0
		grow=$((ml - m2 - d))
		if [ $grow -le 8192 ] || [ $grow -le $((m2 / 10)) ]; then
			ok "resident memory stable: $m2 KiB after round 2, $ml KiB after round $last (the store grew $d KiB)"
		else
			not_ok "resident memory grew by $grow KiB more than the store ($d KiB) from round 2 ($m2 KiB) to round $last ($ml KiB)"
		fi
	fi
	# The same answers again store nothing new: the memory stays.
	if ! grep -q __asan_init "$FEEDMILL" && [ "$again" -ge 1 ]; then
		eval "ma=\$rss$rounds ml=\$rss$last"
		grow=$((ml - ma))
		if [ $grow -le 4096 ] || [ $grow -le $((ma / 10)) ]; then
			ok "resident memory flat over $again rounds of the same answers: $ma KiB, then $ml KiB"
		else
			not_ok "resident memory grew by $grow KiB over $again rounds of the same answers ($ma KiB, then $ml KiB)"
		fi
	fi
	kill -TERM $pid
	rc=0
	wait $pid || rc=$?
	pid=
	[ $rc -eq 0 ] && ok "serve exits 0 on SIGTERM after $last rounds" ||
	    { not_ok "serve exits 0 on SIGTERM (got $rc)"; tail -5 "$slog" | sed 's/^/# /'; }
else
	# No round may peak more than 1.5 times the first round's peak.
	first=$(echo $peaks | cut -d' ' -f1)
	worst=$(echo $peaks | tr ' ' '\n' | sort -n | tail -1)
	if [ "$worst" -le $((first * 3 / 2)) ]; then
		ok "peak memory stable across rounds (KiB:$peaks)"
	else
		not_ok "peak memory grew across rounds (KiB:$peaks)"
	fi
fi
done_testing
