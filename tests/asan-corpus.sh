#!/bin/sh
# Every corpus file through every output format under AddressSanitizer and
# UndefinedBehaviorSanitizer: a build made with `configure --enable-asan`
# converts each file of ../shared/corpus (all collections, ill-formed ones
# included; gzip files both as they are and inflated) to rss, atom,
# jsonfeed, dump, share and ninjs, and HTML pages also with --explain and
# --discover. A run fails on any sanitizer report, a crash (exit >= 128),
# a hang (FEEDMILL_ASAN_TIMEOUT seconds, default 60) or an exit status
# other than 0, 1 or 2. Prints TAP, one line per collection with its
# counts, and the stderr of every failing run (also kept in $ASAN_LOGDIR
# when set).
#
# usage: tests/asan-corpus.sh [FEEDMILL]   (default: ./feedmill)
#   FEEDMILL_CORPUS=DIR  the corpus (default: ../shared/corpus)
#   JOBS=N               runs at once (default: nproc)
#   SAMPLE=N             only every Nth file of each collection, in name
#                        order (deterministic; default 1 = every file)
set -u
here=$(cd "$(dirname "$0")" && pwd)
fm=${1:-./feedmill}
corpus=${FEEDMILL_CORPUS:-${FEEDMILL_SHARED:-$here/../../shared}/corpus}
timeout=${FEEDMILL_ASAN_TIMEOUT:-60}

# One file: every run, one result line each ("COLL STATUS RUN FILE").
if [ "${1:-}" = --one ]; then
	fm=$2 corpus=$3 rel=$4 work=$5
	coll=${rel%%/*}
	src="$corpus/$rel"
	w=$(mktemp -d "$work/run.XXXXXX") || exit 1
	inputs=$src
	case $rel in
	*.gz)
		base=$(basename "$rel" .gz)
		if gzip -dc "$src" >"$w/$base" 2>/dev/null; then
			inputs="$src $w/$base"
		fi
		;;
	esac
	for f in $inputs; do
		runs="rss atom jsonfeed dump share ninjs"
		case $f in
		*.html|*.htm) runs="$runs explain discover" ;;
		esac
		for run in $runs; do
			case $run in
			share|ninjs)
				set -- -t "$run" -o "$w/out/" ;;
			explain)
				set -- -t dump --explain ;;
			discover)
				set -- --discover ;;
			*)
				set -- -t "$run" ;;
			esac
			rm -rf "$w/out"
			ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87 \
			    timeout -k 5 "$timeout" "$fm" convert -q "$@" \
			    "$f" >/dev/null 2>"$w/err" </dev/null
			rc=$?
			st=ok
			if grep -q -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' \
			    "$w/err"; then
				st=report
			elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
				st=hang
			elif [ "$rc" -ge 3 ]; then
				st=crash
			fi
			tag=$run
			[ "$f" != "$src" ] && tag="$run(inflated)"
			echo "$coll $st $rc $tag $rel"
			if [ "$st" != ok ]; then
				echo "## $rel $tag exit $rc" >&2
				head -40 "$w/err" >&2
			fi
		done
	done
	rm -rf "$w"
	exit 0
fi

. "$here/lib.sh"
case $fm in
/*) ;;
*) fm=$(pwd)/$fm ;;
esac
if [ ! -d "$corpus" ]; then
	skip "corpus not present ($corpus)"
	done_testing
	exit 0
fi
if [ ! -x "$fm" ]; then
	not_ok "no program at $fm"
	done_testing
	exit 1
fi
if ! grep -q __asan_init "$fm"; then
	echo "# $fm is not built with --enable-asan; the runs check only" \
	    "crashes, hangs and exit status"
fi
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
sample=${SAMPLE:-1}
corpus=$(cd "$corpus" && pwd)

(cd "$corpus" && find -L . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) |
    awk -F/ -v n="$sample" '{ if (c[$1]++ % n == 0) print }' >"$TMP/files"
echo "# $(wc -l <"$TMP/files") files from $corpus (every ${sample}th of each" \
    "collection), $jobs at a time"
start=$(date +%s)
tr '\n' '\0' <"$TMP/files" |
    xargs -0 -P "$jobs" -I{} sh "$here/asan-corpus.sh" --one "$fm" \
    "$corpus" {} "$TMP" >"$TMP/results" 2>"$TMP/failures"
end=$(date +%s)
[ -n "${ASAN_LOGDIR:-}" ] && cp "$TMP/results" "$TMP/failures" "$ASAN_LOGDIR/"

for coll in $(cut -d/ -f1 "$TMP/files" | sort -u); do
	files=$(awk -F/ -v c="$coll" '$1 == c' "$TMP/files" | wc -l)
	awk -v c="$coll" -v files="$files" '
	$1 == c { runs++; s[$2]++; if ($3 == 0) conv++ }
	END {
		bad = s["report"] + s["crash"] + s["hang"]
		printf "%s %s - %s: %d files, %d runs, %d converted, " \
		    "%d refused (exit 1 or 2), %d sanitizer reports, " \
		    "%d crashes, %d hangs\n", bad ? "not ok" : "ok", "N", c,
		    files, runs, conv, runs - conv - bad, s["report"],
		    s["crash"], s["hang"]
	}' "$TMP/results" >"$TMP/line"
	if grep -q '^ok' "$TMP/line"; then
		ok "$(sed 's/^ok N - //' "$TMP/line")"
	else
		not_ok "$(sed 's/^not ok N - //' "$TMP/line")"
	fi
done
if [ -s "$TMP/failures" ]; then
	sed 's/^/# /' "$TMP/failures" | head -200
fi
echo "# $(wc -l <"$TMP/results") runs in $((end - start)) s"
done_testing
