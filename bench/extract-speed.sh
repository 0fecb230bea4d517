#!/bin/sh
# Article extraction speed: pages per second of `feedmill convert -f html`
# over the article-extraction benchmark pages, next to Mozilla
# Readability.js + jsdom (the peer driver of ../shared/bench) measured in
# the same run on the same pages. Three figures: feedmill as a whole
# process per page (as a user runs it), feedmill in-process
# (bench/extract-run: the same conversion in a loop, built by
# `make bench/extract-run`), and Readability once for all pages, both as
# its whole process and as its own in-process count.
#
# usage: bench/extract-speed.sh [FEEDMILL] [BENCH_DIR]
# (run from the build directory, where ./feedmill and bench/ are)
# PAGES=50 (default) times the first 50 pages by name, the
# "articles-real" set of ../shared/bench; jsdom 29 aborts the whole run on
# a CSS error in one of the later pages. PAGES=all takes every page.
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

pages=${PAGES:-50}
n=0
for f in "$bench"/html/*.html.gz; do
	[ "$pages" != all ] && [ "$n" -ge "$pages" ] && break
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
inproc=""
if [ -x "$(dirname "$fm")/bench/extract-run" ]; then
	"$(dirname "$fm")/bench/extract-run" -r "$rounds" "$tmp"/*.html |
	    tee "$tmp/inproc"
	inproc=$(sed -n 's/.*: \([0-9.]*\) pages\/s.*/\1/p' "$tmp/inproc")
fi

node_dir=${BENCH_NODE:-/tmp/bench-node}
if ! command -v node >/dev/null 2>&1 ||
    [ ! -d "$node_dir/node_modules/@mozilla/readability" ]; then
	echo "readability.js: not installed under $node_dir; no ratio"
	exit 0
fi
t0=$(now)
if ! BENCH_NODE=$node_dir node "$peer" "$tmp"/*.html 2>"$tmp/node.err"; then
	echo "readability.js failed:"
	tail -5 "$tmp/node.err"
	exit 1
fi
t1=$(now)
s=$(echo "$t1 - $t0" | bc)
rd_rate=$(echo "scale=2; $n / $s" | bc)
echo "readability.js + jsdom: $rd_rate pages/s (${s}s, one process; $(cat "$tmp/node.err"))"
rd_in=$(sed -n 's/.*, \([0-9.]*\) pages\/s in-process.*/\1/p' "$tmp/node.err")
echo "ratio, whole processes: $(echo "scale=1; $fm_rate / $rd_rate" | bc)x Readability.js"
if [ -n "$inproc" ] && [ -n "$rd_in" ]; then
	echo "ratio, in-process loops: $(echo "scale=1; $inproc / $rd_in" | bc)x Readability.js"
fi
