#!/bin/sh
# Responses are read and share pages written on worker threads
# (src/service/work.c): whatever the number of threads (FEEDMILL_WORKERS
# 0, 1, 2, 4), two cycles over the same responses leave byte-identical
# outputs, share pages and status. The fixture has what order could
# change: one story in several feeds (updated in one of them), a story
# killed, wire copy whose URL is its share page, a feed whose language
# comes after its items, an unreadable response among good ones, and
# more sources than jobs in flight.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
mkdir -p "$www"
: >"$TMP/requests.log"

# feed FILE N ROUND: feed N's RSS in round 1 or 2.
feed() {
	out=$1 n=$2 round=$3
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<rss version="2.0"><channel><title>Feed %s</title>\n' "$n"
		printf '<link>https://fixture.example/%s/</link>\n' "$n"
		[ $((n % 3)) -ne 0 ] && printf '<language>en-gb</language>\n'
		for i in 1 2 3 4 5; do
			printf '<item><title>Story %s.%s</title>' "$n" "$i"
			if [ $((n % 4)) -eq 0 ] && [ "$i" -eq 5 ]; then
				# wire copy: no link, the share page is its home
				printf '<guid isPermaLink="false">wire-%s</guid>' "$n"
			else
				printf '<link>https://fixture.example/%s/%s</link>' "$n" "$i"
			fi
			printf '<description>&lt;p&gt;Body of %s.%s, round %s' "$n" "$i" \
			    "$([ "$round" -eq 2 ] && [ $((n % 2)) -eq 0 ] && echo 2 || echo 1)"
			printf '&lt;b&gt;bold&lt;/b&gt;&lt;/p&gt;</description>'
			printf '<pubDate>Fri, 27 Nov 2026 %02d:%02d:00 +0000</pubDate></item>\n' \
			    $((n % 24)) "$i"
			[ $((n % 3)) -eq 0 ] && [ "$i" -eq 3 ] &&
			    printf '<language>fr</language>\n'
		done
		printf '</channel></rss>\n'
	} >"$out"
}

# dup FILE N ROUND: one story that feeds 1-4 all carry, each its own way.
dup() {
	cat >"$1" <<XML
<rss version="2.0"><channel><title>Dup $2</title>
<item><title>Shared story as feed $2 has it, round $3</title>
<link>https://fixture.example/shared</link>
<pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate></item>
</channel></rss>
XML
}

round_files() {
	n=1
	while [ $n -le 24 ]; do
		feed "$www/f$n.xml" $n "$1"
		n=$((n + 1))
	done
	for n in 1 2 3 4; do
		dup "$www/dup$n.xml" $n "$1"
	done
	printf '<rss><channel><item>' >"$www/broken.xml"
	# wire copy (ninjs, no web address), killed in round 2
	status=usable
	[ "$1" -eq 2 ] && status=canceled
	cat >"$www/wire.json" <<JSON
{"uri": "urn:newsml:fixture.example:20261127:mayor", "type": "text",
 "versioncreated": "2026-11-27T1$1:00:00Z", "pubstatus": "$status",
 "headlines": [{"role": "main", "value": "Mayor to resign"}],
 "bodies": [{"role": "html", "value": "<p>CITY - The mayor.</p>"}]}
JSON
}

round_files 1
python3 "$top_srcdir/tests/service/httpd.py" "$www" "$TMP/requests.log" \
    >"$TMP/port" 2>/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
wait_for 50 test -s "$TMP/port"
port=$(head -1 "$TMP/port")

setup_svc() {
	svc="$TMP/svc-$1"
	mkdir -p "$svc"
	cat >"$svc/feedmill.conf" <<CONF
[service]
state_dir = state
output_dir = out
base_url = https://feeds.example/
allow_private = yes
host_spacing = 0
[channel all]
formats = rss atom jsonfeed
[channel some]
sources = f1 f2 f3 f5 f10 f12
formats = rss
CONF
	n=1
	while [ $n -le 24 ]; do
		printf '[source]\nurl = http://127.0.0.1:%s/f%s.xml\n' "$port" $n \
		    >"$svc/f$n.ini"
		n=$((n + 1))
	done
	printf '[source]\nurl = http://127.0.0.1:%s/broken.xml\n' "$port" \
	    >"$svc/broken.ini"
	printf '[source]\nurl = http://127.0.0.1:%s/wire.json\n' "$port" \
	    >"$svc/wire.ini"
	mkdir -p "$TMP/dup-$1"
	sed '/^\[channel some\]/,$d' "$svc/feedmill.conf" \
	    >"$TMP/dup-$1/feedmill.conf"
	for n in 1 2 3 4; do
		printf '[source]\nurl = http://127.0.0.1:%s/dup%s.xml\n' \
		    "$port" $n >"$TMP/dup-$1/dup$n.ini"
	done
}

# cycle WORKERS ROUND: one poll --once --force.
cycle() {
	FEEDMILL_WORKERS=$1 fm poll --once --force -c "$TMP/svc-$1/feedmill.conf" \
	    >"$TMP/poll-$1-$2.out" 2>"$TMP/poll-$1-$2.err"
}

for w in 0 1 2 4; do
	setup_svc $w
done
for r in 1 2; do
	[ $r -eq 2 ] && round_files 2
	for w in 0 1 2 4; do
		cycle $w $r || not_ok "workers $w, cycle $r: exit $?"
		# (the poll times differ by the seconds between the runs)
		fm status -c "$TMP/svc-$w/feedmill.conf" 2>&1 |
		    sed 's/[0-9-]*T[0-9:]*Z/TIME/g' >"$TMP/status-$w-$r"
	done
	for w in 1 2 4; do
		if diff -r "$TMP/svc-0/out" "$TMP/svc-$w/out" >"$TMP/diff" 2>&1; then
			ok "cycle $r: $w worker(s) write the same outputs and share pages as none"
		else
			not_ok "cycle $r: $w worker(s) write the same outputs and share pages as none"
			head -20 "$TMP/diff" | sed 's/^/# /'
		fi
		check_file "cycle $r: $w worker(s): same status" \
		    "$TMP/status-0-$r" "$TMP/status-$w-$r"
		check_file "cycle $r: $w worker(s): same summary" \
		    "$TMP/poll-0-$r.out" "$TMP/poll-$w-$r.out"
	done
	[ $r -eq 1 ] && ls "$TMP/svc-2/out/share" >"$TMP/share-1"
	# One story from four sources: whichever response is stored last
	# (fetches finish in any order), its page is that version.
	for w in 0 2; do
		FEEDMILL_WORKERS=$w fm poll --once --force \
		    -c "$TMP/dup-$w/feedmill.conf" >"$TMP/dup.out" 2>&1 || cat "$TMP/dup.out"
		stored=$(sed -n 's/.*"title": *"\(Shared story[^"]*\)".*/\1/p' \
		    "$TMP/dup-$w/out/all.json")
		page=$(sed -n 's/.*<title>\(.*\)<\/title>.*/\1/p' \
		    "$TMP/dup-$w/out/share/fixture-example-shared-"*.html)
		[ -n "$stored" ] && [ "$stored" = "$page" ] &&
		    ok "cycle $r, $w workers: one story from four sources: its page is the stored version" ||
		    not_ok "cycle $r, $w workers: one story from four sources: page \"$page\", stored \"$stored\""
	done
done

# What the fixture is for happened.
n=$(ls "$TMP/svc-2/out/share" | grep -c '\.html$')
[ "$n" -ge 120 ] && ok "share pages written ($n)" ||
    not_ok "share pages written ($n)"
grep -q "[1-9][0-9]* updated, 1 killed" "$TMP/poll-2-2.out" &&
    ok "cycle 2 updates and kills stories" ||
    not_ok "cycle 2 updates and kills stories: $(cat "$TMP/poll-2-2.out")"
grep -q '^newsml-fixture-example-20261127-mayor-' "$TMP/share-1" &&
    ! ls "$TMP/svc-2/out/share" | grep -q '^newsml-' &&
    ok "the killed story's page is gone" ||
    not_ok "the killed story's page is gone"
grep -q 'https://feeds.example/share/wire-20-' "$TMP/svc-2/out/all.rss" &&
    ok "wire copy links to its share page" ||
    not_ok "wire copy links to its share page"
! grep -q 'lang=' "$TMP/svc-2/out/share/fixture-example-3-3-"*.html &&
    grep -q 'lang="fr"' "$TMP/svc-2/out/share/fixture-example-3-4-"*.html &&
    ok "a language after some items reaches the later pages only" ||
    not_ok "a language after some items reaches the later pages only"
grep -q "broken" "$TMP/status-2-1" &&
    ok "the unreadable source is recorded" ||
    not_ok "the unreadable source is recorded"

done_testing
