#!/usr/bin/python3
"""Loopback HTTP fixture for the CLI tests: serves one feed in several
ways. Prints its port on the first line of stdout, then serves until
killed or for at most 60 seconds.

  /feed.xml       200, application/rss+xml
  /gzip.xml       200, the same feed gzip-encoded
  /latin1.xml     200, ISO-8859-1 bytes, charset only in the header
  /moved          301 -> /feed.xml
  /loop           302 -> /loop (a redirect loop)
  /big            200, 2 MiB of feed
  /missing        404
"""
import gzip
import http.server
import sys
import threading

FEED = (b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Fixture'
        b'</title><link>http://fixture.example/</link><description>d'
        b'</description><item><title>Served</title><link>/s/1</link>'
        b'<guid>fixture-1</guid></item></channel></rss>\n')
LATIN1 = ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Caf\u00e9'
          '</title><item><title>R\u00e9sum\u00e9</title><guid>l1</guid>'
          '</item></channel></rss>\n').encode('iso-8859-1')


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, ctype='application/rss+xml', extra=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == '/feed.xml':
            self.send(200, FEED)
        elif p == '/gzip.xml':
            self.send(200, gzip.compress(FEED),
                      extra=[('Content-Encoding', 'gzip')])
        elif p == '/latin1.xml':
            self.send(200, LATIN1, 'text/xml; charset=ISO-8859-1')
        elif p == '/moved':
            self.send(301, b'', 'text/plain', [('Location', '/feed.xml')])
        elif p == '/loop':
            self.send(302, b'', 'text/plain', [('Location', '/loop')])
        elif p == '/big':
            body = FEED[:-len(b'</channel></rss>\n')]
            item = b'<item><title>filler</title></item>\n'
            body += item * (2 * 1024 * 1024 // len(item))
            self.send(200, body + b'</channel></rss>\n')
        else:
            self.send(404, b'not here', 'text/plain')


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
print(server.server_address[1], flush=True)
threading.Timer(60, server.shutdown).start()
server.serve_forever()
