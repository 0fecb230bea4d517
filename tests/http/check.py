#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTP checks against a running `feedmill serve` on loopback (stdlib
only). Usage: check.py PORT OUTDIR PHASE [ARGS]; prints one line per check,
"ok DESCRIPTION" or "not ok DESCRIPTION" followed by "# detail" lines.
Phases: basic (table, conditionals, HEAD, gzip, 404s, limits, health,
metrics), slow (a slow client against a fast one), access KEYS... (partner
keys), changed OLD-ETAG (after a publish: new bytes served), negotiate
(RSS and Atom to browsers as application/xml, Vary: Accept, 304s of both
variants, the stylesheet), keyed KEY (a restricted feed in a browser),
files PAGE SECRET-PAGE KEY (share pages answered from their files),
gzcache PAGE... (gzip copies of share pages within their budget)."""
import gzip
import hashlib
import http.client
import os
import re
import socket
import sys
import threading
import time
import urllib.parse

PORT = int(sys.argv[1])
OUT = sys.argv[2]
PHASE = sys.argv[3]
ARGS = sys.argv[4:]


def report(ok, desc, detail=None):
    print(("ok " if ok else "not ok ") + desc)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:20]:
            print("# " + line)
    sys.stdout.flush()


def get(path, headers=None, method="GET"):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, hdrs, body


def raw(data, timeout=10):
    """Send raw bytes, return the status line's code (0: closed)."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        s.sendall(data)
        got = b""
        while b"\r\n" not in got:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    except (ConnectionResetError, BrokenPipeError):
        return 0
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
    return int(m.group(1)) if m else 0


def disk(rel):
    with open(OUT + "/" + rel, "rb") as f:
        return f.read()


def metrics():
    st, h, body = get("/metrics")
    samples = {}
    bad = []
    for line in body.decode().splitlines():
        if line.startswith("#") or not line:
            if line.startswith("#") and not re.match(
                    r"# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* ", line):
                bad.append(line)
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$', line)
        if not m:
            bad.append(line)
            continue
        float(m.group(3))
        samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return st, h, body, samples, bad


def basic():
    types = {"news.rss": "application/rss+xml", "news.atom":
             "application/atom+xml", "news.json": "application/feed+json"}
    for rel, t in types.items():
        st, h, body = get("/" + rel)
        report(st == 200 and h.get("content-type", "").startswith(t)
               and body == disk(rel), "GET /%s: 200, %s, the file's bytes"
               % (rel, t), (st, h.get("content-type")))
    st, h, body = get("/news.rss")
    etag, lm = h.get("etag"), h.get("last-modified")
    report(etag is not None and re.match(r'^"[0-9a-f]{16}"$', etag) and
           lm is not None and lm.endswith(" GMT"),
           "ETag and Last-Modified present", h)
    report(h.get("cache-control") == "max-age=300",
           "Cache-Control max-age is the shortest source interval (300)",
           h.get("cache-control"))
    report(h.get("link") == '<https://hub.example/hub>; rel="hub", '
           '<https://feeds.example/pub/news.rss>; rel="self"',
           "Link: hub and self", h.get("link"))
    report(h.get("vary") == "Accept, Accept-Encoding",
           "Vary: Accept, Accept-Encoding", h.get("vary"))
    st2, h2, body2 = get("/news.rss", {"If-None-Match": etag})
    report(st2 == 304 and body2 == b"" and h2.get("etag") == etag,
           "If-None-Match with the ETag: 304, no body", (st2, h2))
    st2, _, _ = get("/news.rss", {"If-None-Match": '"0000000000000000", '
                                  + etag})
    report(st2 == 304, "If-None-Match with a list holding the ETag: 304", st2)
    st2, _, _ = get("/news.rss", {"If-None-Match": "W/" + etag})
    report(st2 == 304, "If-None-Match with the weak form: 304", st2)
    st2, _, body2 = get("/news.rss", {"If-None-Match": '"0000000000000000"'})
    report(st2 == 200 and body2 == body, "If-None-Match mismatch: 200", st2)
    st2, h2, body2 = get("/news.rss", {"If-Modified-Since": lm})
    report(st2 == 304 and body2 == b"", "If-Modified-Since = Last-Modified: "
           "304", (st2, h2))
    st2, _, body2 = get("/news.rss", {"If-Modified-Since":
                                      "Mon, 01 Jan 2001 00:00:00 GMT"})
    report(st2 == 200 and body2 == body, "If-Modified-Since older: 200", st2)
    st2, _, _ = get("/news.rss", {"If-None-Match": '"0000000000000000"',
                                  "If-Modified-Since": lm})
    report(st2 == 200, "If-None-Match wins over If-Modified-Since", st2)
    # HEAD
    st2, h2, body2 = get("/news.rss", method="HEAD")
    report(st2 == 200 and body2 == b"" and h2.get("content-length") ==
           str(len(body)) and h2.get("etag") == etag and
           h2.get("content-type") == h.get("content-type"),
           "HEAD: the GET's headers, no body", h2)
    # gzip
    for rel in ("news.rss", "news.atom", "news.json"):
        st2, h2, z = get("/" + rel, {"Accept-Encoding": "gzip, br"})
        plain = disk(rel)
        ok = st2 == 200 and h2.get("content-encoding") == "gzip"
        try:
            ok = ok and gzip.decompress(z) == plain and len(z) < len(plain)
        except OSError:
            ok = False
        report(ok, "gzip round trip of /%s (%d -> %d bytes)"
               % (rel, len(plain), len(z)), h2)
    st2, h2, z = get("/news.atom", {"Accept-Encoding": "gzip"})
    gz_etag = h2.get("etag")
    st3, _, _ = get("/news.atom", {"Accept-Encoding": "gzip",
                                   "If-None-Match": gz_etag})
    report(gz_etag != etag and st3 == 304, "the gzip copy has its own ETag, "
           "and it validates", (gz_etag, st3))
    st2, h2, b2 = get("/news.atom", {"Accept-Encoding": "gzip;q=0, *"})
    report(h2.get("content-encoding") is None and b2 == disk("news.atom"),
           "gzip;q=0: identity", h2)
    st2, h2, b2 = get("/news.atom", {"Accept-Encoding": "identity"})
    report(h2.get("content-encoding") is None, "identity only: plain", h2)
    st2, h2, b2 = get("/news.html")
    report(st2 == 200 and h2.get("content-type", "").startswith("text/html")
           or st2 == 404 and not __import__("os").path.exists(
               OUT + "/news.html"), "channel view text/html (when written)",
           (st2, h2.get("content-type")))
    # 404s and traversal
    for p in ("/nope.rss", "/news.xml", "/feedmill.conf", "/../feedmill.conf",
              "/%2e%2e/feedmill.conf", "/%2E%2E%2Ffeedmill.conf",
              "/share/../news.rss", "/share%2fx.html", "/news%2erss",
              "//news.rss", "/news.rss/", "/./news.rss", "/NEWS.RSS",
              "/news.rss%00", "/state/feedmill.db", "/..%2fstate"):
        code = raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    % p).encode())
        report(code == 404, "GET %s: 404" % p, code)
    code = raw(b"GET /news.rss?x=1 HTTP/1.1\r\nHost: x\r\n"
               b"Connection: close\r\n\r\n")
    report(code == 200, "a query string does not change the resource", code)
    # methods
    for m in ("POST", "PUT", "DELETE", "OPTIONS", "TRACE"):
        code = raw(("%s /news.rss HTTP/1.1\r\nHost: x\r\nContent-Length: 0"
                    "\r\nConnection: close\r\n\r\n" % m).encode())
        report(code in (404, 405, 501), "%s /news.rss refused (%d)"
               % (m, code), code)
    # a GET or HEAD with a body: read to its end, then refused
    for req, what in (
            (b"GET /news.rss HTTP/1.1\r\nHost: x\r\nContent-Length: 5"
             b"\r\n\r\nhello", "GET with a 5-byte body"),
            (b"HEAD /news.rss HTTP/1.1\r\nHost: x\r\nContent-Length: 70000"
             b"\r\n\r\n" + b"x" * 70000, "HEAD with a 70 KB body"),
            (b"GET /news.rss HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
             b"chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
             "GET with a chunked body")):
        code = raw(req)
        report(code == 400, "%s: 400 (%d)" % (what, code), code)
    # limits
    code = raw(b"GET /" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    report(code in (414, 431, 400) or code == 0,
           "a 40 KB request line is refused (%d)" % code, code)
    hdrs = b"".join(b"X-H%d: v\r\n" % i for i in range(100))
    code = raw(b"GET /news.rss HTTP/1.1\r\nHost: x\r\n" + hdrs + b"\r\n")
    report(code == 431, "100 request headers: 431", code)
    hdrs = b"".join(b"X-H%d: v\r\n" % i for i in range(20))
    code = raw(b"GET /news.rss HTTP/1.1\r\nHost: x\r\n" + hdrs +
               b"Connection: close\r\n\r\n")
    report(code == 200, "20 request headers: 200", code)
    code = raw(b"GET /news.rss HTTP/1.1\r\nHost: x\r\nX-Big: " +
               b"b" * 40000 + b"\r\n\r\n")
    report(code in (431, 400, 413) or code == 0,
           "a 40 KB header is refused (%d)" % code, code)
    # keep-alive: two requests on one connection
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    c.request("GET", "/news.rss")
    r1 = c.getresponse()
    r1.read()
    c.request("GET", "/news.atom")
    r2 = c.getresponse()
    r2.read()
    report(r1.status == 200 and r2.status == 200 and
           r1.getheader("Connection") is None,
           "keep-alive: two answers on one connection",
           r1.getheader("Connection"))
    c.close()
    # health and metrics
    st, h, body = get("/healthz")
    report(st == 200 and body == b"ok\n", "/healthz: 200 ok", (st, body))
    st, h, body, s1, bad = metrics()
    report(st == 200 and h.get("content-type", "").startswith("text/plain")
           and not bad, "/metrics parses as Prometheus text",
           "\n".join(bad))
    need = ['feedmill_source_polls_total{source="alpha"}',
            'feedmill_source_not_modified_total{source="alpha"}',
            'feedmill_source_errors_total{source="alpha"}',
            'feedmill_source_last_success_timestamp_seconds{source="alpha"}',
            'feedmill_fetch_duration_seconds_count{source="alpha"}',
            'feedmill_channel_items{channel="news"}',
            'feedmill_channel_last_publish_timestamp_seconds{channel="news"}',
            'feedmill_http_requests_total{code="200"}',
            'feedmill_http_requests_total{code="304"}',
            'feedmill_http_requests_total{code="404"}']
    missing = [n for n in need if n not in s1]
    report(not missing, "/metrics names every family", missing)
    report(s1.get('feedmill_source_polls_total{source="alpha"}', 0) >= 1 and
           s1.get('feedmill_fetch_duration_seconds_count{source="alpha"}', 0)
           >= 1 and s1.get(
               'feedmill_source_last_success_timestamp_seconds'
               '{source="alpha"}', 0) > 1.7e9,
           "/metrics: the HTTP source was polled and timed", s1)
    report(s1.get('feedmill_channel_items{channel="news"}') == 3.0,
           "/metrics: channel news has 3 items",
           s1.get('feedmill_channel_items{channel="news"}'))
    buckets = [v for k, v in s1.items() if k.startswith(
        'feedmill_fetch_duration_seconds_bucket{source="alpha"')]
    report(buckets == sorted(buckets) and len(buckets) == 11,
           "/metrics: the latency histogram is cumulative", buckets)
    get("/news.rss")
    _, _, _, s2, _ = metrics()
    k = 'feedmill_http_requests_total{code="200"}'
    report(s2.get(k, 0) >= s1.get(k, 0) + 2, "/metrics: 200s counted", (
        s1.get(k), s2.get(k)))


def slow():
    """A client sending one byte a second is dropped after the timeout
    (2 s here); another client is served meanwhile."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    req = b"GET /news.rss HTTP/1.1\r\nHost: x\r\n\r\n"
    closed = {}
    t0 = time.time()

    def dribble():
        for b in req[:-2]:
            try:
                s.send(bytes([b]))
            except OSError:
                closed["at"] = time.time() - t0
                return
            time.sleep(1)
            s.settimeout(0.01)
            try:
                if s.recv(4096) == b"":
                    closed["at"] = time.time() - t0
                    return
            except socket.timeout:
                pass
            except OSError:
                closed["at"] = time.time() - t0
                return
            s.settimeout(10)
    th = threading.Thread(target=dribble)
    th.start()
    time.sleep(0.5)
    t1 = time.time()
    st, _, body = get("/news.rss")
    fast = time.time() - t1
    report(st == 200 and fast < 1.0, "another client is served while the "
           "slow one dribbles (%.3f s)" % fast, st)
    th.join(timeout=30)
    s.close()
    at = closed.get("at")
    report(at is not None and at < 8, "the slow client is dropped "
           "(after %s s)" % (None if at is None else "%.1f" % at), at)


def access():
    good, other, revoked = ARGS[0], ARGS[1], ARGS[2]
    rel = "secret.rss"
    st, _, _ = get("/" + rel)
    report(st == 404, "restricted, no key: 404", st)
    st0, h0, b0 = get("/nothing-here.rss")
    st, h, b = get("/" + rel, {"Authorization": "Bearer wrong-key"})
    report(st == 404 and b == b0, "restricted, wrong key: 404 (the same "
           "answer as an unknown path)", st)
    st, _, _ = get("/%s?key=wrong-key" % rel)
    report(st == 404, "restricted, wrong ?key=: 404", st)
    st, _, _ = get("/" + rel, {"Authorization": "Bearer " + revoked})
    report(st == 404, "restricted, revoked key: 404", st)
    st, _, _ = get("/" + rel, {"Authorization": "Bearer " + other})
    report(st == 404, "restricted, a key for another channel: 404", st)
    st, _, _ = get("/" + rel, {"Authorization": "Basic " + good})
    report(st == 404, "restricted, key in Basic: 404", st)
    st, h, b = get("/" + rel, {"Authorization": "Bearer " + good})
    report(st == 200 and b == disk(rel), "restricted, right key in "
           "Authorization: Bearer: 200 and the bytes", st)
    report("private" in h.get("cache-control", ""),
           "restricted answers are Cache-Control: private",
           h.get("cache-control"))
    st, h, b = get("/%s?key=%s" % (rel, good))
    report(st == 200 and b == disk(rel), "restricted, right ?key=: 200", st)
    st, _, _ = get("/secret.atom", {"Authorization": "bearer " + good})
    report(st == 200, "the scheme is case-insensitive", st)
    st, _, _ = get("/news.rss", {"Authorization": "Bearer " + revoked})
    report(st == 200, "a public channel ignores keys", st)
    st, _, _ = get("/other.rss", {"Authorization": "Bearer " + other})
    report(st == 200, "the other key opens its own channel", st)
    _, _, body, s, bad = metrics()
    text = body.decode()
    report(good not in text and other not in text and revoked not in text,
           "no key in /metrics")
    report(s.get('feedmill_partner_requests_total{partner="acme",'
                 'result="granted"}') == 3.0 and
           s.get('feedmill_partner_requests_total{partner="old",'
                 'result="refused"}', 0) >= 1 and
           s.get('feedmill_partner_requests_total{partner="beta",'
                 'result="refused"}', 0) >= 1,
           "/metrics counts requests by partner name", s)


def changed():
    old = ARGS[0]
    st, h, body = get("/news.rss", {"If-None-Match": old})
    report(st == 200 and h.get("etag") != old and body == disk("news.rss"),
           "after a publish: the new bytes, a new ETag", (st, h))
    st, _, _ = get("/news.rss", {"If-None-Match": h.get("etag", "")})
    report(st == 304, "and the new ETag validates", st)


# What browsers send when they navigate, and what feed readers send.
CHROMIUM = ("text/html,application/xhtml+xml,application/xml;q=0.9,"
            "image/avif,image/webp,image/apng,*/*;q=0.8,"
            "application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
READERS = [None, "*/*", "application/rss+xml, application/atom+xml, */*",
           "application/atom+xml,application/rss+xml,application/xml,"
           "text/xml,*/*;q=0.1",
           "application/rss+xml, text/html",
           "application/rss+xml, application/rdf+xml;q=0.8, "
           "application/atom+xml;q=0.6, application/xml;q=0.4, "
           "text/xml;q=0.4, text/html;q=0.2",
           "text/html;q=0, */*"]
XML = "application/xml; charset=utf-8"


def wire(requests):
    """Send raw requests on one connection (the last one closes it);
    return [(status, [(name, value)...], body)] parsed by Content-Length
    (none on a 304 or after a HEAD)."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    s.sendall(b"".join(requests))
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    out = []
    for rq in requests:
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = [tuple(x.strip() for x in ln.split(":", 1))
                for ln in lines[1:]]
        n = 0
        if status != 304 and not rq.startswith(b"HEAD"):
            n = int(dict((k.lower(), v) for k, v in hdrs).get(
                "content-length", "0"))
        out.append((status, hdrs, data[:n]))
        data = data[n:]
    out.append(data)
    return out


def negotiate():
    """Browsers' navigations get RSS and Atom as application/xml (the
    same bytes, so they apply feed.xsl); feed readers the feed types;
    every answer says Vary: Accept; 304s, gzip and HEAD for both."""
    for rel, t in (("news.rss", "application/rss+xml; charset=utf-8"),
                   ("news.atom", "application/atom+xml; charset=utf-8")):
        plain = disk(rel)
        st, h, b = get("/" + rel)
        tag = h.get("etag", "")
        for name, acc in (("Chromium", CHROMIUM), ("Firefox", FIREFOX)):
            st, h, b = get("/" + rel, {"Accept": acc})
            report(st == 200 and h.get("content-type") == XML and
                   b == plain and h.get("vary") == "Accept, Accept-Encoding"
                   and h.get("etag") == tag[:-1] + '-xml"',
                   "%s navigation to /%s: application/xml, the same bytes, "
                   "Vary: Accept, Accept-Encoding, ETag %s" % (
                       name, rel, h.get("etag")), (st, h))
        bad = []
        for acc in READERS:
            st, h, b = get("/" + rel, {"Accept": acc} if acc else {})
            if not (st == 200 and h.get("content-type") == t and
                    b == plain and h.get("etag") == tag and
                    h.get("vary") == "Accept, Accept-Encoding"):
                bad.append((acc, st, h.get("content-type"), h.get("etag")))
        report(not bad, "/%s to %d feed readers' Accept values: %s, Vary: "
               "Accept" % (rel, len(READERS), t.split(";")[0]), bad)
        # Several Accept fields are one list.
        r = wire([("GET /%s HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
                   "Accept: application/xml;q=0.9\r\n\r\n" % rel).encode(),
                  ("GET /%s HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
                   "Accept: %s\r\nConnection: close\r\n\r\n" % (
                       rel, t.split(";")[0])).encode()])
        types = [dict((k.lower(), v) for k, v in x[1]).get("content-type")
                 for x in r[:2]]
        report(types == [XML, t], "/%s: two Accept fields count as one list"
               % rel, types)
        # 304 for both variants, each with its own tag; any tag validates.
        xtag = tag[:-1] + '-xml"'
        cases = [("feed reader, its tag", {}, tag, tag),
                 ("browser, its tag", {"Accept": CHROMIUM}, xtag, xtag),
                 ("browser, the feed's tag", {"Accept": CHROMIUM}, tag, xtag),
                 ("feed reader, the browser's tag", {}, xtag, tag)]
        for what, hd, inm, want in cases:
            hd = dict(hd, **{"If-None-Match": inm})
            st, h, b = get("/" + rel, hd)
            report(st == 304 and b == b"" and h.get("etag") == want and
                   h.get("vary") == "Accept, Accept-Encoding" and
                   "content-type" not in h,
                   "/%s 304 (%s): ETag %s, Vary, no Content-Type" % (
                       rel, what, want), (st, h))
        st, h, b = get("/" + rel, {"Accept": CHROMIUM})
        st2, _, _ = get("/" + rel, {"Accept": CHROMIUM,
                                    "If-Modified-Since": h["last-modified"]})
        report(st2 == 304, "/%s: If-Modified-Since 304 for a browser" % rel,
               st2)
        # gzip for both variants.
        for name, hd, want_t in (("feed reader", {}, t),
                                 ("browser", {"Accept": CHROMIUM}, XML)):
            hd = dict(hd, **{"Accept-Encoding": "gzip"})
            st, h, z = get("/" + rel, hd)
            ok = (st == 200 and h.get("content-encoding") == "gzip" and
                  h.get("content-type") == want_t)
            try:
                ok = ok and gzip.decompress(z) == plain
            except OSError:
                ok = False
            gtag = h.get("etag", "")
            st2, h2, _ = get("/" + rel, dict(hd, **{"If-None-Match": gtag}))
            report(ok and gtag.endswith('-gz"') and st2 == 304 and
                   h2.get("etag") == gtag,
                   "/%s gzip to a %s: %s, ETag %s, and it validates (304)"
                   % (rel, name, want_t.split(";")[0], gtag), (st, h, st2))
        # HEAD: the GET's headers, for both.
        for name, hd in (("feed reader", {}), ("browser",
                                                {"Accept": CHROMIUM})):
            st, h, b = get("/" + rel, hd)
            st2, h2, b2 = get("/" + rel, hd, method="HEAD")
            h.pop("date", None)
            h2.pop("date", None)
            report(st2 == 200 and b2 == b"" and h2 == h,
                   "/%s HEAD from a %s: the GET's headers, no body"
                   % (rel, name), (h, h2))
    # A 304 says no Content-Length other than the 200's (RFC 9110 8.6),
    # and the connection goes on after it.
    rel = "news.rss"
    st, h, _ = get("/" + rel)
    tag = h["etag"]
    lens = {}
    for name, extra in (("plain", ""), ("gzip", "Accept-Encoding: gzip\r\n"),
                        ("browser", "Accept: %s\r\n" % CHROMIUM),
                        ("browser gzip", "Accept: %s\r\nAccept-Encoding: "
                         "gzip\r\n" % CHROMIUM)):
        rq = "GET /%s HTTP/1.1\r\nHost: x\r\n%s" % (rel, extra)
        r = wire([(rq + "\r\n").encode(),
                  (rq + "If-None-Match: %s\r\n\r\n" % tag).encode(),
                  ("HEAD /%s HTTP/1.1\r\nHost: x\r\n%sIf-None-Match: %s\r\n"
                   "\r\n" % (rel, extra, tag)).encode(),
                  ("GET /%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                   % rel).encode()])
        full = [v for k, v in r[0][1] if k.lower() == "content-length"]
        n304 = [v for k, v in r[1][1] if k.lower() == "content-length"]
        nhead = [v for k, v in r[2][1] if k.lower() == "content-length"]
        lens[name] = full
        report([x[0] for x in r[:4]] == [200, 304, 304, 200] and
               len(full) == 1 and int(full[0]) == len(r[0][2]) and
               n304 in ([], full) and nhead in ([], full) and
               r[3][2] == disk(rel) and r[4] == b"",
               "304 (%s, GET and HEAD): no Content-Length but the 200's "
               "(%s), nothing after the head, the connection goes on"
               % (name, n304), r[:4])
    # The JSON feed has no page variant: no Vary: Accept.
    st, h, b = get("/news.json", {"Accept": CHROMIUM})
    report(st == 200 and h.get("content-type", "").startswith(
        "application/feed+json") and h.get("vary") == "Accept-Encoding",
        "/news.json to a browser: still application/feed+json, Vary: "
        "Accept-Encoding", h)
    # The stylesheet: public, an XML type, and where the feeds point.
    st, h, b = get("/feed.xsl")
    report(st == 200 and h.get("content-type") ==
           "application/xslt+xml; charset=utf-8" and b == disk("feed.xsl"),
           "/feed.xsl: 200, application/xslt+xml, the file's bytes",
           (st, h.get("content-type")))
    for rel in ("news.rss", "news.atom"):
        m = re.search(rb'<\?xml-stylesheet type="text/xsl" href="([^"]*)"\?>',
                      disk(rel))
        href = m.group(1).decode() if m else ""
        url = urllib.parse.urljoin("/%s" % rel, href)
        st, h, _ = get(url, {"Accept": "text/xml, application/xml, "
                             "application/xhtml+xml, text/xsl, "
                             "application/rss+xml, application/atom+xml"})
        report(m is not None and url == "/feed.xsl" and st == 200,
               "/%s names its stylesheet %r, which resolves to %s: %d"
               % (rel, href, url, st), st)


def keyed():
    """A restricted channel opened with ?key= in a browser: its files as
    application/xml, and the stylesheet they name is fetched without the
    key (it is public)."""
    good = ARGS[0]
    for rel in ("secret.rss", "secret.atom"):
        st, h, b = get("/%s?key=%s" % (rel, good), {"Accept": CHROMIUM})
        report(st == 200 and h.get("content-type") == XML and b == disk(rel)
               and "private" in h.get("cache-control", "") and
               h.get("vary", "").startswith("Accept"),
               "restricted /%s?key= in a browser: application/xml, private,"
               " Vary: Accept" % rel, (st, h))
        st, _, _ = get("/" + rel, {"Accept": CHROMIUM})
        report(st == 404, "restricted /%s in a browser without a key: 404"
               % rel, st)
        m = re.search(rb'<\?xml-stylesheet type="text/xsl" href="([^"]*)"\?>',
                      b)
        url = urllib.parse.urljoin("/%s?key=%s" % (rel, good),
                                   m.group(1).decode() if m else "")
        st, h, _ = get(url)
        report(url == "/feed.xsl" and st == 200,
               "its stylesheet resolves to %s, public: %d" % (url, st), st)


def tag_of(body, gz=False):
    """The ETag the server gives these bytes."""
    return '"%s%s"' % (hashlib.sha256(body).hexdigest()[:16],
                       "-gz" if gz else "")


def replace(rel, data):
    """Replace OUT/rel the way publish does: a new file renamed over it."""
    tmp = "%s/%s.tmp.%d" % (OUT, rel, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, OUT + "/" + rel)


def files():
    """Share pages are answered from their files: validators, 304, HEAD,
    gzip, no Range, a page replaced (whole, old or new bytes, never
    half), a page deleted (404 at once), a restricted page."""
    rel, secret, key = ARGS[0], ARGS[1], ARGS[2]
    plain = disk(rel)
    st, h, b = get("/" + rel)
    tag = h.get("etag")
    report(st == 200 and b == plain and h.get("content-type") ==
           "text/html; charset=utf-8" and tag == tag_of(plain) and
           h.get("last-modified", "").endswith(" GMT") and
           h.get("cache-control") == "max-age=3600" and
           h.get("vary") == "Accept-Encoding" and
           h.get("content-length") == str(len(plain)),
           "share page from its file: 200, the bytes, text/html, ETag of "
           "the bytes, Last-Modified, max-age=3600, Vary", (st, h))
    st2, h2, b2 = get("/" + rel, {"If-None-Match": tag})
    report(st2 == 304 and b2 == b"" and h2.get("etag") == tag and
           h2.get("content-length") in (None, str(len(plain))) and
           "content-type" not in h2, "share page: If-None-Match 304, no "
           "body, no Content-Length but the 200's", (st2, h2))
    st2, _, _ = get("/" + rel, {"If-Modified-Since": h["last-modified"]})
    report(st2 == 304, "share page: If-Modified-Since 304", st2)
    st2, _, b2 = get("/" + rel, {"If-None-Match": '"0000000000000000"'})
    report(st2 == 200 and b2 == plain, "share page: another ETag: 200", st2)
    st2, h2, b2 = get("/" + rel, method="HEAD")
    h.pop("date", None)
    h2.pop("date", None)
    report(st2 == 200 and b2 == b"" and h2 == h,
           "share page: HEAD has the GET's headers, no body", (h, h2))
    st2, h2, b2 = get("/" + rel, {"Range": "bytes=0-9"})
    report(st2 == 200 and b2 == plain, "share page: Range is ignored "
           "(200, the whole page), as for every file", st2)
    st2, h2, z = get("/" + rel, {"Accept-Encoding": "gzip"})
    try:
        ok = gzip.decompress(z) == plain and len(z) < len(plain)
    except OSError:
        ok = False
    gtag = h2.get("etag")
    report(st2 == 200 and ok and h2.get("content-encoding") == "gzip" and
           gtag == tag_of(plain, True) and h2.get("content-length") ==
           str(len(z)), "share page: gzip (%d -> %d bytes), ETag -gz"
           % (len(plain), len(z)), h2)
    st2, h2, b2 = get("/" + rel, {"Accept-Encoding": "gzip",
                                  "If-None-Match": gtag})
    st3, h3, b3 = get("/" + rel, {"Accept-Encoding": "gzip",
                                  "If-None-Match": tag})
    report(st2 == 304 and b2 == b"" and h2.get("etag") == gtag and
           h2.get("content-length") in (None, str(len(z))) and
           st3 == 304 and h3.get("etag") == gtag,
           "share page: gzip 304 for either tag, with the gzip tag",
           (st2, h2, st3, h3))
    st2, h2, b2 = get("/" + rel, {"Accept-Encoding": "gzip"},
                      method="HEAD")
    report(st2 == 200 and b2 == b"" and h2.get("content-length") ==
           str(len(z)), "share page: gzip HEAD: the gzip length", h2)
    # Replaced: the new bytes at once (no publish, no sync), new tags.
    new = plain.replace(b"</body>", b"<p>replaced</p></body>")
    replace(rel, new)
    st2, h2, b2 = get("/" + rel, {"If-None-Match": tag})
    st3, h3, z3 = get("/" + rel, {"Accept-Encoding": "gzip"})
    try:
        ok = gzip.decompress(z3) == new
    except OSError:
        ok = False
    report(new != plain and st2 == 200 and b2 == new and
           h2.get("etag") == tag_of(new) and ok and
           h3.get("etag") == tag_of(new, True),
           "share page replaced by rename: the new bytes and tags at once, "
           "and a new gzip copy", (st2, h2, h3))
    # Replaced over and over while asked for: each answer is one version
    # whole, with that version's tag.
    versions = [plain, new, plain + b"<!-- " + b"x" * 5000 + b" -->\n"]
    stop = threading.Event()

    def churn():
        i = 0
        while not stop.is_set():
            replace(rel, versions[i % 3])
            i += 1
    th = threading.Thread(target=churn)
    th.start()
    bad = []
    try:
        for i in range(150):
            hd = {"Accept-Encoding": "gzip"} if i % 2 else {}
            st2, h2, b2 = get("/" + rel, hd)
            gz = h2.get("content-encoding") == "gzip"
            if gz:
                b2 = gzip.decompress(b2)
            if st2 != 200 or b2 not in versions or \
                    h2.get("etag") != tag_of(b2, gz):
                bad.append((st2, len(b2), h2.get("etag")))
    finally:
        stop.set()
        th.join()
    replace(rel, plain)
    report(not bad, "150 requests while the page is replaced 3 ways: each "
           "answer one version whole, with its tag", bad[:5])
    # Deleted: 404 at once; back: served again.
    os.rename(OUT + "/" + rel, OUT + "/" + rel + ".away")
    st2, _, _ = get("/" + rel)
    st3, _, _ = get("/" + rel, {"Accept-Encoding": "gzip"})
    os.rename(OUT + "/" + rel + ".away", OUT + "/" + rel)
    st4, _, b4 = get("/" + rel)
    report(st2 == 404 and st3 == 404 and st4 == 200 and b4 == plain,
           "share page deleted: 404 at once; put back: 200", (st2, st3, st4))
    # A symbolic link in its place is not followed.
    os.rename(OUT + "/" + rel, OUT + "/" + rel + ".away")
    os.symlink(OUT + "/" + rel + ".away", OUT + "/" + rel)
    st2, _, _ = get("/" + rel)
    os.unlink(OUT + "/" + rel)
    os.rename(OUT + "/" + rel + ".away", OUT + "/" + rel)
    report(st2 == 404, "share page as a symbolic link: 404", st2)
    # Restricted: the key first, then the same as a public page.
    sb = disk(secret)
    st2, _, _ = get("/" + secret, {"Accept-Encoding": "gzip"})
    st3, h3, z3 = get("/%s?key=%s" % (secret, key),
                      {"Accept-Encoding": "gzip"})
    st4, h4, _ = get("/" + secret, {"Authorization": "Bearer " + key,
                                    "If-None-Match": h3.get("etag", "")})
    st5, _, _ = get("/" + secret, {"If-None-Match": h3.get("etag", "")})
    try:
        ok = gzip.decompress(z3) == sb
    except OSError:
        ok = False
    report(st2 == 404 and st3 == 200 and ok and
           h3.get("cache-control") == "private, max-age=3600" and
           st4 == 304 and st5 == 404,
           "restricted share page: 404 without the key (also for a 304), "
           "gzip and private with it", (st2, st3, h3, st4, st5))


def gzcache():
    """Many large pages asked with gzip: every answer right, and the
    gzip copies kept stay within their budget."""
    names = ARGS
    _, _, _, s0, _ = metrics()
    bad = []
    for rel in names + names[:2]:
        st, h, z = get("/" + rel, {"Accept-Encoding": "gzip"})
        try:
            ok = st == 200 and gzip.decompress(z) == disk(rel)
        except OSError:
            ok = False
        if not ok:
            bad.append((rel, st))
    _, _, _, s1, _ = metrics()
    held = s1.get("feedmill_http_resource_bytes", -1)
    total = sum(len(gzip.compress(disk(r), 9)) for r in names)
    report(not bad, "%d large share pages with gzip, the first ones again "
           "after newer copies pushed them out: all right" % len(names),
           bad[:5])
    report(total > 4 << 20 and 3 << 20 < held - s0.get(
        "feedmill_http_resource_bytes", 0) <= 4 << 20,
           "gzip copies of share pages stay within 4 MiB (%d bytes of "
           "copies asked, the table grew by %d)" % (
               total, held - s0.get("feedmill_http_resource_bytes", 0)),
           (total, held, s0.get("feedmill_http_resource_bytes")))


def etag():
    print(get("/news.rss")[1].get("etag"))


{"basic": basic, "slow": slow, "access": access, "changed": changed,
 "etag": etag, "negotiate": negotiate, "keyed": keyed, "files": files,
 "gzcache": gzcache}[PHASE]()
