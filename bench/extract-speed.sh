#!/bin/sh
# Article extraction speed: pages per second of `feedmill convert -f html`
# over the article-extraction benchmark pages, next to Mozilla
# Readability.js + jsdom (the peer driver of ../shared/bench) measured in
# the same run on the same pages. Both are timed as whole processes:
# feedmill once per page (as a user runs it), Readability once for all
# pages (its most favourable case: one Node start-up).
#
# usage: bench/extract-speed.sh [FEEDMILL] [BENCH_DIR]
# Readability comes from $BENCH_NODE (default /tmp/bench-node; install
# with: npm --prefix /tmp/bench-node install jsdom@29.1.1
# @mozilla/readability@0.6.0).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fm=${1:-./feedmill}
bench=${2:-$here/../../shared/corpus/article-extraction-benchmark}
peer=${PEER:-$here/../../shared/bench/peers/node_readability.mjs}
rounds=${ROUNDS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/extract-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

n=0
for f in "$bench"/html/*.html.gz; do
	gzip -dc "$f" >"$tmp/$(basename "$f" .gz)"
	n=$((n + 1))
done
bytes=$(cat "$tmp"/*.html | wc -c)
echo "pages: $n ($bytes bytes of HTML)"

now() { date +%s.%N; }

best_fm=""
i=0
while [ $i -lt "$rounds" ]; do
	t0=$(now)
	for f in "$tmp"/*.html; do
		"$fm" convert -q -f html -t jsonfeed "$f" >/dev/null
	done
	t1=$(now)
	s=$(echo "$t1 - $t0" | bc)
	if [ -z "$best_fm" ] || [ "$(echo "$s < $best_fm" | bc)" -eq 1 ]; then
		best_fm=$s
	fi
	i=$((i + 1))
done
fm_rate=$(echo "scale=1; $n / $best_fm" | bc)
echo "feedmill: $fm_rate pages/s (best of $rounds: ${best_fm}s, one process per page)"

node_dir=${BENCH_NODE:-/tmp/bench-node}
if ! command -v node >/dev/null 2>&1 ||
    [ ! -d "$node_dir/node_modules/@mozilla/readability" ]; then
	echo "readability.js: not installed under $node_dir; no ratio"
	exit 0
fi
t0=$(now)
BENCH_NODE=$node_dir node "$peer" "$tmp"/*.html 2>"$tmp/node.err"
t1=$(now)
s=$(echo "$t1 - $t0" | bc)
rd_rate=$(echo "scale=2; $n / $s" | bc)
echo "readability.js + jsdom: $rd_rate pages/s (${s}s, one process; $(cat "$tmp/node.err"))"
echo "ratio: $(echo "scale=1; $fm_rate / $rd_rate" | bc)x Readability.js"
