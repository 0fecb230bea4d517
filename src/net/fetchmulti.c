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
	r->media_type = r->charset = r->effective_url = NULL;
	r->resp_etag = r->resp_last_modified = r->retry_after = NULL;
	r->cache_control = r->expires = NULL;
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

enum err
fetchm_run(struct fetchm_req **reqs, size_t n, const struct fetchm_opts *o,
    fetchm_done_fn *done, void *ctx)
{
	struct xfer *x, *live = NULL;
	CURLMsg	*msg;
	CURLM	*m;
	CURLMcode mc;
	size_t	 next = 0, active = 0, window;
	int	 running, left;
	enum err e = ERR_OK;

	m = curl_multi_init();
	if (m == NULL)
		abort();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, o->max_connections);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, o->per_host);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, o->max_connections);
	window = (size_t)o->max_connections * 2;
	while (next < n || active > 0) {
		while (next < n && active < window) {
			x = xfer_new(reqs[next++], o);
			curl_multi_add_handle(m, x->h);
			x->next = live;
			if (live != NULL)
				live->prev = x;
			live = x;
			active++;
		}
		mc = curl_multi_perform(m, &running);
		/* Wait only when nothing finished: a done transfer is no event. */
		if (mc == CURLM_OK && (size_t)running == active)
			mc = curl_multi_poll(m, NULL, 0, 1000, NULL);
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
