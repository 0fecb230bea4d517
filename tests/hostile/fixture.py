#!/usr/bin/python3
"""Hostile sources for the service (tests/hostile/run.sh): N feeds at
/s/K, whose behaviour in each round is drawn from a seeded generator so
the checker can compute what each channel must hold. Run inside a
private network namespace (it listens on every address, so each source
can have its own loopback host 127.0.x.y).

usage: fixture.py N ROUND_FILE      (prints the port, serves until killed)

Per round (read from ROUND_FILE), 30 % of sources misbehave:
  unreadable: 500, slow (one byte a second), endless body, gzip bomb,
              redirect loop, huge headers, garbage with an image type
  readable:   invalid UTF-8 in the text, a feed sent as image/png
The rest answer a feed of their newest five stories, one new each round.
"""
import gzip
import http.server
import socketserver
import sys
import threading
import time

FAILING = ['500', 'slow', 'endless', 'bomb', 'loop', 'headers', 'garbage']
READABLE_ODD = ['badutf8', 'wrongtype']
BOMB = gzip.compress(b'\0' * (64 << 20), 9)


def mix(*v):
    h = 2166136261
    for x in v:
        for b in str(x).encode():
            h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def behaviour(k, r):
    """What source k does in round r (the checker imports this)."""
    if mix('fail', k, r) % 100 < 30:
        kinds = FAILING + READABLE_ODD
        return kinds[mix('kind', k, r) % len(kinds)]
    return 'ok'


def readable(b):
    return b == 'ok' or b in READABLE_ODD


def items(k, r):
    return ['%d-%d' % (k, i) for i in range(max(1, r - 4), r + 1)]


def feed(k, r, bad=False):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
           '<channel><title>Source %d</title><link>https://s%d.example/'
           '</link><description>d</description>' % (k, k)]
    for i in reversed(range(max(1, r - 4), r + 1)):
        out.append('<item><title>Source %d story %d</title><link>https://'
                   's%d.example/%d</link><guid isPermaLink="false">%d-%d'
                   '</guid><description>Text%s</description><pubDate>'
                   'Sat, 28 Nov 2026 %02d:00:00 +0000</pubDate></item>'
                   % (k, i, k, i, k, i, '@BAD@' if bad else '', i % 24))
    out.append('</channel></rss>\n')
    body = ''.join(out).encode()
    return body.replace(b'@BAD@', b' \xff\xfe\xc3( \xed\xa0\x80')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def head(self, code, ctype, length=None, extra=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        if length is not None:
            self.send_header('Content-Length', str(length))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()

    def do_GET(self):
        try:
            k = int(self.path.split('/')[2])
        except (IndexError, ValueError):
            self.head(404, 'text/plain', 0)
            return
        with open(sys.argv[2]) as f:
            r = int(f.read().strip() or 1)
        b = behaviour(k, r)
        try:
            self.serve(k, r, b)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def serve(self, k, r, b):
        if b in ('ok', 'badutf8', 'wrongtype'):
            body = feed(k, r, b == 'badutf8')
            ct = 'image/png' if b == 'wrongtype' else 'application/rss+xml'
            self.head(200, ct, len(body))
            self.wfile.write(body)
        elif b == '500':
            self.head(500, 'text/plain', 6)
            self.wfile.write(b'broken')
        elif b == 'slow':
            self.head(200, 'application/rss+xml', 100000)
            for i in range(60):
                self.wfile.write(b'<')
                self.wfile.flush()
                time.sleep(1)
        elif b == 'endless':
            self.head(200, 'application/rss+xml', None,
                      [('Connection', 'close')])
            self.wfile.write(b'<rss version="2.0"><channel><title>x</title>')
            chunk = (b'<item><title>spam</title><guid>spam</guid></item>'
                     * 1000)
            for i in range(100000):
                self.wfile.write(chunk)
        elif b == 'bomb':
            self.head(200, 'application/rss+xml', len(BOMB),
                      [('Content-Encoding', 'gzip')])
            self.wfile.write(BOMB)
        elif b == 'loop':
            self.head(302, 'text/plain', 0, [('Location', self.path)])
        elif b == 'headers':
            self.head(200, 'application/rss+xml', 0,
                      [('X-Filler-%d' % i, 'y' * 4000) for i in range(400)])
        else:
            body = bytes(range(256)) * 64
            self.head(200, 'image/png', len(body))
            self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 1024


if __name__ == '__main__':
    s = Server(('0.0.0.0', 0), Handler)
    print(s.server_address[1], flush=True)
    s.serve_forever()
