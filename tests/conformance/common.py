"""Shared pieces of the conformance harness: run feedmill, read its
dump (feed-dump(5)) back into dicts, and print per-folder tables."""
import calendar
import collections
import os
import subprocess


def run(feedmill, path, args=(), timeout=20):
    """Convert path to a dump; return (rc, dump text, stderr, crashed)."""
    try:
        p = subprocess.run([feedmill, 'convert', '-t', 'dump'] + list(args) +
                           [path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, '', 'timeout', True
    crashed = p.returncode < 0 or p.returncode > 2 or \
        b'Sanitizer' in p.stderr or b'runtime error' in p.stderr
    return (p.returncode, p.stdout.decode('utf-8', 'replace'),
            p.stderr.decode('utf-8', 'replace'), crashed)


def unescape(v):
    out, i = [], 0
    while i < len(v):
        c = v[i]
        if c == '\\' and i + 1 < len(v):
            n = v[i + 1]
            out.append({'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def parse_dump(text):
    """Return (feed, entries): flat dicts key -> value (lists expanded
    by their index keys, as in the dump)."""
    blocks = text.split('\n\n')
    dicts = []
    for b in blocks:
        d = collections.OrderedDict()
        for line in b.split('\n'):
            if '\t' not in line:
                continue
            k, v = line.split('\t', 1)
            d[k] = unescape(v)
        dicts.append(d)
    feed = {k[5:]: v for k, v in dicts[0].items() if k.startswith('feed.')} \
        if dicts else {}
    return feed, dicts[1:]


def listof(d, name, fields):
    """author[0].name ... -> [{'name': ...}, ...]"""
    out = []
    i = 0
    while True:
        item = {f: d.get('%s[%d].%s' % (name, i, f)) for f in fields}
        if all(v is None for v in item.values()):
            return out
        out.append(item)
        i += 1


def to_tuple(rfc3339):
    """'2003-12-31T10:14:55Z' or with an offset -> UTC struct_time 9-tuple."""
    if not rfc3339:
        return None
    s = rfc3339
    y, mo, d = int(s[0:4]), int(s[5:7]), int(s[8:10])
    hh, mi, ss = int(s[11:13]), int(s[14:16]), int(s[17:19])
    off = 0
    if len(s) > 19 and s[19] in '+-':
        off = (int(s[20:22]) * 60 + int(s[23:25])) * (1 if s[19] == '+' else -1)
    t = calendar.timegm((y, mo, d, hh, mi, ss, 0, 0, 0)) - off * 60
    import time
    g = time.gmtime(t)
    return (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec,
            g.tm_wday, g.tm_yday, 0)


class Table:
    """passed / failed / not applicable per group."""

    def __init__(self, title):
        self.title = title
        self.rows = collections.OrderedDict()

    def add(self, group, result):
        r = self.rows.setdefault(group, collections.Counter())
        r[result] += 1

    def total(self, result):
        return sum(r[result] for r in self.rows.values())

    def show(self):
        print('\n%s' % self.title)
        print('| %-40s | %6s | %6s | %6s | %7s |' % ('group', 'passed', 'failed', 'n/a', 'pass %'))
        print('|%s|%s|%s|%s|%s|' % ('-' * 42, '-' * 8, '-' * 8, '-' * 8, '-' * 9))
        for g in sorted(self.rows):
            r = self.rows[g]
            app = r['pass'] + r['fail']
            pct = 100.0 * r['pass'] / app if app else 0.0
            print('| %-40s | %6d | %6d | %6d | %6.1f%% |' % (g, r['pass'], r['fail'], r['na'], pct))
        p, f, n = self.total('pass'), self.total('fail'), self.total('na')
        pct = 100.0 * p / (p + f) if p + f else 0.0
        print('| %-40s | %6d | %6d | %6d | %6.1f%% |' % ('all', p, f, n, pct))


def feedmill_path():
    b = os.environ.get('top_builddir', '.')
    return os.path.join(os.path.abspath(b), 'feedmill')
