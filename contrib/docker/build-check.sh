#!/bin/sh
# SPDX-License-Identifier: MIT
# Build contrib/Dockerfile and run the image with no Docker engine and no
# registry: debootstrap makes the debian:12 and debian:12-slim base images
# from the Debian mirror, buildah (chroot isolation, vfs storage, host
# network) builds and runs; prints a PASS or FAIL line per check.
#
# Usage: contrib/docker/build-check.sh [-w | -C dir] [-n] [-r] [-k] [-p]
#   (default)  build what git tracks at HEAD (git archive HEAD)
#   -w         build the checkout as it is (.dockerignore applies)
#   -C dir     build the context in dir
#   -n         make the base images anew (else those of a previous run)
#   -r         check the image a previous -k run kept instead of building
#   -k         keep the image localhost/feedmill:check afterwards
#   -p         remove the work folder (base images too) afterwards
# Environment: FM_DOCKER_WORK (work folder and image store, default
# /tmp/feedmill-docker), FM_DOCKER_PORT (two free loopback ports from
# this one, default 18080), DEBIAN_MIRROR (default
# http://deb.debian.org/debian) and DEBIAN_SECURITY_MIRROR.
# Needs root, buildah, debootstrap, curl and python3, and for the checks
# of the image as docker run starts it podman and runc (Debian 12:
# apt-get install buildah debootstrap curl python3 podman runc), the
# mirror, and about five minutes and 3 GB. Not part of make check or
# tests/ci.sh.

set -u
# Fd 3 is standard output: a trap may run while a function's output is
# redirected to a log.
exec 3>&1
mode=archive
ctx=""
new=no
keep=no
purge=no
reuse=no
while getopts hwC:nkpr opt; do
	case $opt in
	w)	mode=tree ;;
	C)	mode=dir; ctx=$OPTARG ;;
	n)	new=yes ;;
	k)	keep=yes ;;
	p)	purge=yes ;;
	r)	reuse=yes ;;
	h)	sed -n '8,24s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)	sed -n '8,24s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

top=$(cd "$(dirname "$0")/../.." && pwd)
W=${FM_DOCKER_WORK:-/tmp/feedmill-docker}
port=${FM_DOCKER_PORT:-18080}
origin_port=$((port + 1))
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
image=localhost/feedmill:check
ctr=""
origin_pid=""
serve_pid=""
serve_bg=""
podman_ctr=""
npass=0
nfail=0

pass() {
	npass=$((npass + 1))
	echo "PASS: $*"
}

fail() {
	nfail=$((nfail + 1))
	echo "FAIL: $*"
}

info() {
	echo "INFO: $*"
}

b() {
	buildah --root "$W/storage" --runroot "$W/run" --storage-driver vfs "$@"
}

# brun ARGS... -- CMD...: run CMD in the check container.
brun() {
	b run --isolation chroot "$@"
}

# descendants PID: the processes under PID, deepest last.
descendants() {
	for _d in $(ps -o pid= --ppid "$1"); do
		echo "$_d"
		descendants "$_d"
	done
}

# stop_tree PID: SIGTERM to PID and every process under it (buildah run
# does not pass signals on), then wait for PID.
stop_tree() {
	# shellcheck disable=SC2046
	kill -TERM "$1" $(descendants "$1") 2>/dev/null
	wait "$1"
}

cleanup() {
	[ -f "$W/.feedmill-build-check" ] || return 0
	# Stop what runs in the container before removing it.
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
	[ -n "$serve_bg" ] && stop_tree "$serve_bg"
	[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null
	if [ -n "$podman_ctr" ]; then
		p rm -f "$podman_ctr" >/dev/null 2>&1
		p volume rm -f "$podman_ctr" >/dev/null 2>&1
	fi
	[ -n "$ctr" ] && b rm "$ctr" >/dev/null 2>&1
	if [ "$purge" = yes ]; then
		b rmi -a -f >/dev/null 2>&1
		rm -rf "$W"
	elif [ "$keep" = no ]; then
		b rmi -f "$image" >/dev/null 2>&1
	fi
}

finish() {
	cleanup
	echo "build-check: $npass passed, $nfail failed" >&3
	[ "$nfail" -eq 0 ]
	exit $?
}

# A folder's tree as an image named $2 (bash as its command, like the
# images on Docker Hub).
commit_tree() {
	_c=$(b from scratch) || return 1
	_m=$(b mount "$_c") || return 1
	tar -C "$1" -cf - . | tar -C "$_m" -xpf - || return 1
	b umount "$_c" >/dev/null
	b config --cmd '["bash"]' \
	    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    "$_c" || return 1
	b commit -q --rm "$_c" "$2" >/dev/null
}

# debian:12 and debian:12-slim as the official images are made: minbase
# bookworm, the mirror with updates and security, no apt caches nor
# translations; slim also without documentation, manuals and locales.
make_bases() {
	if [ "$new" = no ] &&
	    b inspect --type image docker.io/library/debian:12 >/dev/null 2>&1 &&
	    b inspect --type image docker.io/library/debian:12-slim \
	    >/dev/null 2>&1; then
		pass "base images debian:12 and debian:12-slim (from a previous run; -n makes them anew)"
		return 0
	fi
	_r=$W/rootfs
	rm -rf "$_r" "$W/slim"
	if ! debootstrap --variant=minbase bookworm "$_r" "$mirror" \
	    >"$W/debootstrap.log" 2>&1; then
		fail "debootstrap bookworm from $mirror (see $W/debootstrap.log)"
		return 1
	fi
	rm -f "$_r/etc/apt/sources.list"
	cat >"$_r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	cat >"$_r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
	echo 'Acquire::Languages "none";' \
	    >"$_r/etc/apt/apt.conf.d/docker-no-languages"
	rm -rf "$_r"/var/lib/apt/lists/* "$_r"/var/cache/apt/*.bin \
	    "$_r"/var/cache/apt/archives/*.deb
	if ! commit_tree "$_r" docker.io/library/debian:12; then
		fail "image debian:12 from $_r"
		return 1
	fi
	_s=$W/slim
	mv "$_r" "$_s"
	cat >"$_s/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
	find "$_s/usr/share/doc" -type f ! -name copyright -exec rm -f {} +
	find "$_s/usr/share/doc" -depth -mindepth 1 -type d -empty -exec rmdir {} +
	find "$_s/usr/share/locale" -mindepth 1 -maxdepth 1 \
	    ! -name locale.alias -exec rm -rf {} +
	rm -rf "$_s"/usr/share/groff/* "$_s"/usr/share/info/* \
	    "$_s"/usr/share/lintian/* "$_s"/usr/share/man/*
	if ! commit_tree "$_s" docker.io/library/debian:12-slim; then
		fail "image debian:12-slim from $_s"
		return 1
	fi
	rm -rf "$_s"
	# The images the new ones replaced.
	b rmi --prune >/dev/null 2>&1
	pass "base images debian:12 and debian:12-slim (debootstrap bookworm from $mirror)"
}

# The build context in $ctx.
make_context() {
	case $mode in
	archive)
		ctx=$W/context
		rm -rf "$ctx"
		mkdir -p "$ctx"
		if ! git -C "$top" archive HEAD | tar -x -C "$ctx"; then
			fail "git archive HEAD of $top"
			return 1
		fi
		info "context: git archive HEAD ($(git -C "$top" rev-parse --short HEAD))"
		;;
	tree)
		ctx=$top
		info "context: the checkout $top (.dockerignore applies)"
		;;
	dir)
		ctx=$(cd "$ctx" && pwd) || return 1
		info "context: $ctx"
		;;
	esac
	[ -f "$ctx/contrib/Dockerfile" ] || {
		fail "no contrib/Dockerfile in $ctx"
		return 1
	}
}

build_image() {
	if [ "$reuse" = yes ] &&
	    b inspect --type image "$image" >/dev/null 2>&1; then
		pass "image $image from a previous run (-r)"
		return 0
	fi
	_t0=$(date +%s)
	if ! b bud --isolation chroot --pull=never --format docker \
	    -t "$image" -f "$ctx/contrib/Dockerfile" "$ctx" \
	    >"$W/build.log" 2>&1; then
		tail -n 20 "$W/build.log" | sed 's/^/# /'
		fail "build contrib/Dockerfile (see $W/build.log)"
		return 1
	fi
	_t1=$(date +%s)
	pass "build contrib/Dockerfile in $((_t1 - _t0)) s (log: $W/build.log)"
	_w=$(grep -c -E '\.[ch]:[0-9]+:[0-9]+: warning:' "$W/build.log")
	if [ "$_w" -eq 0 ]; then
		pass "no compiler warnings in the build"
	else
		grep -E '\.[ch]:[0-9]+:[0-9]+: warning:' "$W/build.log" |
		    head -n 10 | sed 's/^/# /'
		fail "$_w compiler warnings in the build"
	fi
	info "image size: $(b images --format '{{.Size}}' "$image")"
}

# expect NAME WANT GOT: a check of one value.
expect() {
	if [ "$2" = "$3" ]; then
		pass "$1: ${3:-(none)}"
	else
		fail "$1: got \"$3\", want \"$2\""
	fi
}

check_config() {
	_f() {
		b inspect --type image --format "$1" "$image" 2>/dev/null
	}
	expect "image user" "999:999" "$(_f '{{.Docker.Config.User}}')"
	expect "image entrypoint and command" \
	    "[/usr/bin/feedmill] [serve -c /etc/feedmill/feedmill.conf]" \
	    "$(_f '{{.Docker.Config.Entrypoint}} {{.Docker.Config.Cmd}}')"
	expect "image port" "map[8080/tcp:{}]" \
	    "$(_f '{{.Docker.Config.ExposedPorts}}')"
	expect "image volume" "map[/var/lib/feedmill:{}]" \
	    "$(_f '{{.Docker.Config.Volumes}}')"
	expect "image health check" \
	    "[CMD /bin/sh /usr/libexec/feedmill/healthcheck]" \
	    "$(_f '{{.Docker.Config.Healthcheck.Test}}')"
}

check_run() {
	_v=$(brun "$ctr" -- feedmill --version 2>&1 | head -n 1)
	case $_v in
	"feedmill "[0-9]*)	pass "feedmill --version: $_v" ;;
	*)			fail "feedmill --version: $_v" ;;
	esac
	expect "user in the container" "uid=999(feedmill) gid=999(feedmill) groups=999(feedmill)" \
	    "$(brun "$ctr" -- id 2>&1)"
	expect "libraries feedmill links that are missing (ldd)" "" \
	    "$(brun "$ctr" -- sh -c 'ldd /usr/bin/feedmill | grep "not found" || :' 2>&1)"
	expect "the image's configuration" \
	    "/etc/feedmill/feedmill.conf: ok (0 sources, 1 channels)" \
	    "$(brun "$ctr" -- feedmill check-config 2>&1)"

	# The golden suite, unchanged, against the image's program.
	brun -v "$ctx:/src:ro" "$ctr" -- env top_srcdir=/src \
	    top_builddir=/usr/bin sh /src/tests/golden/run.sh \
	    >"$W/golden.tap" 2>&1
	_rc=$?
	_n=$(grep -c '^ok ' "$W/golden.tap")
	_bad=$(grep -c '^not ok' "$W/golden.tap")
	if [ "$_rc" -eq 0 ] && [ "$_bad" -eq 0 ] && [ "$_n" -gt 0 ]; then
		pass "tests/golden/run.sh in the image: $_n checks"
	else
		grep -A5 '^not ok' "$W/golden.tap" | head -n 20 | sed 's/^/# /'
		fail "tests/golden/run.sh in the image: $_bad of $((_n + _bad)) failed (see $W/golden.tap)"
	fi

	# poll --once of the bundled sample service (files and a spool).
	_f=$W/feeds
	rm -rf "$_f"
	# Their times kept: the spool takes files at least a second old.
	cp -Rp "$ctx/feeds" "$_f"
	rm -rf "$_f/state" "$_f/public" "$_f/samples/spool/done" \
	    "$_f/samples/spool/failed"
	chown -R 999:999 "$_f"
	_spooled=$(find "$_f/samples/spool" -type f | wc -l)
	if brun -v "$_f:/srv/feeds" "$ctr" -- \
	    feedmill poll --once -c /srv/feeds/feedmill.conf \
	    >"$W/poll.log" 2>&1; then
		pass "poll --once -c feeds/feedmill.conf: $(tr '\n' ' ' <"$W/poll.log" | cut -c1-200)"
	else
		sed 's/^/# /' "$W/poll.log"
		fail "poll --once -c feeds/feedmill.conf"
	fi
	_missing=""
	for _o in all.rss all.atom all.json city.rss city.atom city.json \
	    wire.rss; do
		[ -s "$_f/public/$_o" ] || _missing="$_missing $_o"
	done
	if [ -z "$_missing" ]; then
		pass "poll --once published $(find "$_f/public" -type f | wc -l) files in feeds/public, among them:$(cd "$_f/public" && for _o in ./*.rss ./*.atom ./*.json; do printf ' %s' "${_o#./}"; done)"
	else
		fail "poll --once did not publish:$_missing"
	fi
	if grep -q "; $_spooled files;" "$W/poll.log"; then
		pass "poll --once read the $_spooled files of the spool"
	else
		fail "poll --once did not read the $_spooled files of the spool"
	fi
	_items=$(grep -c '<item>' "$_f/public/all.rss")
	if [ "$_items" -gt 0 ]; then
		pass "all.rss has $_items stories"
	else
		fail "all.rss has no stories"
	fi
}

# (Called by wait_until.)
# shellcheck disable=SC2317
healthz_up() {
	curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" \
	    2>/dev/null
}

# shellcheck disable=SC2317
published() {
	curl -fsS --max-time 2 "http://127.0.0.1:$port/all.rss" 2>/dev/null |
	    grep -q 'build-check origin story'
}

# wait_until SECONDS CMD...: until CMD succeeds, at most SECONDS.
wait_until() {
	_n=$(($1 * 5))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# serve with the image's configuration (on $port) and one source fetched
# over HTTP from a feed on the host: /healthz, the health check, a channel
# with the fetched story, and SIGTERM.
check_serve() {
	_o=$W/origin
	_e=$W/etc
	_v=$W/var
	rm -rf "$_o" "$_e" "$_v"
	mkdir -p "$_o" "$_e" "$_v"
	if curl -s -o /dev/null "http://127.0.0.1:$port/" ||
	    curl -s -o /dev/null "http://127.0.0.1:$origin_port/"; then
		fail "serve: port $port or $origin_port is taken (FM_DOCKER_PORT)"
		return 1
	fi
	cat >"$_o/feed.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Origin</title>
<link>http://origin.example/</link><description>d</description>
<item><title>build-check origin story</title>
<link>http://origin.example/1</link><guid>http://origin.example/1</guid>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<description>Fetched over HTTP by libcurl in the image.</description></item>
</channel></rss>
EOF
	python3 -m http.server --bind 127.0.0.1 --directory "$_o" \
	    "$origin_port" >"$W/origin.log" 2>&1 &
	origin_pid=$!
	# (Process 1 is not feedmill with buildah's chroot isolation, so the
	# health check is given the file; the podman checks use process 1.)
	# The image's configuration, on $port, private addresses allowed,
	# the store and outputs in /srv/var: buildah 1.28 mounts a -v on the
	# image's VOLUME, or the anonymous volume it makes for it, at random.
	b run --isolation chroot "$ctr" -- cat /etc/feedmill/feedmill.conf |
	    sed -e "s|^listen = .*|listen = 0.0.0.0:$port|" \
	    -e 's|/var/lib/feedmill/|/srv/var/|' \
	    -e 's|^\[service\]$|[service]\nallow_private = yes|' \
	    >"$_e/feedmill.conf"
	printf '[source]\nurl = http://127.0.0.1:%s/feed.xml\n' \
	    "$origin_port" >"$_e/origin.ini"
	chown 999:999 "$_v"
	brun -v "$_v:/srv/var" -v "$_e:/etc/feedmill:ro" "$ctr" -- \
	    sh -c 'echo $$ >/srv/var/serve.pid;
	    exec feedmill serve --no-spread -c /etc/feedmill/feedmill.conf' \
	    >"$W/serve.log" 2>&1 &
	serve_bg=$!
	if wait_until 30 healthz_up; then
		pass "serve: GET /healthz on 127.0.0.1:$port is 200"
	else
		sed 's/^/# /' "$W/serve.log"
		fail "serve: no /healthz on 127.0.0.1:$port in 30 s"
	fi
	wait_until 10 test -s "$_v/serve.pid"
	serve_pid=$(cat "$_v/serve.pid" 2>/dev/null)
	if brun -v "$_e:/etc/feedmill:ro" "$ctr" -- \
	    /bin/sh /usr/libexec/feedmill/healthcheck \
	    /etc/feedmill/feedmill.conf >"$W/health.log" 2>&1; then
		pass "HEALTHCHECK command: healthy while serve runs"
	else
		sed 's/^/# /' "$W/health.log"
		fail "HEALTHCHECK command: unhealthy while serve runs"
	fi
	if wait_until 30 published; then
		pass "serve: GET /all.rss has the story fetched over HTTP"
	else
		sed 's/^/# /' "$W/serve.log"
		fail "serve: the fetched story is not in /all.rss after 30 s"
	fi
	if [ -n "$serve_pid" ] && kill -TERM "$serve_pid"; then
		wait "$serve_bg"
		_rc=$?
		serve_pid=""
		serve_bg=""
		if [ "$_rc" -eq 0 ] && grep -q 'publishing and exiting' \
		    "$W/serve.log"; then
			pass "serve: SIGTERM publishes and exits 0"
		else
			sed 's/^/# /' "$W/serve.log"
			fail "serve: SIGTERM: exit $_rc"
		fi
	else
		fail "serve: no process to stop"
		stop_tree "$serve_bg"
		serve_bg=""
	fi
	info "serve log: $(tr '\n' '|' <"$W/serve.log")"
	if brun -v "$_e:/etc/feedmill:ro" "$ctr" -- \
	    /bin/sh /usr/libexec/feedmill/healthcheck \
	    /etc/feedmill/feedmill.conf >/dev/null 2>&1; then
		fail "HEALTHCHECK command: healthy with serve stopped"
	else
		pass "HEALTHCHECK command: unhealthy with serve stopped"
	fi
	kill "$origin_pid" 2>/dev/null
	origin_pid=""
}

p() {
	podman --root "$W/storage" --runroot "$W/run" --storage-driver vfs "$@"
}

# prun ARGS...: podman run as docker run would, but with limits no
# higher than ours (raising them needs CAP_SYS_RESOURCE) and runc when
# there is one (crun refuses hybrid cgroup hierarchies).
prun() {
	_rt=""
	command -v runc >/dev/null 2>&1 && _rt="--runtime runc"
	# shellcheck disable=SC2086
	p run $_rt --ulimit nofile=4096:4096 \
	    --ulimit nproc=4096:4096 "$@"
}

# podman_healthy: the image's own HEALTHCHECK, as podman runs it.
# shellcheck disable=SC2317
podman_healthy() {
	p healthcheck run fmcheck >/dev/null 2>&1
}

# The image as docker run starts it: its entrypoint, command, user,
# volume, health check and stop signal, process 1 in its own namespaces
# (no network: the health check asks port 8080 inside).
check_podman() {
	if ! command -v podman >/dev/null 2>&1; then
		info "no podman: the docker run checks are skipped (apt-get install podman runc)"
		return 0
	fi
	_v=$(prun --rm --network none --no-healthcheck "$image" --version \
	    2>"$W/podman.log")
	case $_v in
	"feedmill "[0-9]*)
		pass "podman run IMAGE --version: $_v" ;;
	*)	sed 's/^/# /' "$W/podman.log"
		fail "podman run IMAGE --version: $_v"
		return 1 ;;
	esac
	p rm -f fmcheck >/dev/null 2>&1
	p volume rm -f fmcheck >/dev/null 2>&1
	podman_ctr=fmcheck
	if ! prun -d --name fmcheck --network none \
	    -v fmcheck:/var/lib/feedmill "$image" >>"$W/podman.log" 2>&1; then
		sed 's/^/# /' "$W/podman.log"
		fail "podman run -d IMAGE (the default command)"
		return 1
	fi
	if wait_until 30 podman_healthy; then
		pass "podman run -d IMAGE (its default command): healthy by its HEALTHCHECK"
	else
		p logs fmcheck 2>&1 | sed 's/^/# /'
		fail "podman run -d IMAGE: not healthy in 30 s"
	fi
	expect "podman: process 1" \
	    "/usr/bin/feedmill serve -c /etc/feedmill/feedmill.conf" \
	    "$(p exec fmcheck cat /proc/1/cmdline 2>&1 | tr '\0' ' ' |
	    sed 's/ $//')"
	expect "podman: GET /healthz inside" "ok" \
	    "$(p exec fmcheck curl -sS http://127.0.0.1:8080/healthz 2>&1)"
	_t0=$(date +%s)
	p stop -t 10 fmcheck >/dev/null 2>>"$W/podman.log"
	_t1=$(date +%s)
	_rc=$(p inspect fmcheck --format '{{.State.ExitCode}}' 2>/dev/null)
	p logs fmcheck >"$W/podman-serve.log" 2>&1
	if [ "$_rc" = 0 ] && grep -q 'publishing and exiting' \
	    "$W/podman-serve.log"; then
		pass "podman stop: SIGTERM to process 1, published, exit 0 in $((_t1 - _t0)) s"
	else
		sed 's/^/# /' "$W/podman-serve.log"
		fail "podman stop: exit $_rc"
	fi
	p rm -f fmcheck >/dev/null 2>&1
	podman_ctr=""
	expect "podman: the store in the volume, owned by feedmill" \
	    "999 999 /var/lib/feedmill/state/feedmill.db" \
	    "$(prun --rm --network none --no-healthcheck \
	    -v fmcheck:/var/lib/feedmill --entrypoint stat "$image" \
	    -c '%u %g %n' /var/lib/feedmill/state/feedmill.db 2>&1)"
	p volume rm -f fmcheck >/dev/null 2>&1

	# serve -c another file that listens on another port: the health
	# check follows process 1's -c.
	_c=$W/conf9090
	rm -rf "$_c"
	mkdir -p "$_c"
	sed 's|^listen = .*|listen = :9090|' "$ctx/contrib/docker/feedmill.conf" \
	    >"$_c/other.conf"
	podman_ctr=fmcheck
	if ! prun -d --name fmcheck --network none -v "$_c:/srv/conf:ro" \
	    "$image" serve -c /srv/conf/other.conf >>"$W/podman.log" 2>&1; then
		sed 's/^/# /' "$W/podman.log"
		fail "podman run -d IMAGE serve -c /srv/conf/other.conf"
		return 1
	fi
	if wait_until 30 podman_healthy; then
		pass "podman: serve -c /srv/conf/other.conf (listen = :9090) healthy by the HEALTHCHECK"
	else
		p logs fmcheck 2>&1 | sed 's/^/# /'
		fail "podman: serve -c /srv/conf/other.conf (listen = :9090) not healthy in 30 s"
	fi
	p rm -f -t 10 fmcheck >/dev/null 2>&1
	p volume prune -f >/dev/null 2>&1
	podman_ctr=""
}

trap 'echo "FAIL: interrupted" >&3; nfail=$((nfail + 1)); finish' INT TERM

if [ "$(id -u)" -ne 0 ]; then
	fail "needs root (debootstrap, buildah with vfs storage)"
	finish
fi
for tool in buildah debootstrap curl python3 git; do
	command -v "$tool" >/dev/null 2>&1 || {
		fail "needs $tool (apt-get install buildah debootstrap curl python3 git)"
		finish
	}
done
# Only a folder this script made (FM_DOCKER_WORK may be anything) is
# used, and removed with -p.
if [ -e "$W" ] && [ ! -f "$W/.feedmill-build-check" ] &&
    [ -n "$(ls -A "$W")" ]; then
	fail "$W is not empty and not a work folder of this script"
	finish
fi
mkdir -p "$W"
: >"$W/.feedmill-build-check"
info "$(buildah --version); work folder $W"
make_bases || finish
make_context || finish
build_image || finish
check_config
ctr=$(b from --pull=never "$image" 2>"$W/from.log") || {
	fail "buildah from $image: $(cat "$W/from.log")"
	finish
}
check_run
check_serve
check_podman
finish
