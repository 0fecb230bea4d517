#!/usr/bin/env python3
"""The next version of every feed of a folder, as a site publishes it.

    python3 bench/next-feeds.py K SRC DST

For each RSS or Atom file of SRC (the bench kit's many/ feeds), writes
DST/same-name with K new stories on top and the K oldest gone: the
feed a poller sees when a source has published K stories since its
last poll. A new story is a copy of one of the K newest with a new id
(guid or Atom id), a new link and a new title, so its size and markup
are those of the feed's own stories. Deterministic: the same input
gives the same output. Python 3 stdlib only.
"""
import os
import re
import sys

ITEM = re.compile(r'<(item|entry)>.*?</\1>\n?', re.S)


def renew(item, n):
    """A new story made from item: its ids, links and title changed."""
    item = item.replace('-post-', '-post-next%d-' % n)
    item = re.sub(r'(https?://[^/"<]+/)', r'\1next/', item)
    return re.sub(r'<title([^>]*)>', r'<title\1>Update %d: ' % n, item,
                  count=1)


def next_version(text, k):
    items = list(ITEM.finditer(text))
    if len(items) < k:
        raise ValueError('fewer than %d stories' % k)
    head = text[:items[0].start()]
    tail = text[items[-1].end():]
    old = [m.group(0) for m in items]
    new = [renew(old[i], i) for i in range(k)]
    return head + ''.join(new + old[:len(old) - k]) + tail


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: next-feeds.py K SRC DST')
    k, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(dst, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(src)):
        with open(os.path.join(src, name), encoding='utf-8') as f:
            text = f.read()
        try:
            text = next_version(text, k)
        except ValueError as e:
            sys.exit('%s: %s' % (name, e))
        with open(os.path.join(dst, name), 'w', encoding='utf-8') as f:
            f.write(text)
        n += 1
    print('%d feeds, %d new stories each' % (n, k), file=sys.stderr)


if __name__ == '__main__':
    main()
