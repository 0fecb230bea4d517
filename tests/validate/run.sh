#!/bin/sh
# Validity: every expected golden output (which the golden suite proves
# feedmill writes byte for byte) passes the offline validators of
# ../shared/validate: the Atom RELAX NG schema and its two rules, the RSS
# 2.0 profile, the JSON Feed 1.1 schema, and feedparser's reader's-eye
# check (fpcheck.py). The schemas are strict. From fpcheck, one kind of
# complaint is excused: a value the input itself did not have ("no
# entries" for an empty feed, a missing date or link on an item whose
# source gave none), checked against the golden dump of that input.
# Skipped when ../shared or the validators' packages are missing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

v="$SHARED/validate"
py=/usr/bin/python3
if [ ! -f "$v/check-outputs.sh" ] || ! command -v jing >/dev/null 2>&1 ||
    ! $py -c 'import jsonschema, feedparser' 2>/dev/null; then
	skip "validators not available (../shared/validate, jing, python3-jsonschema, python3-feedparser)"
	done_testing
	exit 0
fi
out="$top_srcdir/tests/golden/out"

# excused DUMP COMPLAINT: is this fpcheck complaint about absent input?
excused() {
	case $2 in
	"no entries")
		! grep -q '^id	' "$1" ;;
	entry\ *": date missing or unparseable")
		n=${2#entry }; n=${n%%:*}
		awk -v n="$n" 'BEGIN { a = -1 } /^$/ { a++ }
		    a == n && /^(published|updated)\t/ { found = 1 }
		    /^feed\.(published|updated)\t/ { found = 1 }
		    END { exit found }' "$1" ;;
	entry\ *": link not absolute: ''")
		n=${2#entry }; n=${n%%:*}
		awk -v n="$n" 'BEGIN { a = -1 } /^$/ { a++ }
		    a == n && /^url\t/ { found = 1 }
		    END { exit found }' "$1" ;;
	*)
		return 1 ;;
	esac
}

for f in "$out"/*.rss "$out"/*.atom "$out"/*.json; do
	[ -s "$f" ] || continue	# refused inputs have empty outputs
	name=$(basename "$f")
	dump="$out/${name%.*}.dump"
	case $f in
	*.atom)
		res=$(jing -c "$v/atom.rnc" "$f" 2>&1 &&
		    sh "$v/atom-rules.sh" "$f" 2>&1) ;;
	*.rss)
		res=$(jing -c "$v/rss2-profile.rnc" "$f" 2>&1) ;;
	*.json)
		res=$($py -m jsonschema -i "$f" "$v/jsonfeed-1.1.schema.json" 2>&1) ;;
	esac
	if [ $? -ne 0 ]; then
		not_ok "schema: $name"
		printf '%s\n' "$res" | head -8 | sed 's/^/# /'
		continue
	fi
	ok "schema: $name"
	case $f in *.json) continue ;; esac
	res=$($py "$v/fpcheck.py" "$f" 2>&1)
	bad=""
	excuses=0
	printf '%s\n' "$res" | sed -n 's/^  //p' >"$TMP/complaints"
	while IFS= read -r c; do
		if excused "$dump" "$c"; then
			excuses=$((excuses + 1))
		else
			bad="$bad$c; "
		fi
	done <"$TMP/complaints"
	if [ -z "$bad" ]; then
		note=""
		[ "$excuses" -gt 0 ] && note=" ($excuses absent in the input)"
		ok "reader check: $name$note"
	else
		not_ok "reader check: $name"
		echo "# $bad"
	fi
done
done_testing
