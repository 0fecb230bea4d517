#!/bin/sh
# The container image's parts that can be checked offline (the image itself
# is built and run by contrib/docker/build-check.sh, not here): the files
# contrib/Dockerfile copies exist, its runtime packages cover every library
# feedmill needs, the image's configuration is valid, and the health check
# script finds a running feedmill serve by its configuration.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

dockerfile=$top_srcdir/contrib/Dockerfile
docker=$top_srcdir/contrib/docker

# Every COPY from the build context names a file that exists.
missing=""
n=0
for src in $(sed -n 's/^COPY \([^-][^ ]*\) .*/\1/p' "$dockerfile"); do
	n=$((n + 1))
	[ -e "$top_srcdir/$src" ] || missing="$missing $src"
done
if [ -z "$missing" ] && [ "$n" -gt 0 ]; then
	ok "contrib/Dockerfile copies $n files that exist"
else
	not_ok "contrib/Dockerfile copies what is not there:$missing"
fi

# The runtime stage installs the package of each library feedmill links
# (and libcurl4, which it opens when it first fetches); libc6 is in every
# image. The list is the apt-get install of the stage FROM debian:12-slim.
if command -v readelf >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
	installed=$(sed -n '/^FROM debian:12-slim/,$p' "$dockerfile" |
	    sed -n '/apt-get install/,/&&/p' | tr -s ' \\' '\n\n')
	libs=$(readelf -d "$FEEDMILL" |
	    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	    grep -v -E '^lib(asan|ubsan|lsan|tsan)\.')
	need=""
	for lib in $libs libcurl.so.4; do
		path=$(ldconfig -p | sed -n "s|^[[:space:]]*$lib (.*x86-64.*) => ||p" |
		    head -n 1)
		[ -n "$path" ] || path=$(ldconfig -p |
		    sed -n "s|^[[:space:]]*$lib .* => ||p" | head -n 1)
		pkg=$(dpkg -S "$path" 2>/dev/null ||
		    dpkg -S "$(readlink -f "$path")" 2>/dev/null)
		pkg=$(echo "$pkg" | head -n 1 | cut -d: -f1)
		[ -n "$pkg" ] || pkg="?$lib"
		[ "$pkg" = libc6 ] && continue
		echo "$installed" | grep -qx "$pkg" || need="$need $pkg"
	done
	if [ -z "$need" ]; then
		ok "contrib/Dockerfile installs the packages of the libraries feedmill needs"
	else
		not_ok "contrib/Dockerfile does not install:$need"
	fi
else
	skip "no readelf or dpkg: the Dockerfile's runtime packages are not checked"
fi

# The image's configuration, as feedmill reads it there.
fm check-config -c "$docker/feedmill.conf" >"$TMP/out" 2>&1
echo "exit $?" >>"$TMP/out"
printf '%s: ok (0 sources, 1 channels)\nexit 0\n' "$docker/feedmill.conf" \
    >"$TMP/want"
check_file "check-config accepts contrib/docker/feedmill.conf" \
    "$TMP/want" "$TMP/out"

# The health check against feedmill serve on a free loopback port.
if ! command -v curl >/dev/null 2>&1; then
	skip "no curl: the health check script is not run"
	done_testing
	exit $?
fi
mkdir -p "$TMP/svc" "$TMP/bin"
ln -s "$FEEDMILL" "$TMP/bin/feedmill"
cat >"$TMP/svc/feedmill.conf" <<EOF
[service]
state_dir = $TMP/svc/state
output_dir = $TMP/svc/public
listen = 127.0.0.1:0
[channel all]
EOF
$FEEDMILL_WRAPPER "$FEEDMILL" serve -c "$TMP/svc/feedmill.conf" \
    >"$TMP/serve.log" 2>&1 &
pid=$!
port=
got_port() {
	port=$(sed -n 's/.*listening on .* (port \([0-9]*\)).*/\1/p' \
	    "$TMP/serve.log" | head -n 1)
	[ -n "$port" ]
}
if ! wait_for 30 got_port; then
	not_ok "feedmill serve listens"
	sed 's/^/# /' "$TMP/serve.log"
	kill "$pid" 2>/dev/null
	done_testing
	exit 1
fi

# health LISTEN-LINE: the script's status with that line in a copy of the
# configuration.
health() {
	sed "s|^listen = .*|$1|" "$TMP/svc/feedmill.conf" >"$TMP/svc/hc.conf"
	PATH="$TMP/bin:$PATH" sh "$docker/healthcheck.sh" "$TMP/svc/hc.conf" \
	    >"$TMP/hc.out" 2>&1
	echo $?
}
expect_health() {
	got=$(health "$2")
	if [ "$got" = "$1" ]; then
		ok "health check $3: exit $1"
	else
		not_ok "health check $3: exit $got, want $1"
		sed 's/^/# /' "$TMP/hc.out"
	fi
}
expect_health 0 "listen = 127.0.0.1:$port" "of listen = 127.0.0.1:PORT"
expect_health 0 "listen = 0.0.0.0:$port" "of listen = 0.0.0.0:PORT (asks loopback)"
expect_health 0 "listen = :$port ; every address" "of listen = :PORT with a comment"
expect_health 0 "listen = none" "of listen = none (reads the store)"
free=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null)
[ -n "$free" ] && expect_health 1 "listen = 127.0.0.1:$free" "of a port nothing listens on"
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "feedmill serve stops on SIGTERM: exit 0"
else
	not_ok "feedmill serve stops on SIGTERM: exit $rc"
	sed 's/^/# /' "$TMP/serve.log"
fi
expect_health 1 "listen = 127.0.0.1:$port" "once serve has stopped"
done_testing
