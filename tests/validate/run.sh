#!/bin/sh
# Validity: every expected golden output (which the golden suite proves
# feedmill writes byte for byte) passes the offline validators in
# ../shared/validate: Atom RELAX NG + rules, the RSS 2.0 profile plus
# feedparser, and the JSON Feed 1.1 schema. Skipped when ../shared or
# the validators' packages are missing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

check="$SHARED/validate/check-outputs.sh"
if [ ! -f "$check" ] || ! command -v jing >/dev/null 2>&1 ||
    ! /usr/bin/python3 -c 'import jsonschema, feedparser' 2>/dev/null; then
	skip "validators not available (../shared/validate, jing, python3-jsonschema, python3-feedparser)"
	done_testing
	exit 0
fi
for f in "$top_srcdir"/tests/golden/out/*.rss \
    "$top_srcdir"/tests/golden/out/*.atom \
    "$top_srcdir"/tests/golden/out/*.json; do
	[ -f "$f" ] || continue
	[ -s "$f" ] || continue	# refused inputs have empty outputs
	if out=$(sh "$check" "$f" 2>&1); then
		ok "valid: $(basename "$f")"
	else
		not_ok "valid: $(basename "$f")"
		printf '%s\n' "$out" | head -12 | sed 's/^/# /'
	fi
done
done_testing
