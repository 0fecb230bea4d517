#!/usr/bin/python3
"""Checks a hostile round (tests/hostile/run.sh): every output file is
whole, each per-source channel holds exactly the stories of the rounds
its source was readable in (a failing source keeps its last good
stories), and the all channel holds as many of them as its limit allows
and nothing else.

usage: check.py OUT_DIR N ROUND     (exit 1 with a report on a mismatch)
"""
import json
import os
import sys
import xml.dom.minidom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import behaviour, readable  # noqa: E402

out, n, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
problems = []


def expected(k):
    want = set()
    for r in range(1, rnd + 1):
        if readable(behaviour(k, r)):
            want.update('%d-%d' % (k, i) for i in range(max(1, r - 4), r + 1))
    return want


for f in sorted(os.listdir(out)):
    p = os.path.join(out, f)
    if '.tmp.' in f or not os.path.isfile(p):
        continue
    try:
        if f.endswith('.json'):
            json.load(open(p, encoding='utf-8'))
        elif f.endswith(('.rss', '.atom')):
            xml.dom.minidom.parse(p)
    except Exception as e:
        problems.append('%s: not whole: %s' % (f, e))

everything = set()
for k in range(n):
    want = expected(k)
    everything |= want
    if k % 10:
        continue
    p = os.path.join(out, 'c%d.json' % k)
    got = set()
    if os.path.exists(p):
        got = {it['id'] for it in json.load(open(p))['items']}
    if got != want:
        problems.append('c%d: want %s, got %s (behaviour this round: %s)' % (
            k, sorted(want), sorted(got), behaviour(k, rnd)))
got_all = {it['id'] for it in json.load(open(os.path.join(out, 'all.json')))
           ['items']}
# The all channel holds its limit (10,000) of them, never anything else.
if got_all - everything or len(got_all) != min(10000, len(everything)):
    problems.append('all: %d stories, want %d; %d not from a readable round'
                    '; missing %s'
                    % (len(got_all), min(10000, len(everything)),
                       len(got_all - everything),
                       ' '.join(sorted(everything - got_all)[:8])))
for line in problems[:10]:
    print(line)
print('round %d: %d channels checked, %d stories, %d problems' % (
    rnd, (n + 9) // 10, len(everything), len(problems)))
sys.exit(1 if problems else 0)
