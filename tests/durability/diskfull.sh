#!/bin/sh
# Disk full: the service's state and output folders live on a 2 MiB
# tmpfs (in a private mount namespace); the spool stays elsewhere, as a
# wire feed's drop folder would. Stories are dropped into the spool until publishing
# fails for lack of space: the run must fail with a message, every
# output stays a whole document, the store passes integrity_check and
# no committed story is lost. When space comes back (the tmpfs grows),
# one clean run publishes every story.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if [ -z "${FEEDMILL_IN_MOUNTNS:-}" ]; then
	if ! command -v python3 >/dev/null 2>&1 || ! unshare -m true 2>/dev/null
	then
		skip "needs python3 and unshare -m (root)"
		done_testing
		exit 0
	fi
	FEEDMILL_IN_MOUNTNS=1 exec unshare -m sh "$0" "$@"
fi
. "$top_srcdir/tests/durability/common.sh"

setup
mkdir -p "$svc/disk"
mount -t tmpfs -o size=2m tmpfs "$svc/disk" || {
	not_ok "cannot mount a tmpfs"
	done_testing
	exit 1
}
printf '[service]\nstate_dir = disk/state\noutput_dir = disk/out\n' >"$conf"
printf '[channel all]\nlimit = 1000\n' >>"$conf"
out="$svc/disk/out"

BODY=$(python3 -c 'print(" filler" * 1500)')	# ~10 KiB a story
full=0 i=0 bad=0
while [ $i -lt 400 ] && [ $full -eq 0 ]; do
	story
	if ! fm poll --once -q -c "$conf" >/dev/null 2>"$TMP/err"; then
		full=1
		break
	fi
	i=$((i + 1))
done
if [ $full -eq 1 ] && [ $i -gt 3 ] && grep -q -i 'space\|ENOSPC\|full' "$TMP/err"; then
	ok "publishing fails with a message when the disk is full (after $i cycles)"
else
	not_ok "publishing fails with a message when the disk is full"
	sed 's/^/# /' "$TMP/err" | head -5
fi
if whole >"$TMP/whole.out"; then
	ok "outputs whole on a full disk"
else
	not_ok "outputs whole on a full disk"
	sed 's/^/# /' "$TMP/whole.out" | head -5
fi
# A few more failing runs while full change nothing for the worse.
fm poll --once -q -c "$conf" >/dev/null 2>&1
fm poll --once -q -c "$conf" >/dev/null 2>&1
whole >/dev/null && ok "outputs still whole after more runs on a full disk" ||
    not_ok "outputs still whole after more runs on a full disk"
mount -o remount,size=64m "$svc/disk"
integrity && ok "store passes integrity_check after the disk was full" ||
    not_ok "store passes integrity_check after the disk was full"
if recovered; then
	ok "once space is back, one run publishes all $nstory stories"
else
	not_ok "once space is back, one run publishes all $nstory stories"
fi
umount "$svc/disk"
done_testing
