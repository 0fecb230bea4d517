#!/bin/sh
# Benchmark (not a test): convert a 200 MB RSS feed to JSON Feed and
# report peak resident memory, wall time and CPU time (user + system),
# next to libxml2's own SAX parse of the same file (the floor:
# ../shared/bench/floor/floor_sax.c), measured in the same run so the
# ratios are stable on a noisy machine (on a loaded one, compare CPU).
#
#   sh bench/convert-200mb.sh [BUILD_DIR]
#
# Needs ../shared/bench (the generator and the floor) and GNU time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
shared=${FEEDMILL_SHARED:-$here/../../shared}
data=${DATA:-/tmp/bench-data}
feed="$data/rss-200mb.xml"
floor_dir=${FLOOR_DIR:-/tmp/feedmill-bench-floor}
runs=${RUNS:-3}

[ -f "$feed" ] || python3 "$shared/bench/gen_feeds.py" --out "$data" --only 200mb
mkdir -p "$floor_dir"
cc -O2 $(pkg-config --cflags libxml-2.0) "$shared/bench/floor/floor_sax.c" \
    $(pkg-config --libs libxml-2.0) -o "$floor_dir/floor_sax"

measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$floor_dir/time" "$@" >/dev/null 2>&1
	cat "$floor_dir/time"
}

echo "input: $feed ($(stat -c %s "$feed") bytes)"
i=0
while [ "$i" -lt "$runs" ]; do
	set -- $(measure "$build/feedmill" convert -q -t jsonfeed "$feed")
	fm_s=$1 fm_kb=$2 fm_cpu=$(echo "$3 $4" | awk '{ print $1 + $2 }')
	set -- $(measure "$floor_dir/floor_sax" "$feed")
	fl_s=$1 fl_kb=$2 fl_cpu=$(echo "$3 $4" | awk '{ print $1 + $2 }')
	awk -v a="$fm_s" -v b="$fl_s" -v m="$fm_kb" -v n="$fl_kb" \
	    -v c="$fm_cpu" -v d="$fl_cpu" 'BEGIN {
		printf "run: feedmill %.2f s (CPU %.2f s), %.1f MiB peak RSS | SAX floor %.2f s (CPU %.2f s), %.1f MiB | wall ratio %.2fx, CPU ratio %.2fx\n",
		    a, c, m / 1024, b, d, n / 1024, (b > 0 ? a / b : 0),
		    (d > 0 ? c / d : 0) }'
	i=$((i + 1))
done
