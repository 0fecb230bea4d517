#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks of the pages for people (tests/people/run.sh).

  check.py valid FILE...       each page parses as HTML5 with every element
                               closed in order, has <html lang>, <title>, a
                               viewport, and no script (JSON-LD data
                               aside), event handler,
                               javascript: URL or outside style sheet
  check.py headlines FEED HTML every story title of the RSS or Atom FEED is
                               an <h2> of HTML (its text, exactly)
  check.py discovery HTML FILE...  HTML has a <link rel="alternate"> (with
                               a feed type) for exactly these files
"""
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml",
              "application/feed+json"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.tags = []
        self.h2 = []
        self.text = None
        self.links = []
        self.lang = None
        self.title = False
        self.viewport = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event handler %s on <%s>" % (k, tag))
            if k in ("href", "src") and v and \
                    v.strip().lower().startswith("javascript:"):
                self.problems.append("javascript: URL in <%s>" % tag)
        if tag == "script" and a.get("type") != "application/ld+json":
            self.problems.append("<script> (not JSON-LD data)")
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            self.problems.append("outside style sheet %s" % a.get("href"))
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self.title = True
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        if tag == "link" and a.get("rel") == "alternate":
            self.links.append((a.get("type"), a.get("href")))
        if tag == "h2":
            self.text = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.problems.append("<%s/> is not a void element" % tag)
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append("</%s> closes a void element" % tag)
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> while <%s> is open" %
                                 (tag, self.stack[-1] if self.stack
                                  else "nothing"))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "h2" and self.text is not None:
            self.h2.append(" ".join("".join(self.text).split()))
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def valid(paths):
    bad = 0
    for path in paths:
        p = parse(path)
        probs = list(p.problems)
        if p.stack:
            probs.append("unclosed: %s" % " ".join(p.stack))
        if not p.lang:
            probs.append("no <html lang>")
        if not p.title:
            probs.append("no <title>")
        if not p.viewport:
            probs.append("no viewport")
        if probs:
            bad += 1
            print("%s: %s" % (path, "; ".join(probs[:5])))
    return bad == 0


def headlines(feed, html):
    root = ET.parse(feed).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == "rss":
        titles = [i.findtext("title") for i in root.iter("item")]
    else:
        titles = [e.findtext(atom + "title") for e in root.iter(atom + "entry")]
    titles = [" ".join((t or "").split()) for t in titles]
    got = parse(html).h2
    if titles != got:
        print("%s: headlines %r, expected %r (from %s)" %
              (html, got, titles, feed))
        return False
    return len(titles) > 0


def discovery(html, files):
    got = sorted(h for t, h in parse(html).links if t in FEED_TYPES)
    want = sorted(files)
    if got != want:
        print("%s: autodiscovery links %r, expected %r" % (html, got, want))
        return False
    return True


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "valid":
        ok = valid(args)
    elif cmd == "headlines":
        ok = headlines(args[0], args[1])
    elif cmd == "discovery":
        ok = discovery(args[0], args[1:])
    else:
        sys.exit(__doc__)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
