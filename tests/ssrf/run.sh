#!/bin/sh
# SSRF: feedmill never connects to loopback, private or other
# special-purpose addresses unless told to, whether the address comes
# directly, through a redirect, or from a DNS name that resolves to it.
# Runs inside its own network and mount namespace (unshare -n -m), so a
# policy bug cannot send a packet anywhere: the namespace has only a
# loopback interface, with one "public" address (11.0.0.1) added to it,
# and its own /etc/hosts naming public.test and private.test. A "private"
# fixture on 127.0.0.1 and ::1 logs every connection it accepts; it must
# see none, except in the control cases that allow private addresses.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if [ -z "${FEEDMILL_IN_NETNS:-}" ]; then
	if ! command -v python3 >/dev/null 2>&1 || ! command -v ip >/dev/null ||
	    ! unshare -n -m true 2>/dev/null; then
		skip "needs python3, ip and unshare -n -m (root or user namespaces)"
		done_testing
		exit 0
	fi
	FEEDMILL_IN_NETNS=1 exec unshare -n -m sh "$0" "$@"
fi

pub_ip=11.0.0.1
ip link set lo up && ip addr add "$pub_ip/32" dev lo || {
	not_ok "cannot set up the test network namespace"
	done_testing
	exit 1
}
printf '%s public.test\n127.0.0.1 private.test\n::1 private6.test\n' \
    "$pub_ip" >"$TMP/hosts"
mount --bind "$TMP/hosts" /etc/hosts

log="$TMP/private.log"
: >"$log"
python3 "$top_srcdir/tests/ssrf/fixture.py" "$pub_ip" "$log" >"$TMP/ports" \
    2>"$TMP/fixture.err" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
read -r pport vport <"$TMP/ports" || true
if [ -z "$vport" ]; then
	not_ok "fixture servers did not start"
	sed 's/^/# /' "$TMP/fixture.err"
	done_testing
	exit 1
fi
pub="http://public.test:$pport"

# Control: the public fixture is reachable, so refusals below are real.
if fm convert -q -t dump "$pub/feed.xml" >"$TMP/pub.dump" 2>"$TMP/pub.err" &&
    grep -q 'Reached' "$TMP/pub.dump"; then
	ok "a public address is fetched"
else
	not_ok "a public address is fetched"
	sed 's/^/# /' "$TMP/pub.err"
fi

# refused NAME URL: convert must fail with the refusal message, print
# nothing of the private server's content, and the private server must
# have seen no connection.
refused() {
	name=$1 url=$2
	before=$(wc -l <"$log")
	fm convert -q -t dump "$url" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	after=$(wc -l <"$log")
	if [ "$rc" -ne 0 ] && [ "$after" -eq "$before" ] &&
	    ! grep -q SECRET "$TMP/out" && grep -q -i 'refused\|only http' \
	    "$TMP/err"; then
		ok "refused: $name"
	else
		not_ok "refused: $name (exit $rc, $((after - before)) connections)"
		sed 's/^/# /' "$TMP/err" | head -5
	fi
}

v4="127.0.0.1:$vport"
refused "loopback literal" "http://$v4/feed.xml"
refused "localhost" "http://localhost:$vport/feed.xml"
refused "a DNS name resolving to 127.0.0.1" "http://private.test:$vport/"
refused "a DNS name resolving to ::1" "http://private6.test:$vport/"
refused "IPv6 loopback literal" "http://[::1]:$vport/"
refused "IPv4-mapped IPv6 loopback" "http://[::ffff:127.0.0.1]:$vport/"
refused "decimal integer host" "http://2130706433:$vport/"
refused "hexadecimal host" "http://0x7f000001:$vport/"
refused "octal host" "http://0177.0.0.1:$vport/"
refused "short dotted host" "http://127.1:$vport/"
refused "0.0.0.0" "http://0.0.0.0:$vport/"
refused "302 to loopback" "$pub/to?http://$v4/"
refused "301 to loopback" "$pub/moved?http://$v4/"
refused "302 to a name resolving to loopback" \
    "$pub/to?http://private.test:$vport/"
refused "302 to IPv6 loopback" "$pub/to?http://[::1]:$vport/"
refused "302 to IPv4-mapped loopback" \
    "$pub/to?http://[::ffff:127.0.0.1]:$vport/"
refused "302 to a file: URL" "$pub/to?file:///etc/passwd"
refused "302 to gopher" "$pub/to?gopher://127.0.0.1:$vport/"
refused "302 to a redirect to loopback" \
    "$pub/to?$pub/to?http://$v4/"

# XML never loads a DTD or an external entity (the private server would
# log the attempt), never reads a local file into the output, and a
# billion laughs (10^9 expansions) is refused in milliseconds.
{
	printf '<?xml version="1.0"?>\n'
	printf '<!DOCTYPE rss SYSTEM "http://%s/evil.dtd" [\n' "$v4"
	printf '<!ENTITY %% p SYSTEM "http://%s/param.dtd"> %%p;\n' "$v4"
	printf '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
	printf '<!ENTITY l0 "lol">\n'
	i=1
	while [ $i -le 9 ]; do
		printf '<!ENTITY l%d "' $i
		j=0
		while [ $j -lt 10 ]; do printf '&l%d;' $((i - 1)); j=$((j + 1)); done
		printf '">\n'
		i=$((i + 1))
	done
	printf ']>\n<rss version="2.0"><channel><title>t &xxe;</title>'
	printf '<item><title>&l9;</title><description>&xxe; &l9;</description>'
	printf '<guid>x</guid></item></channel></rss>\n'
} >"$TMP/xxe.xml"
for t in dump rss atom jsonfeed; do
	before=$(wc -l <"$log")
	t0=$(date +%s%N)
	fm convert -q -t $t "$TMP/xxe.xml" >"$TMP/xxe.out" 2>"$TMP/xxe.err"
	ms=$((($(date +%s%N) - t0) / 1000000))
	after=$(wc -l <"$log")
	if [ "$after" -eq "$before" ] && ! grep -q 'root:' "$TMP/xxe.out" &&
	    ! grep -q 'lollol' "$TMP/xxe.out" && [ "$ms" -lt 2000 ]; then
		ok "XXE and billion laughs to $t: no fetch, no file, no expansion ($ms ms)"
	else
		not_ok "XXE and billion laughs to $t ($((after - before)) connections, $ms ms)"
		head -5 "$TMP/xxe.out" "$TMP/xxe.err" | sed 's/^/# /'
	fi
done

# The service: a source on a private address is refused by poll --once
# unless allow_private is set.
svc="$TMP/svc"
mkdir -p "$svc"
cat >"$svc/feedmill.conf" <<CONF
[service]
state_dir = state
output_dir = out
base_url = https://feeds.example/

[channel all]
title = Everything
CONF
printf '[source]\nurl = %s/to?http://%s/\n' "$pub" "$v4" >"$svc/hop.ini"
printf '[source]\nurl = http://private.test:%s/\n' "$vport" >"$svc/name.ini"
printf '[source]\nurl = %s/feed.xml\n' "$pub" >"$svc/public.ini"
before=$(wc -l <"$log")
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll.out" 2>"$TMP/poll.err"
after=$(wc -l <"$log")
if [ "$after" -eq "$before" ] && grep -q 'Reached' "$svc/out/all.rss" &&
    ! grep -q SECRET "$svc/out/all.rss" &&
    [ "$(grep -c -i 'refused' "$TMP/poll.err")" -ge 2 ]; then
	ok "poll --once refuses private sources, direct and by redirect"
else
	not_ok "poll --once refuses private sources ($((after - before)) connections)"
	sed 's/^/# /' "$TMP/poll.err" | head -10
fi

# Control: allow_private lets the same sources through, which shows the
# private server counts connections when they do happen.
sed -i 's/^\[service\]$/[service]\nallow_private = yes/' "$svc/feedmill.conf"
rm -rf "$svc/state" "$svc/out"	# no backoff from the refusals above
before=$(wc -l <"$log")
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll2.out" 2>"$TMP/poll2.err"
after=$(wc -l <"$log")
if [ "$after" -gt "$before" ] && grep -q SECRET "$svc/out/all.rss"; then
	ok "allow_private = yes reaches the private server (control)"
else
	not_ok "allow_private = yes reaches the private server (control)"
	sed 's/^/# /' "$TMP/poll2.err" | head -10
fi
before=$(wc -l <"$log")
fm convert -q --allow-private -t dump "http://$v4/" >"$TMP/ctl.dump" 2>&1
after=$(wc -l <"$log")
if [ "$after" -gt "$before" ] && grep -q SECRET "$TMP/ctl.dump"; then
	ok "convert --allow-private reaches the private server (control)"
else
	not_ok "convert --allow-private reaches the private server (control)"
fi

# Other schemes never become sources.
mkdir -p "$TMP/bad"
printf '[service]\nstate_dir = s\noutput_dir = o\n' >"$TMP/bad/feedmill.conf"
printf '[source]\nurl = file:///etc/passwd\n' >"$TMP/bad/file.ini"
printf '[source]\nurl = gopher://127.0.0.1:%s/\n' "$vport" >"$TMP/bad/gopher.ini"
if ! fm check-config -c "$TMP/bad/feedmill.conf" 2>"$TMP/bad.err" &&
    grep -q 'file.ini:2: url must be http or https' "$TMP/bad.err" &&
    grep -q 'gopher.ini:2: url must be http or https' "$TMP/bad.err"; then
	ok "check-config refuses file: and gopher: source URLs"
else
	not_ok "check-config refuses file: and gopher: source URLs"
	sed 's/^/# /' "$TMP/bad.err"
fi

done_testing
