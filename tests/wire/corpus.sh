#!/bin/sh
# Wire readers against the shared corpus: superdesk-wire expectations
# (format-neutral fields, >= 90 %), IPTC NewsML-G2 and ninjs
# should_pass/should_fail sets, and the NewsML 1.2 -> ninjs worked
# conversions. Prints a per-format table as TAP comments. Skips with a
# message when ../shared/corpus is not there (a fresh clone).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

corpus="$SHARED/corpus"
if [ ! -f "$corpus/superdesk-wire/expectations.jsonl" ]; then
	skip "wire corpus not found at $corpus"
	done_testing
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 not found (needed to score the corpus)"
	done_testing
	exit 0
fi
exec python3 "$top_srcdir/tests/wire/corpus.py" "$FEEDMILL" "$corpus"
