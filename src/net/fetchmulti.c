/* SPDX-License-Identifier: MIT */
/*
 * Concurrent fetches on one curl multi handle. Easy handles are added
 * in a window (twice the connection cap), so ten thousand requests cost
 * the memory of a few hundred; curl queues what the per-host cap holds
 * back. The loop waits in curl_multi_poll(); the service's event loop
 * will drive the same handles through sockets and timers instead.
 */
#include "config.h"
#include "net/fetchmulti.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <uv.h>

#include "net/fetch.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Transfer state beside the caller's request. */
struct xfer {
	struct xfer		*prev, *next;	/* the transfers in flight */
	struct fetchm_req	*r;
	const struct fetchm_opts *o;
	CURL			*h;
	struct curl_slist	*hdrs;
	char			*content_type;
	char			 errbuf[CURL_ERROR_SIZE];
	struct fetch_guard	 g;	/* body cap, address policy */
	bool			 temp_redirect;
};

void
fetchm_opts_init(struct fetchm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_connections = 64;
	o->per_host = 2;
	o->max_redirects = CAP_FETCH_REDIRECTS;
}

void
fetchm_req_init(struct fetchm_req *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, CAP_FETCH_BODY);
}

void
fetchm_req_cleanup(struct fetchm_req *r)
{
	buf_cleanup(&r->body);
	free(r->media_type);
	free(r->charset);
	free(r->effective_url);
	free(r->resp_etag);
	free(r->resp_last_modified);
	free(r->retry_after);
	free(r->cache_control);
	free(r->expires);
	free(r->link);
	r->media_type = r->charset = r->effective_url = NULL;
	r->resp_etag = r->resp_last_modified = r->retry_after = NULL;
	r->cache_control = r->expires = r->link = NULL;
}

/* Keep every Link header (WebSub discovery), within CAP_URL in all. */
static void
add_link(struct fetchm_req *r, const char *v, size_t n)
{
	char	*one = NULL, *all;

	fetch_header_set(&one, v, n);
	if (one == NULL)
		return;
	if (r->link == NULL)
		r->link = one;
	else {
		if (strlen(r->link) + strlen(one) < CAP_URL) {
			all = xasprintf("%s, %s", r->link, one);
			free(r->link);
			r->link = all;
		}
		free(one);
	}
}

/* "Name:" at p (n bytes): the value's offset, else 0. */
static size_t
is_header(const char *p, size_t n, const char *name)
{
	size_t	 len = strlen(name);

	if (n > len && text_istarts(p, name))
		return len;
	return 0;
}

/*
 * Set the body's buffer to the Content-Length at p (n bytes) before the
 * body comes, so it is allocated once instead of doubling from 64 bytes
 * (a 92 KB feed: 11 reallocations, each copying what came so far). Only
 * a hint: at most CAP_FETCH_PRESIZE and the body cap, and a compressed
 * or lying response just grows the buffer as before.
 */
static void
presize(struct xfer *x, const char *p, size_t n)
{
	size_t	 v = 0, i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == n || !text_is_digit(p[i]))
		return;
	for (; i < n && text_is_digit(p[i]); i++) {
		v = v * 10 + (size_t)(p[i] - '0');
		if (v > CAP_FETCH_PRESIZE)
			return;
	}
	if (v > 0 && v <= x->g.max_body && x->r->body.len == 0)
		buf_reserve(&x->r->body, v);
}

static size_t
on_header(char *p, size_t size, size_t n, void *userdata)
{
	struct xfer *x = userdata;
	struct fetchm_req *r = x->r;
	size_t	 off;
	long	 code;

	/* Each response (one per redirect hop) starts with a status line. */
	if (n > 12 && memcmp(p, "HTTP/", 5) == 0) {
		fetchm_req_cleanup(r);
		buf_init(&r->body, CAP_FETCH_BODY);
		free(x->content_type);
		x->content_type = NULL;
		code = strtol(memchr(p, ' ', n) != NULL ?
		    (char *)memchr(p, ' ', n) + 1 : p, NULL, 10);
		if (code >= 300 && code < 400 && code != 301 && code != 308 &&
		    code != 304)
			x->temp_redirect = true;
	} else if ((off = is_header(p, n, "etag:")) != 0)
		fetch_header_set(&r->resp_etag, p + off, n - off);
	else if ((off = is_header(p, n, "last-modified:")) != 0)
		fetch_header_set(&r->resp_last_modified, p + off, n - off);
	else if ((off = is_header(p, n, "content-type:")) != 0)
		fetch_header_set(&x->content_type, p + off, n - off);
	else if ((off = is_header(p, n, "retry-after:")) != 0)
		fetch_header_set(&r->retry_after, p + off, n - off);
	else if ((off = is_header(p, n, "cache-control:")) != 0)
		fetch_header_set(&r->cache_control, p + off, n - off);
	else if ((off = is_header(p, n, "expires:")) != 0)
		fetch_header_set(&r->expires, p + off, n - off);
	else if ((off = is_header(p, n, "link:")) != 0)
		add_link(r, p + off, n - off);
	else if ((off = is_header(p, n, "content-length:")) != 0)
		presize(x, p + off, n - off);
	return n;
}

/* Send the header "prefix value". */
static void
add_header(struct xfer *x, const char *prefix, const char *v)
{
	char	*h = xasprintf("%s%s", prefix, v);

	x->hdrs = curl_slist_append(x->hdrs, h);
	if (x->hdrs == NULL)
		abort();
	free(h);
}

static struct xfer *
xfer_new(struct fetchm_req *r, const struct fetchm_opts *o)
{
	struct xfer *x;
	size_t	 i;
	CURL	*h;

	x = xcalloc(1, sizeof *x);
	x->r = r;
	x->o = o;
	x->g.body = &r->body;
	x->g.max_body = r->max_body != 0 ? r->max_body : CAP_FETCH_BODY;
	x->g.allow_private = o->allow_private;
	h = x->h = fetch_handle_new(r->url, o->user_agent, r->timeout,
	    o->max_redirects, &x->g, &x->hdrs);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	if (r->auth != NULL) {
		curl_easy_setopt(h, CURLOPT_USERPWD, r->auth);
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		/* Credentials never follow a redirect to another host. */
		curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
	}
	if (r->etag != NULL)
		add_header(x, "If-None-Match: ", r->etag);
	if (r->last_modified != NULL)
		add_header(x, "If-Modified-Since: ", r->last_modified);
	for (i = 0; i < r->nheaders; i++)
		add_header(x, "", r->headers[i]);
	if (r->post != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(r->post));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->post);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	return x;
}

/* Fill in the outcome of a finished transfer. */
static void
finish(struct xfer *x, CURLcode cc)
{
	struct fetchm_req *r = x->r;
	const char *url = r->url;
	char	*eff = NULL;
	long	 redirects = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->h, CURLINFO_REDIRECT_COUNT, &redirects);
	if (eff != NULL)
		r->effective_url = xstrdup(eff);
	r->redirected = redirects > 0;
	r->permanent = redirects > 0 && !x->temp_redirect;
	r->e = ERR_OK;
	if (x->g.denied) {
		log_error("%s: refused to connect to a private or special-purpose "
		    "address (allow_private in [service] permits it)", url);
		r->e = ERR_DENIED;
	} else if (x->g.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		log_error("%s: response larger than %zu bytes; refused", url,
		    x->g.max_body);
		r->e = ERR_TOO_LARGE;
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		log_error("%s: timed out: %s", url, x->errbuf);
		r->e = ERR_TIMEOUT;
	} else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
		log_error("%s: only http and https URLs are fetched", url);
		r->e = ERR_DENIED;
	} else if (cc != CURLE_OK) {
		log_error("%s: %s", url, x->errbuf[0] != '\0' ? x->errbuf :
		    curl_easy_strerror(cc));
		r->e = ERR_NET;
	} else if (r->status != 304 && (r->status < 200 || r->status > 299)) {
		log_error("%s: HTTP status %ld", url, r->status);
		r->e = ERR_HTTP;
	}
	fetch_content_type(x->content_type, &r->media_type, &r->charset);
}

static void
xfer_free(struct xfer *x)
{
	curl_slist_free_all(x->hdrs);
	curl_easy_cleanup(x->h);
	free(x->content_type);
	free(x);
}

/*
 * The order requests start in. Without spacing, as given. With it, the
 * requests are grouped by host (keeping their order), and the hosts take
 * turns in a queue: a host that starts a request goes to the back, ready
 * again spacing later. As every host in the queue waits the same
 * spacing, the queue stays in order of readiness, and the front is the
 * next host ready.
 */
struct spacer {
	struct fetchm_req **reqs;	/* grouped by host when spacing */
	size_t		 n, next;	/* without spacing */
	uint64_t	 spacing;	/* ms */
	struct hostq {
		size_t	 next, end;	/* its requests in reqs */
		uint64_t ready;		/* ms into the run */
	}		*hosts;
	size_t		*ring;		/* host indices, from head */
	size_t		 nhosts, head, count;
};

/* The "host:port" of an http(s) URL, as a new string. */
static char *
host_of(const char *url)
{
	const char *p = strstr(url, "://"), *end;

	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	return xstrndup(p, (size_t)(end - p));
}

struct keyed {
	char	*host;
	size_t	 i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int	 c = strcmp(x->host, y->host);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
spacer_init(struct spacer *sp, struct fetchm_req **reqs, size_t n,
    long spacing)
{
	struct keyed *k;
	size_t	 i;

	memset(sp, 0, sizeof *sp);
	sp->reqs = reqs;
	sp->n = n;
	if (spacing <= 0 || n < 2)
		return;
	sp->spacing = (uint64_t)spacing * 1000;
	k = xcalloc(n, sizeof *k);
	for (i = 0; i < n; i++) {
		k[i].host = host_of(reqs[i]->url);
		k[i].i = i;
	}
	qsort(k, n, sizeof *k, cmp_keyed);
	sp->reqs = xcalloc(n, sizeof *sp->reqs);
	sp->hosts = xcalloc(n, sizeof *sp->hosts);
	sp->ring = xcalloc(n, sizeof *sp->ring);
	for (i = 0; i < n; i++) {
		sp->reqs[i] = reqs[k[i].i];
		if (i == 0 || strcmp(k[i].host, k[i - 1].host) != 0) {
			sp->hosts[sp->nhosts].next = i;
			sp->ring[sp->nhosts] = sp->nhosts;
			sp->nhosts++;
		}
		sp->hosts[sp->nhosts - 1].end = i + 1;
	}
	sp->count = sp->nhosts;
	for (i = 0; i < n; i++)
		free(k[i].host);
	free(k);
}

static bool
spacer_left(const struct spacer *sp)
{
	return sp->spacing > 0 ? sp->count > 0 : sp->next < sp->n;
}

/* The next request that may start at now (ms into the run), or NULL. */
static struct fetchm_req *
spacer_next(struct spacer *sp, uint64_t now)
{
	struct hostq *h;
	size_t	 hi;

	if (sp->spacing == 0)
		return sp->next < sp->n ? sp->reqs[sp->next++] : NULL;
	if (sp->count == 0)
		return NULL;
	hi = sp->ring[sp->head];
	h = &sp->hosts[hi];
	if (h->ready > now)
		return NULL;
	sp->head = (sp->head + 1) % sp->nhosts;
	sp->count--;
	if (h->next + 1 < h->end) {
		h->ready = now + sp->spacing;
		sp->ring[(sp->head + sp->count) % sp->nhosts] = hi;
		sp->count++;
	}
	return sp->reqs[h->next++];
}

/* Milliseconds until the next request may start (at most 1000). */
static int
spacer_wait(const struct spacer *sp, uint64_t now)
{
	uint64_t ready;

	if (sp->spacing == 0 || sp->count == 0)
		return 1000;
	ready = sp->hosts[sp->ring[sp->head]].ready;
	if (ready <= now)
		return 1;
	return ready - now < 1000 ? (int)(ready - now) : 1000;
}

static void
spacer_cleanup(struct spacer *sp)
{
	if (sp->spacing > 0) {
		free(sp->reqs);
		free(sp->hosts);
		free(sp->ring);
	}
}

enum err
fetchm_run(struct fetchm_req **reqs, size_t n, const struct fetchm_opts *o,
    fetchm_done_fn *done, void *ctx)
{
	struct xfer *x, *live = NULL;
	CURLMsg	*msg;
	CURLM	*m;
	CURLMcode mc;
	struct fetchm_req *r;
	struct spacer sp;
	size_t	 active = 0, window;
	int	 running, left, wait;
	uint64_t start = uv_hrtime(), ms;
	enum err e = ERR_OK;

	fetch_global_init();
	m = curl_multi_init();
	if (m == NULL)
		abort();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, o->max_connections);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, o->per_host);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, o->max_connections);
	window = (size_t)o->max_connections * 2;
	spacer_init(&sp, reqs, n, o->host_spacing);
	while (spacer_left(&sp) || active > 0) {
		ms = (uv_hrtime() - start) / 1000000;
		while (active < window) {
			r = spacer_next(&sp, ms);
			if (r == NULL)
				break;
			x = xfer_new(r, o);
			curl_multi_add_handle(m, x->h);
			x->next = live;
			if (live != NULL)
				live->prev = x;
			live = x;
			active++;
		}
		mc = curl_multi_perform(m, &running);
		/* Wake up for the next request that waits for its host. */
		wait = active < window ? spacer_wait(&sp, ms) : 1000;
		/* Wait only when nothing finished: a done transfer is no event. */
		if (mc == CURLM_OK && (size_t)running == active)
			mc = curl_multi_poll(m, NULL, 0, wait, NULL);
		if (mc == CURLM_OK && (size_t)running == active)
			mc = curl_multi_perform(m, &running);
		if (mc != CURLM_OK) {
			log_error("fetching: %s", curl_multi_strerror(mc));
			e = ERR_NET;
			break;
		}
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			finish(x, msg->data.result);
			curl_multi_remove_handle(m, x->h);
			if (x->prev != NULL)
				x->prev->next = x->next;
			else
				live = x->next;
			if (x->next != NULL)
				x->next->prev = x->prev;
			active--;
			done(x->r, ctx);
			xfer_free(x);
		}
	}
	/* After a failure, whatever is still in flight is abandoned. */
	while (live != NULL) {
		x = live;
		live = x->next;
		curl_multi_remove_handle(m, x->h);
		x->r->e = ERR_NET;
		xfer_free(x);
	}
	spacer_cleanup(&sp);
	curl_multi_cleanup(m);
	return e;
}

/* The libuv-driven multi handle. */
struct fetchm_loop {
	uv_loop_t	*loop;
	CURLM		*m;
	uv_timer_t	 timer;
	struct fetchm_opts o;
	fetchm_done_fn	*done;
	void		*ctx;
	struct xfer	*live;
	size_t		 active;
	int		 handles;	/* uv handles not closed yet */
	bool		 closing;
};

/* One socket curl watches. */
struct sock {
	uv_poll_t	 poll;
	curl_socket_t	 fd;
	struct fetchm_loop *fl;
};

#define container_of(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

static void
loop_unref(struct fetchm_loop *fl)
{
	if (--fl->handles == 0 && fl->closing)
		free(fl);
}

static void
on_sock_closed(uv_handle_t *h)
{
	struct sock *sk = container_of(h, struct sock, poll);
	struct fetchm_loop *fl = sk->fl;

	free(sk);
	loop_unref(fl);
}

static void
unlink_xfer(struct fetchm_loop *fl, struct xfer *x)
{
	if (x->prev != NULL)
		x->prev->next = x->next;
	else
		fl->live = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
	fl->active--;
}

static void
check_done(struct fetchm_loop *fl)
{
	struct xfer *x;
	CURLMsg	*msg;
	int	 left;

	while ((msg = curl_multi_info_read(fl->m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&x);
		finish(x, msg->data.result);
		curl_multi_remove_handle(fl->m, x->h);
		unlink_xfer(fl, x);
		fl->done(x->r, fl->ctx);
		xfer_free(x);
	}
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	struct sock *sk = container_of(p, struct sock, poll);
	struct fetchm_loop *fl = sk->fl;
	int	 running, flags = 0;

	if (status < 0)
		flags = CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(fl->m, sk->fd, flags, &running);
	check_done(fl);
}

static void
on_timer(uv_timer_t *t)
{
	struct fetchm_loop *fl = container_of(t, struct fetchm_loop, timer);
	int	 running;

	curl_multi_socket_action(fl->m, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(fl);
}

/* CURLMOPT_TIMERFUNCTION: when curl wants to be called without I/O. */
static int
curl_timer(CURLM *m, long timeout_ms, void *userp)
{
	struct fetchm_loop *fl = userp;

	if (timeout_ms < 0)
		uv_timer_stop(&fl->timer);
	else {
		/*
		 * 0 means "as soon as possible", but never from inside this
		 * callback: 1 ms puts it on the next loop turn.
		 */
		if (timeout_ms == 0)
			timeout_ms = 1;
		uv_timer_start(&fl->timer, on_timer, (uint64_t)timeout_ms, 0);
	}
	return 0;
}

/* CURLMOPT_SOCKETFUNCTION: watch (or stop watching) one socket. */
static int
curl_socket(CURL *easy, curl_socket_t s, int action, void *userp,
    void *socketp)
{
	struct fetchm_loop *fl = userp;
	struct sock *sk = socketp;
	int	 events = 0;

	if (action == CURL_POLL_REMOVE) {
		if (sk != NULL) {
			uv_poll_stop(&sk->poll);
			uv_close((uv_handle_t *)&sk->poll, on_sock_closed);
			curl_multi_assign(fl->m, s, NULL);
		}
		return 0;
	}
	if (sk == NULL) {
		sk = xcalloc(1, sizeof *sk);
		sk->fd = s;
		sk->fl = fl;
		if (uv_poll_init_socket(fl->loop, &sk->poll, s) != 0) {
			free(sk);
			return -1;
		}
		fl->handles++;
		curl_multi_assign(fl->m, s, sk);
	}
	if (action == CURL_POLL_IN || action == CURL_POLL_INOUT)
		events |= UV_READABLE;
	if (action == CURL_POLL_OUT || action == CURL_POLL_INOUT)
		events |= UV_WRITABLE;
	uv_poll_start(&sk->poll, events, on_poll);
	return 0;
}

struct fetchm_loop *
fetchm_loop_new(struct uv_loop_s *loop, const struct fetchm_opts *o,
    fetchm_done_fn *done, void *ctx)
{
	struct fetchm_loop *fl;

	fl = xcalloc(1, sizeof *fl);
	fl->loop = loop;
	fl->o = *o;
	fl->done = done;
	fl->ctx = ctx;
	fetch_global_init();
	fl->m = curl_multi_init();
	if (fl->m == NULL)
		abort();
	uv_timer_init(loop, &fl->timer);
	fl->handles = 1;
	curl_multi_setopt(fl->m, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    o->max_connections);
	curl_multi_setopt(fl->m, CURLMOPT_MAX_HOST_CONNECTIONS, o->per_host);
	curl_multi_setopt(fl->m, CURLMOPT_MAXCONNECTS, o->max_connections);
	curl_multi_setopt(fl->m, CURLMOPT_SOCKETFUNCTION, curl_socket);
	curl_multi_setopt(fl->m, CURLMOPT_SOCKETDATA, fl);
	curl_multi_setopt(fl->m, CURLMOPT_TIMERFUNCTION, curl_timer);
	curl_multi_setopt(fl->m, CURLMOPT_TIMERDATA, fl);
	return fl;
}

void
fetchm_loop_add(struct fetchm_loop *fl, struct fetchm_req *r)
{
	struct xfer *x;

	x = xfer_new(r, &fl->o);
	x->o = &fl->o;
	x->next = fl->live;
	if (fl->live != NULL)
		fl->live->prev = x;
	fl->live = x;
	fl->active++;
	curl_multi_add_handle(fl->m, x->h);
}

size_t
fetchm_loop_active(const struct fetchm_loop *fl)
{
	return fl->active;
}

static void
on_timer_closed(uv_handle_t *h)
{
	loop_unref(container_of(h, struct fetchm_loop, timer));
}

void
fetchm_loop_close(struct fetchm_loop *fl)
{
	struct xfer *x;

	if (fl == NULL)
		return;
	while (fl->live != NULL) {
		x = fl->live;
		curl_multi_remove_handle(fl->m, x->h);
		unlink_xfer(fl, x);
		xfer_free(x);
	}
	curl_multi_cleanup(fl->m);
	fl->closing = true;
	uv_timer_stop(&fl->timer);
	uv_close((uv_handle_t *)&fl->timer, on_timer_closed);
}
