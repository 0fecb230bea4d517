#!/bin/sh
# Round trip: each golden input, converted to RSS, Atom and JSON Feed and
# read back, keeps every field that format can carry (shared-fields.awk):
# each such line of the original dump must come back unchanged.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

awkf="$top_srcdir/tests/roundtrip/shared-fields.awk"
cd "$top_srcdir/tests/golden/in" || exit 1
for input in *.xml *.json; do
	[ -f "$input" ] || continue
	name=${input%.*}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	if ! fm convert -q $args -t dump "$input" >"$TMP/orig.dump" 2>/dev/null
	then
		continue	# inputs that are refused have nothing to keep
	fi
	for fmt in rss atom jsonfeed; do
		# shellcheck disable=SC2086
		fm convert -q $args -t "$fmt" "$input" >"$TMP/mid" 2>/dev/null &&
		    fm convert -q -f "$fmt" -t dump "$TMP/mid" \
		    >"$TMP/back.dump" 2>"$TMP/err"
		rc=$?
		awk -v fmt="$fmt" -f "$awkf" "$TMP/orig.dump" | sort >"$TMP/a"
		awk -v fmt="$fmt" -f "$awkf" "$TMP/back.dump" | sort >"$TMP/b"
		comm -23 "$TMP/a" "$TMP/b" >"$TMP/lost"
		if [ "$rc" -eq 0 ] && [ ! -s "$TMP/lost" ]; then
			ok "$name via $fmt"
		else
			not_ok "$name via $fmt (exit $rc)"
			sed 's/^/# lost: /' "$TMP/lost" | head -10
			grep "^$(cut -f1 "$TMP/lost" | head -1)	" "$TMP/b" |
			    sed 's/^/# got:  /' | head -10
			sed 's/^/# /' "$TMP/err" | head -5
		fi
	done
done
done_testing
