#!/bin/sh
# Browser tests: the pages for people rendered by headless Chromium
# (Debian's chromium, driven by playwright-core from npm, installed on
# first use into the build tree): the index, a channel view, a feed
# opened directly (shown through feed.xsl) and a share page, from files
# and from feedmill serve's HTTP server (which answers the browser's
# navigation to an RSS or Atom file as application/xml, so the
# stylesheet runs; also for a restricted channel opened with ?key=),
# each at phone (390 px) and desktop (1280 px) width, with every headline
# visible and uncovered, every image loaded and nothing wider than the
# window (tests/people/browser.js). The screenshots are kept as test
# artifacts in tests/people-shots/ of the build tree (with, for feeds
# shown through feed.xsl, the window as opened: Chromium puts a banner
# over such pages, XSLT being deprecated; the checks run once it is
# closed, as a reader would).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

people="$top_srcdir/tests/people"
PY=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
. "$top_srcdir/tests/people/node.sh"
shots="$top_builddir/tests/people-shots"

if [ -z "$CHROMIUM" ]; then
	skip "browser tests: chromium is not installed (Debian package chromium)"
	done_testing
	exit
fi
if ! command -v node >/dev/null; then
	skip "browser tests: node is not installed"
	done_testing
	exit
fi
people_node_install
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
	skip "browser tests: playwright-core from npm is unavailable"
	done_testing
	exit
fi

# The site: the service over tests/people/in, and the images it shows.
svc="$TMP/svc"
pub="$svc/public"
cp -R "$people/in" "$svc"
chmod -R u+w "$svc"	# (make distcheck's source tree is read-only)
fm poll --once -c "$svc/feedmill.conf" >"$TMP/poll" 2>&1 ||
    sed 's/^/# /' "$TMP/poll"
mkdir -p "$TMP/img"
$PY - "$TMP/img" <<'EOF'
import struct, sys, zlib
def png(path, w, h, rgb):
    row = b"\0" + bytes(rgb) * w
    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))
d = sys.argv[1]
png(d + "/riverfront.png", 1200, 630, (40, 90, 140))
png(d + "/snow.png", 800, 600, (200, 210, 230))
png(d + "/port.png", 640, 360, (150, 80, 40))
EOF
share=$(ls "$pub"/share/gazette-city-88213-*.html 2>/dev/null | head -1)

# The same pages from feedmill serve's HTTP server (listen, port 0).
hs="$TMP/serve"
cp -R "$people/in" "$hs"
chmod -R u+w "$hs"
sed 's/^\[service\]$/[service]\nlisten = 127.0.0.1:0/' \
    "$people/in/feedmill.conf" >"$hs/feedmill.conf"
# A partner key for the restricted channel, opened with ?key= as a link
# handed to a person would be.
key=press-0123456789abcdef0123
printf '\n[partner press]\nkey_sha256 = %s\nchannels = partners\n' \
    "$(printf '%s\n' "$key" | fm key-hash)" >>"$hs/feedmill.conf"
$FEEDMILL_WRAPPER "$FEEDMILL" serve -c "$hs/feedmill.conf" 2>"$hs/log" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$TMP"' EXIT
port=""
for _ in $(seq 1 100); do
	port=$(sed -n 's/.*listening on .*(port \([0-9]*\)).*/\1/p' "$hs/log" |
	    head -1)
	[ -n "$port" ] && [ -f "$hs/public/index.html" ] && break
	sleep 0.2
done
[ -n "$port" ] && sleep 1.5	# the next tick puts the pages into the server

$PY - "$pub" "$share" "$port" "$key" >"$TMP/spec.json" <<'EOF'
import json, os, sys
import xml.etree.ElementTree as ET
pub, share, port, key = sys.argv[1:5]
A = "{http://www.w3.org/2005/Atom}"
def titles(feed):
    root = ET.parse(feed).getroot()
    if root.tag == A + "feed":
        return [" ".join((e.findtext(A + "title") or "").split())
                for e in root.iter(A + "entry")]
    return [" ".join((i.findtext("title") or "").split())
            for i in root.iter("item")]
index = ["Riverton <news> & \"feeds\"", "Everything",
         "Riverton Gazette: City", "Wire briefs"]
channel = ["Everything"] + titles(pub + "/all.rss")
story = ["Council approves riverfront park budget"]
spec = [
    {"name": "index", "url": "file://" + pub + "/index.html",
     "headlines": index, "images": 0},
    {"name": "channel", "url": "file://" + pub + "/all.html",
     "headlines": channel, "images": 3},
    {"name": "feed-xslt", "url": "file://" + pub + "/city.rss",
     "headlines": ["Riverton Gazette: City"] + titles(pub + "/city.rss"),
     "images": 2, "xslt": True},
    {"name": "share", "url": "file://" + share,
     "headlines": story, "images": 1},
]
if port:
    http = "http://127.0.0.1:%s/" % port
    spec += [
        {"name": "http-index", "url": http, "headlines": index,
         "images": 0},
        {"name": "http-channel", "url": http + "all.html",
         "headlines": channel, "images": 3},
        {"name": "http-share", "url": http + "share/" +
         os.path.basename(share), "headlines": story, "images": 1},
        # Feeds opened directly: served to the browser as XML, shown
        # through feed.xsl (fetched from the server, also for a
        # restricted channel opened with ?key=).
        {"name": "http-feed-rss", "url": http + "city.rss",
         "headlines": ["Riverton Gazette: City"] + titles(pub + "/city.rss"),
         "images": 2, "type": "application/xml; charset=utf-8",
         "xslt": True},
        {"name": "http-feed-atom", "url": http + "city.atom",
         "headlines": ["Riverton Gazette: City"] +
         titles(pub + "/city.atom"),
         "images": 2, "type": "application/xml; charset=utf-8",
         "xslt": True},
        {"name": "http-feed-keyed", "url": http + "partners.rss?key=" + key,
         "headlines": ["Partner wire"] + titles(pub + "/partners.rss"),
         "images": 1, "type": "application/xml; charset=utf-8",
         "xslt": True},
    ]
print(json.dumps(spec, indent=1))
EOF
rm -rf "$shots"
NODE_PATH="$node_dir/node_modules" CHROMIUM="$CHROMIUM" timeout 300 \
    node "$people/browser.js" "$TMP/spec.json" "$shots" "$TMP/img" \
    >"$TMP/browser" 2>&1
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" ;;
	*) echo "# $line" ;;
	esac
done <"$TMP/browser"
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null
if [ -z "$port" ]; then
	not_ok "feedmill serve listens (for the pages over HTTP)"
	sed 's/^/# /' "$hs/log"
fi
want=$($PY -c 'import json, sys; print(2 * len(json.load(open(sys.argv[1]))))' \
    "$TMP/spec.json")
n=$(ls "$shots"/*.png 2>/dev/null | grep -vc -- '-as-opened\.png$')
extra=$(ls "$shots"/*-as-opened.png 2>/dev/null | wc -l)
if [ "$n" -eq "$want" ]; then
	ok "$n screenshots kept in tests/people-shots/ (each page at 390 and 1280 px; $extra more of feeds as opened, under Chromium's XSLT banner)"
else
	not_ok "$want screenshots kept in tests/people-shots/ (found $n)"
fi
done_testing
