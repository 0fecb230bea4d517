#!/bin/sh
# Golden tests: every input under tests/golden/in converts to exactly the
# dump, RSS, Atom and JSON Feed files under tests/golden/out, with exactly
# the expected messages and exit status. REGEN=1 rewrites the expected
# files from the current program (review the diff before committing).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in_dir="$top_srcdir/tests/golden/in"
out_dir="$top_srcdir/tests/golden/out"
cd "$in_dir" || exit 1
for input in *.xml *.json; do
	[ -f "$input" ] || continue
	name=${input%.*}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	for fmt in dump rss atom jsonfeed; do
		case $fmt in
		jsonfeed) ext=json ;;
		*) ext=$fmt ;;
		esac
		# shellcheck disable=SC2086
		fm convert $args -t "$fmt" "$input" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		[ "$rc" -eq 99 ] && cat "$TMP/err" | sed 's/^/# /'
		if [ "$fmt" = dump ]; then
			# The messages and status once per input, with the dump.
			{ cat "$TMP/err"; echo "exit $rc"; } >"$TMP/status"
		fi
		if [ -n "$REGEN" ]; then
			mkdir -p "$out_dir"
			cp "$TMP/out" "$out_dir/$name.$ext"
			[ "$fmt" = dump ] && cp "$TMP/status" "$out_dir/$name.status"
		fi
		check_file "$name -> $fmt" "$out_dir/$name.$ext" "$TMP/out"
		if [ "$fmt" = dump ]; then
			check_file "$name: messages and exit status" \
			    "$out_dir/$name.status" "$TMP/status"
		fi
	done
done
done_testing
