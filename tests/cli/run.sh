#!/bin/sh
# The command line: options, exit statuses, messages, atomic output,
# standard streams, and fetching over HTTP from a loopback fixture.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

in="$top_srcdir/tests/cli/sample.xml"

# expect DESC STATUS PATTERN CMD...: exit status and a stderr pattern.
expect() {
	desc=$1 want=$2 pat=$3
	shift 3
	"$@" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	if [ "$rc" -eq "$want" ] && { [ -z "$pat" ] ||
	    grep -q -- "$pat" "$TMP/stderr"; }; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc, want $want)"
		sed 's/^/# /' "$TMP/stderr" | head -5
	fi
}

expect "--help exits 0" 0 "" fm convert --help
grep -q '^Usage: feedmill convert' "$TMP/stdout" && ok "--help on stdout" ||
    not_ok "--help on stdout"
expect "feedmill --help exits 0" 0 "" fm --help
expect "--version exits 0" 0 "" fm --version
grep -qx 'feedmill [0-9.]*' "$TMP/stdout" && ok "--version prints the version" ||
    not_ok "--version prints the version"
expect "no command is a usage error" 2 "Usage" fm
expect "unknown command" 2 "unknown command" fm frobnicate
expect "unknown option" 2 "Try 'feedmill convert --help'" fm convert --bogus
expect "unknown output format" 2 'unknown output format "yaml"' \
    fm convert -t yaml "$in"
expect "unknown input format" 2 'unknown input format "csv"' \
    fm convert -f csv "$in"
expect "two inputs" 2 "one INPUT at a time" fm convert "$in" "$in"
expect "bad --max-size" 2 "invalid size" fm convert --max-size=lots "$in"
expect "missing file" 1 "nonexistent.xml: No such file or directory" \
    fm convert "$TMP/nonexistent.xml"

# Standard input is the default, and gives what the file gives.
fm convert -t atom "$in" >"$TMP/file.atom" 2>/dev/null
fm convert -t atom <"$in" >"$TMP/stdin.atom" 2>/dev/null
check_file "stdin and file give the same output" "$TMP/file.atom" "$TMP/stdin.atom"
fm convert -t atom - <"$in" >"$TMP/dash.atom" 2>/dev/null
check_file "- is standard input" "$TMP/file.atom" "$TMP/dash.atom"
fm convert -t atom "$in" >"$TMP/again.atom" 2>/dev/null
check_file "output is deterministic" "$TMP/file.atom" "$TMP/again.atom"

# -o writes the same bytes, atomically.
expect "-o writes a file" 0 "" fm convert -t atom -o "$TMP/o.atom" "$in"
check_file "-o content equals stdout" "$TMP/file.atom" "$TMP/o.atom"
echo "old content" >"$TMP/keep.rss"
expect "a refused input fails" 1 "not an Atom feed" \
    fm convert -f atom -o "$TMP/keep.rss" "$in"
echo "old content" >"$TMP/want"
check_file "-o target untouched after a failure" "$TMP/want" "$TMP/keep.rss"
if ls "$TMP"/keep.rss.tmp.* >/dev/null 2>&1; then
	not_ok "no temporary file left behind"
else
	ok "no temporary file left behind"
fi
expect "-o into a missing directory" 1 "cannot create" \
    fm convert -o "$TMP/no/such/dir/x.rss" "$in"
if [ -w /dev/full ]; then
	expect "a full disk is an error" 1 "write error" \
	    sh -c "'$FEEDMILL' convert '$in' >/dev/full"
else
	skip "no /dev/full"
fi

# Bad input: clear messages naming the input and line.
: >"$TMP/empty.xml"
expect "empty input" 1 "empty.xml: empty input" fm convert "$TMP/empty.xml"
printf '<rss><channel><item><title>x</titl></item></channel></rss>' \
    >"$TMP/broken.xml"
expect "ill-formed XML recovers with a warning" 0 \
    "broken.xml:1: ill-formed XML" fm convert "$TMP/broken.xml"
expect "--strict makes it an error" 1 "broken.xml:1: ill-formed XML" \
    fm convert --strict "$TMP/broken.xml"
expect "-q hides warnings" 0 "" fm convert -q "$TMP/broken.xml"
[ -s "$TMP/stderr" ] && not_ok "-q prints nothing" || ok "-q prints nothing"
expect "-f atom on RSS" 1 "not an Atom feed: the root element is <rss>" \
    fm convert -f atom "$in"
printf '{"version": "https://jsonfeed.org/version/1.1", "items": [' \
    >"$TMP/bad.json"
expect "invalid JSON names line and column" 1 "bad.json:1:[0-9]*: invalid JSON" \
    fm convert "$TMP/bad.json"
expect "--max-size refuses a large file" 1 "larger than" \
    fm convert --max-size=100 "$in"

# XML parsing never expands entities nor reads files.
cat >"$TMP/xxe.xml" <<XXE
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss><channel><title>t &xxe; &c;</title></channel></rss>
XXE
fm convert -q -t dump "$TMP/xxe.xml" >"$TMP/xxe.dump" 2>/dev/null
if grep -q 'root:' "$TMP/xxe.dump" || grep -q 'aaaa' "$TMP/xxe.dump"; then
	not_ok "external and nested entities are not expanded"
else
	ok "external and nested entities are not expanded"
fi

# HTTP: a loopback fixture; private addresses need --allow-private.
if command -v python3 >/dev/null 2>&1; then
	python3 "$top_srcdir/tests/cli/httpd.py" >"$TMP/port" 2>/dev/null &
	srv=$!
	i=0
	while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(head -1 "$TMP/port")
	base="http://127.0.0.1:$port"
	expect "loopback refused by default" 1 "refused to connect" \
	    fm convert "$base/feed.xml"
	expect "fetch with --allow-private" 0 "" \
	    fm convert --allow-private -t dump "$base/feed.xml"
	grep -q "^url	$base/s/1\$" "$TMP/stdout" &&
	    ok "relative links resolve against the fetched URL" ||
	    not_ok "relative links resolve against the fetched URL"
	expect "gzip-encoded response" 0 "" \
	    fm convert --allow-private -t dump "$base/gzip.xml"
	grep -q "^title	Served" "$TMP/stdout" && ok "gzip body decoded" ||
	    not_ok "gzip body decoded"
	expect "charset from Content-Type" 0 "" \
	    fm convert --allow-private -t dump "$base/latin1.xml"
	grep -q "^title	$(printf 'R\303\251sum\303\251')\$" "$TMP/stdout" &&
	    ok "Latin-1 decoded from the header charset" ||
	    not_ok "Latin-1 decoded from the header charset"
	expect "redirect followed" 0 "" \
	    fm convert --allow-private -t dump "$base/moved"
	grep -q "^url	$base/s/1\$" "$TMP/stdout" &&
	    ok "base URL is the final URL after redirects" ||
	    not_ok "base URL is the final URL after redirects"
	expect "redirect loop stops" 1 "Maximum" \
	    fm convert --allow-private "$base/loop"
	expect "HTTP 404 is an error" 1 "HTTP status 404" \
	    fm convert --allow-private "$base/missing"
	expect "--max-size caps a download" 1 "larger than" \
	    fm convert --allow-private --max-size=1M "$base/big"
	expect "other protocols refused" 1 "" fm convert "file:///etc/passwd"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
else
	skip "python3 not available for the HTTP fixture"
fi
done_testing
