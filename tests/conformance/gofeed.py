#!/usr/bin/python3
"""Conformance against gofeed's translator cases (../shared/corpus/gofeed):
each input's expected universal model (NAME.json or NAME_expected.json) is
compared field by field with feedmill's model (its dump). Only keys
present in the expected JSON count (gofeed leaves empty fields out), and
each counts once: a field matches or it does not. Also the universal
format-detection cases. Prints a table per folder."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# gofeed keys with no counterpart in our model, and why.
NOT_APPLICABLE = {
    'extensions': 'raw extension trees are not kept (the mapped extensions are)',
    'dcExt': 'raw Dublin Core values (mapped into the model instead)',
    'itunesExt': 'raw iTunes values (mapped into the model instead)',
    'custom': 'unknown elements are not kept',
    'feedType': 'compared as our feed.format',
    'feedVersion': 'compared as our feed.version',
    'updated': 'the raw date string; updatedParsed is compared',
    'published': 'the raw date string; publishedParsed is compared',
}


def norm_text(v):
    return re.sub(r'\s+', ' ', v or '').strip() or None


def our(feed, entries):
    def people(d, fmt_feed):
        ps = common.listof(d, 'author', ['name', 'email', 'url'])
        return [{k: v for k, v in (('name', p['name']), ('email', p['email']), ('url', p['url'])) if v}
                for p in ps]
    F = {'title': feed.get('title'), 'description': feed.get('subtitle'),
         'link': feed.get('home_url'), 'feedLink': feed.get('self_url'),
         'language': feed.get('language'), 'copyright': feed.get('copyright'),
         'generator': feed.get('generator'),
         'updatedParsed': feed.get('updated'), 'publishedParsed': feed.get('published'),
         'image': {'url': feed.get('logo') or feed.get('icon')}
         if feed.get('logo') or feed.get('icon') else None,
         'categories': [c['term'] for c in common.listof(feed, 'category', ['term'])],
         'authors': people(feed, True)}
    F['author'] = F['authors'][0] if F['authors'] else None
    items = []
    for a in entries:
        imgs = common.listof(a, 'image', ['url', 'lead'])
        lead = next((i['url'] for i in imgs if i['lead']), imgs[0]['url'] if imgs else None)
        it = {'title': a.get('title'), 'description': [a.get('summary'), a.get('content_html'), a.get('content_text')],
              'content': [a.get('content_html'), a.get('content_text'), a.get('summary')],
              'link': a.get('url'), 'guid': a.get('id'),
              'updatedParsed': a.get('updated'), 'publishedParsed': a.get('published'),
              'authors': people(a, False),
              'categories': [c['term'] for c in common.listof(a, 'category', ['term'])] +
              [v for k, v in a.items() if k.startswith('keyword[')],
              'image': {'url': lead} if lead else None,
              'enclosures': [{k: v for k, v in (('url', e['url']), ('type', e['type']), ('length', e['length'])) if v}
                             for e in common.listof(a, 'enclosure', ['url', 'type', 'length'])]}
        it['author'] = it['authors'][0] if it['authors'] else None
        items.append(it)
    F['items'] = items
    return F


def instant(v):
    t = common.to_tuple(v) if v and len(v) >= 19 and v[4] == '-' else None
    return t[:6] if t else None


def match(got, want, key):
    if key == 'language' and isinstance(got, str) and isinstance(want, str):
        return got.lower() == want.lower()	# BCP 47 tags are case-insensitive
    if key == 'categories' and isinstance(got, list) and isinstance(want, list):
        return set(want) <= set(got)
    if key in ('image', 'author') and isinstance(want, dict) and isinstance(got, dict):
        got = {k: v for k, v in got.items() if k in want}
        want = {k: v for k, v in want.items() if k not in ('title', 'avatar')}
    if key == 'authors' and isinstance(want, list):
        want = [{k: v for k, v in w.items() if k != 'avatar'} for w in want]
        if isinstance(got, list):
            got = [{k: v for k, v in g.items() if k in w} for g, w in zip(got, want)]
    if key in ('updatedParsed', 'publishedParsed'):
        if got is None:
            return False
        w = re.sub(r'\.\d+', '', want).replace('Z', '+00:00')
        return instant(got) == instant(w) if len(w) >= 25 else instant(got) == instant(w[:19] + 'Z')
    if isinstance(got, list) and key in ('description', 'content'):
        return any(match(g, want, '') for g in got if g is not None)
    if isinstance(want, str):
        if got is None:
            return False
        if isinstance(got, str):
            return got == want or norm_text(got) == norm_text(want) or \
                norm_text(re.sub(r'<[^>]*>', '', got)) == norm_text(re.sub(r'<[^>]*>', '', want))
        return False
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return False
        return all(match(got.get(k), v, k) for k, v in want.items())
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) < len(want):
            return False
        return all(match(g, w, key) for g, w in zip(got, want))
    return got == want


def compare(table, group, ours, exp, prefix='', name=''):
    for k, want in exp.items():
        if k in NOT_APPLICABLE:
            table.add(group, 'na')
            continue
        if k == 'items':
            for i, item in enumerate(want):
                got = ours['items'][i] if i < len(ours['items']) else {}
                compare(table, group, got, item, 'items.', name)
            continue
        if k not in ours:
            table.add(group, 'na')
            continue
        ok = match(ours.get(k), want, k)
        table.add(group, 'pass' if ok else 'fail')
        if not ok and os.environ.get('VERBOSE'):
            print('FAIL %s/%s %s%s: want %r got %r' % (group, name, prefix, k, want, ours.get(k)))


def main():
    corpus = sys.argv[1]
    fm = common.feedmill_path()
    base = os.path.join(corpus, 'gofeed', 'testdata')
    table = common.Table('gofeed translator cases (fields)')
    crashes = 0
    for fmt in ('rss', 'atom', 'json'):
        d = os.path.join(base, 'translator', fmt)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith('_expected.json') or (fmt != 'json' and name.endswith('.json')):
                continue
            stem = name.rsplit('.', 1)[0]
            exp = os.path.join(d, stem + ('_expected.json' if fmt == 'json' else '.json'))
            if not os.path.exists(exp):
                continue
            rc, out, err, crashed = common.run(fm, os.path.join(d, name))
            crashes += crashed
            feed, entries = common.parse_dump(out) if rc == 0 else ({}, [])
            compare(table, 'translator/' + fmt, our(feed, entries), json.load(open(exp)),
                    name=name)
    # Format detection: the expected type is in the file name.
    det = common.Table('gofeed universal cases (format detection)')
    ud = os.path.join(base, 'parser', 'universal')
    for name in sorted(os.listdir(ud)) if os.path.isdir(ud) else []:
        want = 'rss' if name.startswith('rss') else 'atom' if name.startswith('atom') else \
            'jsonfeed' if name.startswith('json') else \
            None if name.startswith(('unknown', 'invalid', 'empty')) else '?'
        if want == '?':
            det.add('universal', 'na')	# the name does not say the type
            continue
        rc, out, err, crashed = common.run(fm, os.path.join(ud, name))
        crashes += crashed
        feed, _ = common.parse_dump(out) if rc == 0 else ({}, [])
        got = feed.get('format') if rc == 0 else None
        if want is None:
            ok = got not in ('rss', 'atom', 'jsonfeed')
        else:
            ok = got == want
        det.add('universal', 'pass' if ok else 'fail')
        if not ok and os.environ.get('VERBOSE'):
            print('FAIL universal %s: got %s' % (name, got))
    table.show()
    det.show()
    print('\ncrashes or hangs: %d' % crashes)
    print('not applicable: ' + '; '.join('%s: %s' % kv for kv in sorted(NOT_APPLICABLE.items())))
    with open(os.environ.get('SUMMARY', os.devnull), 'a') as s:
        s.write('gofeed_fields %d %d\n' % (table.total('pass'), table.total('fail')))
        s.write('gofeed_crashes %d\n' % crashes)


if __name__ == '__main__':
    main()
