/* SPDX-License-Identifier: MIT */
/*
 * The "http" fuzz target: request handling end to end. The input, as
 * the raw bytes of one connection, goes to the HTTP server of feedmill
 * serve wired as serve.c wires it (web.c: outputs table, partner keys,
 * /healthz, /metrics; the WebSub callback route), through libmicrohttpd
 * on the libuv loop; every response it writes is checked
 * (fuzzhttpcheck.c).
 */
#include "config.h"
#include "fuzz/fuzz.h"
#include "fuzz/fuzzhttp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <uv.h>

#include "net/httpd.h"
#include "net/httpdint.h"
#include "net/websub.h"
#include "service/conf.h"
#include "service/web.h"
#include "service/websub.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/xmalloc.h"

/* Bytes of responses read per input (more is a failure). */
#define HTTP_OUT_MAX	(8 * 1024 * 1024)
/* Loop turns allowed for one connection to end. */
#define HTTP_TURNS	20000
/* Turns without progress before the request deadline is played. */
#define HTTP_IDLE	20

#define F(p, k)	{ .path = (p), .key = (k) }
struct http_file http_files[] = {
	F("/news.rss", NULL), F("/news.atom", NULL), F("/news.json", NULL),
	F("/news.html", NULL), { .path = "/index.html", .alias = "/" },
	F("/feed.xsl", NULL),
	F("/secret.rss", KEY_ACME), F("/secret.atom", KEY_ACME),
	F("/secret.json", KEY_ACME), F("/other.rss", KEY_BETA),
	F("/share/abc.html", NULL)
};
#undef F
const size_t http_nfiles = sizeof http_files / sizeof http_files[0];

/* The service under test. */
static struct {
	bool		 ready;
	char		 dir[64];
	uv_loop_t	 loop;
	struct config	*c;
	struct store	*st;
	struct web	*w;
	struct websub	*ws;
	struct httpd	*h;
	size_t		 pushes;
} H;

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE	*fp = fopen(path, "wb");

	if (fp == NULL || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		abort();
	}
}

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* At exit: the service down, its folder gone. */
static void
cleanup(void)
{
	size_t	 i;

	if (H.ready) {
		websub_free(H.ws);
		web_free(H.w);
		(void)uv_run(&H.loop, UV_RUN_DEFAULT);
		(void)uv_loop_close(&H.loop);
		store_close(H.st);
		config_free(H.c);
		for (i = 0; i < http_nfiles; i++) {
			free(http_files[i].body);
			free(http_files[i].gz);
		}
		H.ready = false;
	}
	if (H.dir[0] != '\0')
		(void)nftw(H.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
on_push(void *ctx, const char *source, const char *body, size_t n,
    const char *type)
{
	static const char *const methods[] = { "sha1", "sha256", "sha384",
	    "sha512" };
	char	*sig;
	size_t	 i;
	bool	 signed_ok = false;

	(void)ctx;
	(void)source;
	(void)type;
	/* Only a push carrying the HMAC of its body gets here. */
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		sig = websub_sign(methods[i], SUB_SECRET, body, n);
		if (sig != NULL && http_sent_icase(strchr(sig, '=') + 1))
			signed_ok = true;
		free(sig);
	}
	if (!signed_ok)
		http_fail("a push without its signature was ingested", NULL, 0);
	H.pushes++;
}

static void
on_pushed(void *ctx, const char *source, bool on)
{
	(void)ctx;
	(void)source;
	(void)on;
}

/*
 * Run one connection: the n bytes at req are sent (then the write side
 * is shut), the loop turns until the server closes it, and everything
 * it wrote is returned (*outlen bytes, NUL-terminated).
 */
static char *
exchange(const char *req, size_t n, size_t *outlen)
{
	struct sockaddr_in sin;
	struct buf out;
	char	 chunk[16384], *res;
	size_t	 off = 0;
	ssize_t	 r;
	int	 sv[2], turns, idle = 0;
	bool	 eof = false, swept = false, moved;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) != 0)
		abort();
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(40000);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(H.h->d, sv[1], (const struct sockaddr *)&sin,
	    sizeof sin) != MHD_YES)
		http_fail("libmicrohttpd refused the connection", NULL, 0);
	buf_init(&out, HTTP_OUT_MAX);
	if (n == 0)
		(void)shutdown(sv[0], SHUT_WR);
	for (turns = 0; !eof && turns < HTTP_TURNS; turns++) {
		moved = false;
		if (off < n) {
			r = write(sv[0], req + off, n - off);
			if (r > 0) {
				off += (size_t)r;
				moved = true;
			} else if (r < 0 && errno != EAGAIN && errno != EINTR)
				off = n;	/* the server closed: stop */
			if (off >= n)
				(void)shutdown(sv[0], SHUT_WR);
		}
		(void)uv_run(&H.loop, UV_RUN_NOWAIT);
		MHD_run(H.h->d);
		while ((r = read(sv[0], chunk, sizeof chunk)) > 0) {
			if (buf_addn(&out, chunk, (size_t)r) != ERR_OK)
				http_fail("over 8 MiB of responses", NULL, 0);
			moved = true;
		}
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
			eof = true;
		idle = moved || off < n ? 0 : idle + 1;
		/*
		 * A request left unfinished (a body shorter than announced)
		 * waits for bytes that never come: do what the server's
		 * sweep does at the request deadline. The server still holds
		 * sv[1] (no end of file yet), so it is its socket.
		 */
		if (!eof && !swept && idle >= HTTP_IDLE) {
			(void)shutdown(sv[1], SHUT_RDWR);
			swept = true;
		}
	}
	if (!eof)
		http_fail("the server never closed the connection", out.data,
		    out.len);
	close(sv[0]);
	/* Let the server free the connection. */
	(void)uv_run(&H.loop, UV_RUN_NOWAIT);
	MHD_run(H.h->d);
	res = buf_take(&out, outlen);
	return res != NULL ? res : xstrdup("");
}

/*
 * The service under test, set up once: a configuration with public and
 * restricted channels and three partners, their files, a store holding
 * one active subscription, the server and the WebSub route.
 */

static void
setup(void)
{
	static const char *const tmps[] = { "/dev/shm", "/tmp" };
	struct store_sub sub;
	struct stat sb;
	char	 path[PATH_MAX], ha[HASH_HEX_LEN + 1], hb[HASH_HEX_LEN + 1];
	char	 ho[HASH_HEX_LEN + 1];
	char	*conf, *body, *out;
	size_t	 i, j;
	enum err e;

	for (i = 0; i < 2 && H.dir[0] == '\0'; i++) {
		if (stat(tmps[i], &sb) != 0 || !S_ISDIR(sb.st_mode))
			continue;
		snprintf(H.dir, sizeof H.dir, "%s/feedmill-fuzz-XXXXXX",
		    tmps[i]);
		if (mkdtemp(H.dir) == NULL)
			H.dir[0] = '\0';
	}
	if (H.dir[0] == '\0')
		abort();
	atexit(cleanup);
	hash_hex(KEY_ACME, strlen(KEY_ACME), ha);
	hash_hex(KEY_BETA, strlen(KEY_BETA), hb);
	hash_hex(KEY_OLD, strlen(KEY_OLD), ho);
	conf = xasprintf("[service]\nstate_dir = state\noutput_dir = out\n"
	    "sources_dir = src\nbase_url = https://feeds.example/pub/\n"
	    "hub = https://hub.example/hub\nlisten = 127.0.0.1:0\n"
	    "http_timeout = 10s\nhtml_pages = yes\nstylesheet = yes\n"
	    "share_pages = yes\n\n"
	    "[channel news]\nsources = alpha\n\n"
	    "[channel secret]\nsources = alpha\naccess = restricted\n\n"
	    "[channel other]\nsources = alpha\naccess = restricted\n\n"
	    "[partner acme]\nkey_sha256 = %s\nchannels = secret\n\n"
	    "[partner beta]\nkey_sha256 = %s\nchannels = other\n\n"
	    "[partner old]\nkey_sha256 = %s\nchannels = secret, other\n"
	    "revoked = yes\n", ha, hb, ho);
	snprintf(path, sizeof path, "%s/feedmill.conf", H.dir);
	write_file(path, conf, strlen(conf));
	free(conf);
	snprintf(path, sizeof path, "%s/private.txt", H.dir);
	write_file(path, PRIVATE_MARK "\n", strlen(PRIVATE_MARK) + 1);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", H.dir,
		    (const char *[]){ "state", "out", "src", "out/share" }[i]);
		if (mkdir(path, 0700) != 0)
			abort();
	}
	snprintf(path, sizeof path, "%s/src/alpha.ini", H.dir);
	body = xasprintf("[source]\nfile = %s/alpha.xml\n", H.dir);
	write_file(path, body, strlen(body));
	free(body);
	snprintf(path, sizeof path, "%s/out/notes.txt", H.dir);
	write_file(path, PRIVATE_MARK "\n", strlen(PRIVATE_MARK) + 1);
	for (i = 0; i < http_nfiles; i++) {
		/* Long enough for a gzip copy, and each one different. */
		body = xasprintf("<?xml version=\"1.0\"?>\n<!-- %s -->\n",
		    http_files[i].path);
		for (j = 0; j < 40; j++) {
			out = xasprintf("%s<p>story %zu of %s</p>\n", body, j,
			    http_files[i].path);
			free(body);
			body = out;
		}
		http_files[i].body = body;
		http_files[i].len = strlen(body);
		snprintf(path, sizeof path, "%s/out%s", H.dir,
		    http_files[i].path);
		write_file(path, body, http_files[i].len);
	}
	snprintf(path, sizeof path, "%s/feedmill.conf", H.dir);
	if (config_load(path, &H.c) != ERR_OK)
		abort();
	snprintf(path, sizeof path, "%s/state/feedmill.db", H.dir);
	if (store_open(path, &H.st) != ERR_OK)
		abort();
	memset(&sub, 0, sizeof sub);
	sub.source = xstrdup("alpha");
	sub.id = xstrdup(SUB_ID);
	sub.hub = xstrdup("https://hub.example/hub");
	sub.topic = xstrdup(SUB_TOPIC);
	sub.secret = xstrdup(SUB_SECRET);
	sub.state = STORE_SUB_ACTIVE;
	sub.lease = 86400 * 365;
	sub.expires = (int64_t)time(NULL) + sub.lease;
	if (store_put_sub(H.st, &sub) != ERR_OK)
		abort();
	store_sub_cleanup(&sub);
	uv_loop_init(&H.loop);
	e = web_start(&H.loop, H.c, H.st, &H.w);
	if (e || H.w == NULL)
		abort();
	H.h = web_httpd(H.w);
	H.ws = websub_new(&H.loop, H.st, &(struct websub_hooks){ on_push,
	    on_pushed, NULL });
	websub_route(H.ws, H.h);
	if (websub_set_config(H.ws, H.c, true, (int64_t)time(NULL)) != ERR_OK)
		abort();
	web_set_ready(H.w, true);
	H.ready = true;
	/* Learn each file's ETag and gzip copy by asking for it. */
	for (i = 0; i < http_nfiles; i++) {
		struct http_file *f = &http_files[i];
		struct http_resp r;
		size_t	 n, head;
		char	*req;

		f->served = httpd_has(H.h, f->path);
		if (!f->served)
			continue;
		req = xasprintf("GET %s HTTP/1.1\r\nHost: x\r\n"
		    "Accept-Encoding: gzip\r\n%s%s%s\r\n", f->path,
		    f->key != NULL ? "Authorization: Bearer " : "",
		    f->key != NULL ? f->key : "", f->key != NULL ? "\r\n" : "");
		http_in_set(req, strlen(req));
		out = exchange(req, http_in.len, &n);
		head = http_parse_head(out, n, &r, out, n);
		if (head == 0 || r.status != 200 || r.etag == NULL ||
		    r.etag_len < 18 || r.length < 0 ||
		    head + (size_t)r.length > n)
			http_fail("setup: a file of the table is not "
			    "served", out, n);
		memcpy(f->tag, r.etag + 1, 16);
		if (r.encoding != NULL) {
			f->gzlen = (size_t)r.length;
			f->gz = xmalloc(f->gzlen + 1);
			memcpy(f->gz, out + head, f->gzlen);
		}
		free(out);
		free(req);
		http_in_done();
	}
}

void
fuzz_http(const char *data, size_t n)
{
	char	*out;
	size_t	 outlen;

	if (!H.ready)
		setup();
	http_in_set(data, n);
	out = exchange(data, n, &outlen);
	/* FUZZ_HTTP_SHOW=1: the responses on stderr (making seeds). */
	if (getenv("FUZZ_HTTP_SHOW") != NULL)
		fprintf(stderr, "%.*s\n--- %zu responses\n", (int)outlen, out,
		    http_check_responses(out, outlen));
	(void)http_check_responses(out, outlen);
	/*
	 * A WebSub verification echoes the hub's challenge, which may be
	 * anything the request says: the mark counts when not sent (the
	 * fuzzer learns it from this very comparison).
	 */
	if (http_has(out, outlen, PRIVATE_MARK) && !http_sent(PRIVATE_MARK))
		http_fail("a file outside the table was served", out, outlen);
	if ((http_has(out, outlen, KEY_ACME) && !http_sent(KEY_ACME)) ||
	    (http_has(out, outlen, KEY_BETA) && !http_sent(KEY_BETA)))
		http_fail("a partner key in a response", out, outlen);
	free(out);
	http_in_done();
}
