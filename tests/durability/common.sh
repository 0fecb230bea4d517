# Shared by the durability tests: a service folder with one spool source
# and one channel, stories dropped into the spool, and the checks made
# after each fault. Sourced after tests/lib.sh.
svc="$TMP/svc"
conf="$svc/feedmill.conf"
setup() {
	rm -rf "$svc"
	mkdir -p "$svc/spool"
	printf '[service]\nstate_dir = state\noutput_dir = out\n' >"$conf"
	printf '[channel all]\nlimit = 1000\n' >>"$conf"
	printf '[source]\nspool = spool\n' >"$svc/wire.ini"
}
nstory=0
story() {
	nstory=$((nstory + 1))
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>d</description><item><title>Story %s</title><link>https://wire.example/%s</link><guid isPermaLink="false">s%s</guid><description>Body of story %s.%s</description><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>\n' \
	    $nstory $nstory $nstory $nstory "${BODY:-}" >"$svc/spool/s$nstory.xml"
	touch -d '1 minute ago' "$svc/spool/s$nstory.xml"
}

# whole: every output file (not the temporary ones) is a complete
# document: XML parses, JSON loads, HTML ends with </html>.
whole() {
	python3 - "${out:-$svc/out}" <<'PY'
import json, os, sys, xml.dom.minidom
bad = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(root, f)
        if '.tmp.' in f:
            continue
        try:
            if f.endswith('.json'):
                json.load(open(p, encoding='utf-8'))
            elif f.endswith(('.rss', '.atom', '.xml', '.xsl')):
                xml.dom.minidom.parse(p)
            elif f.endswith('.html'):
                if not open(p, 'rb').read().rstrip().endswith(b'</html>'):
                    raise ValueError('no </html> at the end')
        except Exception as e:
            print('%s: %s' % (p, e))
            bad += 1
sys.exit(1 if bad else 0)
PY
}

integrity() {
	fm status --check -c "$conf" 2>&1 | grep -q "integrity ok"
}

# recovered: a clean run publishes all $nstory stories.
recovered() {
	fm poll --once -q -c "$conf" >/dev/null 2>&1
	got=$(grep -c '"id": "s[0-9]*"' "${out:-$svc/out}/all.json" 2>/dev/null)
	[ "${got:-0}" = "$nstory" ]
}

