#!/bin/sh
# Add to the committed corpus of each target the inputs of WORK/TARGET/
# that reach code (edges: hit counts do not count) it does not
# (libFuzzer -merge=1 -use_counters=0), so the replay in make check
# stays small.
# usage: merge-corpus.sh FUZZER SRCDIR/tests/fuzz WORK [TARGET...]
set -u
fuzzer=$1 dir=$2 work=$3
shift 3
targets=${*:-$(ls "$work")}
for t in $targets; do
	[ -d "$work/$t" ] || continue
	mkdir -p "$dir/corpus/$t"
	n=$(ls "$dir/corpus/$t" | wc -l)
	FUZZ_TARGET=$t nice -n 19 "$fuzzer" -merge=1 -use_counters=0 \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 "$dir/corpus/$t" \
	    "$work/$t" >"merge-$t.log" 2>&1 ||
	    echo "$t: merge failed (merge-$t.log)"
	echo "$t: $n -> $(ls "$dir/corpus/$t" | wc -l) files," \
	    "$(cat "$dir/corpus/$t"/* | wc -c) bytes"
done
