#!/usr/bin/python3
"""Two HTTP fixtures for the SSRF tests, run inside a private network
namespace (tests/ssrf/run.sh): a "public" server on PUBLIC_IP that
serves a feed and redirects to private places, and a "private" server on
127.0.0.1 and ::1 that must never be reached. Every connection the
private server accepts is appended to LOG, so a test can prove that no
request got there. Prints "PUBLIC_PORT PRIVATE_PORT" on stdout, then
serves until killed or for at most 120 seconds.

usage: fixture.py PUBLIC_IP LOG
"""
import http.server
import socket
import socketserver
import sys
import threading

FEED = (b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Public'
        b'</title><link>http://public.test/</link><description>d'
        b'</description><item><title>Reached</title><link>/s/1</link>'
        b'<guid>public-1</guid></item></channel></rss>\n')
SECRET = (b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>'
          b'SECRET-INTERNAL</title><item><title>SECRET-INTERNAL</title>'
          b'<guid>secret</guid></item></channel></rss>\n')

public_ip, log_path = sys.argv[1], sys.argv[2]
lock = threading.Lock()


class Public(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body=b'', extra=()):
        self.send_response(code)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        # /to?URL redirects to URL, so each hop target is the test's.
        if self.path.startswith('/to?'):
            self.send(302, extra=[('Location', self.path[4:])])
        elif self.path.startswith('/moved?'):
            self.send(301, extra=[('Location', self.path[7:])])
        elif self.path == '/feed.xml':
            self.send(200, FEED)
        else:
            self.send(404)


class Private(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = SECRET
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Counting(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def get_request(self):
        conn, addr = super().get_request()
        with lock, open(log_path, 'a') as f:
            f.write('connection from %s to %s\n' % (addr[0],
                                                    self.server_address[0]))
        return conn, addr


class Counting6(Counting):
    address_family = socket.AF_INET6


class Plain(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


pub = Plain((public_ip, 0), Public)
priv = Counting(('127.0.0.1', 0), Private)
port = priv.server_address[1]
servers = [pub, priv]
try:
    servers.append(Counting6(('::1', port), Private))
except OSError:
    pass
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
print(pub.server_address[1], port, flush=True)
threading.Event().wait(120)
