#!/bin/sh
# feedmill sources import and export (OPML 2.0): an OPML list with
# folders, categories and unusable outlines imports into the expected
# source files and messages (tests/service/opml/*.out, REGEN=1 rewrites
# them); existing sources are never replaced without --force; --dry-run
# writes nothing; export gives the expected OPML, and exporting what an
# export imported gives the same document; broken lists are refused
# with file:line.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

dir="$top_srcdir/tests/service/opml"
cd "$dir" || exit 1

# expect NAME FILE: compare FILE with NAME.out (or regenerate it).
expect() {
	if [ -n "$REGEN" ]; then
		cp "$2" "$dir/$1.out"
		ok "$1 (regenerated)"
	else
		check_file "$1" "$dir/$1.out" "$2"
	fi
}

# A configuration with no sources yet, and one with a spool source.
conf() {
	mkdir -p "$1/spool"
	printf '[service]\nstate_dir = state\noutput_dir = out\n[channel all]\n' \
	    >"$1/feedmill.conf"
}
# sources DIR: every source file, each after a "== NAME" line.
sources() {
	for f in "$1"/*.ini; do
		echo "== ${f##*/}"
		cat "$f"
	done
}

a="$TMP/a"
conf "$a"
fm sources import -c "$a/feedmill.conf" subscriptions.opml >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "import exits 0 (unusable outlines are warnings)" ||
    not_ok "import exits 0 (exit $rc)"
sed "s|$TMP|TMP|g" "$TMP/out" >"$TMP/got"
expect import-stdout "$TMP/got"
expect import-stderr "$TMP/err"
sources "$a" >"$TMP/got"
expect import-sources "$TMP/got"
fm check-config -q -c "$a/feedmill.conf" 2>"$TMP/err" &&
    ok "the imported sources pass check-config" ||
    { not_ok "the imported sources pass check-config"; sed 's/^/# /' "$TMP/err"; }

# Again: every URL is configured, nothing is written.
sources "$a" >"$TMP/before"
fm sources import -c "$a/feedmill.conf" subscriptions.opml >"$TMP/out" 2>/dev/null
tail -1 "$TMP/out" | sed "s|$TMP|TMP|g" >"$TMP/got"
echo "0 added, 0 rewritten, 8 skipped (TMP/a)" >"$TMP/want"
check_file "a second import skips every configured URL" "$TMP/want" "$TMP/got"
sources "$a" >"$TMP/after"
check_file "and changes no file" "$TMP/before" "$TMP/after"

# A changed source file is replaced only with --force.
printf '[source]\nurl = https://wire.example/feed?format=atom&lang=en\ninterval = 2h\n' >"$a/wire.ini"
fm sources import -n -f -c "$a/feedmill.conf" subscriptions.opml >"$TMP/out" 2>/dev/null
grep -q "^would rewrite wire: " "$TMP/out" && grep -q "interval = 2h" "$a/wire.ini" &&
    ok "--dry-run says what it would do and writes nothing" ||
    not_ok "--dry-run says what it would do and writes nothing"
fm sources import -f -c "$a/feedmill.conf" subscriptions.opml >"$TMP/out" 2>/dev/null
grep -q "^rewrote wire: " "$TMP/out" && ! grep -q "interval" "$a/wire.ini" &&
    grep -q "^title = Wire" "$a/wire.ini" &&
    ok "--force rewrites a source whose URL is in the list" ||
    not_ok "--force rewrites a source whose URL is in the list"

# Export, then import the export elsewhere and export again.
printf '[source]\nspool = spool\n' >"$a/wire-spool.ini"
fm sources export -c "$a/feedmill.conf" >"$TMP/export.opml" 2>"$TMP/err"
expect export "$TMP/export.opml"
echo "feedmill: warning: wire-spool: a spool source has no URL; left out" >"$TMP/want"
check_file "export warns about sources without a URL" "$TMP/want" "$TMP/err"
fm sources export -c "$a/feedmill.conf" -o "$TMP/export2.opml" 2>/dev/null
check_file "export -o writes the same document" "$TMP/export.opml" \
    "$TMP/export2.opml"
b="$TMP/b"
conf "$b"
fm sources import -q -c "$b/feedmill.conf" "$TMP/export.opml" >/dev/null 2>&1
fm sources export -c "$b/feedmill.conf" >"$TMP/export3.opml" 2>/dev/null
check_file "round trip: the export of an imported export is the same" \
    "$TMP/export.opml" "$TMP/export3.opml"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMP/export.opml" 2>"$TMP/err" &&
	    ok "the export is well-formed XML" ||
	    { not_ok "the export is well-formed XML"; sed 's/^/# /' "$TMP/err"; }
else
	skip "xmllint not installed"
fi

# Lists that are refused, with file:line.
c="$TMP/c"
conf "$c"
: >"$TMP/got"
for f in ill-formed not-opml entities no-body; do
	fm sources import -c "$c/feedmill.conf" $f.opml >/dev/null 2>>"$TMP/got"
	echo "exit $?" >>"$TMP/got"
done
expect refused "$TMP/got"
[ "$(ls "$c")" = "feedmill.conf
spool" ] && ok "a refused list writes nothing" ||
    not_ok "a refused list writes nothing"
fm sources import -c "$c/feedmill.conf" "$TMP/none.opml" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] && grep -q "none.opml: No such file or directory" "$TMP/err" &&
    ok "a missing list: exit 1 with the reason" ||
    not_ok "a missing list: exit 1 with the reason (exit $rc)"

# The example list in contrib/ imports cleanly.
if [ -f "$top_srcdir/contrib/example.opml" ]; then
	d="$TMP/d"
	conf "$d"
	fm sources import -q -c "$d/feedmill.conf" \
	    "$top_srcdir/contrib/example.opml" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$TMP/err" ] && [ ! -s "$TMP/out" ] &&
	    [ "$(ls "$d"/*.ini | wc -l)" -ge 1 ] &&
	    fm check-config -q -c "$d/feedmill.conf" &&
	    ok "contrib/example.opml imports without a warning" ||
	    { not_ok "contrib/example.opml imports without a warning (exit $rc)"; sed 's/^/# /' "$TMP/err"; }
else
	skip "contrib/example.opml is not there"
fi

# Usage errors.
fm sources export -f -c "$c/feedmill.conf" >/dev/null 2>&1
[ $? -eq 2 ] && ok "export --force is a usage error" ||
    not_ok "export --force is a usage error"
fm sources import -c "$c/feedmill.conf" >/dev/null 2>&1
[ $? -eq 2 ] && ok "import without a file is a usage error" ||
    not_ok "import without a file is a usage error"
fm sources import -c "$TMP/nowhere.conf" subscriptions.opml >/dev/null 2>&1
[ $? -eq 1 ] && ok "import into a configuration that does not load: exit 1" ||
    not_ok "import into a configuration that does not load: exit 1"

done_testing
