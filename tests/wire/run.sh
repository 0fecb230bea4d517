#!/bin/sh
# Golden tests of the wire readers, the news lifecycle and the spool:
# every entry of tests/wire/in (a file, or a folder read as a spool)
# converts to exactly tests/wire/out/NAME.dump, with exactly the
# messages and exit status in NAME.status. NAME.args adds options;
# every case runs with --now=2026-04-16T00:00:00Z unless its args set
# --now, so no result depends on the real date. NAME.formats lists
# more output formats to compare (rss atom jsonfeed). REGEN=1 rewrites
# the expected files (review the diff before committing).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in_dir="$top_srcdir/tests/wire/in"
out_dir="$top_srcdir/tests/wire/out"
cd "$in_dir" || exit 1
for input in *; do
	case $input in
	*.args|*.formats) continue ;;
	esac
	name=${input%.*}
	[ -d "$input" ] && name=$input
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	case " $args" in
	*" --now="*) ;;
	*) args="--now=2026-04-16T00:00:00Z $args" ;;
	esac
	formats="dump"
	[ -f "$name.formats" ] && formats="dump $(cat "$name.formats")"
	for fmt in $formats; do
		case $fmt in
		jsonfeed) ext=json ;;
		*) ext=$fmt ;;
		esac
		# shellcheck disable=SC2086
		fm convert $args -t "$fmt" "$input" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		[ "$rc" -eq 99 ] && sed 's/^/# /' "$TMP/err"
		if [ -n "$REGEN" ]; then
			mkdir -p "$out_dir"
			cp "$TMP/out" "$out_dir/$name.$ext"
		fi
		check_file "$name -> $fmt" "$out_dir/$name.$ext" "$TMP/out"
		if [ "$fmt" = dump ]; then
			{ cat "$TMP/err"; echo "exit $rc"; } >"$TMP/status"
			[ -n "$REGEN" ] && cp "$TMP/status" "$out_dir/$name.status"
			check_file "$name: messages and exit status" \
			    "$out_dir/$name.status" "$TMP/status"
		fi
	done
done

# A spool with a bad file still replaces -o FILE (with the good stories)
# and exits 1; a bad --now is a usage error.
fm convert --now=2026-04-16T00:00:00Z -t dump -o "$TMP/spool.dump" \
    32-spool-errors/ 2>/dev/null
rc=$?
if [ "$rc" -eq 1 ] && cmp -s "$out_dir/32-spool-errors.dump" "$TMP/spool.dump"
then
	ok "spool with a bad file: -o written, exit 1"
else
	not_ok "spool with a bad file: -o written, exit 1 (exit $rc)"
fi
fm convert --now=soon -t dump 01-nitf-full.xml >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'invalid time "soon"' "$TMP/err"; then
	ok "--now=soon: usage error"
else
	not_ok "--now=soon: usage error (exit $rc)"
fi
done_testing
