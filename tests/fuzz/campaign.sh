#!/bin/sh
# A fuzzing campaign on idle CPU: every target of FUZZER in turn, one
# process at a time at nice 19, SLICE seconds each (run-fuzz.sh logs
# each slice in LOG.md), round and round until UNTIL (UTC, HH:MM).
# New inputs collect in WORK/TARGET/; merge-corpus.sh brings back the
# ones that add coverage.
# usage: campaign.sh FUZZER SRCDIR/tests/fuzz WORK UNTIL [SLICE [TARGET...]]
set -u
fuzzer=$1 dir=$2 work=$3 until=$4 slice=${5:-600}
shift 4
[ $# -gt 0 ] && shift
targets=${*:-$(FUZZ_TARGET=list "$fuzzer" 2>&1 | sed -n 's/^set FUZZ_TARGET to one of: //p')}
end=$(date -u -d "$until" +%s)
[ "$end" -lt "$(date -u +%s)" ] && end=$((end + 86400))
while :; do
	for t in $targets; do
		left=$((end - $(date -u +%s)))
		[ "$left" -lt 30 ] && exit 0
		[ "$left" -lt "$slice" ] && s=$left || s=$slice
		FUZZ_WORK=$work FUZZ_SECONDS=$s nice -n 19 \
		    sh "$dir/run-fuzz.sh" "$fuzzer" "$dir" "$t"
	done
done
