#!/usr/bin/python3
"""Loopback HTTP fixture for the service tests. Serves the files of a
folder with validators, plus special paths; logs every request. Prints
its port on the first line of stdout, then serves until killed or for
at most 120 seconds.

  usage: httpd.py DOCROOT LOGFILE

  /NAME           the file DOCROOT/NAME: 200 with ETag (a hash of the
                  bytes) and Last-Modified (its mtime); 304 when the
                  request's If-None-Match or If-Modified-Since matches
  /moved/NAME     301 -> /NAME
  /temp/NAME      302 -> /NAME
  /throttle       429, Retry-After: 3600
  /busy           503, Retry-After: 120
  /broken         500
  /slow/NAME      /NAME after 0.5 s
  /sleep/N/NAME   /NAME after N seconds; logs "START /sleep/N/NAME" at once
  /cached/NAME    /NAME with Cache-Control: max-age=7200
  /expires/NAME   /NAME with Expires three hours ahead, no Cache-Control
  /truncated      200, Content-Length larger than the body, then closes
  /stats          "max-concurrent N": the most requests served at once
  /reset          starts that count again (not logged)

Each request appends one line to LOGFILE:
  GET /path inm=<If-None-Match or -> ims=<If-Modified-Since or -> -> STATUS at=T
where T is when the request arrived (seconds, wall clock, 3 decimals).
"""
import email.utils
import hashlib
import http.server
import os
import sys
import threading
import time

ROOT, LOG = sys.argv[1], sys.argv[2]
lock = threading.Lock()
active = 0
max_active = 0


def reset():
    global max_active
    with lock:
        max_active = active - 1


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def parse_request(self):
        self.arrived = time.time()
        return super().parse_request()

    def send(self, code, body=b'', ctype='text/plain', extra=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)
        with open(LOG, 'a') as f:
            f.write('GET %s inm=%s ims=%s -> %d at=%.3f\n' % (
                self.path, self.headers.get('If-None-Match', '-'),
                self.headers.get('If-Modified-Since', '-'), code,
                self.arrived))

    def serve_file(self, name, cache=(('Cache-Control', 'max-age=60'),)):
        path = os.path.join(ROOT, os.path.basename(name))
        try:
            with open(path, 'rb') as f:
                body = f.read()
        except OSError:
            return self.send(404, b'not here')
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        lm = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get('If-None-Match') == etag or (
                self.headers.get('If-None-Match') is None and
                self.headers.get('If-Modified-Since') == lm):
            return self.send(304, extra=[('ETag', etag)] + list(cache))
        ctype = 'application/rss+xml'
        if name.endswith('.atom'):
            ctype = 'application/atom+xml'
        elif name.endswith('.html'):
            ctype = 'text/html; charset=utf-8'
        self.send(200, body, ctype,
                  [('ETag', etag), ('Last-Modified', lm)] + list(cache))

    def do_GET(self):
        global active, max_active
        with lock:
            active += 1
            max_active = max(max_active, active)
        try:
            self.route()
        finally:
            with lock:
                active -= 1

    def route(self):
        p = self.path
        if p.startswith('/moved/'):
            self.send(301, extra=[('Location', '/' + p[7:])])
        elif p.startswith('/temp/'):
            self.send(302, extra=[('Location', '/' + p[6:])])
        elif p == '/throttle':
            self.send(429, b'slow down', extra=[('Retry-After', '3600')])
        elif p == '/busy':
            self.send(503, b'busy', extra=[('Retry-After', '120')])
        elif p == '/broken':
            self.send(500, b'oops')
        elif p.startswith('/slow/'):
            time.sleep(0.5)
            self.serve_file(p[6:])
        elif p.startswith('/sleep/'):
            n, name = p[7:].split('/', 1)
            with open(LOG, 'a') as f:
                f.write('START %s\n' % p)
            time.sleep(float(n))
            self.serve_file(name)
        elif p.startswith('/cached/'):
            self.serve_file(p[8:], [('Cache-Control', 'max-age=7200')])
        elif p.startswith('/expires/'):
            self.serve_file(p[9:], [('Expires', email.utils.formatdate(
                time.time() + 3 * 3600, usegmt=True))])
        elif p == '/truncated':
            self.send_response(200)
            self.send_header('Content-Type', 'application/rss+xml')
            self.send_header('Content-Length', '100000')
            self.end_headers()
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0">'
                             b'<channel><title>cut')
            self.wfile.flush()
            self.close_connection = True
            with open(LOG, 'a') as f:
                f.write('GET /truncated inm=- ims=- -> 200 (cut)\n')
        elif p == '/stats':
            self.send(200, b'max-concurrent %d\n' % max_active)
        elif p == '/reset':
            reset()
            self.send_response(204)
            self.send_header('Content-Length', '0')
            self.end_headers()
        else:
            self.serve_file(p[1:])


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
