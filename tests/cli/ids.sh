#!/bin/sh
# How stories get their ids: convert --id and a source's id key. own
# (the default) keeps the feed's guid; url takes the link less utm_*
# and other trackers; content a hash of source, title and date. A feed
# whose guids change on every fetch brings no new story with id = url.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# feed FILE STAMP: two items whose guids carry STAMP (a CMS that makes
# them anew on every render) and whose links carry trackers.
feed() {
	{
		printf '<rss version="2.0"><channel><title>Churn</title>\n'
		printf '<link>https://churn.example/</link>\n'
		printf '<item><title>One</title><guid isPermaLink="false">'
		printf 'one-%s</guid><link>https://churn.example/one?' "$2"
		printf 'utm_source=rss&amp;p=1&amp;fbclid=%s</link>' "$2"
		printf '<pubDate>Sun, 29 Nov 2026 10:00:00 GMT</pubDate></item>\n'
		printf '<item><title>Two</title><guid isPermaLink="false">'
		printf 'two-%s</guid><link>https://churn.example/two#%s' "$2" "$2"
		printf '</link><pubDate>Sun, 29 Nov 2026 09:00:00 GMT</pubDate>'
		printf '</item>\n</channel></rss>\n'
	} >"$1"
}

ids() {
	fm convert -t dump "$@" 2>"$TMP/err" | sed -n 's/^id\t//p' | tr '\n' ' '
}

feed "$TMP/a.rss" 1001
feed "$TMP/b.rss" 1002
[ "$(ids "$TMP/a.rss")" = "one-1001 two-1001 " ] &&
    ok "--id=own is the default: the feed's guids" ||
    not_ok "--id=own is the default: $(ids "$TMP/a.rss")"
[ "$(ids --id=own "$TMP/a.rss")" = "one-1001 two-1001 " ] &&
    ok "--id=own" || not_ok "--id=own: $(ids --id=own "$TMP/a.rss")"
want="https://churn.example/one?p=1 https://churn.example/two "
[ "$(ids --id=url "$TMP/a.rss")" = "$want" ] &&
    ok "--id=url: the link less trackers and fragment" ||
    not_ok "--id=url: $(ids --id=url "$TMP/a.rss")"
[ "$(ids --id=url "$TMP/b.rss")" = "$want" ] &&
    ok "--id=url: the same ids from the next render" ||
    not_ok "--id=url, next render: $(ids --id=url "$TMP/b.rss")"
c1=$(ids --id=content --source=churn "$TMP/a.rss")
c2=$(ids --id=content --source=churn "$TMP/b.rss")
c3=$(ids --id=content --source=other "$TMP/a.rss")
echo "$c1" | grep -Eq '^(tag:feedmill,2026:hash:[0-9a-f]{32} ){2}$' &&
    [ "$c1" = "$c2" ] && [ "$c1" != "$c3" ] &&
    ok "--id=content: a hash of source, title and date" ||
    not_ok "--id=content: $c1 / $c2 / $c3"
fm convert -t rss --id=url "$TMP/a.rss" 2>/dev/null |
    grep -c '<guid isPermaLink="false">https://churn.example/' |
    grep -qx 2 && ok "--id=url: the RSS output's guids" ||
    not_ok "--id=url: the RSS output's guids"
fm convert --id=url --explain -t dump "$TMP/a.rss" 2>&1 >/dev/null |
    grep -q 'id = url' && ok "--explain names the id rule" ||
    not_ok "--explain names the id rule"
fm convert --id=guid "$TMP/a.rss" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q 'is own, url or content, not "guid"' "$TMP/err" &&
    ok "an unknown --id is a usage error" ||
    not_ok "an unknown --id is a usage error: $(cat "$TMP/err")"

# The service: a file source with id = url, read twice.
d="$TMP/svc"
mkdir -p "$d"
printf '[service]\nstate_dir = state\noutput_dir = out\n[channel all]\n' \
    >"$d/feedmill.conf"
printf '[source]\nfile = churn.rss\nid = url\n' >"$d/churn.ini"
feed "$d/churn.rss" 1001
fm poll --once -c "$d/feedmill.conf" >"$d/log" 2>&1
grep -q "stories: 2 new" "$d/log" && ok "id = url: two stories" ||
    not_ok "id = url: two stories: $(cat "$d/log")"
feed "$d/churn.rss" 1002
fm poll --once -c "$d/feedmill.conf" >"$d/log" 2>&1
grep -q "stories: 0 new, 0 updated" "$d/log" &&
    ok "id = url: new guids on the next fetch are the same stories" ||
    not_ok "id = url: the next fetch: $(cat "$d/log")"
printf '[source]\nfile = churn.rss\nid = guid\n' >"$d/churn.ini"
fm check-config -c "$d/feedmill.conf" >"$d/log" 2>&1
[ $? -eq 1 ] && grep -q 'churn.ini:3: id must be own, url or content' \
    "$d/log" && ok "check-config: an unknown id rule, with file and line" ||
    not_ok "check-config: an unknown id rule: $(cat "$d/log")"

done_testing
