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


def validate_batch(vdir, files, fmt):
    """Validate many outputs of one format at once (one JVM for jing).
    Returns {path: error text} for the files that fail."""
    bad = {}
    if not files:
        return bad
    if fmt in ('rss', 'atom'):
        schema = os.path.join(vdir, 'rss2-profile.rnc' if fmt == 'rss' else 'atom.rnc')
        p = subprocess.run(['jing', '-c', schema] + files, capture_output=True)
        for line in (p.stdout + p.stderr).decode('utf-8', 'replace').splitlines():
            path = line.split(':', 1)[0]
            if path in files:
                bad.setdefault(path, line[:300])
        if fmt == 'atom':
            for f in files:
                r = subprocess.run(['sh', os.path.join(vdir, 'atom-rules.sh'), f],
                                   capture_output=True)
                if r.returncode != 0:
                    bad.setdefault(f, r.stdout.decode()[:300])
        return bad
    import jsonschema
    schema = json.load(open(os.path.join(vdir, 'jsonfeed-1.1.schema.json')))
    v = jsonschema.Draft7Validator(schema)
    for f in files:
        errs = [e.message for e in v.iter_errors(json.load(open(f)))]
        if errs:
            bad[f] = errs[0][:300]
    return bad


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
    outputs = []
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
                o = os.path.join(tmp, '%d.%s' % (len(outputs), ext))
                p = subprocess.run([fm, 'convert', '-q', '-t', fmt, '-o', o, path],
                                   capture_output=True, timeout=10)
                if p.returncode != 0:
                    valid.add(group, 'fail')
                    if os.environ.get('VERBOSE'):
                        print('FAIL %s -> %s: %s' % (rel, fmt, p.stderr.decode()[:200]))
                    continue
                outputs.append((o, fmt, group, rel))
    have = os.path.isdir(vdir) and subprocess.run(['sh', '-c', 'command -v jing'],
                                                  capture_output=True).returncode == 0
    bad = {}
    for fmt in ('rss', 'atom', 'jsonfeed'):
        if have:
            bad.update(validate_batch(vdir, [o for o, f, g, r in outputs if f == fmt], fmt))
    for o, fmt, group, rel in outputs:
        if not have:
            valid.add(group, 'na')
        elif o in bad:
            valid.add(group, 'fail')
            if os.environ.get('VERBOSE'):
                print('INVALID %s -> %s: %s' % (rel, fmt, bad[o]))
        else:
            valid.add(group, 'pass')
    robust.show()
    valid.show()
    print('\ncrashes or hangs: %d' % crashes)
    with open(os.environ.get('SUMMARY', os.devnull), 'a') as s:
        s.write('feedvalidator_crashes %d\n' % crashes)
        s.write('feedvalidator_valid %d %d\n' % (valid.total('pass'), valid.total('fail')))


if __name__ == '__main__':
    main()
