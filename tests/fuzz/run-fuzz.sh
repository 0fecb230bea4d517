#!/bin/sh
# make fuzz: run every libFuzzer target for FUZZ_SECONDS on its corpus
# (crashes go to crashes/TARGET/; dict/TARGET.dict, when there is one,
# is its dictionary), then log the CPU time the fuzzing process and its
# children spent per target in LOG.md. New inputs are added to
# corpus/TARGET/, or, with FUZZ_WORK=DIR, to DIR/TARGET/ (the committed
# corpus is then only read; merge-corpus.sh brings back what adds
# coverage).
# usage: run-fuzz.sh FUZZER SRCDIR/tests/fuzz [TARGET...]
set -u
fuzzer=$1 dir=$2
shift 2
secs=${FUZZ_SECONDS:-60}
work=${FUZZ_WORK:-}
targets=${*:-$(FUZZ_TARGET=list "$fuzzer" 2>&1 | sed -n 's/^set FUZZ_TARGET to one of: //p')}
tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
status=0
for t in $targets; do
	mkdir -p "$dir/corpus/$t" "$dir/crashes/$t"
	if [ -n "$work" ]; then
		mkdir -p "$work/$t"
		set -- "$work/$t" "$dir/corpus/$t"
	else
		set -- "$dir/corpus/$t"
	fi
	dict=
	[ -f "$dir/dict/$t.dict" ] && dict=-dict=$dir/dict/$t.dict
	before=$(ls "$dir/crashes/$t" | wc -l)
	# A shell runs the fuzzer and, once it is waited for, reads its
	# own children's user + system ticks (fields 16, 17 of stat).
	res=$(FUZZ_TARGET=$t sh -c '
		log=$1; shift
		"$@" >"$log" 2>&1
		rc=$?
		set -- $(sed "s/.*) //" /proc/$$/stat)
		echo "$rc $((${14} + ${15}))"' sh "fuzz-$t.log" \
	    "$fuzzer" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$dir/crashes/$t/" $dict "$@")
	rc=${res%% *}
	cpu=$(( ${res#* } / tck ))
	[ "$rc" = 0 ] || status=1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$t.log")
	found=$(( $(ls "$dir/crashes/$t" | wc -l) - before ))
	# Under a lock on the folder: two campaigns may share one LOG.md,
	# which cpu-table.sh replaces.
	row=$(printf '| %s | %s | %s | %s s | %s | %s |' "$(date -u +%F)" \
	    "$t" "${execs:-?}" "$cpu" "$found" "$(find "$@" -type f | wc -l)")
	flock "$dir" sh -c 'printf "%s\n" "$1" >>"$2/LOG.md" &&
	    sh "$2/cpu-table.sh" "$2/LOG.md"' sh "$row" "$dir"
	echo "$t: ${execs:-?} runs in $cpu CPU s, $found new crash inputs"
done
exit $status
