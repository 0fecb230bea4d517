#!/bin/sh
# Malformed inputs: tests/fuzz/mutate.py turns the committed fuzz seeds
# into hostile variants (truncations, byte flips, nesting bombs, huge
# attributes, invalid UTF-8, control characters, BOM and declaration
# mismatches, billion laughs, external entities, ...), and every variant
# goes through its target (read, write all formats, read back). Any
# crash or sanitizer report, an input over 2 seconds of CPU or one taking the
# process past 256 MiB fails. MALFORMED_COUNT sets how many (default
# 1000 in make check; the full run is 10,000: see tests/fuzz/LOG.md).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is needed for the generator"
	done_testing
	exit 0
fi
count=${MALFORMED_COUNT:-1000}
replay="$top_builddir/tests/fuzz/replay"
python3 "$top_srcdir/tests/fuzz/mutate.py" "$top_srcdir/tests/fuzz/corpus" \
    "$TMP/in" "$count" 2026 || { not_ok "generator failed"; done_testing;
    exit 1; }
for d in "$TMP/in"/*; do
	t=$(basename "$d")
	n=$(ls "$d" | wc -l)
	# Batches keep command lines short and the memory check meaningful;
	# a failed batch is reported and the others still run.
	ls "$d" | sed "s|^|$d/|" | xargs -n 100 sh -c \
	    '$0 -T 2 -M 256 -t "'"$t"'" "$@" || echo "FAILED BATCH: $1 ..."' \
	    "$FEEDMILL_WRAPPER $replay" >"$TMP/$t.out" 2>&1
	if ! grep -q '^FAILED BATCH' "$TMP/$t.out"; then
		ok "$t: $n malformed inputs"
	else
		not_ok "$t: $n malformed inputs"
		grep -E 'FAILED BATCH|over |SUMMARY|runtime error|ERROR' \
		    "$TMP/$t.out" | head -20 | sed 's/^/# /'
	fi
done
done_testing
