# Shared shell for the data-driven test suites: finds the program and
# the source tree, makes a temporary directory, and prints TAP.
# Set FEEDMILL_WRAPPER (e.g. "valgrind -q --error-exitcode=99") to run
# every feedmill call under a checker.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
FEEDMILL="$top_builddir/feedmill"
SHARED=${FEEDMILL_SHARED:-$top_srcdir/../shared}
tap_n=0
tap_fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/feedmill-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

fm() {
	$FEEDMILL_WRAPPER "$FEEDMILL" "$@"
}

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $*"
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - # SKIP $*"
}

# check DESCRIPTION EXPECTED-FILE GOT-FILE: compare whole files.
check_file() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" 2>&1 | head -30 | sed 's/^/# /'
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_fail" -eq 0 ]
}

# wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds (true)
# or SECONDS have passed (false). CMD is run anew each time, so it may be
# a shell function that looks at the current state.
wait_for() {
	_wait_n=$(($1 * 10))
	shift
	while [ "$_wait_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		_wait_n=$((_wait_n - 1))
	done
	return 1
}
