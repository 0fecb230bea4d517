#!/usr/bin/python3
"""A WebSub hub (and publisher) for the tests, on loopback. Prints its
port on the first line of stdout, then serves until killed or for at
most 120 seconds.

  usage: hub.py DOCROOT LOGFILE LEASE FAIL_PINGS

  GET  /NAME      the file DOCROOT/NAME, "@BASE@" replaced by this
                  server's http://127.0.0.1:PORT (a topic, with its
                  atom:link rel="hub" and rel="self"); a NAME ending in
                  ".linked" comes with Link headers for both instead
  POST /hub       hub.mode=publish: recorded (the first FAIL_PINGS get
                  503); hub.mode=subscribe: 202, then the verification
                  of intent, in a thread: first a GET for another topic
                  (must be refused), then the real one granting LEASE
                  seconds (the answer must be the challenge);
                  hub.mode=unsubscribe: 202, then its verification
  POST /push?topic=T&file=NAME&sign=sha256|sha1|bad|none
                  sends DOCROOT/NAME to T's subscriber, signed with its
                  secret (or badly, or not at all); answers with the
                  callback's status once the callback has answered

Each event appends one line to LOGFILE:
  publish TOPIC -> STATUS
  subscribe TOPIC CALLBACK secret=LEN lease=ASKED
  unsubscribe TOPIC CALLBACK
  verify-unsubscribe TOPIC -> STATUS ok|bad-challenge
  verify-other TOPIC -> STATUS
  verify TOPIC -> STATUS ok|bad-challenge
  push TOPIC sign=MODE -> STATUS in MS ms
"""
import hmac
import http.server
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT, LOG, LEASE, FAIL_PINGS = (sys.argv[1], sys.argv[2], int(sys.argv[3]),
                                int(sys.argv[4]))
lock = threading.Lock()
subs = {}           # topic -> (callback, secret)
pings = [0]
base = ''


def log(line):
    with lock:
        with open(LOG, 'a') as f:
            f.write(line + '\n')


def request(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:
        return 0, str(e).encode()


def verify(topic, callback, mode='subscribe'):
    if mode == 'unsubscribe':
        challenge = secrets.token_hex(16)
        q = urllib.parse.urlencode({
            'hub.mode': mode, 'hub.topic': topic, 'hub.challenge': challenge})
        status, body = request(callback + '?' + q)
        log('verify-unsubscribe %s -> %d %s' % (
            topic, status, 'ok' if body == challenge.encode() else
            'bad-challenge'))
        return
    q = urllib.parse.urlencode({
        'hub.mode': 'subscribe', 'hub.topic': topic + '-other',
        'hub.challenge': secrets.token_hex(8), 'hub.lease_seconds': LEASE})
    status, _ = request(callback + '?' + q)
    log('verify-other %s -> %d' % (topic, status))
    challenge = secrets.token_hex(16)
    q = urllib.parse.urlencode({
        'hub.mode': 'subscribe', 'hub.topic': topic,
        'hub.challenge': challenge, 'hub.lease_seconds': LEASE})
    sep = '&' if '?' in callback else '?'
    status, body = request(callback + sep + q)
    log('verify %s -> %d %s' % (topic, status, 'ok' if
                                body == challenge.encode() else
                                'bad-challenge'))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def send(self, code, body=b'', ctype='text/plain'):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        path = os.path.join(ROOT, os.path.basename(self.path))
        try:
            with open(path, 'rb') as f:
                body = f.read().replace(b'@BASE@', base.encode())
        except OSError:
            return self.send(404, b'not here')
        if self.path.endswith('.linked'):
            # Discovery by Link header only (the document has no hub).
            self.send_response(200)
            self.send_header('Content-Type', 'application/atom+xml')
            self.send_header('Content-Length', str(len(body)))
            self.send_header('Link', '<%s/hub>; rel="hub"' % base)
            self.send_header('Link', '<%s%s>; rel="self"' % (base, self.path))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send(200, body, 'application/atom+xml')

    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        data = self.rfile.read(n)
        url = urllib.parse.urlsplit(self.path)
        if url.path == '/hub':
            return self.hub(urllib.parse.parse_qs(data.decode()))
        if url.path == '/push':
            return self.push(urllib.parse.parse_qs(url.query))
        self.send(404)

    def hub(self, form):
        mode = form.get('hub.mode', [''])[0]
        if mode == 'publish':
            topic = form.get('hub.url', form.get('hub.topic', ['?']))[0]
            both = form.get('hub.topic', [''])[0] == topic
            with lock:
                pings[0] += 1
                fail = pings[0] <= FAIL_PINGS
            status = 503 if fail else 204
            log('publish %s%s -> %d' % (topic, '' if both else
                                        ' (hub.topic differs)', status))
            return self.send(status)
        if mode == 'subscribe':
            topic = form['hub.topic'][0]
            callback = form['hub.callback'][0]
            secret = form.get('hub.secret', [''])[0]
            with lock:
                subs[topic] = (callback, secret)
            log('subscribe %s %s secret=%d lease=%s' % (
                topic, callback, len(secret),
                form.get('hub.lease_seconds', ['-'])[0]))
            self.send(202)
            threading.Thread(target=verify, args=(topic, callback)).start()
            return
        if mode == 'unsubscribe':
            topic = form['hub.topic'][0]
            callback = form['hub.callback'][0]
            log('unsubscribe %s %s' % (topic, callback))
            self.send(202)
            threading.Thread(target=verify,
                             args=(topic, callback, mode)).start()
            return
        self.send(400, b'unknown mode')

    def push(self, q):
        topic, sign = q['topic'][0], q['sign'][0]
        with open(os.path.join(ROOT, q['file'][0]), 'rb') as f:
            body = f.read().replace(b'@BASE@', base.encode())
        callback, secret = subs[topic]
        headers = {'Content-Type': 'application/atom+xml',
                   'Link': '<%s/hub>; rel="hub", <%s>; rel="self"' % (
                       base, topic)}
        if sign in ('sha1', 'sha256'):
            digest = hmac.new(secret.encode(), body, sign).hexdigest()
            headers['X-Hub-Signature'] = '%s=%s' % (sign, digest)
        elif sign == 'bad':
            digest = hmac.new(b'not the secret', body, 'sha256').hexdigest()
            headers['X-Hub-Signature'] = 'sha256=' + digest
        t0 = time.monotonic()
        status, _ = request(callback, body, headers)
        log('push %s sign=%s -> %d in %d ms' % (
            topic, sign, status, (time.monotonic() - t0) * 1000))
        self.send(200, b'%d\n' % status)


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
server.daemon_threads = True
base = 'http://127.0.0.1:%d' % server.server_address[1]
print(server.server_address[1], flush=True)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
