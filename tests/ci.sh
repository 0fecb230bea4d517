#!/bin/sh
# The whole test suite, as CI runs it: a normal build and `make check`,
# `make distcheck`, then a build with AddressSanitizer and
# UndefinedBehaviorSanitizer and `make check` again, then the golden tests
# under valgrind. Prints "N passed, N failed, N skipped" counted from the
# test logs of every run.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src" || exit 1
[ -x configure ] || ./autogen.sh >/dev/null 2>&1 || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
pass=0 fail=0 skip=0 status=0

count() {
	log=$1
	[ -f "$log" ] || { fail=$((fail + 1)); return; }
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
	x=$(sed -n 's/^# XPASS: *//p' "$log" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0} + ${e:-0} + ${x:-0}))
	skip=$((skip + ${s:-0}))
}

run_check() {
	dir=$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "== $dir: configure $*"
	(cd "$dir" && "$src/configure" -q "$@" && make -s -j"$jobs") ||
	    { echo "build failed in $dir"; fail=$((fail + 1)); status=1; return; }
	(cd "$dir" && make -s -j"$jobs" check) || status=1
	count "$dir/test-suite.log"
	grep -E '^(FAIL|ERROR)' "$dir/test-suite.log" 2>/dev/null | head -20
}

run_check build-ci --enable-debug
echo "== distcheck"
if (cd build-ci && make -s -j"$jobs" distcheck >distcheck.log 2>&1); then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); status=1
	tail -30 build-ci/distcheck.log
fi
# The sanitizer build runs every suite except the corpus-wide ones
# (those run in the normal build above; `make conformance` runs them
# under any build), which keeps CI well inside its time limit.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
FEEDMILL_SHARED=/nonexistent FEEDMILL_CORPUS=/nonexistent \
    run_check build-asan --enable-asan
# Every corpus file through every output format in the sanitizer build
# (tests/asan-corpus.sh: every 2nd file of each collection by default,
# about 12000 runs; ASAN_CORPUS_SAMPLE=1 runs all 24000; skipped when
# ../shared/corpus is absent). One ok/not ok per collection.
if [ -x build-asan/feedmill ]; then
	echo "== corpus under ASan/UBSan"
	JOBS=$jobs SAMPLE=${ASAN_CORPUS_SAMPLE:-2} \
	    sh tests/asan-corpus.sh build-asan/feedmill \
	    >build-asan/asan-corpus.log 2>&1
	ap=$(grep '^ok' build-asan/asan-corpus.log | grep -vc '# SKIP')
	as=$(grep -c '^ok.*# SKIP' build-asan/asan-corpus.log)
	af=$(grep -c '^not ok' build-asan/asan-corpus.log)
	pass=$((pass + ap))
	skip=$((skip + as))
	fail=$((fail + af))
	grep -E '^(not ok|# [0-9]+ runs)' build-asan/asan-corpus.log
	[ "$af" -eq 0 ] || { status=1; grep -A20 '^# ## ' \
	    build-asan/asan-corpus.log | head -40; }
fi
if command -v valgrind >/dev/null 2>&1 && [ -x build-ci/feedmill ]; then
	echo "== golden tests under valgrind"
	(cd build-ci && FEEDMILL_WRAPPER="valgrind -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect" \
	    top_srcdir="$src" top_builddir=. sh "$src/tests/golden/run.sh" \
	    >valgrind-golden.log 2>&1)
	vp=$(grep -c '^ok' build-ci/valgrind-golden.log)
	vf=$(grep -c '^not ok' build-ci/valgrind-golden.log)
	pass=$((pass + vp))
	fail=$((fail + vf))
	[ "$vf" -eq 0 ] || { status=1; grep -A5 '^not ok' \
	    build-ci/valgrind-golden.log | head -30; }
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && exit "$status"
exit 1
