# Shared by the service benchmarks (sourced, not run): the loopback
# nginx they poll and the configuration of their N sources. The caller
# sets N, PAR, DATA, PORT, PREFIX, shared and work first.

# The bench nginx on 127.0.0.1:$PORT (the data generated when missing).
bench_nginx_start() {
	[ -d "$DATA/many" ] || python3 "$shared/bench/gen_feeds.py" --only many
	DATA=$DATA PORT=$PORT PREFIX=$PREFIX \
	    sh "$shared/bench/http/serve.sh" start >/dev/null
}

bench_nginx_stop() {
	DATA=$DATA PORT=$PORT PREFIX=$PREFIX \
	    sh "$shared/bench/http/serve.sh" stop >/dev/null
}

# On exit of a benchmark that runs serve: stop serve ($pid, if any) and
# the nginx, and remove $work.
bench_serve_cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	bench_nginx_stop
	rm -rf "$work"
}

# bench_config ROOT [LINE...]: $work/conf/feedmill.conf, with state and
# output under ROOT, $PAR connections to the one loopback host without
# spacing and each LINE added to [service] (and a retention on its one
# channel with RETENTION=duration); then one source file per
# URL: N sources, the 1,000 files of $DATA/many (under N distinct URLs
# past 1,000), their URLs also in $work/urls.txt.
bench_config() {
	bench_root=$1
	shift
	mkdir -p "$work/conf"
	{
		printf '[service]\nstate_dir = %s/state\noutput_dir = %s/out\n' \
		    "$bench_root" "$bench_root"
		printf 'allow_private = yes\nmax_connections = %s\n' "$PAR"
		printf 'per_host = %s\nhost_spacing = 0\n' "$PAR"
		for line in "$@"; do
			printf '%s\n' "$line"
		done
		printf '[channel all]\nlimit = 50\n'
		[ -z "${RETENTION:-}" ] || printf 'retention = %s\n' "$RETENTION"
	} >"$work/conf/feedmill.conf"
	python3 - "$N" "$PORT" "$work" "$DATA/many" <<'PY'
import os, sys
n, port, work, many = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
files = sorted(os.listdir(many))
with open(work + '/urls.txt', 'w') as u:
    for i in range(n):
        f = files[i % len(files)]
        url = 'http://127.0.0.1:%s/many/%s' % (port, f)
        if i >= len(files):
            url += '?copy=%d' % (i // len(files))
        u.write(url + '\n')
        with open('%s/conf/s%05d.ini' % (work, i), 'w') as s:
            s.write('[source]\nurl = %s\n' % url)
PY
}

# serve's HTTP port logged and its SIGUSR1 handler in place ($pid,
# $work/log).
bench_serve_started() {
	hport=$(sed -n 's/.*listening on .*(port \([0-9]*\)).*/\1/p' "$work/log")
	m=$(awk '/^SigCgt/ { print $2 }' "/proc/$pid/status")
	[ -n "$hport" ] && [ $((0x$m & 0x4000)) -ne 0 ]
}

# Start serve on $work/conf/feedmill.conf with every source due at once
# (--no-spread), its log in $work/log; returns once it is ready (pid in
# $pid, its HTTP port in $hport), or exits with what went wrong.
bench_serve_start() {
	"$build/feedmill" serve --no-spread -c "$work/conf/feedmill.conf" \
	    2>"$work/log" &
	pid=$!
	_t=0
	until bench_serve_started; do
		kill -0 "$pid" 2>/dev/null ||
		    { echo "serve died:" >&2; cat "$work/log" >&2; exit 1; }
		_t=$((_t + 1))
		[ "$_t" -le 600 ] || { echo "serve did not start" >&2; exit 1; }
		sleep 0.05
	done
}
