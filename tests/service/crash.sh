#!/bin/sh
# Crash safety: feedmill poll --once is killed with SIGKILL at random
# moments, 100 times, while it reads a spool folder and publishes. After
# each kill every output file must be a whole document (the old version
# or the new one) and the store must pass PRAGMA integrity_check; at the
# end no story dropped into the spool is missing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed to check the outputs"
	done_testing
	exit 0
fi
ROUNDS=${ROUNDS:-100}
svc="$TMP/svc"
mkdir -p "$svc/spool"
printf '[service]\nstate_dir = state\noutput_dir = out\n[channel all]\nlimit = 1000\n' \
    >"$svc/feedmill.conf"
printf '[source]\nspool = spool\n' >"$svc/wire.ini"

story() {
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>d</description><item><title>Story %s</title><link>https://wire.example/%s</link><guid isPermaLink="false">s%s</guid><description>%s</description><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' "$1" "$1" "$1" "$2"
}

# whole FILE...: every file parses completely (XML or JSON).
whole() {
	python3 -c '
import json, sys, xml.dom.minidom
for f in sys.argv[1:]:
    if f.endswith(".json"):
        json.load(open(f))
    else:
        xml.dom.minidom.parse(f)
' "$@"
}

filler=$(python3 -c 'print("x " * 20000)')
bad=0
integrity=0
i=1
while [ $i -le "$ROUNDS" ]; do
	story $i "$filler" >"$svc/spool/s$i.xml"
	touch -d '1 minute ago' "$svc/spool/s$i.xml"
	# Started directly (not through a shell function) so that $! is
	# the process itself and the kill reaches it.
	$FEEDMILL_WRAPPER "$FEEDMILL" poll --once -q -c "$svc/feedmill.conf" \
	    >/dev/null 2>&1 &
	p=$!
	sleep "0.0$(( $(od -An -N1 -tu1 /dev/urandom) % 90 + 5 ))"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	set --
	for f in "$svc"/out/all.rss "$svc"/out/all.atom "$svc"/out/all.json; do
		[ -e "$f" ] && set -- "$@" "$f"
	done
	if [ $# -gt 0 ] && ! whole "$@" 2>"$TMP/whole.err"; then
		bad=$((bad + 1))
		sed 's/^/# /' "$TMP/whole.err" | tail -2
	fi
	if ! fm status --check -c "$svc/feedmill.conf" >"$TMP/st" 2>&1 ||
	    ! grep -q "integrity ok" "$TMP/st"; then
		integrity=$((integrity + 1))
		sed 's/^/# /' "$TMP/st" | tail -3
	fi
	i=$((i + 1))
done
[ $bad -eq 0 ] && ok "after $ROUNDS kills every output is a whole document" ||
    not_ok "after $ROUNDS kills every output is a whole document ($bad bad)"
[ $integrity -eq 0 ] && ok "the store passed integrity_check after every kill" ||
    not_ok "the store passed integrity_check after every kill ($integrity failed)"

# A last, undisturbed cycle: every story ever dropped is there.
fm poll --once -q -c "$svc/feedmill.conf" >/dev/null 2>&1
n=$(grep -c '"id": "s[0-9]*"' "$svc/out/all.json")
[ "$n" = "$ROUNDS" ] && ok "no story lost: $n of $ROUNDS published" ||
    not_ok "no story lost: $n of $ROUNDS published"
left=$(ls "$svc/spool" | grep -c '^s[0-9]*\.xml$')
stale=$(ls "$svc/out" | grep -c '\.tmp\.')
echo "# $stale temporary files left by killed runs (removed after 10 minutes)"
[ "$left" = 0 ] && ok "every spool file was filed" ||
    not_ok "every spool file was filed ($left left)"
done_testing
