#!/bin/sh
# Durability of publishing: feedmill poll --once is killed at every
# write step (each write, pwrite64, fsync, fdatasync, rename, unlink,
# ftruncate and openat in turn, through strace fault injection), then
# run where every fsync or write fails with EIO, then on a small tmpfs
# that fills up. After every fault each output file must be a whole
# document (the old version or the new one), the store must pass
# PRAGMA integrity_check, and once the fault is gone one clean run must
# publish every story ever dropped into the spool.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v strace >/dev/null ||
    ! strace -f -o /dev/null true 2>/dev/null; then
	skip "needs python3 and a working strace (ptrace allowed)"
	done_testing
	exit 0
fi
# Under a checker (valgrind) strace would trace the checker: skip.
if [ -n "${FEEDMILL_WRAPPER:-}" ]; then
	skip "not run under FEEDMILL_WRAPPER"
	done_testing
	exit 0
fi

. "$top_srcdir/tests/durability/common.sh"

# Count each syscall of one publishing run (a new story into a channel
# that already has one).
setup
story
fm poll --once -q -c "$conf" >/dev/null 2>&1
story
cp -a "$svc" "$TMP/base"
base_n=$nstory
strace -f -c -o "$TMP/counts" -e trace=write,pwrite64,fsync,fdatasync,rename,renameat,unlink,ftruncate,openat \
    "$FEEDMILL" poll --once -q -c "$conf" >/dev/null 2>&1
calls=$(awk '$NF ~ /^(write|pwrite64|fsync|fdatasync|rename|renameat|unlink|ftruncate|openat)$/ { print $NF ":" $4 }' \
    "$TMP/counts" | sed 's/:\([0-9]*\)$/ \1/')
steps=0 badout=0 badint=0 badrec=0
echo "$calls" | {
while read -r sc count; do
	[ -n "$sc" ] || continue
	# (the fourth column of strace -c is the number of calls)
	case $count in ''|*[!0-9]*) continue ;; esac
	n=1
	while [ $n -le "$count" ]; do
		rm -rf "$svc"
		cp -a "$TMP/base" "$svc"
		nstory=$base_n
		strace -f -o /dev/null -e trace="$sc" \
		    -e inject="$sc":signal=KILL:when=$n \
		    "$FEEDMILL" poll --once -q -c "$conf" >/dev/null 2>&1
		steps=$((steps + 1))
		if ! whole >"$TMP/whole.out"; then
			badout=$((badout + 1))
			echo "# kill at $sc #$n:"
			sed 's/^/#   /' "$TMP/whole.out" | head -3
		fi
		integrity || { badint=$((badint + 1)); echo "# kill at $sc #$n: integrity_check failed"; }
		recovered || { badrec=$((badrec + 1)); echo "# kill at $sc #$n: not recovered"; }
		n=$((n + 1))
	done
done
echo "$steps $badout $badint $badrec" >"$TMP/steps"
}
read -r steps badout badint badrec <"$TMP/steps"
if [ "$steps" -gt 10 ] && [ "$badout" -eq 0 ]; then
	ok "killed at each of $steps write steps: every output whole"
else
	not_ok "killed at each of $steps write steps: every output whole ($badout bad)"
fi
[ "$badint" -eq 0 ] && ok "integrity_check after each of $steps kills" ||
    not_ok "integrity_check after each of $steps kills ($badint failed)"
[ "$badrec" -eq 0 ] && ok "a clean run after each kill published every story" ||
    not_ok "a clean run after each kill published every story ($badrec not)"

# I/O errors: every fsync fails, then every write to a file, then every
# rename. The run fails, outputs stay whole, and the next run recovers.
for fault in fsync:error=EIO fdatasync:error=EIO write:error=EIO \
    pwrite64:error=EIO rename:error=EIO write:error=ENOSPC; do
	rm -rf "$svc"
	cp -a "$TMP/base" "$svc"
	nstory=$base_n
	strace -f -o /dev/null -e trace="${fault%%:*}" -e inject="$fault" \
	    "$FEEDMILL" poll --once -q -c "$conf" >/dev/null 2>"$TMP/eio.err"
	rc=$?
	w=whole i=sound r=recovers
	whole >"$TMP/whole.out" || w="NOT whole"
	integrity || i="NOT sound"
	recovered || r="does NOT recover"
	if [ $rc -ne 0 ] && [ "$w$i$r" = "wholesoundrecovers" ]; then
		ok "$fault: fails (exit $rc), outputs $w, store $i, $r"
	else
		not_ok "$fault: exit $rc, outputs $w, store $i, $r"
		sed 's/^/# /' "$TMP/eio.err" "$TMP/whole.out" | head -5
	fi
done

done_testing
