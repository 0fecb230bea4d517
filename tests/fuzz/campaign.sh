#!/bin/sh
# A fuzzing campaign on idle CPU: every target of FUZZER in turn, one
# process at a time at nice 19, SLICE seconds each (run-fuzz.sh logs
# each slice in LOG.md), round and round until UNTIL (UTC, HH:MM).
# New inputs collect in WORK/TARGET/; merge-corpus.sh brings back the
# ones that add coverage. SLICE "goal" gives each target what it still
# needs of its CPU-hour (LOG.md's table), skips the ones that have it,
# and stops when every target named has reached it.
# usage: campaign.sh FUZZER SRCDIR/tests/fuzz WORK UNTIL [SLICE [TARGET...]]
set -u
fuzzer=$1 dir=$2 work=$3 until=$4 slice=${5:-600}
shift 4
[ $# -gt 0 ] && shift
targets=${*:-$(FUZZ_TARGET=list "$fuzzer" 2>&1 | sed -n 's/^set FUZZ_TARGET to one of: //p')}
end=$(date -u -d "$until" +%s)
[ "$end" -lt "$(date -u +%s)" ] && end=$((end + 86400))
# What TARGET still needs of its CPU-hour, in seconds (0: reached), from
# the table between LOG.md's cpu-table markers.
need() {
	awk -v t="$1" '/^<!-- cpu-table -->$/ { table = 1 }
	    /^<!-- \/cpu-table -->$/ { table = 0 }
	    table && $1 == "|" && $2 == t && $3 == "|" {
		print ($11 == "s" ? $10 : 0); found = 1; exit }
	    END { if (!found) print 3600 }' "$dir/LOG.md"
}
while :; do
	todo=0
	for t in $targets; do
		left=$((end - $(date -u +%s)))
		[ "$left" -lt 30 ] && exit 0
		s=$slice
		if [ "$slice" = goal ]; then
			s=$(need "$t")
			[ "$s" -gt 0 ] || continue
			todo=1
			# libFuzzer's start and merge are not counted
			s=$((s + 15))
		fi
		[ "$left" -lt "$s" ] && s=$left
		FUZZ_WORK=$work FUZZ_SECONDS=$s nice -n 19 \
		    sh "$dir/run-fuzz.sh" "$fuzzer" "$dir" "$t"
	done
	[ "$slice" = goal ] && [ "$todo" = 0 ] && exit 0
done
