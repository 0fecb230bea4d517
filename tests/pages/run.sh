#!/bin/sh
# Publisher-page golden tests: every page under tests/pages/in converts
# (with the options in NAME.args) to exactly the dump in out/NAME.dump,
# and its --explain lines, messages and exit status are exactly
# out/NAME.explain. The seed story page is also checked field by field
# against the issue's acceptance list. REGEN=1 rewrites the expected files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in_dir="$top_srcdir/tests/pages/in"
out_dir="$top_srcdir/tests/pages/out"
cd "$in_dir" || exit 1
for input in *.html *.htm; do
	[ -f "$input" ] || continue
	name=${input%.*}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	fm convert --explain $args -t dump "$input" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq 99 ] && sed 's/^/# /' "$TMP/err"
	{ cat "$TMP/err"; echo "exit $rc"; } >"$TMP/status"
	if [ -n "$REGEN" ]; then
		cp "$TMP/out" "$out_dir/$name.dump"
		cp "$TMP/status" "$out_dir/$name.explain"
	fi
	check_file "$name -> dump" "$out_dir/$name.dump" "$TMP/out"
	check_file "$name: explain, messages, exit status" \
	    "$out_dir/$name.explain" "$TMP/status"
done

# The seed story as a page: the acceptance list of issue 4.
seed=01-seed-triblive
# shellcheck disable=SC2046
fm convert $(cat $seed.args) -t dump $seed.html >"$TMP/seed" 2>/dev/null
body=$(grep '^content_html' "$TMP/seed")
grep -qx 'title	Sen. Rand Paul invites top Russians to U.S. as they claim no election interference' "$TMP/seed" &&
    ok "seed: headline" || not_ok "seed: headline"
grep -qx 'dateline	WASHINGTON' "$TMP/seed" && ok "seed: dateline WASHINGTON" ||
    not_ok "seed: dateline WASHINGTON"
[ "$(grep -c '^image\[[0-9]*\]\.caption	Sen\. Rand Paul' "$TMP/seed")" -eq 2 ] &&
    ok "seed: both captions as images" || not_ok "seed: both captions as images"
n=$(printf '%s' "$body" | grep -o '<p>' | wc -l)
[ "$n" -eq 18 ] && ok "seed: 18 paragraphs" || not_ok "seed: 18 paragraphs (got $n)"
# In order: the text of the paragraphs is the seed file's non-empty lines 6 to 23.
if [ -f "$SHARED/seeds/000_aa63f568c318a167.txt" ]; then
	grep -v '^$' "$SHARED/seeds/000_aa63f568c318a167.txt" | sed -n '6,23p' \
	    >"$TMP/want"
	printf '%s\n' "$body" | sed 's/^content_html	//; s/<\/p>/\n/g' |
	    sed -n 's/.*<p>//p' | sed 's/&amp;/\&/g' >"$TMP/got"
	check_file "seed: the 18 paragraphs in order" "$TMP/want" "$TMP/got"
else
	skip "seed: paragraph order (../shared/seeds not present)"
fi
bad=""
for junk in ShareThis "commenting policy" "More from World" "Subscribe" \
    "newsletter" "Putin says summit" "Advertisement" "cookies" \
    "All rights reserved" "Related"; do
	grep -q "$junk" "$TMP/seed" && bad="$bad [$junk]"
done
[ -z "$bad" ] && ok "seed: no share, related, newsletter or comment-policy text" ||
    not_ok "seed: boilerplate left:$bad"
done_testing
