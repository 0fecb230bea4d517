#!/bin/sh
# convert --full-text and --discover against a loopback web server
# (python3 -m http.server over a copy of tests/pages/site): a feed of
# truncated items gets each story's page text, a missing page leaves its
# item as it was, a news sitemap's entries get their pages, and a section
# page lists its feeds and its article links.
# Outputs are compared whole (the server's port replaced by PORT).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

site="$top_srcdir/tests/pages/site"
exp="$top_srcdir/tests/pages/out"
if ! command -v python3 >/dev/null 2>&1; then
	skip "full text and discovery (no python3 for the loopback server)"
	done_testing
	exit 0
fi
# Served from a copy, so the sitemap can name the server's own port.
cp -R "$site" "$TMP/site" || exit 1
cd "$TMP/site" || exit 1
python3 -u -m http.server --bind 127.0.0.1 0 >"$TMP/server" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
port=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
	port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$TMP/server")
	[ -n "$port" ] && break
	sleep 0.3
done
if [ -z "$port" ]; then
	skip "full text and discovery (loopback server did not start)"
	done_testing
	exit 0
fi
url="http://127.0.0.1:$port"
cat >sitemap.xml <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>$url/a.html</loc><news:news><news:publication><news:name>Fixture
News</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2018-08-06T15:42:00-04:00</news:publication_date>
<news:title>Rand Paul invites Russians</news:title></news:news></url>
<url><loc>$url/b.html</loc><lastmod>2018-08-01</lastmod></url>
</urlset>
EOF

run() {
	name=$1
	shift
	fm convert --allow-private "$@" >"$TMP/out" 2>"$TMP/err"
	echo "exit $?" >>"$TMP/err"
	sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g" "$TMP/out" >"$TMP/$name.out"
	sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g" "$TMP/err" >"$TMP/$name.err"
	if [ -n "$REGEN" ]; then
		cp "$TMP/$name.out" "$exp/$name.out"
		cp "$TMP/$name.err" "$exp/$name.err"
	fi
	check_file "$name: output" "$exp/$name.out" "$TMP/$name.out"
	check_file "$name: messages and exit status" "$exp/$name.err" \
	    "$TMP/$name.err"
}

run cli-fulltext -q --full-text -t dump "$url/feed.xml"
run cli-fulltext-explain --explain --full-text -t dump "$url/feed.xml"
run cli-discover-feeds --discover "$url/section.html"
run cli-discover-links --discover -t dump "$url/section.html"
run cli-page-url --explain -t jsonfeed "$url/a.html"
run cli-sitemap-fulltext --explain --full-text -t dump "$url/sitemap.xml"
done_testing
