#!/bin/sh
# Replays every committed fuzz input as a regression test: the corpus of
# each target (tests/fuzz/corpus/TARGET/) and every input that once
# crashed it (tests/fuzz/crashes/TARGET/). A crash, a sanitizer report
# (in an --enable-asan build) or an input slower than 2 seconds fails
# the target's test.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

replay="$top_builddir/tests/fuzz/replay"
dir="$top_srcdir/tests/fuzz"
for t in $("$replay" -l); do
	set --
	for f in "$dir/corpus/$t"/* "$dir/crashes/$t"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -eq 0 ]; then
		not_ok "$t: no committed inputs"
		continue
	fi
	if $FEEDMILL_WRAPPER "$replay" -T 2 -t "$t" "$@" >"$TMP/out" 2>&1; then
		ok "$t: $# inputs"
	else
		not_ok "$t: $# inputs"
		tail -20 "$TMP/out" | sed 's/^/# /'
	fi
done
done_testing
