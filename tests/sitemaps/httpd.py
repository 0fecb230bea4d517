#!/usr/bin/python3
"""Loopback HTTP fixture for the sitemap tests: serves the files of a
folder with @BASE@ replaced by its own http://127.0.0.1:PORT, and logs
every path requested (one a line) to a file. Prints its port on the first
line of stdout, then serves until killed or for at most 10 minutes.

  /NAME           200, the file NAME (text/xml)
  /NAME.gz        200, NAME gzip-compressed as a file (application/gzip)
                  when only NAME exists
  /enc/NAME       200, NAME sent with Content-Encoding: gzip
  /gen/N.xml      200, a one-entry sitemap made up for N
  /many.xml       200, an index of 60 generated sitemaps
  anything else   404

usage: httpd.py DIR LOGFILE
"""
import gzip
import http.server
import os
import sys
import threading

ROOT, LOG = sys.argv[1], sys.argv[2]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, ctype='text/xml', extra=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def file(self, name):
        path = os.path.join(ROOT, name)
        if '/' in name or not os.path.isfile(path):
            return None
        with open(path, 'rb') as f:
            return f.read().replace(b'@BASE@', BASE.encode())

    def do_GET(self):
        p = self.path
        with lock, open(LOG, 'a') as f:
            f.write(p + '\n')
        if p.startswith('/gen/') and p.endswith('.xml'):
            n = p[5:-4]
            body = ('<?xml version="1.0"?>\n<urlset xmlns="http://www.'
                    'sitemaps.org/schemas/sitemap/0.9"><url><loc>https://'
                    'gen.example.test/%s</loc><lastmod>2024-01-01T00:00:%02dZ'
                    '</lastmod></url></urlset>\n' % (n, int(n) % 60))
            self.send(200, body.encode())
            return
        if p == '/many.xml':
            body = ''.join('<sitemap><loc>%s/gen/%d.xml</loc></sitemap>\n'
                           % (BASE, i) for i in range(60))
            self.send(200, ('<?xml version="1.0"?>\n<sitemapindex xmlns="'
                            'http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                            + body + '</sitemapindex>\n').encode())
            return
        if p.startswith('/enc/'):
            body = self.file(p[5:])
            if body is not None:
                self.send(200, gzip.compress(body, mtime=0),
                          extra=[('Content-Encoding', 'gzip')])
                return
        body = self.file(p[1:])
        if body is not None:
            self.send(200, body)
            return
        if p.endswith('.gz'):
            body = self.file(p[1:-3])
            if body is not None:
                self.send(200, gzip.compress(body, mtime=0),
                          'application/gzip')
                return
        self.send(404, b'not here', 'text/plain')


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
BASE = 'http://127.0.0.1:%d' % server.server_address[1]
print(server.server_address[1], flush=True)
threading.Timer(600, server.shutdown).start()
server.serve_forever()
