#!/bin/sh
# The service on loopback: feedmill poll --once and status against a
# fixture HTTP server (tests/service/httpd.py) and a spool folder.
# Conditional GET round trips, Retry-After, backoff, permanent and
# temporary redirects, the per-host cap, spool filing, dedupe, outputs
# equal to feedmill convert's and valid, check-config messages.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
mkdir -p "$www" "$svc/spool"
: >"$log"

# feed FILE TITLE ITEM...: an RSS file whose items are "id|title|date".
feed() {
	out=$1 title=$2
	shift 2
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<rss version="2.0"><channel><title>%s</title>\n' "$title"
		printf '<link>https://fixture.example/</link>\n'
		printf '<description>Fixture feed</description>\n'
		for it in "$@"; do
			id=${it%%|*} rest=${it#*|}
			t=${rest%%|*} d=${rest#*|}
			printf '<item><title>%s</title>' "$t"
			printf '<link>https://fixture.example/%s</link>' "$id"
			printf '<guid isPermaLink="false">%s</guid>' "$id"
			printf '<category>News</category>'
			printf '<pubDate>%s</pubDate></item>\n' "$d"
		done
		printf '</channel></rss>\n'
	} >"$out"
}

feed "$www/a.xml" "Feed A" \
    "a1|First story|Fri, 27 Nov 2026 10:00:00 +0000" \
    "a2|Second story|Thu, 26 Nov 2026 10:00:00 +0000"
feed "$www/b.xml" "Feed B" "b1|Story from B|Wed, 25 Nov 2026 10:00:00 +0000"
feed "$www/c.xml" "Feed C" "c1|Story from C|Tue, 24 Nov 2026 10:00:00 +0000"
for i in 1 2 3 4 5 6; do
	feed "$www/s$i.xml" "Slow $i" "s$i|Slow story $i|Mon, 23 Nov 2026 1$i:00:00 +0000"
done

python3 "$top_srcdir/tests/service/httpd.py" "$www" "$log" >"$TMP/port" \
    2>/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -1 "$TMP/port")
base="http://127.0.0.1:$port"

cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
base_url = https://feeds.example/
allow_private = yes
per_host = 2
# every fixture source is on one host: no spacing, or each cycle waits
host_spacing = 0
interval = 10m

[channel all]
title = All fixture stories

[channel a]
sources = a

[channel news]
sources = a b
categories = news
keywords = story
order = oldest
limit = 2
formats = atom
EOF
printf '[source]\nurl = %s/a.xml\n' "$base" >"$svc/a.ini"
printf '[source]\nurl = %s/moved/b.xml\n' "$base" >"$svc/b.ini"
printf '[source]\nurl = %s/temp/c.xml\n' "$base" >"$svc/c.ini"
printf '[source]\nurl = %s/throttle\n' "$base" >"$svc/throttle.ini"
printf '[source]\nurl = %s/broken\n' "$base" >"$svc/broken.ini"
printf '[source]\nurl = %s/truncated\n' "$base" >"$svc/truncated.ini"
printf '[source]\nspool = spool\n' >"$svc/wire.ini"

# Spool: a good file, the same story again in a second file (dedupe), a
# file that is not a feed, and one still being written.
feed "$svc/spool/one.xml" "Wire" "w1|Wire story|Sat, 28 Nov 2026 08:00:00 +0000"
feed "$svc/spool/two.xml" "Wire" "w1|Wire story|Sat, 28 Nov 2026 08:00:00 +0000"
printf '\000\001\002\377\376' >"$svc/spool/junk.bin"
printf '<rss version="2.0"><channel><title>Wire</title><item><title>No link</title><guid isPermaLink="false">w2</guid><description>Wire copy without a web address.</description></item></channel></rss>\n' >"$svc/spool/three.xml"
echo "partial" >"$svc/spool/late.xml.part"
touch -d '1 minute ago' "$svc/spool/"*

# The validators of ../shared/validate and the packages they need.
validators() {
	[ -f "$SHARED/validate/check-outputs.sh" ] &&
	    command -v jing >/dev/null 2>&1 &&
	    /usr/bin/python3 -c 'import jsonschema, feedparser' 2>/dev/null
}

requests() {
	grep -c "^GET $1 " "$log"
}

# check-config
fm check-config -c "$svc/feedmill.conf" >"$TMP/out" 2>"$TMP/err" &&
    grep -q "ok (7 sources, 3 channels)" "$TMP/out" &&
    ok "check-config accepts the fixture configuration" ||
    not_ok "check-config accepts the fixture configuration"

# Cycle 1: everything is polled for the first time.
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll1" 2>"$TMP/poll1.err"
rc=$?
[ $rc -eq 0 ] && ok "poll --once exits 0 while some sources fail" ||
    not_ok "poll --once exits 0 while some sources fail (exit $rc)"
echo "7 sources polled: 4 ok, 0 not modified, 3 failed; 4 files; stories: 6 new, 0 updated, 0 killed, 0 expired; 3 channels published" >"$TMP/want"
check_file "cycle 1 summary" "$TMP/want" "$TMP/poll1"
grep -q "^GET /a.xml inm=- ims=- -> 200" "$log" &&
    ok "first request is unconditional" ||
    not_ok "first request is unconditional"
grep -q "broken: HTTP status 500" "$TMP/poll1.err" &&
    ok "a 500 is logged with the URL" || not_ok "a 500 is logged with the URL"

# Spool files were filed, nothing deleted.
[ -f "$svc/spool/done/one.xml" ] && [ -f "$svc/spool/done/two.xml" ] &&
    ok "read spool files moved to done/" ||
    not_ok "read spool files moved to done/"
[ -f "$svc/spool/failed/junk.bin" ] &&
    grep -q "junk.bin: not a feed" "$svc/spool/failed/junk.bin.error" &&
    ok "an unreadable spool file moved to failed/ with a .error note" ||
    not_ok "an unreadable spool file moved to failed/ with a .error note"
[ -f "$svc/spool/late.xml.part" ] &&
    ok "a file still being written stays in the spool" ||
    not_ok "a file still being written stays in the spool"

# Outputs: the one-source channel is what convert makes of the feed
# (RSS and Atom name the service's feed.xsl: stylesheet is on by default).
for fmt in rss atom jsonfeed; do
	ext=$fmt
	[ $fmt = jsonfeed ] && ext=json
	fm convert -t $fmt --source=a --feed-url=https://feeds.example/a.$ext \
	    --stylesheet=feed.xsl "$www/a.xml" >"$TMP/a.$ext" 2>/dev/null
	check_file "channel a.$ext equals convert's $fmt output" \
	    "$TMP/a.$ext" "$svc/out/a.$ext"
done
[ "$(grep -c '"id": "w1"' "$svc/out/all.json")" = 1 ] &&
    ok "the same wire story from two spool files is stored once" ||
    not_ok "the same wire story from two spool files is stored once"
fm convert -t share --source=b "$www/b.xml" >"$TMP/b1.html" 2>/dev/null
set -- "$svc"/out/share/b1-*.html
check_file "a new story gets the share page convert -t share makes" \
    "$TMP/b1.html" "$1"
[ "$(ls "$svc/out/share" | wc -l)" = 6 ] &&
    ok "one share page per stored story" ||
    not_ok "one share page per stored story ($(ls "$svc/out/share" | wc -l))"
set -- "$svc"/out/share/w2-*.html
grep -q "\"url\": \"https://feeds.example/share/${1##*/}\"" "$svc/out/all.json" &&
    ok "a story without a link gets its share page's" ||
    not_ok "a story without a link gets its share page's"
[ ! -f "$svc/out/news.rss" ] && [ -f "$svc/out/news.atom" ] &&
    ok "a channel writes only its formats" ||
    not_ok "a channel writes only its formats"
grep '<id>' "$svc/out/news.atom" | sed 's/ *<id>\(.*\)<\/id>/\1/' | tail -n +2 >"$TMP/got"
printf 'tag:feedmill,2026:b1\ntag:feedmill,2026:a2\n' >"$TMP/want"
check_file "channel filters, order and limit (oldest first, 2 stories)" \
    "$TMP/want" "$TMP/got"

# status
fm status -c "$svc/feedmill.conf" >"$TMP/status" 2>&1
awk 'NR > 1 { $3 = $4 = ""; print }' "$TMP/status" >"$TMP/got"
cat >"$TMP/want" <<EOF
a url   0 2 ok: 2 stories, 2 new, 0 updated
b url   0 1 ok: 1 stories, 1 new, 0 updated
broken url   1 0 HTTP 500
c url   0 1 ok: 1 stories, 1 new, 0 updated
throttle url   1 0 HTTP 429, Retry-After 3600
truncated url   1 0 network error
wire spool   0 2 3 files read, 1 failed
EOF
check_file "status after cycle 1" "$TMP/want" "$TMP/got"

# Cycle 2, forced: conditional GET gives 304; Retry-After is honoured;
# the permanent redirect was remembered, the temporary one not.
cp "$svc/out/a.rss" "$TMP/a.rss.before"
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll2" 2>"$TMP/poll2.err"
etag=$(python3 -c 'import hashlib,sys; print("\"%s\"" % hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' "$www/a.xml")
grep -q "^GET /a.xml inm=$etag ims=.* GMT -> 304" "$log" &&
    ok "second poll sends If-None-Match and If-Modified-Since, gets 304" ||
    not_ok "second poll sends If-None-Match and If-Modified-Since, gets 304"
[ "$(requests /throttle)" = 1 ] &&
    ok "no second request inside Retry-After, even with --force" ||
    not_ok "no second request inside Retry-After, even with --force"
[ "$(requests /moved/b.xml)" = 1 ] && [ "$(requests /b.xml)" = 2 ] &&
    ok "a 301 updates the polled URL" || not_ok "a 301 updates the polled URL"
[ "$(requests /temp/c.xml)" = 2 ] &&
    ok "a 302 does not" || not_ok "a 302 does not"
[ "$(requests /broken)" = 2 ] && ok "a failed source is polled again" ||
    not_ok "a failed source is polled again"
grep -q "3 not modified" "$TMP/poll2" && grep -q "0 channels published" "$TMP/poll2" &&
    ok "a 304 republishes nothing" ||
    { not_ok "a 304 republishes nothing"; sed 's/^/# /' "$TMP/poll2"; }
check_file "a source answering 304 keeps its output" "$TMP/a.rss.before" \
    "$svc/out/a.rss"
fm status -c "$svc/feedmill.conf" | awk '$1 == "broken" { print $5 }' >"$TMP/got"
echo 2 >"$TMP/want"
check_file "consecutive failures counted" "$TMP/want" "$TMP/got"

# Cycle 3 without --force: nothing is due yet.
: >"$log"
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll3" 2>&1
[ ! -s "$log" ] && ok "sources not due are not polled" ||
    not_ok "sources not due are not polled"

# Changing content: one story updated, one new; the output follows.
feed "$www/a.xml" "Feed A" \
    "a3|Third story|Sat, 28 Nov 2026 10:00:00 +0000" \
    "a1|First story, corrected|Fri, 27 Nov 2026 10:00:00 +0000" \
    "a2|Second story|Thu, 26 Nov 2026 10:00:00 +0000"
touch -d '1 hour' "$www/a.xml"
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll4" 2>&1
grep -q "stories: 1 new, 1 updated" "$TMP/poll4" &&
    ok "changed feed: 1 new, 1 updated" ||
    not_ok "changed feed: 1 new, 1 updated ($(cat "$TMP/poll4"))"
fm convert -t rss --source=a --feed-url=https://feeds.example/a.rss \
    --stylesheet=feed.xsl "$www/a.xml" >"$TMP/a.rss" 2>/dev/null
check_file "updated channel equals convert's output of the new feed" \
    "$TMP/a.rss" "$svc/out/a.rss"

# A source that breaks keeps its last good stories.
printf '\000\001\002\377\376' >"$www/a.xml"
touch -d '2 hours' "$www/a.xml"
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll5" 2>&1
check_file "a broken feed leaves the channel as it was" "$TMP/a.rss" \
    "$svc/out/a.rss"

# Per-host cap: six slow sources on one host, per_host = 2.
slow="$TMP/slow"
mkdir -p "$slow"
printf '[service]\nstate_dir = st\noutput_dir = out\nallow_private = yes\nper_host = 2\nhost_spacing = 0\n[channel all]\n' \
    >"$slow/feedmill.conf"
for i in 1 2 3 4 5 6; do
	printf '[source]\nurl = %s/slow/s%s.xml\n' "$base" "$i" >"$slow/s$i.ini"
done
fm poll --once -c "$slow/feedmill.conf" >"$TMP/poll6" 2>&1
curl -s "$base/stats" >"$TMP/got" 2>/dev/null ||
    python3 -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "$base/stats" >"$TMP/got"
echo "max-concurrent 2" >"$TMP/want"
check_file "per-host cap: at most 2 requests at once, and 2 were" \
    "$TMP/want" "$TMP/got"
grep -q "6 ok" "$TMP/poll6" && ok "all six slow sources fetched" ||
    not_ok "all six slow sources fetched"

# Outputs are valid.
if validators; then
	if sh "$SHARED/validate/check-outputs.sh" "$svc/out/a.rss" \
	    "$svc/out/a.atom" "$svc/out/a.json" "$svc/out/all.atom" \
	    "$svc/out/all.json" "$svc/out/news.atom" >"$TMP/valid" 2>&1; then
		ok "outputs pass check-outputs.sh"
	else
		not_ok "outputs pass check-outputs.sh"
		sed 's/^/# /' "$TMP/valid"
	fi
else
	skip "validators not available (../shared/validate, jing, python3-jsonschema, python3-feedparser)"
fi

# check-config reports file:line.
printf '[service]\ninterval = soon\n[channel x]\nsources = nowhere\n' \
    >"$TMP/bad.conf"
fm check-config -c "$TMP/bad.conf" >/dev/null 2>"$TMP/got"
rc=$?
cat >"$TMP/want" <<EOF
feedmill: error: $TMP/bad.conf:2: interval: "soon" is not a duration of at least 60s
feedmill: error: $TMP/bad.conf:4: channel x: no source "nowhere" (no $TMP/nowhere.ini)
EOF
[ $rc -eq 1 ] && ok "check-config exits 1 on errors" ||
    not_ok "check-config exits 1 on errors (exit $rc)"
check_file "check-config messages" "$TMP/want" "$TMP/got"
fm poll -c "$svc/feedmill.conf" >/dev/null 2>&1
[ $? -eq 2 ] && ok "poll without --once is a usage error" ||
    not_ok "poll without --once is a usage error"

# The bundled samples (the README's first command), on a copy of feeds/.
cp -R "$top_srcdir/feeds" "$TMP/feeds"
rm -rf "$TMP/feeds/state" "$TMP/feeds/public" "$TMP/feeds/samples/spool/done" \
    "$TMP/feeds/samples/spool/failed"
touch -d '1 minute ago' "$TMP/feeds/samples/spool/"*
fm check-config -q -c "$TMP/feeds/feedmill.conf" &&
    ok "the bundled configuration is valid" ||
    not_ok "the bundled configuration is valid"
fm poll --once -c "$TMP/feeds/feedmill.conf" >"$TMP/samples.out" 2>&1 &&
    grep -q " 0 failed; 2 files;.* 3 channels published" "$TMP/samples.out" &&
    ok "poll --once on the bundled samples" ||
    { not_ok "poll --once on the bundled samples"; sed 's/^/# /' "$TMP/samples.out"; }
if validators; then
	# (The pages for people, *.html, are checked by tests/people.)
	sh "$SHARED/validate/check-outputs.sh" "$TMP/feeds/public/"*.rss \
	    "$TMP/feeds/public/"*.atom "$TMP/feeds/public/"*.json \
	    "$TMP/feeds/public/share/"* >"$TMP/valid" 2>&1 &&
	    ok "the samples' outputs and share pages are valid" ||
	    { not_ok "the samples' outputs and share pages are valid"; grep -v ': ok' "$TMP/valid" | sed 's/^/# /'; }
else
	skip "validators not available (../shared/validate, jing, python3-jsonschema, python3-feedparser)"
fi

done_testing
