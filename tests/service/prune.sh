#!/bin/sh
# feedmill prune: the share pages no story needs any more go (a source
# taken out of the configuration, a page a crash left behind, one of a
# story now held back, all of them when share_pages is off), with the
# temporary files of a killed run; the pages the outputs carry, files
# changed in the last hour and other files stay. --dry-run names the
# same and removes nothing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/service/common.sh"

trap 'rm -rf "$TMP"' EXIT

d="$TMP/p"
share="$d/out/share"
spool_service "$d"
mkdir "$d/spool2"
printf '[source]\nspool = spool2\ninterval = 1h\n' >"$d/other.ini"
ninjs "$d/spool/a.json" a 1 usable
ninjs "$d/spool/b.json" b 1 usable
ninjs "$d/spool/h.json" held 1 usable
ninjs "$d/spool2/x.json" x 1 usable
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" "channel:a b held x pages:test-a test-b test-held test-x " \
    "four stories, four pages"

# An embargo on the next version takes its page out; the old page comes
# back as a crash, or a store from before schema 6, would leave it.
cp "$share"/test-held-*.html "$TMP/"
ninjs "$d/spool/h2.json" held 2 usable 2099-01-01T00:00:00Z
fm poll --once -c "$d/feedmill.conf" >"$d/out.log" 2>&1
expect_shown "$d" "channel:a b x pages:test-a test-b test-x " \
    "the held version's page is taken out"
cp "$TMP"/test-held-*.html "$share/"
# Source "other" leaves the configuration; a page of no story, a killed
# run's temporary file and a file that is not a page.
rm "$d/other.ini"
echo old >"$share/gone-0123456789ab.html"
echo tmp >"$share/.test-a-0123456789ab.html.tmp.Ab12Cd"
echo notes >"$share/notes.txt"
touch -d '2 hours ago' "$share"/* "$share"/.??*
# Changed just now: a service may be publishing them.
echo new >"$share/fresh-0123456789ab.html"
echo tmp >"$share/.fresh-0123456789ab.html.tmp.Zz99Yy"

ls -A "$share" >"$TMP/before"
fm prune --dry-run -c "$d/feedmill.conf" >"$TMP/dry" 2>&1
rc=$?
[ $rc -eq 0 ] && ok "prune --dry-run exits 0" ||
    not_ok "prune --dry-run exits 0 (got $rc): $(cat "$TMP/dry")"
held_page=$(basename "$TMP"/test-held-*.html)
x_page=$(ls "$share" | grep '^test-x-')
{
	echo ".test-a-0123456789ab.html.tmp.Ab12Cd: temporary file"
	echo "gone-0123456789ab.html: no story needs it"
	echo "$held_page: no story needs it"
	echo "$x_page: no story needs it"
} | sort >"$TMP/want"
grep -v "^$d/out:" "$TMP/dry" | sort >"$TMP/got"
check_file "--dry-run names the files to remove, and why" "$TMP/want" \
    "$TMP/got"
ls -A "$share" >"$TMP/after"
check_file "--dry-run removes nothing" "$TMP/before" "$TMP/after"
summary="$d/out: 3 pages to remove, 1 temporary file; 2 kept, 2 unneeded but changed in the last hour"
[ "$(grep "^$d/out:" "$TMP/dry")" = "$summary" ] &&
    ok "--dry-run's summary" ||
    not_ok "--dry-run's summary: $(grep "^$d/out:" "$TMP/dry")"

fm prune -c "$d/feedmill.conf" >"$TMP/run" 2>&1
rc=$?
[ $rc -eq 0 ] && ok "prune exits 0" ||
    not_ok "prune exits 0 (got $rc): $(cat "$TMP/run")"
[ "$(cat "$TMP/run")" = "$d/out: 3 pages removed, 1 temporary file; 2 kept, 2 unneeded but changed in the last hour" ] &&
    ok "prune's summary" || not_ok "prune's summary: $(cat "$TMP/run")"
ls -A "$share" | sed 's/-[0-9a-f]*\.html$//' >"$TMP/got"
printf '%s\n' .fresh-0123456789ab.html.tmp.Zz99Yy fresh notes.txt test-a \
    test-b >"$TMP/want"
check_file "what the outputs carry, recent files and other files stay" \
    "$TMP/want" "$TMP/got"
fm prune -v -c "$d/feedmill.conf" >"$TMP/run" 2>&1
[ "$(cat "$TMP/run")" = "$d/out: 0 pages removed, 0 temporary files; 2 kept, 2 unneeded but changed in the last hour" ] &&
    ok "a second prune finds nothing" ||
    not_ok "a second prune finds nothing: $(cat "$TMP/run")"

# share_pages off: no page is needed.
printf '[service]\nstate_dir = state\noutput_dir = out\nshare_pages = false\n' \
    >"$d/off.conf"
sed 1,3d "$d/feedmill.conf" >>"$d/off.conf"
touch -d '2 hours ago' "$share"/*
fm prune -v -c "$d/off.conf" >"$TMP/run" 2>&1
ls -A "$share" >"$TMP/got"
printf '%s\n' .fresh-0123456789ab.html.tmp.Zz99Yy notes.txt >"$TMP/want"
check_file "share_pages off: every page goes" "$TMP/want" "$TMP/got"
grep -c ': no story needs it$' "$TMP/run" | grep -qx 3 &&
    ok "-v names each page removed" ||
    not_ok "-v names each page removed: $(cat "$TMP/run")"

# A service that has published nothing yet: nothing to do.
e="$TMP/empty"
spool_service "$e"
fm prune -c "$e/feedmill.conf" >"$TMP/run" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$TMP/run")" = "$e/out: 0 pages removed, 0 temporary files; 0 kept" ] &&
    ok "no share folder: nothing to do" ||
    not_ok "no share folder: nothing to do (exit $rc): $(cat "$TMP/run")"
fm prune extra -c "$e/feedmill.conf" >"$TMP/run" 2>&1
[ $? -eq 2 ] && ok "an argument is a usage error" ||
    not_ok "an argument is a usage error"

done_testing
