#!/bin/sh
# Pages for people and the files operators expect (feedmill.conf(5):
# html_pages, stylesheet; contrib/). The service run over in/ gives
# exactly the index, channel views and feed.xsl in out/; every page is
# well-formed HTML5 without scripts (our parser; html-validate from npm,
# installed on first use); feed.xsl, applied by xsltproc to the RSS and
# Atom outputs, shows every headline; CLI and service feeds are the same
# bytes; unchanged pages are not rewritten; the configuration example
# has every key; systemd-analyze verify passes the unit; serve tells a
# fake systemd READY=1, WATCHDOG=1, RELOADING=1 and STOPPING=1; the bash
# completion offers every command and option; nginx serves the output
# folder with the right types. REGEN=1 rewrites out/ (review the diff).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

people="$top_srcdir/tests/people"
contrib="$top_srcdir/contrib"
PY=${PYTHON:-python3}
svc="$TMP/svc"
pub="$svc/public"

# 1. The service over the fixtures: goldens.
cp -R "$people/in" "$svc"
chmod -R u+w "$svc"	# (make distcheck's source tree is read-only)
if fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll" 2>&1; then
	ok "poll --once over tests/people/in"
else
	not_ok "poll --once over tests/people/in"
	sed 's/^/# /' "$TMP/poll"
fi
fm convert -t html "$people/in/city.xml" >"$TMP/convert-city.html" \
    2>"$TMP/err" || sed 's/^/# /' "$TMP/err"
cp "$TMP/convert-city.html" "$pub/"
for f in index.html all.html city.html wire.html partners.html feed.xsl \
    convert-city.html; do
	[ -n "$REGEN" ] && cp "$pub/$f" "$people/out/$f"
	check_file "$f is as in tests/people/out" "$people/out/$f" "$pub/$f"
done

# 2. RSS and Atom name the stylesheet; the CLI makes the same bytes.
for fmt in rss atom; do
	if sed -n 2p "$pub/city.$fmt" | grep -qx \
	    '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>'; then
		ok "city.$fmt names feed.xsl"
	else
		not_ok "city.$fmt names feed.xsl"
	fi
	fm convert -t $fmt --source=city --stylesheet=feed.xsl \
	    --feed-url=https://news.example.com/feeds/city.$fmt \
	    "$people/in/city.xml" >"$TMP/city.$fmt" 2>/dev/null
	check_file "convert --stylesheet gives the service's city.$fmt" \
	    "$TMP/city.$fmt" "$pub/city.$fmt"
done
if grep -q 'xml-stylesheet' "$pub/all.json"; then
	not_ok "JSON Feed has no stylesheet"
else
	ok "JSON Feed has no stylesheet"
fi

# 3. feed.xsl through xsltproc: every headline, nothing as markup.
if command -v xsltproc >/dev/null; then
	for f in all.rss all.atom city.rss wire.atom; do
		xsltproc "$pub/feed.xsl" "$pub/$f" >"$TMP/$f.html" \
		    2>"$TMP/xslt.err"
		if [ -s "$TMP/$f.html" ] && $PY "$people/check.py" headlines \
		    "$pub/$f" "$TMP/$f.html" >"$TMP/check" 2>&1; then
			ok "xsltproc feed.xsl $f: every headline"
		else
			not_ok "xsltproc feed.xsl $f: every headline"
			sed 's/^/# /' "$TMP/xslt.err" "$TMP/check"
		fi
	done
	if grep -q '&lt;snow days&gt;' "$TMP/all.rss.html" &&
	    ! grep -qi '<script\|<b>' "$TMP/all.rss.html"; then
		ok "feed.xsl escapes titles and drops markup from descriptions"
	else
		not_ok "feed.xsl escapes titles and drops markup from descriptions"
	fi
	xslt_pages="$TMP/all.rss.html $TMP/all.atom.html"
else
	skip "feed.xsl: xsltproc is not installed (Debian package xsltproc)"
	xslt_pages=""
fi

# 4. Valid HTML5 without scripts: our parser, then html-validate.
pages="$pub/index.html $pub/all.html $pub/city.html $pub/wire.html
$pub/partners.html $pub/convert-city.html $xslt_pages"
# shellcheck disable=SC2086
if $PY "$people/check.py" valid $pages "$pub"/share/*.html >"$TMP/check" \
    2>&1; then
	ok "every page parses, closes what it opens, has lang, title and viewport, no script"
else
	not_ok "every page parses, closes what it opens, has lang, title and viewport, no script"
	sed 's/^/# /' "$TMP/check"
fi
. "$top_srcdir/tests/people/node.sh"
people_node_install
if ! command -v node >/dev/null; then
	skip "html-validate: node is not installed"
elif [ ! -x "$node_dir/node_modules/.bin/html-validate" ]; then
	skip "html-validate: npm or the network is unavailable"
else
	printf '{ "extends": ["html-validate:recommended"] }\n' \
	    >"$TMP/htmlvalidate.json"
	# shellcheck disable=SC2086
	if "$node_dir/node_modules/.bin/html-validate" -c \
	    "$TMP/htmlvalidate.json" $pages "$pub"/share/*.html \
	    >"$TMP/hv" 2>&1; then
		ok "html-validate $HV_VERSION (recommended rules): every page is valid"
	else
		not_ok "html-validate $HV_VERSION (recommended rules)"
		head -30 "$TMP/hv" | sed 's/^/# /'
	fi
fi

# 5. Autodiscovery and the stories on each page.
check_py() {
	if $PY "$people/check.py" "$@" >"$TMP/check" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc"
		sed 's/^/# /' "$TMP/check"
	fi
}
desc="index.html announces every public channel's feeds, not the restricted one's"
check_py discovery "$pub/index.html" all.rss all.atom all.json city.rss \
    city.atom wire.rss wire.atom wire.json
desc="city.html announces its own feeds"
check_py discovery "$pub/city.html" city.rss city.atom
for ch in all wire; do
	desc="$ch.html shows the headlines of $ch.rss"
	check_py headlines "$pub/$ch.rss" "$pub/$ch.html"
done

# 6. Unchanged pages keep their bytes and times; a change rewrites them.
stamp() { ls -l --time-style=+%s.%N "$pub/index.html" "$pub/feed.xsl" \
    "$pub/all.html"; }
stamp >"$TMP/stamp1"
sleep 1
fm poll --once --force -c "$svc/feedmill.conf" >/dev/null 2>&1
stamp >"$TMP/stamp2"
if cmp -s "$TMP/stamp1" "$TMP/stamp2"; then
	ok "a poll that changes nothing leaves index.html, feed.xsl and all.html alone"
else
	not_ok "a poll that changes nothing leaves the pages alone"
	diff "$TMP/stamp1" "$TMP/stamp2" | sed 's/^/# /'
fi
awk 'n == 0 && /<item>/ { sub(/<item>/, "<item><title>Late news</title><guid>late-1</guid><pubDate>Sun, 29 Nov 2026 10:00:00 +0000</pubDate></item><item>"); n = 1 } { print }' \
    "$people/in/city.xml" >"$svc/city.xml"
touch -d '1 minute' "$svc/city.xml"
fm poll --once --force -c "$svc/feedmill.conf" >/dev/null 2>&1
if grep -q '>4 stories &middot; updated <time datetime="2026-11-29T10:00:00Z"' \
    "$pub/index.html" && grep -q '<h2>Late news</h2>\|>Late news</a></h2>' \
    "$pub/city.html"; then
	ok "a new story updates index.html (count, last update) and city.html"
else
	not_ok "a new story updates index.html and city.html"
	grep 'class="meta"' "$pub/index.html" | sed 's/^/# /'
fi

# 7. html_pages = no, stylesheet = no: no pages, no processing instruction.
off="$TMP/off"
cp -R "$people/in" "$off"
chmod -R u+w "$off"
sed 's/^\[service\]$/[service]\nhtml_pages = no\nstylesheet = no/' \
    "$people/in/feedmill.conf" >"$off/feedmill.conf"
fm poll --once -c "$off/feedmill.conf" >/dev/null 2>&1
if [ -f "$off/public/city.rss" ] && [ ! -e "$off/public/index.html" ] &&
    [ ! -e "$off/public/feed.xsl" ] && [ ! -e "$off/public/city.html" ] &&
    ! grep -q xml-stylesheet "$off/public/city.rss" "$off/public/city.atom"
then
	ok "html_pages = no and stylesheet = no: feeds only, as convert makes them"
else
	not_ok "html_pages = no and stylesheet = no"
	ls "$off/public" | sed 's/^/# /'
fi

# 8. The configuration example: every key of feedmill.conf(5), and valid.
missing=""
for k in $(sed -n 's/^\.It Ic \([a-z_0-9]*\) .*/\1/p' \
    "$top_srcdir/man/feedmill.conf.5" | sort -u); do
	grep -Eq "^(# )?$k = " "$contrib/feedmill.conf.example" ||
	    missing="$missing $k"
done
if [ -z "$missing" ]; then
	ok "contrib/feedmill.conf.example shows every key of feedmill.conf(5)"
else
	not_ok "contrib/feedmill.conf.example lacks:$missing"
fi
ex="$TMP/example"
mkdir -p "$ex"
sed "s|/var/lib/feedmill|$ex|" "$contrib/feedmill.conf.example" \
    >"$ex/feedmill.conf"
printf '[source]\nfile = %s\n' "$people/in/city.xml" >"$ex/gazette-city.ini"
printf '[source]\nfile = %s\n' "$people/in/wire.xml" >"$ex/wire-briefs.ini"
if fm check-config -c "$ex/feedmill.conf" >"$TMP/cc" 2>&1; then
	ok "check-config accepts contrib/feedmill.conf.example"
else
	not_ok "check-config accepts contrib/feedmill.conf.example"
	sed 's/^/# /' "$TMP/cc"
fi
if fm sources import -n -c "$ex/feedmill.conf" "$contrib/example.opml" \
    >"$TMP/opml" 2>&1 && grep -q "4 added" "$TMP/opml"; then
	ok "contrib/example.opml imports (4 feeds)"
else
	not_ok "contrib/example.opml imports"
	sed 's/^/# /' "$TMP/opml"
fi

# 9. The systemd unit. systemd-analyze verify checks that the programs
# and the man pages it names exist: the built program stands in for the
# installed one, and the man pages are found through MANPATH.
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$TMP/unit" "$TMP/man/man1" "$TMP/man/man5"
	cp "$top_srcdir/man/feedmill.1" "$TMP/man/man1/"
	cp "$top_srcdir/man/feedmill.conf.5" "$top_srcdir/man/feed-dump.5" \
	    "$TMP/man/man5/"
	sed "s|/usr/local/bin/feedmill|$FEEDMILL|g" "$contrib/feedmill.service" \
	    >"$TMP/unit/feedmill.service"
	if command -v man >/dev/null; then
		man_opt=""
	else
		man_opt="--man=no"
	fi
	# shellcheck disable=SC2086
	if (cd "$TMP/unit" && MANPATH="$TMP/man" systemd-analyze verify \
	    $man_opt ./feedmill.service) >"$TMP/verify" 2>&1; then
		ok "systemd-analyze verify contrib/feedmill.service${man_opt:+ ($man_opt: man is not installed)}"
	else
		not_ok "systemd-analyze verify contrib/feedmill.service"
		sed 's/^/# /' "$TMP/verify"
	fi
	missing_unit=""
	for k in Type=notify ProtectSystem=strict NoNewPrivileges=yes \
	    PrivateTmp=yes ProtectHome=yes SystemCallFilter=@system-service \
	    'ExecReload=/bin/kill -HUP $MAINPID'; do
		grep -qx "$k" "$contrib/feedmill.service" ||
		    missing_unit="$missing_unit $k"
	done
	[ -z "$missing_unit" ] && ok "the unit is Type=notify and hardened" ||
	    not_ok "the unit lacks:$missing_unit"
else
	skip "systemd-analyze is not installed"
fi

# 10. sd_notify: a fake systemd listens on NOTIFY_SOCKET.
nt="$TMP/nt"
mkdir -p "$nt"
printf '[service]\nstate_dir = st\noutput_dir = out\n[channel all]\n' \
    >"$nt/feedmill.conf"
for addr in "$nt/notify.sock" "@feedmill-test-$$"; do
	if $PY "$people/notify.py" "$FEEDMILL" "$nt/feedmill.conf" "$addr" \
	    >"$TMP/notify" 2>&1; then
		ok "serve: READY=1, WATCHDOG=1, RELOADING=1 and READY=1 on SIGHUP, STOPPING=1 on SIGTERM ($(case $addr in @*) echo abstract;; *) echo path;; esac) socket)"
	else
		not_ok "serve tells systemd its state ($addr)"
		sed 's/^/# /' "$TMP/notify"
	fi
done

# 11. Bash completion: every command, and every option of each.
if command -v bash >/dev/null; then
	cat >"$TMP/comp.bash" <<EOF
. "$contrib/bash-completion/feedmill"
PATH="$top_builddir:\$PATH"
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); _feedmill; \\
    printf '%s\n' "\${COMPREPLY[@]}"; }
EOF
	fails=""
	cmds=$(fm --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
	got=$(bash -c ". '$TMP/comp.bash'; comp feedmill ''" | sort | tr '\n' ' ')
	for c in $cmds; do
		case " $got " in *" $c "*) ;; *) fails="$fails $c" ;; esac
		opts=$(fm "$c" --help | sed -n \
		    's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p')
		got_o=$(bash -c ". '$TMP/comp.bash'; comp feedmill $c --" |
		    tr '\n' ' ')
		for o in $opts; do
			case " $got_o " in
			*" $o "* | *" $o= "*) ;;
			*) fails="$fails $c:$o" ;;
			esac
		done
	done
	to=$(bash -c ". '$TMP/comp.bash'; comp feedmill convert -t ''" |
	    tr '\n' ' ')
	case "$to" in *"rss "*"html "*) ;; *) fails="$fails -t:($to)" ;; esac
	ids=$(bash -c ". '$TMP/comp.bash'; comp feedmill convert --id = ''" |
	    tr '\n' ' ')
	[ "$ids" = "own url content " ] || fails="$fails --id:($ids)"
	if [ -z "$fails" ] && [ -n "$cmds" ]; then
		ok "bash completion offers all $(echo $cmds | wc -w) commands, each one's options, -t formats and --id rules"
	else
		not_ok "bash completion misses:$fails"
	fi
else
	skip "bash completion: bash is not installed"
fi

# 12. nginx serving the output folder (contrib/nginx/feedmill.conf, its
# second server): types, and RSS as application/xml for browsers.
if command -v nginx >/dev/null && command -v curl >/dev/null; then
	ng="$TMP/nginx"
	port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$ng/tmp"
	chmod 755 "$TMP" "$svc" "$pub"
	sed -e "s|/var/lib/feedmill/public/|$pub/|" \
	    -e "s|listen 443 ssl http2;|listen 127.0.0.1:1;|" \
	    -e "s|listen 8443 ssl http2;|listen 127.0.0.1:$port;|" \
	    -e '/listen \[::\]/d' -e '/ssl_certificate/d' \
	    "$contrib/nginx/feedmill.conf" |
	    awk '/# ---- 1. reverse proxy/ { skip = 1 } /# ---- 2\./ { skip = 0 } !skip' \
	    >"$ng/site.conf"
	cat >"$ng/nginx.conf" <<EOF
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log;
events { worker_connections 32; }
http {
	access_log off;
	client_body_temp_path $ng/tmp;
	proxy_temp_path $ng/tmp;
	fastcgi_temp_path $ng/tmp;
	uwsgi_temp_path $ng/tmp;
	scgi_temp_path $ng/tmp;
	include $ng/site.conf;
}
EOF
	[ "$(id -u)" -eq 0 ] && sed -i '1i user root;' "$ng/nginx.conf"
	if nginx -t -q -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" >"$TMP/ngt" 2>&1 &&
	    nginx -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" 2>>"$TMP/ngt"; then
		sleep 0.5
		base="http://127.0.0.1:$port/feeds"
		got=""
		for f in /all.rss /all.atom /all.json /feed.xsl / /all.html; do
			got="$got$f $(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base$f")
"
		done
		# Browsers, and clients that refuse HTML (q=0) or name a feed
		# type, as the server's own Accept rule sorts them.
		for a in 'text/html,application/xhtml+xml,*/*' \
		    'text/html;q=0, */*' 'text/html;level=1;q=0.000' \
		    'text/html;q=0,application/xhtml+xml;q=0.5' \
		    'application/rss+xml, text/html;q=0.5' 'text/html;q=0.5'; do
			got="${got}Accept: $a /all.rss $(curl -s -o /dev/null -w '%{http_code} %{content_type}' -H "Accept: $a" "$base/all.rss")
"
		done
		printf '%s' "$got" >"$TMP/nginx.got"
		cat >"$TMP/nginx.want" <<'EOF'
/all.rss 200 application/rss+xml; charset=utf-8
/all.atom 200 application/atom+xml; charset=utf-8
/all.json 200 application/feed+json; charset=utf-8
/feed.xsl 200 application/xslt+xml; charset=utf-8
/ 200 text/html; charset=utf-8
/all.html 200 text/html; charset=utf-8
Accept: text/html,application/xhtml+xml,*/* /all.rss 200 application/xml; charset=utf-8
Accept: text/html;q=0, */* /all.rss 200 application/rss+xml; charset=utf-8
Accept: text/html;level=1;q=0.000 /all.rss 200 application/rss+xml; charset=utf-8
Accept: text/html;q=0,application/xhtml+xml;q=0.5 /all.rss 200 application/xml; charset=utf-8
Accept: application/rss+xml, text/html;q=0.5 /all.rss 200 application/rss+xml; charset=utf-8
Accept: text/html;q=0.5 /all.rss 200 application/xml; charset=utf-8
EOF
		check_file "nginx serves the output folder with feed types, RSS to browsers (not to q=0 or feed readers) as XML" \
		    "$TMP/nginx.want" "$TMP/nginx.got"
		kill "$(cat "$ng/nginx.pid")" 2>/dev/null
	else
		not_ok "nginx accepts contrib/nginx/feedmill.conf"
		sed 's/^/# /' "$TMP/ngt"
	fi
else
	skip "nginx or curl is not installed"
fi

done_testing
