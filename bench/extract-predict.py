#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Run `feedmill convert -f html -t jsonfeed` on every page of the
# article-extraction benchmark and write a predictions file for
# extract-score.py: the text of each story's content_html (block
# elements separated by newlines; figure captions left out, as the
# benchmark's articleBody leaves them out).
#
# usage: extract-predict.py FEEDMILL BENCH_DIR OUT.json
import concurrent.futures
import gzip
import html.parser
import json
import os
import subprocess
import sys

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
          "blockquote", "pre", "table", "tr", "td", "th", "figure", "br",
          "dt", "dd", "hr"}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "figcaption":
            self.skip += 1
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self.skip -= 1
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def to_text(h):
    t = Text()
    t.feed(h or "")
    t.close()
    lines = (" ".join(x.split()) for x in "".join(t.out).split("\n"))
    return "\n".join(x for x in lines if x)


def run(fm, path, url):
    with gzip.open(path, "rb") as f:
        page = f.read()
    r = subprocess.run([fm, "convert", "-q", "-f", "html", "-t", "jsonfeed",
                        "--base-url", url, "-"], input=page,
                       capture_output=True)
    if r.returncode != 0:
        sys.stderr.write("%s: exit %d: %s" % (path, r.returncode,
                                              r.stderr.decode()))
        return ""
    items = json.loads(r.stdout).get("items", [])
    return to_text(items[0].get("content_html", "")) if items else ""


def main():
    fm, d, out = sys.argv[1:4]
    truth = json.load(open(os.path.join(d, "ground-truth.json")))
    pred = {}
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        futs = {k: ex.submit(run, fm, os.path.join(d, "html", k +
                                                   ".html.gz"),
                             v.get("url", "")) for k, v in truth.items()}
        for k, f in futs.items():
            pred[k] = {"articleBody": f.result()}
    json.dump(pred, open(out, "w"), ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
