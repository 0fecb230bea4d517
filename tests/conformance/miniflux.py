#!/usr/bin/python3
"""Miniflux's reader test data (../shared/corpus/miniflux): charset cases
(the decoded text must contain the expected string: prolog lies, <meta
charset> late in the file, KOI8-R, ISO-8859-1), and the big real feeds
under parser/ (must parse; every item has a title or a link; the output
is valid UTF-8). The CSS-selector scraper cases are not applicable: we
have no per-site selector rules. Also the JSON Feed spec examples."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main():
    corpus = sys.argv[1]
    fm = common.feedmill_path()
    base = os.path.join(corpus, 'miniflux')
    t = common.Table('miniflux and JSON Feed examples (checks)')
    crashes = 0
    for line in open(os.path.join(base, 'expectations.jsonl')):
        d = json.loads(line)
        group = d['file'].split('/')[0]
        if d['op'] != 'decoded_text_contains':
            t.add(group, 'na')
            continue
        rc, out, err, crashed = common.run(fm, os.path.join(base, d['file']))
        crashes += crashed
        ok = rc == 0 and d['value'] in out
        t.add(group, 'pass' if ok else 'fail')
        if not ok and os.environ.get('VERBOSE'):
            print('FAIL %s: %r not in output (rc %s) %s' % (d['file'], d['value'], rc, err[:200]))
    pdir = os.path.join(base, 'parser')
    for root, _, files in os.walk(pdir):
        for name in sorted(files):
            path = os.path.join(root, name)
            rc, out, err, crashed = common.run(fm, path)
            crashes += crashed
            feed, entries = common.parse_dump(out) if rc == 0 else ({}, [])
            ok = rc == 0 and all(e.get('title') or e.get('url') for e in entries)
            try:
                out.encode('utf-8').decode('utf-8', 'strict')
            except UnicodeError:
                ok = False
            t.add('parser (real feeds)', 'pass' if ok else 'fail')
            if not ok and os.environ.get('VERBOSE'):
                print('FAIL %s: rc %s %s' % (name, rc, err[:200]))
    edir = os.path.join(corpus, 'jsonfeed-schema', 'examples')
    for name in sorted(os.listdir(edir)) if os.path.isdir(edir) else []:
        rc, out, err, crashed = common.run(fm, os.path.join(edir, name))
        crashes += crashed
        feed, entries = common.parse_dump(out) if rc == 0 else ({}, [])
        t.add('jsonfeed-schema examples', 'pass' if rc == 0 and entries else 'fail')
    t.show()
    print('\ncrashes or hangs: %d' % crashes)
    with open(os.environ.get('SUMMARY', os.devnull), 'a') as s:
        s.write('miniflux_charset %d %d\n' % (t.rows.get('encoding', {}).get('pass', 0) +
                                               t.rows.get('xml', {}).get('pass', 0),
                                               t.rows.get('encoding', {}).get('fail', 0) +
                                               t.rows.get('xml', {}).get('fail', 0)))
        s.write('miniflux_crashes %d\n' % crashes)


if __name__ == '__main__':
    main()
