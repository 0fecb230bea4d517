#!/bin/sh
# SPDX-License-Identifier: MIT
# The container image's HEALTHCHECK: GET /healthz on the address feedmill
# serve listens on, as the configuration says (the file given, else
# process 1's -c file, else /etc/feedmill/feedmill.conf); an empty host,
# 0.0.0.0 or [::] is asked on loopback. With listen = none there is no HTTP
# to ask, so the store is read instead (feedmill status). Exit 0 healthy,
# 1 not (Docker reserves other statuses).

conf=${1:-}
# The configuration named on the command line of process 1 (feedmill serve
# as the ENTRYPOINT), one argument per line; relative to its folder.
if [ -z "$conf" ] && [ -r /proc/1/cmdline ]; then
	conf=$(tr '\0' '\n' </proc/1/cmdline | sed -n '
		/^--config=/{ s/^--config=//p; q; }
		/^-c$/{ n; p; q; }
		/^--config$/{ n; p; q; }')
	case $conf in
	"" | /*)	;;
	*)		conf=/proc/1/cwd/$conf ;;
	esac
fi
[ -n "$conf" ] || conf=/etc/feedmill/feedmill.conf

# The last "listen =" line, without an inline comment or blanks.
listen=$(sed -n 's/^[[:space:]]*listen[[:space:]]*=[[:space:]]*//p' "$conf" |
    tail -n 1 | sed 's/[[:space:]][;#].*//; s/[[:space:]]*$//')
if [ -z "$listen" ] || [ "$listen" = none ]; then
	feedmill status -c "$conf" >/dev/null || exit 1
	exit 0
fi

port=${listen##*:}
host=${listen%:*}
case $host in
"" | 0.0.0.0)	host=127.0.0.1 ;;
"[::]")		host="[::1]" ;;
esac
curl -fsS --max-time 5 -o /dev/null "http://$host:$port/healthz" || exit 1
