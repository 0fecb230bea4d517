#!/bin/sh
# Service benchmark (not a test): one `feedmill poll --once` cycle over N
# sources on a loopback nginx where every source answers 200 with new
# stories (fetch, parse, store, publish), then one where every source
# answers 304; next to curl --parallel fetching the same URLs the same
# way in the same run. Prints wall time, CPU time and peak resident
# memory of each.
#
#   N=1000 [RUNS=15] sh bench/service-poll.sh [BUILDDIR]
#
# RUNS above 1 repeats the 304 round that many times, curl and feedmill
# in turn, and prints the medians (one run says little on a busy
# machine). FRESH=n also runs the 200 cycle n more times, each on a
# fresh state and output, and prints every wall time and the median.
# CHANGED=k makes those n runs the 200 cycle of a changed feed instead:
# each starts from the state and output of the first cycle, and every
# source answers with k new stories on top and its k oldest gone
# (bench/next-feeds.py), as a site does between two polls.
# RETENTION=30d gives the channel a retention (its sweep runs each cycle).
# OUT=/dev/shm puts state and output on that folder (tmpfs: the figure
# without this VM's slow ext4 inode allocation). RT=1 runs nginx, curl
# and feedmill at real-time priority (chrt -f 10), which stands in for
# an idle machine when other work is running.
#
# Needs: nginx (Debian nginx-light), curl, python3, GNU time is not
# needed (we read /proc via python3). Data: ../shared/bench/gen_feeds.py
# --only many (1,000 feeds of 20 items in /tmp/bench-data/many); for N
# above 1,000 the same files are served under N distinct URLs.
set -eu
N=${N:-1000}
PAR=${PAR:-64}
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
DATA=${DATA:-/tmp/bench-data}
work=$(mktemp -d /tmp/feedmill-bench.XXXXXX)
# A port and an nginx folder of this run's own, so two runs can overlap.
PORT=${PORT:-$((20000 + $$ % 10000))}
PREFIX=${PREFIX:-$work/nginx}

# CHANGED: nginx serves $work/data, whose many/ links to the feeds as
# they are or to their next version.
changed=${CHANGED:-0}
if [ "$changed" -gt 0 ]; then
	[ -d "$DATA/many" ] || python3 "$shared/bench/gen_feeds.py" --only many
	mkdir -p "$work/data"
	ln -s "$DATA/many" "$work/data/many-v1"
	python3 "$here/next-feeds.py" "$changed" "$DATA/many" \
	    "$work/data/many-v2"
	ln -s many-v1 "$work/data/many"
	DATA=$work/data
fi

out=${OUT:-$work}
[ "$out" = "$work" ] || out=$(mktemp -d "$out/feedmill-bench.XXXXXX")
rt=
[ "${RT:-0}" = 1 ] && rt="chrt -f 10"

. "$here/lib.sh"
bench_nginx_start
trap 'bench_nginx_stop; rm -rf "$work" "$out"' EXIT
if [ -n "$rt" ]; then
	for p in $(cat "$PREFIX/nginx.pid" 2>/dev/null) $(pgrep -P "$(cat "$PREFIX/nginx.pid" 2>/dev/null)" 2>/dev/null); do
		chrt -f -p 10 "$p"
	done
fi

# N sources and their URLs.
bench_config "$out"
sed 's#.*#url = "&"\noutput = "/dev/null"#' "$work/urls.txt" >"$work/curl.cfg"

# measure LABEL CMD...: wall s, user+sys s, peak RSS MiB of CMD.
measure() {
	label=$1
	shift
	python3 - "$label" $rt "$@" <<'EOF'
import os, resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print('%-28s wall %7.3f s  cpu %7.3f s  rss %6.1f MiB  exit %d  %s' % (
    label, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0,
    p.returncode, p.stdout.decode().strip()[:120]))
EOF
}

ims=$(date -u -R | sed 's/+0000/GMT/')
echo "N=$N sources, $PAR connections, nginx on 127.0.0.1:$PORT"
measure "curl --parallel (200)" curl -s --parallel --parallel-max "$PAR" -K "$work/curl.cfg"
measure "feedmill poll (200, new)" "$build/feedmill" poll --once -q -c "$work/conf/feedmill.conf"
# FRESH=n: the 200 cycle again n times, each from an empty state.
# CHANGED=k: from the first cycle's state, with k new stories a feed.
if [ "${FRESH:-0}" -gt 0 ]; then
	kind=new
	if [ "$changed" -gt 0 ]; then
		kind="changed, $changed new"
		cp -a "$out/state" "$out/state.v1" && cp -a "$out/out" "$out/out.v1"
	fi
	for i in $(seq "$FRESH"); do
		mv "$out/state" "$out/state.old" && mv "$out/out" "$out/out.old"
		force=
		if [ "$changed" -gt 0 ]; then
			cp -a "$out/state.v1" "$out/state"
			cp -a "$out/out.v1" "$out/out"
			ln -sfn many-v2 "$DATA/many"
			force=--force
		fi
		measure "feedmill poll (200, $kind) #$i" "$build/feedmill" poll --once $force -q -c "$work/conf/feedmill.conf"
		[ "$changed" -gt 0 ] && [ "$i" -lt "$FRESH" ] && ln -sfn many-v1 "$DATA/many"
		rm -rf "$out/state.old" "$out/out.old"
	done | tee "$work/fresh.txt"
	sed -n 's/.* wall *\([0-9.]*\) s .*/\1/p' "$work/fresh.txt" | sort -n |
	    awk -v k="$kind" '{ w[NR] = $1 } END { printf "  200 cycle (%s), %d runs: wall median %.3f s\n", k, NR, w[int((NR + 1) / 2)] }'
fi
measure "curl --parallel (304)" curl -s --parallel --parallel-max "$PAR" -H "If-Modified-Since: $ims" -K "$work/curl.cfg"
measure "feedmill poll (304)" "$build/feedmill" poll --once --force -c "$work/conf/feedmill.conf"
# RUNS=n: the 304 round again n times, curl and feedmill in turn; medians.
if [ "${RUNS:-1}" -gt 1 ]; then
	RTP="$rt" python3 - "$RUNS" "$ims" "$PAR" "$work" "$build/feedmill" <<'EOF'
import os, statistics, sys, time
runs, ims, par, work, fm = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
rt = os.environ.get('RTP', '').split()
cmds = {
    'curl --parallel (304)': rt + ['curl', '-s', '--parallel', '--parallel-max', par,
        '-H', 'If-Modified-Since: ' + ims, '-K', work + '/curl.cfg'],
    'feedmill poll (304)': rt + [fm, 'poll', '--once', '--force', '-q', '-c',
        work + '/conf/feedmill.conf'],
}
res = {k: [] for k in cmds}
for i in range(runs):
    for k, cmd in cmds.items():
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            fd = os.open('/dev/null', os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvp(cmd[0], cmd)
        _, st, ru = os.wait4(pid, 0)
        res[k].append((time.monotonic() - t0, ru.ru_utime + ru.ru_stime))
for k, v in res.items():
    print('%-28s %d runs: wall median %.3f s (min %.3f)  cpu median %.3f s' % (
        k, runs, statistics.median(x[0] for x in v), min(x[0] for x in v),
        statistics.median(x[1] for x in v)))
w = [statistics.median(x[0] for x in res[k]) for k in cmds]
c = [statistics.median(x[1] for x in res[k]) for k in cmds]
print('  feedmill / curl: wall %.2fx, cpu %.2fx' % (w[1] / w[0], c[1] / c[0]))
EOF
fi
"$build/feedmill" status -c "$work/conf/feedmill.conf" | awk 'NR > 1 { n[$NF == "modified" ? "304" : $NF]++ } END { for (k in n) printf "  status: %d sources %s\n", n[k], k }'
du -sh "$out/state" | sed 's/^/  store: /'
