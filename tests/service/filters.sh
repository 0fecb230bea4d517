#!/bin/sh
# A channel's filters: categories and keywords keep stories, and
# exclude_categories and exclude_keywords then leave some out (matched
# the same way: a category's term or label, a word of the title,
# summary or text, or a keyword, without regard to case), each channel
# on its own; dedupe = title keeps one story per headline.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/service/common.sh"

trap 'rm -rf "$TMP"' EXIT

# story FILE ID HEADLINE BODY [SUBJECT...]
story() {
	f=$1 id=$2 hl=$3 body=$4
	shift 4
	{
		printf '{"uri": "urn:test:%s", "headline": "%s", ' "$id" "$hl"
		printf '"body_text": "%s", "subject": [' "$body"
		sep=
		for s in "$@"; do
			printf '%s{"name": "%s"}' "$sep" "$s"
			sep=", "
		done
		printf '], "versioncreated": "%s"}\n' "${vc:-2026-11-28T10:00:00Z}"
	} >"$f"
	touch -d '1 minute ago' "$f"
}

# guids FILE: the story ids of an RSS channel, after urn:test:.
guids() {
	sed -n 's#.*<guid isPermaLink="false">urn:test:\(.*\)</guid>.*#\1#p' \
	    "$1" | sort | tr '\n' ' '
}

d="$TMP/f"
spool_service "$d" "exclude_keywords = sponsored"
printf '[channel politics]\ncategories = politics\n' >>"$d/feedmill.conf"
printf 'exclude_categories = Opinion\n' >>"$d/feedmill.conf"
printf '[channel one]\ndedupe = title\n' >>"$d/feedmill.conf"
story "$d/spool/a.json" a "Council votes" "The vote." Politics
story "$d/spool/b.json" b "Sponsored: a new car" "Buy it." Politics
story "$d/spool/c.json" c "Why the vote was wrong" "A view." Politics Opinion
story "$d/spool/d.json" d "Weekend" "This is SPONSORED content."
story "$d/spool/e.json" e "Rain" "Wet."
# The same headline, newer, from another source (two papers running one
# agency story).
mkdir "$d/spool2"
printf '[source]\nspool = spool2\ninterval = 1h\n' >"$d/other.ini"
vc=2026-11-28T11:00:00Z story "$d/spool2/x.json" x "COUNCIL  votes!" "Same."
fm poll --once -c "$d/feedmill.conf" >"$d/log" 2>&1
[ "$(guids "$d/out/all.rss")" = "a c e x " ] &&
    ok "exclude_keywords: a word of the title or text, any case" ||
    not_ok "exclude_keywords: $(guids "$d/out/all.rss") ($(cat "$d/log"))"
[ "$(guids "$d/out/politics.rss")" = "a b " ] &&
    ok "exclude_categories after categories, in that channel only" ||
    not_ok "exclude_categories: $(guids "$d/out/politics.rss")"
[ "$(guids "$d/out/one.rss")" = "b c d e x " ] &&
    ok "dedupe = title: the newest of one headline, case and marks aside" ||
    not_ok "dedupe = title: $(guids "$d/out/one.rss")"
printf '[channel bad]\ndedupe = yes\n' >>"$d/feedmill.conf"
fm check-config -c "$d/feedmill.conf" >"$d/log" 2>&1
[ $? -eq 1 ] && grep -q 'dedupe must be title or no, not "yes"' "$d/log" &&
    ok "check-config: a bad dedupe" ||
    not_ok "check-config: a bad dedupe: $(cat "$d/log")"

done_testing
