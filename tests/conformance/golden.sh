#!/bin/sh
# The readers' conformance fixes, one small input each (our own markup,
# shaped after the cases of feedparser's and gofeed's suites): every
# tests/conformance/golden/in/NAME.xml converts to exactly the dump in
# out/NAME.dump, with exactly the messages and exit status in
# out/NAME.status. NAME.args holds extra options. REGEN=1 rewrites the
# expected files (review the diff).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in_dir="$top_srcdir/tests/conformance/golden/in"
out_dir="$top_srcdir/tests/conformance/golden/out"
cd "$in_dir" || exit 1
for input in *.xml; do
	[ -f "$input" ] || continue
	name=${input%.*}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	fm convert $args -t dump "$input" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	{ cat "$TMP/err"; echo "exit $rc"; } >"$TMP/status"
	if [ -n "$REGEN" ]; then
		cp "$TMP/out" "$out_dir/$name.dump"
		cp "$TMP/status" "$out_dir/$name.status"
	fi
	check_file "$name" "$out_dir/$name.dump" "$TMP/out"
	check_file "$name: messages and exit status" "$out_dir/$name.status" \
	    "$TMP/status"
done
done_testing
