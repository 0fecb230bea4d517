#!/bin/sh
# Install what feedmill needs on Debian 12: the build dependencies, and
# with --test also the tools the test suite uses (validators, valgrind;
# nodejs and npm for tests/share, which installs open-graph-scraper;
# xsltproc and chromium for tests/people; strace and iproute2 for the
# durability, SSRF and hostile-source tests).
set -e
pkgs="build-essential autoconf automake pkg-config libxml2-dev
libcurl4-openssl-dev libuv1-dev libjansson-dev liburiparser-dev
libgumbo-dev libuchardet-dev nettle-dev zlib1g-dev libinih-dev
libsqlite3-dev libmicrohttpd-dev"
if [ "$1" = "--test" ]; then
	pkgs="$pkgs jing libxml2-utils python3 python3-jsonschema
python3-feedparser valgrind mandoc xsltproc chromium strace iproute2"
	# Debian's node only where none is installed (a newer one may be).
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
