#!/bin/sh
# Sitemap golden tests: every input under tests/sitemaps/in (plain XML or
# gzip) converts to exactly the dump, RSS, Atom and JSON Feed files under
# tests/sitemaps/out, with exactly the expected messages and exit status.
# REGEN=1 rewrites the expected files (review the diff).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in_dir="$top_srcdir/tests/sitemaps/in"
out_dir="$top_srcdir/tests/sitemaps/out"
cd "$in_dir" || exit 1
for input in *.xml *.gz; do
	[ -f "$input" ] || continue
	name=${input%%.*}
	for fmt in dump rss atom jsonfeed; do
		case $fmt in
		jsonfeed) ext=json ;;
		*) ext=$fmt ;;
		esac
		fm convert -t "$fmt" "$input" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		[ "$rc" -eq 99 ] && sed 's/^/# /' "$TMP/err"
		if [ "$fmt" = dump ]; then
			{ cat "$TMP/err"; echo "exit $rc"; } >"$TMP/status"
		fi
		if [ -n "$REGEN" ]; then
			cp "$TMP/out" "$out_dir/$name.$ext"
			[ "$fmt" = dump ] && cp "$TMP/status" "$out_dir/$name.status"
		fi
		check_file "$name -> $fmt" "$out_dir/$name.$ext" "$TMP/out"
		[ "$fmt" = dump ] && check_file "$name: messages and exit status" \
		    "$out_dir/$name.status" "$TMP/status"
	done
done
# gzip changes nothing: the compressed news sitemap reads as the plain one.
cmp -s "$out_dir/03-news-images.dump" "$out_dir/04-news-gzip.dump" &&
    ok "gzip news sitemap = plain news sitemap" ||
    not_ok "gzip news sitemap = plain news sitemap"
cmp -s "$out_dir/02-index.dump" "$out_dir/05-index-gzip.dump" &&
    ok "gzip sitemap index = plain sitemap index" ||
    not_ok "gzip sitemap index = plain sitemap index"
done_testing
