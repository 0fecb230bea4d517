#!/bin/sh
# Article extraction speed: pages per second of `feedmill convert -f html`
# over the article-extraction benchmark pages, next to Mozilla
# Readability.js + jsdom (the peer driver of ../shared/bench) measured in
# the same run on the same pages. feedmill is timed three ways: a whole
# process per page (as a user converting one page runs it: start-up
# included every time), one whole process for all the pages
# (`feedmill convert DIR/`, the shape of Readability's run: one process,
# start-up once), and in-process (bench/extract-run: the same conversion
# in a loop, built by `make bench/extract-run`); Readability once for all
# pages, as its whole process and as its own in-process count. Each
# figure is given in wall-clock time and in CPU time (user + system, from
# /usr/bin/time when installed), which a machine shared with other work
# disturbs far less; the ratios are given for both.
#
# usage: bench/extract-speed.sh [FEEDMILL] [BENCH_DIR]
# (run from the build directory, where ./feedmill and bench/ are)
# PAGES=50 (default) times the first 50 pages by name, the
# "articles-real" set of ../shared/bench; jsdom 29 aborts the whole run on
# a CSS error in one of the later pages. PAGES=all takes every page.
# ROUNDS=3 (default): feedmill's best round is kept.
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
case $fm in
/*) ;;
*) fm=$(pwd)/$fm ;;
esac

pages=${PAGES:-50}
n=0
mkdir "$tmp/pages"
for f in "$bench"/html/*.html.gz; do
	[ "$pages" != all ] && [ "$n" -ge "$pages" ] && break
	gzip -dc "$f" >"$tmp/pages/$(basename "$f" .gz)"
	n=$((n + 1))
done
bytes=$(cat "$tmp"/pages/*.html | wc -c)
echo "pages: $n ($bytes bytes of HTML)"

# timed FILE CMD...: run CMD, append "wall cpu" seconds to FILE.
if [ -x /usr/bin/time ]; then
	timed() {
		out=$1
		shift
		/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@"
		awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/t" >>"$out"
	}
else
	timed() {
		out=$1
		shift
		t0=$(date +%s.%N)
		"$@"
		t1=$(date +%s.%N)
		echo "$(echo "$t1 - $t0" | bc) 0" >>"$out"
	}
fi
# best FILE: the round with the least CPU (or wall) time, "wall cpu".
best() {
	sort -k2,2n -k1,1n "$1" | head -1
}
rate() {
	if [ "$(echo "$2 > 0" | bc)" -eq 1 ]; then
		echo "scale=2; $1 / $2" | bc
	else
		echo "?"
	fi
}

: >"$tmp/pp"
: >"$tmp/ap"
i=0
while [ $i -lt "$rounds" ]; do
	FM="$fm" DIR="$tmp/pages" timed "$tmp/pp" sh -c \
	    'for f in "$DIR"/*.html; do
		"$FM" convert -q -f html -t jsonfeed "$f" >/dev/null || exit 1
	    done'
	timed "$tmp/ap" "$fm" convert -q -t dump -o "$tmp/all.dump" \
	    "$tmp/pages/"
	i=$((i + 1))
done
set -- $(best "$tmp/pp")
pp_wall=$1 pp_cpu=$2
set -- $(best "$tmp/ap")
ap_wall=$1 ap_cpu=$2
stories=$(grep -c '^id	' "$tmp/all.dump" || true)
echo "feedmill, a process per page: $(rate "$n" "$pp_wall") pages/s wall," \
    "$(rate "$n" "$pp_cpu") per CPU second (best of $rounds: ${pp_wall}s" \
    "wall, ${pp_cpu}s CPU)"
echo "feedmill, one process for all pages (convert DIR/, $stories stories):" \
    "$(rate "$n" "$ap_wall") pages/s wall, $(rate "$n" "$ap_cpu") per CPU" \
    "second (${ap_wall}s wall, ${ap_cpu}s CPU)"
inproc=""
if [ -x "$(dirname "$fm")/bench/extract-run" ]; then
	"$(dirname "$fm")/bench/extract-run" -r "$rounds" "$tmp"/pages/*.html |
	    tee "$tmp/inproc"
	inproc=$(sed -n 's/.*: \([0-9.]*\) pages\/s.*/\1/p' "$tmp/inproc")
fi

node_dir=${BENCH_NODE:-/tmp/bench-node}
if ! command -v node >/dev/null 2>&1 ||
    [ ! -d "$node_dir/node_modules/@mozilla/readability" ]; then
	echo "readability.js: not installed under $node_dir; no ratio"
	exit 0
fi
: >"$tmp/rd"
if ! BENCH_NODE=$node_dir timed "$tmp/rd" node "$peer" "$tmp"/pages/*.html \
    2>"$tmp/node.err"; then
	echo "readability.js failed:"
	tail -5 "$tmp/node.err"
	exit 1
fi
set -- $(best "$tmp/rd")
rd_wall=$1 rd_cpu=$2
rd_rate=$(echo "scale=3; $n / $rd_wall" | bc)
rd_crate=$(echo "scale=3; $n / $rd_cpu" | bc)
echo "readability.js + jsdom: $(rate "$n" "$rd_wall") pages/s wall," \
    "$(rate "$n" "$rd_cpu") per CPU second (${rd_wall}s wall, ${rd_cpu}s" \
    "CPU, one process; $(cat "$tmp/node.err"))"
rd_in=$(sed -n 's/.*, \([0-9.]*\) pages\/s in-process.*/\1/p' "$tmp/node.err")
ratio() {
	echo "scale=1; ($n / $1) / $2" | bc
}
echo "ratio, a feedmill process per page: $(ratio "$pp_wall" "$rd_rate")x" \
    "Readability.js wall, $(ratio "$pp_cpu" "$rd_crate")x CPU"
echo "ratio, one process each for all pages: $(ratio "$ap_wall" "$rd_rate")x" \
    "Readability.js wall, $(ratio "$ap_cpu" "$rd_crate")x CPU"
if [ -n "$inproc" ] && [ -n "$rd_in" ]; then
	echo "ratio, in-process loops: $(echo "scale=1; $inproc / $rd_in" |
	    bc)x Readability.js"
fi
