#!/bin/sh
# Rewrite the "CPU per target" table of LOG.md (between its
# <!-- cpu-table --> markers) from the rows of its Runs table: CPU
# seconds summed per target, and what is left to the goal of one
# CPU-hour each. run-fuzz.sh calls it after each run.
# usage: cpu-table.sh SRCDIR/tests/fuzz/LOG.md
set -u
log=$1
# (It replaces $log: never a device or a missing file.)
[ -f "$log" ] || { echo "cpu-table.sh: $log: not a regular file" >&2; exit 2; }
tmp=$log.tmp.$$
awk '
/^<!-- cpu-table -->$/ { print; skip = 1; next }
/^<!-- \/cpu-table -->$/ { skip = 0; table = 1; print "@TABLE@"; print; next }
skip { next }
{ print }
/^## Runs/ { inruns = 1 }
inruns && /^\| 20[0-9-]* \| [a-z]+ \| / && $9 == "s" {
	t = $4; s = $8
	if (!(t in cpu)) order[n++] = t
	cpu[t] += s; runs[t]++
}
END {
	line = "| target | runs | CPU seconds | CPU-hours | to 1 CPU-hour |"
	line = line "\n|---|---|---|---|---|"
	for (i = 0; i < n; i++) {
		t = order[i]
		left = 3600 - cpu[t]
		line = line sprintf("\n| %s | %d | %d | %.2f | %s |", t, runs[t],
		    cpu[t], cpu[t] / 3600,
		    left > 0 ? sprintf("%d s", left) : "reached")
	}
	print line > "/dev/stderr"
}' "$log" 2>"$tmp.table" >"$tmp" || { rm -f "$tmp" "$tmp.table"; exit 1; }
awk -v f="$tmp.table" '
$0 == "@TABLE@" { while ((getline l < f) > 0) print l; next }
{ print }' "$tmp" >"$tmp.2" && mv "$tmp.2" "$log"
rm -f "$tmp" "$tmp.table"
