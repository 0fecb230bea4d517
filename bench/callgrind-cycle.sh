#!/bin/sh
# Instructions of one 200 cycle (not a test): `feedmill poll --once` over
# N (default 100) local feed files of the bench data (/tmp/bench-data/
# many, ../shared/bench/gen_feeds.py --only many), inline
# (FEEDMILL_WORKERS=0), under valgrind's callgrind. Prints the total;
# the callgrind file is WORKDIR/cg.out (callgrind_annotate reads it).
# Instruction counts hardly move with the machine's load, unlike times.
# Note: valgrind hides SHA-NI, so nettle's SHA-256 runs its C code here.
#
#   sh bench/callgrind-cycle.sh BUILDDIR WORKDIR [N]
set -eu
b=$1 w=$2 n=${3:-100}
rm -rf "$w/state" "$w/out" "$w/conf"; mkdir -p "$w/conf"
cat >"$w/conf/feedmill.conf" <<C
[service]
state_dir = $w/state
output_dir = $w/out
[channel all]
limit = 50
C
i=0
for f in $(ls /tmp/bench-data/many | head -n "$n"); do
	printf '[source]\nfile = /tmp/bench-data/many/%s\n' "$f" >"$w/conf/s$i.ini"
	i=$((i + 1))
done
FEEDMILL_WORKERS=0 valgrind --tool=callgrind --callgrind-out-file="$w/cg.out" \
    "$b/feedmill" poll --once -q -c "$w/conf/feedmill.conf" 2>"$w/cg.err"
grep -o 'Collected : [0-9]*' "$w/cg.err" || sed -n 's/^summary: //p' "$w/cg.out"
