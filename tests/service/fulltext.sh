#!/bin/sh
# Sources with fulltext = yes, on loopback: poll --once fetches the page
# of each new or changed story in the same cycle and publishes the
# page's text; a re-poll (304, or 200 with the same stories) fetches no
# page and keeps the full text; a new story gets its page; a page that
# cannot be read leaves the feed's text; a source without fulltext
# fetches no pages; serve does the same.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the fixture HTTP server"
	done_testing
	exit 0
fi

www="$TMP/www"
svc="$TMP/svc"
log="$TMP/requests.log"
mkdir -p "$www" "$svc"
: >"$log"

python3 "$top_srcdir/tests/service/httpd.py" "$www" "$log" >"$TMP/port" \
    2>/dev/null &
srv=$!
pid=
trap 'kill $srv 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(head -1 "$TMP/port")"

# page N: an article page with five paragraphs.
page() {
	{
		printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Story %s | Harbour Times</title>\n' "$1"
		printf '<meta property="og:title" content="Story %s"><meta name="author" content="Pat Reporter"></head>\n' "$1"
		printf '<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>\n'
		printf '<article><h1>Story %s</h1><p class="byline">By Pat Reporter</p>\n' "$1"
		for k in 1 2 3 4 5; do
			printf '<p>Paragraph %s of the full story number %s. The council met on Tuesday evening and heard from residents about the harbour plan, the ferry timetable and the new library hours, which take effect next month after a long debate.</p>\n' $k "$1"
		done
		printf '</article><footer>Copyright Harbour Times</footer></body></html>\n'
	} >"$www/page$1.html"
}
# feed FILE ID N...: items ID-N with a short description, linking to
# pageN.
feed() {
	out=$1 id=$2
	shift 2
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Harbour Times</title><link>%s/</link><description>d</description>\n' "$base"
		for n in "$@"; do
			printf '<item><title>Story %s</title><link>%s/page%s.html</link><guid isPermaLink="false">%s-%s</guid><description>Teaser %s.</description><pubDate>Sat, 28 Nov 2026 1%s:00:00 +0000</pubDate></item>\n' \
			    "$n" "$base" "$n" "$id" "$n" "$n" "$n"
		done
		printf '</channel></rss>\n'
	} >"$out"
}
page 1
page 2
page 3
feed "$www/full.xml" story 1 2
feed "$www/plain.xml" plain 1
cat >"$svc/feedmill.conf" <<EOF
[service]
state_dir = state
output_dir = out
allow_private = yes
host_spacing = 0
[channel full]
sources = full
formats = jsonfeed
[channel plain]
sources = plain
formats = jsonfeed
EOF
printf '[source]\nurl = %s/full.xml\nfulltext = yes\n' "$base" >"$svc/full.ini"
printf '[source]\nurl = %s/plain.xml\n' "$base" >"$svc/plain.ini"

pages() {
	grep -c "^GET /page$1.html " "$log"
}
# has_text CHANNEL N: story N of CHANNEL carries its page's paragraphs.
has_text() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
it = [i for i in d["items"] if i["id"].endswith("-" + sys.argv[2])]
sys.exit(0 if it and "Paragraph 5 of the full story number " + sys.argv[2] in it[0].get("content_html", "") else 1)
' "$svc/out/$1.json" "$2"
}

fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll" 2>"$TMP/poll.err"
grep -q "stories: 3 new, 0 updated, .*; 2 full-text pages$" "$TMP/poll" &&
    ok "poll --once fetches and folds in the pages of the new stories" ||
    { not_ok "poll --once fetches and folds in the pages of the new stories"; sed 's/^/# /' "$TMP/poll" "$TMP/poll.err"; }
[ "$(pages 1)" = 1 ] && [ "$(pages 2)" = 1 ] &&
    ok "each page is fetched once (and only for the fulltext source)" ||
    not_ok "each page is fetched once (and only for the fulltext source): $(pages 1) $(pages 2)"
has_text full 1 && has_text full 2 &&
    ok "the published stories carry their pages' full text" ||
    not_ok "the published stories carry their pages' full text"
! has_text plain 1 && grep -q '"content_text": "Teaser 1."' "$svc/out/plain.json" &&
    ok "a source without fulltext keeps its feed's text" ||
    not_ok "a source without fulltext keeps its feed's text"
grep -q '"name": "Pat Reporter"' "$svc/out/full.json" &&
    ok "the page fills what the feed left empty (the author)" ||
    not_ok "the page fills what the feed left empty (the author)"
cp "$svc/out/full.json" "$TMP/full.json"

# Again: a 304, then a 200 with the same stories: no page, same output.
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll" 2>&1
touch -d '1 hour' "$www/full.xml"
printf '\n' >>"$www/full.xml"
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll2" 2>&1
[ "$(pages 1)" = 1 ] && [ "$(pages 2)" = 1 ] &&
    grep -q "stories: 0 new, 0 updated" "$TMP/poll2" &&
    ok "a re-poll with the same stories fetches no page and changes none" ||
    { not_ok "a re-poll with the same stories fetches no page and changes none"; sed 's/^/# /' "$TMP/poll2"; }
check_file "the full text stays published" "$TMP/full.json" "$svc/out/full.json"

# A new story: only its page is fetched; a page that is missing.
feed "$www/full.xml" story 1 2 3 4
touch -d '2 hours' "$www/full.xml"
fm poll --once --force -c "$svc/feedmill.conf" >"$TMP/poll3" 2>"$TMP/poll3.err"
[ "$(pages 1)" = 1 ] && [ "$(pages 3)" = 1 ] && [ "$(pages 4)" = 1 ] &&
    has_text full 3 &&
    ok "a new story gets its page, the old ones are not fetched again" ||
    not_ok "a new story gets its page, the old ones are not fetched again"
grep -q "full: $base/page4.html: page not read; the feed's text is kept" "$TMP/poll3.err" &&
    grep -q '"content_text": "Teaser 4."' "$svc/out/full.json" &&
    ok "a page that cannot be read leaves the feed's text (warned)" ||
    { not_ok "a page that cannot be read leaves the feed's text (warned)"; sed 's/^/# /' "$TMP/poll3.err"; }

# serve: a new story of a fulltext source is published with its page.
page 5
feed "$www/full.xml" story 1 2 3 5
touch -d '3 hours' "$www/full.xml"
$FEEDMILL_WRAPPER "$FEEDMILL" serve --no-spread -c "$svc/feedmill.conf" \
    2>"$TMP/serve.log" &
pid=$!
# Sources polled above are not due: --force is not a serve option, so
# the state is cleared for the full source by pointing it elsewhere.
n=0
while [ $n -lt 300 ] && ! grep -q "serving 2 sources" "$TMP/serve.log"; do
	sleep 0.1
	n=$((n + 1))
done
printf '[source]\nurl = %s/temp/full.xml\nfulltext = yes\n' "$base" >"$svc/full.ini"
kill -HUP $pid
n=0
while [ $n -lt 300 ] && ! has_text full 5 2>/dev/null; do
	sleep 0.1
	n=$((n + 1))
done
has_text full 5 && ok "serve publishes a new story with its page's text" ||
    { not_ok "serve publishes a new story with its page's text"; sed 's/^/# /' "$TMP/serve.log"; }
[ "$(pages 5)" = 1 ] && [ "$(pages 1)" = 1 ] &&
    ok "serve fetched only the new story's page" ||
    not_ok "serve fetched only the new story's page ($(pages 5) $(pages 1))"
kill -TERM $pid
rc=0
wait $pid || rc=$?
pid=
[ $rc -eq 0 ] && ok "serve exits 0" || not_ok "serve exits 0 (got $rc)"
if [ -n "$FEEDMILL_WRAPPER" ] && grep -q "ERROR SUMMARY: [1-9]" "$TMP/serve.log"; then
	not_ok "serve under $FEEDMILL_WRAPPER"
else
	ok "no checker errors from serve"
fi

done_testing
