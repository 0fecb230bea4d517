#!/bin/sh
# Per-story outputs and paging (feedmill(1): -t share, -t ninjs,
# --page-size, --archive). Golden cases (cases, out/), then checks of
# every share page (our parse-back with Python's HTML parser, the shared
# ogcheck.sh, open-graph-scraper from npm), the escaping suite, ninjs
# against the IPTC schema for every golden input, and RFC 5005 walks.
# REGEN=1 rewrites out/ (review the diff before committing).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

tests="$top_srcdir/tests"
share="$tests/share"
PY=${PYTHON:-python3}
DEFAULT_IMAGE=https://cdn.example.com/default.png
SHARE_URL=https://share.example.com/s/
cd "$tests" || exit 1

# 1. Golden cases.
while IFS='	' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	out="$TMP/case/$name"
	mkdir -p "$TMP/case"
	eval "set -- $(echo "$args" | sed "s|@OUT|$out|g")"
	fm convert "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	mkdir -p "$out"
	[ -s "$TMP/stdout" ] && cp "$TMP/stdout" "$out/stdout"
	{ cat "$TMP/stderr"; echo "exit $rc"; } >"$out/STATUS"
	if [ -n "$REGEN" ]; then
		rm -rf "$share/out/$name"
		cp -R "$out" "$share/out/$name"
	fi
	if diff -r "$share/out/$name" "$out" >"$TMP/diff" 2>&1; then
		ok "$name: $(ls "$out" | wc -l | tr -d ' ') files as expected"
	else
		not_ok "$name: output differs from tests/share/out/$name"
		head -40 "$TMP/diff" | sed 's/^/# /'
	fi
done <"$share/cases"

# 2. Every golden input as share pages and as ninjs.
mkdir -p "$TMP/all"
n=0
crashes=""
for input in golden/in/*.xml golden/in/*.json share/in/*.xml share/in/*.json; do
	name=$(basename "$input")
	args=""
	[ -f "${input%.*}.args" ] && args=$(cat "${input%.*}.args")
	# shellcheck disable=SC2086
	fm convert $args -q -t share --default-image "$DEFAULT_IMAGE" \
	    --feed-url "$SHARE_URL" -o "$TMP/all/$name.share/" "$input" \
	    2>"$TMP/err"
	rc1=$?
	# shellcheck disable=SC2086
	fm convert $args -q -t dump "$input" >"$TMP/all/$name.dump" 2>/dev/null
	# shellcheck disable=SC2086
	fm convert $args -q -t ninjs -o "$TMP/all/$name.ninjs/" "$input" \
	    2>>"$TMP/err"
	rc2=$?
	# 0, or 1 for inputs that cannot be read; 99 is FEEDMILL_WRAPPER's.
	if [ "$rc1" -gt 1 ] || [ "$rc2" -gt 1 ]; then
		crashes="$crashes $name"
		sed 's/^/# /' "$TMP/err"
	fi
	n=$((n + 1))
done
if [ -z "$crashes" ]; then
	ok "share and ninjs of all $n inputs: no crash, no checker error"
else
	not_ok "share or ninjs failed on:$crashes"
fi
pages=$(ls "$TMP"/all/*.share/*.html | grep -v '/index.html$')
npages=$(echo "$pages" | wc -l)
ninjs=$(ls "$TMP"/all/*.ninjs/*.json | grep -v '/index.json$')
nninjs=$(echo "$ninjs" | wc -l)

# Our parse-back: every page says what its story says.
fails=0
for d in "$TMP"/all/*.share; do
	name=$(basename "$d" .share)
	$PY "$share/check.py" story "$TMP/all/$name.dump" "$d" \
	    "$DEFAULT_IMAGE" "$SHARE_URL" || fails=$((fails + 1))
done
if [ "$fails" -eq 0 ]; then
	ok "parse-back (Python html.parser): $npages share pages from $n inputs match their stories"
else
	not_ok "parse-back: $fails inputs with pages that differ from their stories"
fi

# The escaping suite: hostile values stay inert and well formed.
if $PY "$share/check.py" escape "$TMP/case/share-escape" &&
    $PY "$share/check.py" escape "$TMP/case/share-escape-json"; then
	ok "escaping: quotes, <, </script>, <!--, javascript: and vbscript: URLs, newlines, controls, bad UTF-8 come out inert"
else
	not_ok "escaping"
fi
# shellcheck disable=SC2086
if $PY "$share/check.py" escape $(dirname $pages | sort -u) >/dev/null; then
	ok "escaping: all $npages share pages are inert and well formed"
else
	not_ok "escaping: some share page is not inert"
	# shellcheck disable=SC2086
	$PY "$share/check.py" escape $(dirname $pages | sort -u) | head -20
fi

# The shared OpenGraph lint.
if [ -x "$SHARED/validate/ogcheck.sh" ] || [ -f "$SHARED/validate/ogcheck.sh" ]; then
	if command -v xmllint >/dev/null; then
		# shellcheck disable=SC2086
		if sh "$SHARED/validate/ogcheck.sh" $pages >"$TMP/og" 2>&1; then
			ok "ogcheck.sh: all $npages share pages pass"
		else
			not_ok "ogcheck.sh"
			grep -v ': ok$' "$TMP/og" | head -20 | sed 's/^/# /'
		fi
	else
		skip "ogcheck.sh needs xmllint (libxml2-utils)"
	fi
else
	skip "ogcheck.sh: $SHARED/validate not present"
fi

# open-graph-scraper, an independent parser from npm, installed on first
# use into the build tree.
node_dir="$top_builddir/tests/share-node"
OGS_VERSION=6.12.0
if [ ! -d "$node_dir/node_modules/open-graph-scraper" ] &&
    command -v npm >/dev/null; then
	timeout 300 npm install --prefix "$node_dir" --no-audit --no-fund \
	    --silent "open-graph-scraper@$OGS_VERSION" >/dev/null 2>&1
fi
if ! command -v node >/dev/null; then
	skip "open-graph-scraper: node is not installed"
elif [ ! -d "$node_dir/node_modules/open-graph-scraper" ]; then
	skip "open-graph-scraper: npm or the network is unavailable"
else
	fails=0
	for d in "$TMP"/all/*.share; do
		name=$(basename "$d" .share)
		ls "$d"/*.html | grep -v '/index.html$' >"$TMP/list" || continue
		# shellcheck disable=SC2046
		NODE_PATH="$node_dir/node_modules" node "$share/ogparse.js" \
		    $(cat "$TMP/list") >"$TMP/ogs.jsonl" 2>"$TMP/ogs.err" ||
		    { fails=$((fails + 1)); sed 's/^/# /' "$TMP/ogs.err"; }
		$PY "$share/check.py" ogs "$TMP/all/$name.dump" "$d" \
		    "$TMP/ogs.jsonl" "$DEFAULT_IMAGE" "$SHARE_URL" ||
		    fails=$((fails + 1))
	done
	if [ "$fails" -eq 0 ]; then
		ok "open-graph-scraper $OGS_VERSION reads the story's title, description, image, url and type from all $npages pages"
	else
		not_ok "open-graph-scraper: $fails inputs differ"
	fi
fi

# ninjs against the IPTC schema.
schema="$SHARED/corpus/iptc-ninjs/schemas/ninjs-schema_2.1.json"
if [ ! -f "$schema" ]; then
	skip "ninjs schema: $schema not present"
elif ! $PY -c 'import jsonschema' 2>/dev/null; then
	skip "ninjs schema: python3-jsonschema is not installed"
else
	# shellcheck disable=SC2086
	if $PY "$share/check.py" ninjs "$schema" $ninjs; then
		ok "ninjs: all $nninjs documents from $n inputs valid against ninjs-schema_2.1.json"
	else
		not_ok "ninjs: documents invalid against ninjs-schema_2.1.json"
	fi
fi

# 3. RFC 5005: walk the paged and archived feeds.
for fmt in rss atom jsonfeed; do
	ext=$fmt
	[ "$fmt" = jsonfeed ] && ext=json
	npg=$(ls "$TMP/case/paged-$fmt" | grep -c "\.$ext\$")
	if [ "$npg" -eq 5 ] && $PY "$share/check.py" walk \
	    "$TMP/case/paged-$fmt" "news.$ext" "$fmt" 95 >"$TMP/walk"; then
		ok "paged $fmt: 5 pages; following next from the first visits all 95 items once ($(cat "$TMP/walk"))"
	else
		not_ok "paged $fmt: $npg pages"
		sed 's/^/# /' "$TMP/walk"
	fi
	if $PY "$share/check.py" walk "$TMP/case/archive-$fmt" "news.$ext" \
	    "$fmt" 95 prev-archive >"$TMP/walk"; then
		ok "archived $fmt: following prev-archive from the current feed visits all 95 items once ($(cat "$TMP/walk"))"
	else
		not_ok "archived $fmt"
		sed 's/^/# /' "$TMP/walk"
	fi
done

# Outputs validate as feeds, when the shared validators are there.
if [ -f "$SHARED/validate/check-outputs.sh" ] && command -v jing >/dev/null; then
	mkdir -p "$TMP/v"
	for f in "$TMP"/case/paged-*/* "$TMP"/case/archive-*/*; do
		case $f in */STATUS|*/stdout) continue ;; esac
		d=$(basename "$(dirname "$f")")
		cp "$f" "$TMP/v/$d-$(basename "$f")"
	done
	if sh "$SHARED/validate/check-outputs.sh" "$TMP"/v/* >"$TMP/vout" 2>&1; then
		ok "check-outputs.sh: every paged and archived document is valid ($(wc -l <"$TMP/vout") files)"
	else
		not_ok "check-outputs.sh"
		grep -v ': ok$' "$TMP/vout" | head -20 | sed 's/^/# /'
	fi
else
	skip "check-outputs.sh: $SHARED/validate or jing not present"
fi
done_testing
