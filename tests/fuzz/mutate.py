#!/usr/bin/python3
"""Malformed-input generator: turns seed files into hostile variants.

usage: mutate.py SEED_DIR OUT_DIR COUNT [RANDOM_SEED]

SEED_DIR holds one folder per fuzz target (tests/fuzz/corpus/TARGET/...);
the reader targets' seeds are mutated and written to OUT_DIR/TARGET/NNNNN
(a fifth of them to OUT_DIR/sniff/, so format detection sees them too).
The same arguments always make the same files. Mutations: truncation,
byte flips, nesting bombs, huge attributes and text, invalid UTF-8,
control characters, BOM and declaration mismatches, billion-laughs and
external-entity payloads, repeated segments, splices of two seeds,
dropped closing tags, extreme numbers and dates.
"""
import os
import random
import sys

READERS = ['rss', 'atom', 'jsonfeed', 'nitf', 'newsml', 'ninjs', 'apjson',
           'html', 'sitemap', 'text']
JSON_TARGETS = ('jsonfeed', 'ninjs', 'apjson')

LAUGHS = (b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaaaaaaaa">'
          + b''.join(b'<!ENTITY %c "%s">' % (c, (b'&%c;' % (c - 1)) * 16)
                     for c in range(ord('b'), ord('k')))
          + b']>')
XXE = (b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">'
       b'<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>')
BAD_UTF8 = [b'\x80', b'\xbf', b'\xc0\xaf', b'\xe0\x80\xaf', b'\xed\xa0\x80',
            b'\xf4\x90\x80\x80', b'\xf8\x88\x80\x80\x80', b'\xfe', b'\xff',
            b'\xc3', b'\xe2\x82', b'\xf0\x9f\x98']
DECLS = [b'UTF-16', b'UTF-32', b'ISO-8859-1', b'Shift_JIS', b'EBCDIC-US',
         b'x-unknown', b'UTF-7', b'koi8-r', b'', b'"><x']
BOMS = [b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff', b'\xff\xfe\x00\x00',
        b'\x00\x00\xfe\xff']


def pos(r, data):
    return r.randrange(len(data) + 1)


def truncate(r, d, t):
    return d[:pos(r, d)]


def flip(r, d, t):
    b = bytearray(d)
    for _ in range(r.randint(1, 16)):
        if b:
            b[r.randrange(len(b))] = r.randrange(256)
    return bytes(b)


def nest(r, d, t):
    n = r.choice([1000, 10000, 100000])
    if t in JSON_TARGETS:
        bomb = (b'{"a":' if r.random() < .5 else b'[') * n
    else:
        bomb = r.choice([b'<div>', b'<b>', b'<a><b>', b'<x:y xmlns:x="u">',
                         b'<table><tr><td>', b'<i>']) * (n // 4 + 1)
    p = pos(r, d)
    return d[:p] + bomb + d[p:]


def huge(r, d, t):
    n = r.choice([65536, 200000])
    if t in JSON_TARGETS:
        blob = b'"' + b'x' * n + b'"'
        p = d.find(b'"')
        return d if p < 0 else d[:p] + blob + b',' + d[p:]
    p = d.find(b'<', 1)
    q = d.find(b'>', p) if p >= 0 else -1
    if q < 0:
        return d + b'x' * n
    attrs = b''.join(b' a%d="%s"' % (i, b'y' * (n // 64))
                     for i in range(r.choice([1, 64])))
    return d[:q] + attrs + d[q:]


def bad_utf8(r, d, t):
    for _ in range(r.randint(1, 32)):
        p = pos(r, d)
        d = d[:p] + r.choice(BAD_UTF8) + d[p:]
    return d


def control(r, d, t):
    for _ in range(r.randint(1, 32)):
        p = pos(r, d)
        d = d[:p] + bytes([r.choice(list(range(0, 32)) + [127])]) + d[p:]
    return d


def bom_decl(r, d, t):
    if d.startswith(b'<?xml') and r.random() < .6:
        e = d.find(b'?>')
        return (b'<?xml version="1.0" encoding="' + r.choice(DECLS) + b'"'
                + (d[e:] if e > 0 else d))
    return r.choice(BOMS) + d


def entities(r, d, t):
    payload = r.choice([LAUGHS, XXE])
    ref = b'&' + r.choice([b'j', b'x', b'a', b'nbsp', b'undefined']) + b';'
    if d.startswith(b'<?xml'):
        e = d.find(b'?>') + 2
        head, body = d[:e], d[e:]
    else:
        head, body = b'', d
    p = body.find(b'>', body.find(b'<title') if b'<title' in body else 0)
    if p >= 0:
        body = body[:p + 1] + ref * r.randint(1, 8) + body[p + 1:]
    return head + payload + body


def repeat(r, d, t):
    if len(d) < 2:
        return d * 1000
    a = r.randrange(len(d) - 1)
    b = min(len(d), a + r.randint(1, 400))
    return d[:b] + d[a:b] * r.choice([100, 1000, 5000]) + d[b:]


def drop_close(r, d, t):
    out, i = bytearray(), 0
    while True:
        j = d.find(b'</', i)
        if j < 0:
            out += d[i:]
            return bytes(out)
        k = d.find(b'>', j)
        out += d[i:j]
        if r.random() < .5 or k < 0:
            out += d[j:k + 1] if k >= 0 else d[j:]
        i = k + 1 if k >= 0 else len(d)


def extremes(r, d, t):
    vals = [b'99999999999999999999', b'-1', b'0', b'1e308', b'NaN',
            b'9999-99-99T99:99:99Z', b'Thu, 32 Foo 1899 25:61:61 +9999',
            b'0000-00-00', b'2038-01-19T03:14:08Z', b'-2147483649']
    b = bytearray(d)
    digits = [i for i, c in enumerate(b) if 48 <= c <= 57]
    for _ in range(r.randint(1, 8)):
        if not digits:
            break
        i = r.choice(digits)
        v = r.choice(vals)
        b[i:i + 1] = v
        digits = [j for j in digits if j < i]
    return bytes(b)


MUTATIONS = [truncate, flip, nest, huge, bad_utf8, control, bom_decl,
             entities, repeat, drop_close, extremes]


def main():
    seed_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    r = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
    seeds = []
    for t in READERS:
        d = os.path.join(seed_dir, t)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f), 'rb') as fp:
                seeds.append((t, fp.read()))
    if not seeds:
        sys.exit('mutate.py: no seeds under ' + seed_dir)
    for i in range(count):
        t, d = r.choice(seeds)
        for m in r.sample(MUTATIONS, r.choice([1, 1, 1, 2, 3])):
            if m is truncate and r.random() < .3:
                d = d + r.choice(seeds)[1][pos(r, d) % 4096:]  # splice
            d = m(r, d, t)
        d = d[:1 << 20]
        target = 'sniff' if r.random() < .2 else t
        os.makedirs(os.path.join(out_dir, target), exist_ok=True)
        with open(os.path.join(out_dir, target, '%05d' % i), 'wb') as fp:
            fp.write(d)


if __name__ == '__main__':
    main()
