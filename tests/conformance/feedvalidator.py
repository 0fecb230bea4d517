#!/usr/bin/python3
"""Robustness and validity over the W3C feed validator's cases
(../shared/corpus/feedvalidator): every file converts or fails with a
clear error, never crashes or hangs; every file the validator calls valid
(an "!Error" expectation) converts, and its RSS, Atom and JSON Feed outputs
pass ../shared/validate's schemas (jing, jsonschema). Table per folder."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def validate(validate_dir, path, fmt):
    if fmt == 'rss':
        cmd = ['jing', '-c', os.path.join(validate_dir, 'rss2-profile.rnc'), path]
    elif fmt == 'atom':
        cmd = ['sh', '-c', 'jing -c "$1" "$2" && sh "$3" "$2"', 'x',
               os.path.join(validate_dir, 'atom.rnc'), path,
               os.path.join(validate_dir, 'atom-rules.sh')]
    else:
        cmd = ['/usr/bin/python3', '-m', 'jsonschema', '-i', path,
               os.path.join(validate_dir, 'jsonfeed-1.1.schema.json')]
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode == 0, (p.stdout + p.stderr).decode('utf-8', 'replace')[:300]


def main():
    corpus = sys.argv[1]
    vdir = os.path.join(os.path.dirname(corpus.rstrip('/')), 'validate')
    fm = common.feedmill_path()
    base = os.path.join(corpus, 'feedvalidator')
    valid_files = set()
    for line in open(os.path.join(base, 'expectations.jsonl')):
        d = json.loads(line)
        if d['negated'] and d['class'] == 'Error':
            valid_files.add(d['file'])
    robust = common.Table('feedvalidator: every file converts or fails cleanly (files)')
    valid = common.Table('feedvalidator: "!Error" files convert to valid RSS, Atom and JSON Feed (outputs)')
    crashes = 0
    tmp = tempfile.mkdtemp()
    # AtomPub service and category documents are valid, but not feeds.
    not_feeds = ('ext/app',)
    for root, _, files in os.walk(os.path.join(base, 'testcases')):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, base)
            group = '/'.join(rel.split('/')[1:3])
            rc, out, err, crashed = common.run(fm, path, timeout=10)
            if crashed:
                crashes += 1
                robust.add(group, 'fail')
                print('CRASH %s: %s' % (rel, err[-300:]))
                continue
            clear = rc == 0 or 'feedmill: error:' in err
            robust.add(group, 'pass' if clear else 'fail')
            if rel not in valid_files:
                continue
            if group in not_feeds:
                valid.add(group, 'na')
                continue
            for fmt, ext in (('rss', 'rss'), ('atom', 'atom'), ('jsonfeed', 'json')):
                o = os.path.join(tmp, 'out.' + ext)
                p = subprocess.run([fm, 'convert', '-q', '-t', fmt, '-o', o, path],
                                   capture_output=True, timeout=10)
                if p.returncode != 0:
                    valid.add(group, 'fail')
                    if os.environ.get('VERBOSE'):
                        print('FAIL %s -> %s: %s' % (rel, fmt, p.stderr.decode()[:200]))
                    continue
                if not os.path.isdir(vdir):
                    valid.add(group, 'na')
                    continue
                ok, msg = validate(vdir, o, fmt)
                valid.add(group, 'pass' if ok else 'fail')
                if not ok and os.environ.get('VERBOSE'):
                    print('INVALID %s -> %s: %s' % (rel, fmt, msg))
    robust.show()
    valid.show()
    print('\ncrashes or hangs: %d' % crashes)
    with open(os.environ.get('SUMMARY', os.devnull), 'a') as s:
        s.write('feedvalidator_crashes %d\n' % crashes)
        s.write('feedvalidator_valid %d %d\n' % (valid.total('pass'), valid.total('fail')))


if __name__ == '__main__':
    main()
