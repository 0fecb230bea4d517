#!/usr/bin/python3
"""Conformance against feedparser's test suite (../shared/corpus/feedparser):
the mechanical checks of expectations.jsonl, mapped onto feedmill's model
through its dump. Prints passed / failed / not applicable per folder, and
the core-field subset on its own line. Exit 0 always (a report, not a
gate); tests/conformance/run.sh turns targets into TAP.

Mapping (feedparser name -> feedmill model):
  feed.title/subtitle(tagline, description)/link(home_url)/id/language/
  rights(copyright)/generator/author(_detail)/authors/tags/image.href(logo)/
  updated_parsed/published_parsed;
  entries[i].title/link(url)/id(guid)/summary(description)/content[0].value/
  author(_detail)/authors/tags(categories, then keywords)/enclosures/
  comments/published_parsed/updated_parsed (else published)/language.
  An entry's summary/description matches either our plain-text summary or
  our sanitized content_html (feedparser keeps HTML in summary; we keep a
  plain summary and the HTML as content). Titles, subtitles, rights and
  summaries match as text: feedparser keeps (escaped) markup in them, we
  keep their text, so ours must equal the text of feedparser's value
  (tags removed, references decoded). HTML values match
  when the visible text is the same and ours keeps no element or
  attribute that feedparser's sanitizer dropped (our allowlist is
  stricter and drops empty elements, so byte equality is not the test).
Not applicable (our model has no such field, with the reason):"""
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

NOT_APPLICABLE = {
    'encoding': 'the detected charset is not part of the model (text is always UTF-8)',
    'namespaces': 'namespace prefixes are a parser detail',
    'headers': 'HTTP headers of the test server',
    'source': 'atom:source is skipped (an entry keeps its own fields)',
    'info': 'Atom 0.3 <info> is not kept',
    'contributors': 'contributors are not kept (only authors)',
    'where': 'GeoRSS is not read',
    'publisher': 'dc:publisher is not kept',
    'publisher_detail': 'dc:publisher is not kept',
    'cloud': 'rssCloud is not kept', 'textinput': 'textInput is not kept',
    'docs': 'RSS docs is not kept', 'ttl': 'checked as feed.ttl only',
    'license': 'license links are not kept',
    'expired': 'not kept', 'xhtml_script': 'not kept',
    'psc_chapters': 'Podlove chapters are not read',
    'src': 'out-of-line content (content src) becomes the story URL or a related link',
    'media_credit': 'media:credit at item level maps to credit (not compared)',
    'media_thumbnail': 'thumbnails become images (not compared)',
    'media_content': 'media:content becomes images/enclosures (not compared)',
    'media_player': 'not kept', 'media_rating': 'not kept',
    'media_restriction': 'not kept', 'media_license': 'not kept',
    'thr_in-reply-to': 'threading (thr) is not read', 'thr_total': 'not read',
    'feedburner_browserfriendly': 'not kept', 'sy_updatefrequency': 'not kept',
    'geo_lat': 'not read', 'geo_long': 'not read', 'georss_point': 'not read',
}
# Folders whose format we do not read at all.
NA_GROUPS = {'wellformed/cdf': 'CDF (Microsoft Channel Definition Format) is not read'}
# Checks that depend on content our sanitizer drops on purpose: the
# expected value (or the input) shows it, with the reason.
NA_CONTENT = [
    (re.compile(r'<(svg|math)[\s>]'), 'inline SVG and MathML: our allowlist drops them '
     '(feedparser keeps a filtered subset)'),
]
# Inputs whose checks do not apply, wherever they sit, with the reason.
NA_INPUT = [
    (re.compile(rb'\A(<!--.*?-->\s*)?<CHANNEL[\s>]', re.S), 'CDF is not read'),
    # (escaped HTML: "/>" does not close an iframe; inline XHTML: it does)
    (re.compile(rb'<iframe[^>]*(?<!/)>(?!\s*</iframe)|&lt;iframe[^>]*>(?!\s*&lt;/iframe)'),
     'text inside an <iframe> is raw text in HTML5, never shown; '
     'feedparser reads it as markup'),
    (re.compile(rb'(<|&lt;)html[\s>]'),
     'a whole HTML document as a field: HTML5 keeps its body; feedparser also '
     'keeps the <title> of its head and the text of its scripts'),
]
# Sub-keys of *_detail that the model has no place for.
NA_DETAIL = {'language': 'xml:lang per element: the model keeps one language per story and per feed',
             'base': 'xml:base per element: URLs are resolved, the base is not kept',
             'type': 'the content type per element: HTML is sanitized, text is text'}
# Prefixes of fields we do not keep (itunes_* beyond the basics).
NA_PREFIX = ('itunes_', 'media_', 'psc_', 'dc_', 'dcterms_', 'geo', 'gml_')
CORE = {'bozo', 'encoding', 'version', 'title', 'link', 'links', 'id',
        'updated', 'published', 'updated_parsed', 'published_parsed',
        'author', 'authors', 'summary', 'description', 'content', 'subtitle',
        'rights', 'language', 'tags', 'enclosures', 'title_detail',
        'summary_detail', 'content_detail', 'subtitle_detail',
        'rights_detail', 'author_detail', 'guid', 'modified', 'issued',
        'date', 'date_parsed', 'modified_parsed', 'issued_parsed', 'tagline',
        'tagline_detail', 'copyright', 'copyright_detail', 'category',
        'channel', 'items', 'entries', 'feed', 'description_detail'}
ALIAS = {'channel': 'feed', 'items': 'entries', 'guid': 'id',
         'modified': 'updated', 'date': 'updated', 'issued': 'published',
         'copyright': 'rights', 'tagline': 'subtitle', 'url': 'href',
         'modified_parsed': 'updated_parsed', 'date_parsed': 'updated_parsed',
         'issued_parsed': 'published_parsed', 'copyright_detail': 'rights_detail',
         'tagline_detail': 'subtitle_detail'}
class Any(list):
    """A value that matches any of several representations."""


# feedparser tells Netscape's RSS 0.91 from UserLand's by the DOCTYPE,
# which we do not read: either code matches our 0.91.
VERSIONS = {('rss', '0.90'): 'rss090', ('rss', '0.91'): Any(['rss091u', 'rss091n']),
            ('rss', '0.92'): 'rss092', ('rss', '0.93'): 'rss093',
            ('rss', '0.94'): 'rss094', ('rss', '1.0'): 'rss10',
            ('rss', '2.0'): 'rss20', ('atom', '1.0'): 'atom10',
            ('atom', '0.1'): 'atom01', ('atom', '0.2'): 'atom02', ('atom', '0.3'): 'atom03', ('jsonfeed', '1.0'): 'json1',
            ('jsonfeed', '1.1'): 'json11', ('rss', None): 'rss'}


class Text(str):
    """A plain-text field of ours (title, summary...): it matches the text
    of feedparser's value, whatever markup that keeps."""


def text(v):
    return Text(v) if v is not None else None


def text_of(h):
    if h is None:
        return None
    t = re.sub(r'<[^>]*>', '', h)
    return re.sub(r'\s+', ' ', html.unescape(t)).strip()


def markup(h):
    """The element and attribute names used in h."""
    tags = set(t.lower() for t in re.findall(r'<([A-Za-z][A-Za-z0-9]*)', h or ''))
    attrs = set(a.lower() for a in re.findall(r'\s([A-Za-z_:][-A-Za-z0-9_:.]*)=', h or ''))
    return tags, attrs


def safe_equiv(got, want):
    """Same visible text, and no markup feedparser would not keep."""
    if text_of(got or '') != text_of(want):
        return False
    gt, ga = markup(got)
    wt, wa = markup(want)
    return gt <= wt and ga <= wa


def person(p):
    return {'name': p.get('name'), 'email': p.get('email'), 'href': p.get('url')}


def display(p):
    """feedparser's author string: "Name (email)", or whichever exists."""
    if p['name'] and p['email']:
        return '%s (%s)' % (p['name'], p['email'])
    return p['name'] or p['email']


def view(feed, entries, bozo):
    F = {'title': text(feed.get('title')), 'subtitle': text(feed.get('subtitle')),
         'link': feed.get('home_url'), 'id': feed.get('id'),
         'language': feed.get('language'), 'rights': text(feed.get('copyright')),
         'generator': feed.get('generator'),
         # FeedParserDict: updated falls back to published ("issue 310")
         'updated_parsed': common.to_tuple(feed.get('updated') or feed.get('published')),
         'published_parsed': common.to_tuple(feed.get('published')),
         'image': {'href': feed.get('logo')}, 'ttl': feed.get('ttl')}
    F['title_detail'] = {'value': F['title'], 'language': feed.get('language')}
    F['subtitle_detail'] = {'value': F['subtitle'], 'language': feed.get('language')}
    F['rights_detail'] = {'value': F['rights'], 'language': feed.get('language')}
    F['description'] = F['subtitle']
    authors = [person(p) for p in common.listof(feed, 'author', ['name', 'email', 'url'])]
    F['authors'] = authors
    F['author'] = display(authors[0]) if authors else None
    F['author_detail'] = authors[0] if authors else None
    F['tags'] = common.listof(feed, 'category', ['term', 'scheme', 'label'])
    F['category'] = F['tags'][0]['term'] if F['tags'] else None
    E = []
    for a in entries:
        summ = Any([text(a.get('summary')), a.get('content_html'), a.get('content_text')])
        title = Any([text(a.get('title'))])
        e = {'title': title, 'link': a.get('url'), 'id': a.get('id'),
             'summary': summ, 'description': summ,
             'comments': a.get('comments_url'), 'language': a.get('language'),
             'rights': text(a.get('copyright')),
             # feedparser's entries[i].updated falls back to published
             # (FeedParserDict, "issue 310"); so does the view.
             'updated_parsed': common.to_tuple(a.get('updated') or a.get('published')),
             'published_parsed': common.to_tuple(a.get('published'))}
        e['title_detail'] = {'value': title, 'language': a.get('language')}
        e['summary_detail'] = {'value': summ, 'language': a.get('language')}
        e['rights_detail'] = {'value': e['rights'], 'language': a.get('language')}
        body = a.get('content_html') or a.get('content_text')
        e['content'] = [{'value': Any([body, text(a.get('summary'))]),
                         'language': a.get('language')}] if body else []
        authors = [person(p) for p in common.listof(a, 'author', ['name', 'email', 'url'])]
        e['authors'] = authors
        e['author'] = display(authors[0]) if authors else None
        e['author_detail'] = authors[0] if authors else None
        # feedparser's tags are categories and keywords (iTunes, Media RSS)
        e['tags'] = common.listof(a, 'category', ['term', 'scheme', 'label']) + \
            [{'term': v, 'scheme': None, 'label': None}
             for k, v in a.items() if k.startswith('keyword[')]
        e['category'] = e['tags'][0]['term'] if e['tags'] else None
        e['enclosures'] = [{'href': x['url'], 'type': x['type'],
                            'length': x['length']}
                           for x in common.listof(a, 'enclosure', ['url', 'type', 'length'])]
        E.append(e)
    ver = VERSIONS.get((feed.get('format'), feed.get('version')), '')
    return {'feed': F, 'entries': E, 'bozo': bozo, 'version': ver}


class NA(Exception):
    pass


def resolve(v, path):
    cur = v
    for i, p in enumerate(path):
        if isinstance(p, str):
            p = ALIAS.get(p, p)
            if i == 1 and path[0] in ('entries', 'items') and p == 'subtitle':
                p = 'summary'
        if isinstance(p, int):
            if not isinstance(cur, list):
                raise NA()
            if p >= len(cur):
                for q in path[i + 1:]:
                    if isinstance(q, str) and (q in NOT_APPLICABLE or q.startswith(NA_PREFIX)):
                        raise NA()
                return None
            cur = cur[p]
            continue
        if p in NOT_APPLICABLE or (isinstance(p, str) and p.startswith(NA_PREFIX)):
            raise NA()
        if p in NA_DETAIL and i > 0 and (str(path[i - 1]).endswith('_detail') or
                                         isinstance(path[i - 1], int)):
            raise NA()
        if cur is None:
            return None
        if not isinstance(cur, dict) or p not in cur:
            raise NA()
        cur = cur[p]
    return cur


def same(got, want):
    if isinstance(got, Any):
        return any(same(g, want) for g in got)
    if isinstance(want, list) and isinstance(got, tuple):
        return list(got) == want
    if isinstance(got, Text) and isinstance(want, str):
        return got == want or ' '.join(got.split()) == text_of(want)
    if isinstance(want, str) and (isinstance(got, str) or got is None):
        return got == want or safe_equiv(got, want)
    if isinstance(want, int) and isinstance(got, str) and got.isdigit():
        return int(got) == want
    return got == want


def truthy(v):
    if isinstance(v, Any):
        return any(truthy(x) for x in v)
    return bool(v)


def check(v, c):
    got = resolve(v, c['path'])
    op, want = c['op'], c.get('value')
    if isinstance(want, str) and any(r.search(want) for r, _ in NA_CONTENT):
        raise NA()
    if op == 'eq':
        return same(got, want)
    if op == 'ne':
        return not same(got, want)
    if op == 'truthy':
        return truthy(got)
    if op == 'falsy':
        return not truthy(got)
    if op == 'is_none':
        return got is None
    if op == 'len_eq':
        return got is not None and len(got) == want
    if op == 'contains':
        if isinstance(got, Any):
            return any(g is not None and want in g for g in got)
        return got is not None and want in got
    raise NA()


def key_of(c):
    """The field a check is about (the parent of a sub-key)."""
    key = [p for p in c['path'] if isinstance(p, str)]
    return key[-1] if key[-1] not in ('value', 'href', 'name', 'email', 'term', 'scheme', 'label', 'type', 'length', 'language', 'base') or len(key) == 1 else key[-2]


def group_of(f):
    parts = f.split('/')
    return parts[0] + ('/' + parts[1] if parts[0] == 'wellformed' else '')


def main():
    corpus = sys.argv[1]
    fm = common.feedmill_path()
    table = common.Table('feedparser expectations (files; a file passes when all its applicable checks pass)')
    core = common.Table('feedparser core-field subset')
    crashes = 0
    fails = []
    for line in open(os.path.join(corpus, 'feedparser', 'expectations.jsonl')):
        d = json.loads(line)
        f = d['file']
        g = group_of(f)
        if d['checks'] is None or g in NA_GROUPS:
            table.add(g, 'na')
            continue
        with open(os.path.join(corpus, 'feedparser', f), 'rb') as fh:
            raw = fh.read()
        na = [why for r, why in NA_INPUT if r.search(raw)]
        if na:
            table.add(g, 'na')
            if all(key_of(c) in CORE for c in d['checks']):
                core.add('core (' + g.split('/')[0] + ')', 'na')
            if os.environ.get('VERBOSE'):
                print('N/A %s: %s' % (f, na[0]))
            continue
        # Files under http*/ are served by feedparser's harness from this
        # address with their Header: lines; we pass the same facts as
        # options: the document URL (or Content-Location) as the base.
        args = []
        if 'http' in f:
            base = 'http://127.0.0.1:8097/' + f
            hdrs = d.get('http_headers') or [['Content-type', 'text/xml']]
            for k, val in hdrs:
                if k.lower() == 'content-type':
                    args.append('--content-type=' + val)
                if k.lower() == 'content-location':
                    from urllib.parse import urljoin
                    loc = urljoin(base, val)
                    if loc.startswith(('http://', 'https://')):
                        base = loc
            args.append('--base-url=' + base)
        rc, out, err, crashed = common.run(fm, os.path.join(corpus, 'feedparser', f), args)
        if crashed:
            crashes += 1
        bozo = rc != 0 or 'ill-formed' in err or 'not valid' in err or 'unknown charset' in err
        feed, entries = common.parse_dump(out) if rc == 0 else ({}, [])
        v = view(feed, entries, bozo)
        result, applicable, iscore = 'na', 0, True
        for c in d['checks']:
            if key_of(c) not in CORE:
                iscore = False
            try:
                ok = check(v, c)
            except NA:
                continue
            applicable += 1
            if not ok:
                result = 'fail'
                fails.append((f, c, d['description']))
                break
        if applicable and result != 'fail':
            result = 'pass'
        table.add(g, result)
        if iscore:
            core.add('core (' + g.split('/')[0] + ')', result)
    table.show()
    core.show()
    print('\nnot applicable:')
    for k, why in sorted(list(NA_GROUPS.items()) + list(NOT_APPLICABLE.items())):
        print('  %s: %s' % (k, why))
    for k, why in sorted(NA_DETAIL.items()):
        print('  *_detail.%s: %s' % (k, why))
    for r, why in NA_CONTENT + NA_INPUT:
        print('  /%s/: %s' % (r.pattern if isinstance(r.pattern, str) else r.pattern.decode(), why))
    print('\ncrashes or hangs: %d' % crashes)
    if os.environ.get('VERBOSE'):
        for f, c, desc in fails:
            print('FAIL %s: %s %s' % (f, desc, json.dumps(c, ensure_ascii=False)))
    with open(os.environ.get('SUMMARY', os.devnull), 'w') as s:
        s.write('feedparser_core %d %d\n' % (core.total('pass'), core.total('fail')))
        s.write('feedparser_all %d %d\n' % (table.total('pass'), table.total('fail')))
        s.write('feedparser_crashes %d\n' % crashes)


if __name__ == '__main__':
    main()
