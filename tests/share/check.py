#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks for tests/share/run.sh, independent of feedmill's own code.

  check.py story DUMP DIR [DEFAULT-IMAGE [BASE]]  pages in DIR say what the
                                            stories in DUMP (feed-dump(5)) say
  check.py ogs DUMP DIR JSONL               the same, for open-graph-scraper's
                                            output (one JSON object a line)
  check.py escape DIR...                    pages are inert and well formed
  check.py walk DIR FIRST-FILE FORMAT N     RFC 5005: follow next (or
                                            prev-archive) from FIRST-FILE
  check.py ninjs SCHEMA FILE...             validate ninjs documents
Prints one line per problem; exit status 1 when there is any.
"""
import html.parser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

problems = []


def bad(msg):
    problems.append(msg)
    print("# " + msg)


def read_dump(path):
    """Articles of a dump, later duplicates of an id replacing earlier ones."""
    arts, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "":
                cur = {"images": {}}
                arts.append(cur)
                continue
            if cur is None or "\t" not in line:
                continue
            k, v = line.split("\t", 1)
            v = v.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
            m = re.match(r"image\[(\d+)\]\.(\w+)$", k)
            if m:
                cur["images"].setdefault(int(m.group(1)), {})[m.group(2)] = v
            else:
                cur.setdefault(k, v)
    order, byid = [], {}
    for a in arts:
        if a.get("id") not in byid:
            order.append(a.get("id"))
        byid[a.get("id")] = a
    return [byid[i] for i in order]


def web(u):
    return bool(u) and re.match(r"https?://[^\s<>\"{}|\\^`]+$", u) is not None


def expected_image(a, default):
    """The share image rules of feedmill(1), written again from the page."""
    imgs = [a["images"][k] for k in sorted(a["images"])]
    imgs = [i for i in imgs if web(i.get("url"))]

    def size(i):
        return int(i.get("width", 0)), int(i.get("height", 0))

    def rank(i):
        w, h = size(i)
        if w <= 0 or h <= 0:
            return 1
        if w >= 1200 and h >= 630:
            return 3
        return 2 if w >= 200 and h >= 200 else 0

    for r in (3, 2):
        c = [i for i in imgs if rank(i) == r]
        lead = [i for i in c if i.get("lead") == "yes"]
        if lead:
            return lead[0]["url"]
        if c:
            return max(c, key=lambda i: size(i)[0] * size(i)[1])["url"]
    if default:
        return default
    c = [i for i in imgs if rank(i) == 1]
    lead = [i for i in c if i.get("lead") == "yes"]
    return (lead or c or [{"url": None}])[0]["url"]


class Page(html.parser.HTMLParser):
    """The metadata a crawler reads, with Python's own HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.attrs = {}, {}, []
        self.scripts, self.title, self._in = [], "", None
        self.h1 = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs.append((tag, attrs))
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta.setdefault(key, []).append(a.get("content"))
        elif tag == "link":
            self.links[a.get("rel")] = a.get("href")
        elif tag in ("script", "title", "h1"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, d):
        if self._in == "script":
            self.scripts[-1] += d
        elif self._in == "title":
            self.title += d
        elif self._in == "h1":
            self.h1 += d


def parse_page(path):
    with open(path, "rb") as f:
        raw = f.read()
    p = Page()
    p.feed(raw.decode("utf-8"))
    p.close()
    return p, raw


def one(p, key):
    v = p.meta.get(key)
    return v[0] if v else None


def pages_in(d):
    """Story pages in index order (the index lists them as written)."""
    p, _ = parse_page(os.path.join(d, "index.html"))
    return [dict(attrs)["href"] for tag, attrs in p.attrs if tag == "a"]


def compare(name, a, got, default, base=None):
    """got: title, description, url, type, image as a crawler saw them."""
    if a.get("title") and got["title"] != a["title"]:
        bad("%s: title %r, story has %r" % (name, got["title"], a["title"]))
    if not got["title"]:
        bad("%s: no title" % name)
    if got.get("type") != "article":
        bad("%s: type %r" % (name, got.get("type")))
    url = a.get("url") if web(a.get("url")) else a.get("id") if web(a.get("id")) else None
    if url is None and base:
        url = base + os.path.basename(name)
    if got.get("url") != url:
        bad("%s: url %r, story has %r" % (name, got.get("url"), url))
    img = expected_image(a, default)
    if got.get("image") != img:
        bad("%s: image %r, expected %r" % (name, got.get("image"), img))
    d = got.get("description")
    if d is not None and len(d) > 200:
        bad("%s: description of %d characters" % (name, len(d)))
    s = " ".join(a.get("summary", "").split())
    if s and "<" not in s:
        if len(s) <= 200 and d != s:
            bad("%s: description %r, summary %r" % (name, d, s))
        if len(s) > 200 and not (d and d.endswith("\u2026") and s.startswith(d[:-1].rstrip())):
            bad("%s: description %r is not a cut of %r" % (name, d, s))


def cmd_story(dump, d, default=None, base=None):
    arts = read_dump(dump)
    files = pages_in(d)
    if len(files) != len(arts):
        bad("%s: %d pages for %d stories" % (d, len(files), len(arts)))
    for a, fn in zip(arts, files):
        p, _ = parse_page(os.path.join(d, fn))
        got = {"title": one(p, "og:title"), "description": one(p, "og:description"),
               "url": one(p, "og:url"), "type": one(p, "og:type"),
               "image": one(p, "og:image")}
        compare(fn, a, got, default, base)
        if got["image"] and not (one(p, "og:image:width") and one(p, "og:image:height")):
            bad("%s: og:image without width and height" % fn)
        if p.links.get("canonical") != got["url"]:
            bad("%s: canonical %r, og:url %r" % (fn, p.links.get("canonical"), got["url"]))
        if one(p, "twitter:title") != got["title"]:
            bad("%s: twitter:title differs" % fn)
        ld = json.loads(p.scripts[0])
        if ld.get("@type") != "NewsArticle" or ld.get("headline") != got["title"]:
            bad("%s: JSON-LD %r" % (fn, ld))


def cmd_ogs(dump, d, jsonl, default=None, base=None):
    arts = dict(zip(pages_in(d), read_dump(dump)))
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            got = json.loads(line)
            a = arts.get(os.path.basename(got["file"]))
            if a is None:
                bad("%s: not in the index" % got["file"])
                continue
            got["image"] = (got.get("image") or {}).get("url")
            compare(got["file"], a, got, default, base)


def cmd_escape(*dirs):
    for d in dirs:
        escape_dir(d)


def escape_dir(d):
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".html"):
            continue
        path = os.path.join(d, fn)
        p, raw = parse_page(path)
        if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw):
            bad("%s: control characters" % fn)
        low = raw.lower()
        if fn != "index.html":
            if low.count(b"<script") != 1 or low.count(b"</script") != 1:
                bad("%s: %d <script, %d </script" % (fn, low.count(b"<script"),
                                                     low.count(b"</script")))
            if b"<!--" in raw:
                bad("%s: <!-- in the page" % fn)
            try:
                ld = json.loads(p.scripts[0])
            except (ValueError, IndexError) as e:
                bad("%s: JSON-LD does not parse: %s" % (fn, e))
                continue
            t = one(p, "og:title")
            if not (ld.get("headline") == t == p.title == p.h1):
                bad("%s: headline %r, og:title %r, title %r, h1 %r" % (fn, ld.get("headline"), t, p.title, p.h1))
        for tag, attrs in p.attrs:
            for k, v in attrs:
                if v is None:
                    continue
                if k in ("href", "src") or (k == "content" and re.match(r"\s*(0;\s*url=)?\w+:", v or "")):
                    u = re.sub(r"^\s*0;\s*url=", "", v).strip().lower()
                    if re.match(r"(javascript|vbscript|data):", u):
                        bad("%s: <%s %s=%r>" % (fn, tag, k, v))


def xml_links(path, fmt):
    """(rel -> href, item ids) of one RSS or Atom document."""
    root = ET.parse(path).getroot()
    A = "{http://www.w3.org/2005/Atom}"
    links, ids, flags = {}, [], set()
    if fmt == "atom":
        for l in root.findall(A + "link"):
            links[l.get("rel")] = l.get("href")
        ids = [e.findtext(A + "id") for e in root.findall(A + "entry")]
        head = root
    else:
        ch = root.find("channel")
        for l in ch.findall(A + "link"):
            links[l.get("rel")] = l.get("href")
        ids = [i.findtext("guid") for i in ch.findall("item")]
        head = ch
    FH = "{http://purl.org/syndication/history/1.0}"
    for t in ("archive", "complete"):
        if head.find(FH + t) is not None:
            flags.add(t)
    return links, ids, flags


def doc(d, fmt, fn):
    path = os.path.join(d, fn)
    if fmt == "jsonfeed":
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        links = {"next": j.get("next_url"), "self": j.get("feed_url")}
        return links, [i["id"] for i in j["items"]], set()
    return xml_links(path, fmt)


def cmd_walk(d, first, fmt, expect, rel="next"):
    seen, pages, fn = [], 0, first
    firstlinks = None
    while fn:
        links, ids, flags = doc(d, fmt, fn)
        pages += 1
        seen += ids
        if firstlinks is None:
            firstlinks = links
        if rel == "next" and fmt != "jsonfeed":
            if links.get("first") != firstlinks.get("self"):
                bad("%s: first %r" % (fn, links.get("first")))
            if pages > 1 and "previous" not in links:
                bad("%s: no previous link" % fn)
        if rel == "prev-archive" and pages > 1 and fmt != "jsonfeed" and "archive" not in flags:
            bad("%s: no fh:archive" % fn)
        nxt = links.get(rel) if fmt != "jsonfeed" else links.get("next")
        if nxt is None and rel == "next" and fmt != "jsonfeed" and links.get("last") != links.get("self"):
            bad("%s: last page is not the last link" % fn)
        fn = os.path.basename(nxt) if nxt else None
        if pages > 1000:
            bad("loop")
            break
    if len(seen) != int(expect) or len(set(seen)) != len(seen):
        bad("%s: %d items seen (%d distinct), expected %s" % (d, len(seen), len(set(seen)), expect))
    print("%d documents, %d items" % (pages, len(seen)))


def cmd_ninjs(schema, files):
    import jsonschema
    with open(schema, encoding="utf-8") as f:
        s = json.load(f)
    v = jsonschema.validators.validator_for(s)(s)
    for fn in files:
        with open(fn, encoding="utf-8") as f:
            d = json.load(f)
        for e in v.iter_errors(d):
            bad("%s: %s at %s" % (fn, e.message, "/".join(map(str, e.path))))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "story":
        cmd_story(*args)
    elif cmd == "ogs":
        cmd_ogs(*args)
    elif cmd == "escape":
        cmd_escape(*args)
    elif cmd == "walk":
        cmd_walk(*args)
    elif cmd == "ninjs":
        cmd_ninjs(args[0], args[1:])
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
