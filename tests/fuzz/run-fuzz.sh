#!/bin/sh
# make fuzz: run every libFuzzer target for FUZZ_SECONDS on its corpus
# (new inputs are kept there; crashes go to crashes/TARGET/), then log
# the CPU time spent per target in LOG.md.
# usage: run-fuzz.sh FUZZER SRCDIR/tests/fuzz [TARGET...]
set -u
fuzzer=$1 dir=$2
shift 2
secs=${FUZZ_SECONDS:-60}
targets=${*:-$(FUZZ_TARGET=list "$fuzzer" 2>&1 | sed -n 's/^set FUZZ_TARGET to one of: //p')}
status=0
for t in $targets; do
	mkdir -p "$dir/corpus/$t" "$dir/crashes/$t"
	start=$(date +%s)
	FUZZ_TARGET=$t "$fuzzer" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$dir/crashes/$t/" "$dir/corpus/$t" \
	    >"fuzz-$t.log" 2>&1 || status=1
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$t.log")
	found=$(ls "$dir/crashes/$t" | wc -l)
	printf '| %s | %s | %s | %s s | %s | %s |\n' "$(date -u +%F)" "$t" \
	    "${execs:-?}" "$((end - start))" "$found" \
	    "$(ls "$dir/corpus/$t" | wc -l)" >>"$dir/LOG.md"
	echo "$t: ${execs:-?} runs in $((end - start)) s, $found crash inputs"
done
exit $status
