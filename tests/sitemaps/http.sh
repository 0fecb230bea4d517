#!/bin/sh
# Sitemap indexes over HTTP and from files, against a loopback fixture
# (httpd.py serving tests/sitemaps/web): the children of an index are
# fetched (a Google News one, a gzip file, a gzip-encoded response, a
# relative one), merged, deduplicated and cut to the newest N; an index
# inside the index, and its children, are not fetched; a missing child
# is a warning; at most CAP_SITEMAP_CHILDREN (50) children are read. A
# local index fetches web children only with --fetch-sitemaps, and reads
# local children only inside its folder (tests/sitemaps/run.sh has the
# local goldens). Outputs are compared whole (the port replaced by PORT)
# with tests/sitemaps/out/web-* (messages sorted: children finish in any
# order); REGEN=1 rewrites them.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

out_dir="$top_srcdir/tests/sitemaps/out"
if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 not available for the HTTP fixture"
	done_testing
	exit 0
fi
python3 "$top_srcdir/tests/sitemaps/httpd.py" "$top_srcdir/tests/sitemaps/web" \
    "$TMP/requests" >"$TMP/port" 2>/dev/null &
srv=$!
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -1 "$TMP/port")
base="http://127.0.0.1:$port"

# run NAME EXPECTED-EXIT ARGS...: convert to every format; compare the
# outputs, and the messages and exit status, with out/NAME.*.
run() {
	name=$1 want=$2
	shift 2
	for fmt in dump rss atom jsonfeed; do
		case $fmt in
		jsonfeed) ext=json ;;
		*) ext=$fmt ;;
		esac
		: >"$TMP/requests"
		fm convert -t "$fmt" "$@" >"$TMP/raw" 2>"$TMP/err"
		rc=$?
		sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g" "$TMP/raw" >"$TMP/out"
		if [ "$fmt" = dump ]; then
			# Children finish in any order: messages sorted.
			{ sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g; s|$TMP|TMP|g" \
			    "$TMP/err" | LC_ALL=C sort; echo "exit $rc"; } \
			    >"$TMP/status"
			sort "$TMP/requests" >"$TMP/requests.dump"
		fi
		if [ -n "${REGEN:-}" ]; then
			cp "$TMP/out" "$out_dir/$name.$ext"
			[ "$fmt" = dump ] && cp "$TMP/status" "$out_dir/$name.status"
		fi
		check_file "$name -> $fmt" "$out_dir/$name.$ext" "$TMP/out"
		[ "$fmt" = dump ] && check_file "$name: messages and exit status" \
		    "$out_dir/$name.status" "$TMP/status"
	done
	[ "$rc" -eq "$want" ] && ok "$name: exit $want" ||
	    not_ok "$name: exit $rc, not $want"
}

# An index on the web: every child fetched but the nested index's.
run web-index 0 --allow-private "$base/index.xml"
printf '%s\n' /enc/video.xml /index.xml /missing.xml /nested.xml \
    /news.xml /pages.xml /posts.xml.gz >"$TMP/want"
check_file "web-index: the children fetched, not the nested index's" \
    "$TMP/want" "$TMP/requests.dump"

# The same index gzip-compressed: the same feed.
fm convert -t dump --allow-private "$base/index.xml.gz" 2>/dev/null |
    sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g" >"$TMP/gz.dump"
check_file "gzip index = plain index" "$out_dir/web-index.dump" "$TMP/gz.dump"

# The newest two entries only.
run web-items 0 --allow-private --sitemap-items=2 "$base/index.xml"

# At most 50 children, the newest.
fm convert -t dump --allow-private "$base/many.xml" >"$TMP/many" 2>"$TMP/err"
n=$(grep -c '^/gen/' "$TMP/requests")
[ "$n" -eq 50 ] && ok "an index of 60 children: 50 fetched" ||
    not_ok "an index of 60 children: $n fetched"
grep -q 'only the newest 50 child sitemaps are read; 10 more left out' \
    "$TMP/err" && ok "the children left out are reported" ||
    not_ok "the children left out are reported"
[ "$(grep -c '^id	' "$TMP/many")" -eq 50 ] &&
    ok "an index of 60 children: 50 entries" ||
    not_ok "an index of 60 children: 50 entries"

# A local copy of the index: its web children need --fetch-sitemaps.
sed "s|@BASE@|$base|g" "$top_srcdir/tests/sitemaps/web/index.xml" \
    >"$TMP/index.xml"
run web-local 0 "$TMP/index.xml"
[ ! -s "$TMP/requests" ] && ok "web-local: nothing fetched" ||
    not_ok "web-local: nothing fetched"
fm convert -t dump --fetch-sitemaps --allow-private \
    --base-url="$base/index.xml" "$TMP/index.xml" 2>/dev/null |
    sed "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g" >"$TMP/fetched.dump"
check_file "--fetch-sitemaps: a local index reads as the web one" \
    "$out_dir/web-index.dump" "$TMP/fetched.dump"

# Local children by file: URL, inside the folder and outside it.
mkdir -p "$TMP/site/maps"
cp "$top_srcdir/tests/sitemaps/web/posts.xml" "$TMP/site/maps/posts.xml"
cp "$top_srcdir/tests/sitemaps/web/video.xml" "$TMP/site/outside.xml"
cat >"$TMP/site/maps/index.xml" <<EOI
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>file://$TMP/site/maps/posts.xml</loc></sitemap>
<sitemap><loc>file://$TMP/site/outside.xml</loc></sitemap>
<sitemap><loc>file:///etc/passwd</loc></sitemap>
</sitemapindex>
EOI
fm convert -t dump "$TMP/site/maps/index.xml" >"$TMP/file.dump" 2>"$TMP/err"
rc=$?
sed -n 's/^url	//p' "$TMP/file.dump" >"$TMP/urls"
printf '%s\n' https://news.example.test/2024/03/04/school-meals/ \
    https://news.example.test/2024/03/03/marathon/ >"$TMP/want"
[ "$rc" -eq 0 ] && check_file "file: children inside the folder only" \
    "$TMP/want" "$TMP/urls" || not_ok "file: children (exit $rc)"
[ "$(grep -c 'outside the index.s folder' "$TMP/err")" -eq 2 ] &&
    ok "file: children outside the folder are refused" ||
    not_ok "file: children outside the folder are refused"

# No child can be read: an error.
printf '%s\n' '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
    "<sitemap><loc>$base/missing.xml</loc></sitemap></sitemapindex>" \
    >"$TMP/dead.xml"
fm convert -t dump --fetch-sitemaps --allow-private "$TMP/dead.xml" \
    >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q 'none of the 1 child sitemaps could be read' \
    "$TMP/err" && ok "no child read: exit 1" ||
    not_ok "no child read: exit $rc"

kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null
done_testing
