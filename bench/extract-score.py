#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Score article-body predictions against the article-extraction-benchmark
# ground truth with the benchmark's own method: \w+ tokens, 4-token
# shingles, per-page multiset overlap normalised per page, precision and
# recall averaged over pages, F1 of the two means (see the corpus's
# PROVENANCE.md). Standard library only.
#
# usage: extract-score.py GROUND_TRUTH.json PREDICTIONS.json [--per-page]
import json
import random
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    toks = TOKEN.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def counts(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() & p.keys())
    fp = sum(max(0, p[k] - t.get(k, 0)) for k in p)
    fn = sum(max(0, t[k] - p.get(k, 0)) for k in t)
    s = tp + fp + fn
    if s == 0:
        return 0.0, 0.0, 0.0
    return tp / s, fp / s, fn / s


def prf(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    if tp + fp == 0:
        p = None
    else:
        p = tp / (tp + fp)
    if tp + fn == 0:
        r = None
    else:
        r = tp / (tp + fn)
    return p, r


def score(rows):
    ps = [p for p, _ in rows if p is not None]
    rs = [r for _, r in rows if r is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f, p, r


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: extract-score.py GROUND_TRUTH.json PREDICTIONS.json "
                 "[--per-page]")
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    pred = json.load(open(sys.argv[2], encoding="utf-8"))
    if "output" in pred and isinstance(pred["output"], dict):
        pred = pred["output"]
    if set(pred) != set(truth):
        sys.exit("predictions must have exactly the ground-truth keys "
                 "(%d missing, %d extra)" % (len(set(truth) - set(pred)),
                                             len(set(pred) - set(truth))))
    rows, acc, per = [], 0, []
    for k in sorted(truth):
        t = truth[k]["articleBody"]
        p = pred[k]["articleBody"]
        row = prf(*counts(t, p))
        rows.append(row)
        if TOKEN.findall(t) == TOKEN.findall(p):
            acc += 1
        per.append((k, row))
    f, p, r = score(rows)
    rnd = random.Random(42)
    boot = []
    for _ in range(1000):
        sample = [rows[rnd.randrange(len(rows))] for _ in rows]
        boot.append(score(sample))

    def sd(i):
        m = sum(b[i] for b in boot) / len(boot)
        return (sum((b[i] - m) ** 2 for b in boot) / len(boot)) ** 0.5

    if "--per-page" in sys.argv:
        for k, (pp, rr) in per:
            print("%s\tP=%s\tR=%s" % (k[:12],
                  "-" if pp is None else "%.3f" % pp,
                  "-" if rr is None else "%.3f" % rr))
    print("pages %d  F1 %.3f ± %.3f  precision %.3f ± %.3f  "
          "recall %.3f ± %.3f  accuracy %.3f" %
          (len(rows), f, sd(0), p, sd(1), r, sd(2), acc / len(rows)))


if __name__ == "__main__":
    main()
