#!/bin/sh
# Hostile sources: HOSTILE_SOURCES feeds (default 200; the full run is
# 1,000) polled for HOSTILE_ROUNDS rounds (default 3; full: 10) with
# feedmill poll --once --force, while 30 % of them misbehave at random
# each round (tests/hostile/fixture.py: slow, endless, gzip bombs,
# redirect loops, huge headers, wrong types, invalid UTF-8, errors).
# After every round each channel must hold exactly the stories of its
# sources' readable rounds (tests/hostile/check.py), every output must
# be whole, and the peak memory of a round must not grow across rounds.
# Runs in a private network namespace, so every source has its own
# loopback address (127.0.x.y) and nothing leaves the machine.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if [ -z "${FEEDMILL_IN_NETNS:-}" ]; then
	if ! command -v python3 >/dev/null 2>&1 || ! command -v ip >/dev/null ||
	    ! unshare -n true 2>/dev/null; then
		skip "needs python3, ip and unshare -n (root)"
		done_testing
		exit 0
	fi
	FEEDMILL_IN_NETNS=1 exec unshare -n sh "$0" "$@"
fi
ip link set lo up

n=${HOSTILE_SOURCES:-200}
rounds=${HOSTILE_ROUNDS:-3}
svc="$TMP/svc"
mkdir -p "$svc"
echo 1 >"$TMP/round"
python3 "$top_srcdir/tests/hostile/fixture.py" "$n" "$TMP/round" \
    >"$TMP/port" 2>"$TMP/fixture.err" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -1 "$TMP/port")

{
	printf '[service]\nstate_dir = state\noutput_dir = out\n'
	printf 'allow_private = yes\nmax_connections = 64\nshare_pages = no\n'
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

r=1
peaks=""
while [ $r -le "$rounds" ]; do
	echo $r >"$TMP/round"
	start=$(date +%s)
	/usr/bin/time -f '%M' -o "$TMP/rss" "$FEEDMILL" poll --once --force -q \
	    -c "$svc/feedmill.conf" >/dev/null 2>"$TMP/poll.err"
	rc=$?
	secs=$(($(date +%s) - start))
	peak=$(tail -1 "$TMP/rss")
	peaks="$peaks $peak"
	if [ $rc -eq 0 ] && python3 "$top_srcdir/tests/hostile/check.py" \
	    "$svc/out" "$n" $r >"$TMP/check" 2>&1; then
		ok "round $r: $(tail -1 "$TMP/check") (${secs} s, peak ${peak} KiB)"
	else
		not_ok "round $r: exit $rc, $(tail -1 "$TMP/check")"
		sed 's/^/# /' "$TMP/check" | head -10
		grep -v -i 'refused\|timed out\|HTTP status\|larger than\|redirect\|header' \
		    "$TMP/poll.err" | head -5 | sed 's/^/# /'
	fi
	r=$((r + 1))
done
# Memory: no round may peak more than 1.5 times the first round's peak.
first=$(echo $peaks | cut -d' ' -f1)
worst=$(echo $peaks | tr ' ' '\n' | sort -n | tail -1)
if [ "$worst" -le $((first * 3 / 2)) ]; then
	ok "peak memory stable across rounds (KiB:$peaks)"
else
	not_ok "peak memory grew across rounds (KiB:$peaks)"
fi
done_testing
