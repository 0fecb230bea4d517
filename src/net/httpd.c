/* SPDX-License-Identifier: MIT */
/*
 * libmicrohttpd in external epoll mode on a libuv loop: uv_poll watches
 * the daemon's epoll descriptor, a uv_timer follows MHD_get_timeout(),
 * and a one-second sweep drops connections that are slow to send their
 * request's head (libmicrohttpd's own timeout is an idle timeout, which
 * a client sending a byte a second never reaches). Table resources in
 * memory carry ready-made responses (plain, gzip, 304 of each), so
 * serving one allocates nothing; file resources are opened per request.
 */
#include "config.h"
#include "net/httpd.h"
#include "net/httpdint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>
#include <uv.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

void
httpd_set_authorizer(struct httpd *h, httpd_authorize_fn *fn, void *ctx)
{
	h->auth = fn;
	h->auth_ctx = ctx;
}

unsigned
httpd_port(const struct httpd *h)
{
	return h->port;
}

void
httpd_each_status(const struct httpd *h,
    void (*fn)(void *ctx, int status, uint64_t count), void *ctx)
{
	int	 i;

	for (i = 100; i < 600; i++)
		if (h->status[i] > 0)
			fn(ctx, i, h->status[i]);
}

/* *req_ctx of a GET or HEAD between its first and second call. */
static char	 headed;
/* *req_ctx of a GET or HEAD whose body is being read, to be refused. */
static char	 refused;

/* A POST in progress. */
struct upload {
	const struct route *rt;
	struct buf	 body;
	bool		 too_big;
};

enum MHD_Result
httpd_answer(struct httpd *h, struct MHD_Connection *c, int status,
    struct MHD_Response *resp)
{
	if (status >= 100 && status < 600)
		h->status[status]++;
	return MHD_queue_response(c, (unsigned)status, resp);
}

static unsigned
method_bit(const char *m)
{
	if (strcmp(m, MHD_HTTP_METHOD_GET) == 0)
		return HTTPD_GET;
	if (strcmp(m, MHD_HTTP_METHOD_HEAD) == 0)
		return HTTPD_HEAD;
	if (strcmp(m, MHD_HTTP_METHOD_POST) == 0)
		return HTTPD_POST;
	return 0;
}

static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* Answer a GET or HEAD: the table first, then the routes. */
static enum MHD_Result
dispatch(struct httpd *h, struct MHD_Connection *c, const char *url,
    unsigned m)
{
	const struct route *rt;
	struct res *r;

	r = *httpd_res_slot(h, url);
	if (r != NULL)
		return httpd_serve_res(h, c, r);
	rt = httpd_find_route(h, url);
	if (rt == NULL)
		return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	if ((rt->methods & m) == 0)
		return httpd_answer(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, h->r405);
	return httpd_run_route(h, c, rt, m, url, NULL);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **req_ctx)
{
	struct httpd *h = cls;
	struct upload *up = *req_ctx;
	const struct route *rt;
	struct conn *cn;
	unsigned m;

	if (up == (void *)&headed || up == (void *)&refused) {
		/*
		 * The second call of a GET or HEAD: answering now (not on
		 * the first call, before libmicrohttpd knows there is no
		 * body) keeps the connection alive. A body is refused: it
		 * is read to its end (and dropped, under the request's
		 * deadline) so the client gets its 400 rather than a reset.
		 */
		if (*upload_size > 0) {
			*upload_size = 0;
			if (up == (void *)&headed) {
				*req_ctx = &refused;
				cn = conn_of(c);
				if (cn != NULL)
					cn->deadline = uv_now(h->loop) +
					    h->timeout_ms;
			}
			return MHD_YES;
		}
		*req_ctx = NULL;
		if (up == (void *)&refused)
			return httpd_answer(h, c, MHD_HTTP_BAD_REQUEST, h->r400);
		return dispatch(h, c, url, method_bit(method));
	}
	if (up != NULL) {
		/* A POST body arriving, or its end. */
		if (*upload_size > 0) {
			if (!up->too_big && buf_addn(&up->body, upload_data,
			    *upload_size) != ERR_OK)
				up->too_big = true;
			*upload_size = 0;
			return MHD_YES;
		}
		if (up->too_big)
			return httpd_answer(h, c, MHD_HTTP_CONTENT_TOO_LARGE, h->r413);
		return httpd_run_route(h, c, up->rt, HTTPD_POST, url, &up->body);
	}
	cn = conn_of(c);
	if (cn != NULL)
		cn->deadline = 0;
	if (MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL) >
	    CAP_HTTP_HEADERS)
		return httpd_answer(h, c, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
		    h->r431);
	m = method_bit(method);
	if (m == 0)
		return httpd_answer(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, h->r405);
	if (m != HTTPD_POST) {
		*req_ctx = &headed;
		return MHD_YES;
	}
	rt = httpd_find_route(h, url);
	if (rt == NULL && *httpd_res_slot(h, url) != NULL)
		return httpd_answer(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, h->r405);
	if (rt == NULL)
		return httpd_answer(h, c, MHD_HTTP_NOT_FOUND, h->r404);
	if ((rt->methods & m) == 0)
		return httpd_answer(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, h->r405);
	/*
	 * A POST: collect the body (the deadline covers it too). One over
	 * the cap is read to its end (and dropped) so the client gets its
	 * 413 rather than a reset.
	 */
	if (cn != NULL)
		cn->deadline = uv_now(h->loop) + h->timeout_ms;
	up = xcalloc(1, sizeof *up);
	up->rt = rt;
	buf_init(&up->body, rt->max_body);
	*req_ctx = up;
	return MHD_YES;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_ctx,
    enum MHD_RequestTerminationCode toe)
{
	struct httpd *h = cls;
	struct upload *up = *req_ctx;
	struct conn *cn;

	if (up != NULL && up != (void *)&headed && up != (void *)&refused) {
		buf_cleanup(&up->body);
		free(up);
		*req_ctx = NULL;
	}
	/* The next request's head must come within the timeout too. */
	cn = conn_of(c);
	if (cn != NULL)
		cn->deadline = uv_now(h->loop) + h->timeout_ms;
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **sock_ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	struct httpd *h = cls;
	const union MHD_ConnectionInfo *ci;
	struct conn *cn;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		cn = xcalloc(1, sizeof *cn);
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		cn->fd = ci != NULL ? ci->connect_fd : -1;
		cn->deadline = uv_now(h->loop) + h->timeout_ms;
		cn->next = h->conns;
		if (h->conns != NULL)
			h->conns->prev = cn;
		h->conns = cn;
		*sock_ctx = cn;
		return;
	}
	cn = *sock_ctx;
	if (cn == NULL)
		return;
	if (cn->prev != NULL)
		cn->prev->next = cn->next;
	else
		h->conns = cn->next;
	if (cn->next != NULL)
		cn->next->prev = cn->prev;
	free(cn);
	*sock_ctx = NULL;
}

/* Keep the path as sent: the table is matched byte for byte. */
static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	 msg[512];
	size_t	 n;

	vsnprintf(msg, sizeof msg, fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	log_debug("httpd: %s", msg);
}

static void	on_timer(uv_timer_t *t);

/* Let libmicrohttpd work, then arm the timer from its timeout. */
static void
run(struct httpd *h)
{
	MHD_UNSIGNED_LONG_LONG to;

	MHD_run(h->d);
	if (MHD_get_timeout(h->d, &to) == MHD_YES)
		uv_timer_start(&h->timer, on_timer, (uint64_t)to, 0);
	else
		uv_timer_stop(&h->timer);
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	run(p->data);
}

static void
on_timer(uv_timer_t *t)
{
	run(t->data);
}

/* Drop connections past their request-head deadline. */
static void
on_sweep(uv_timer_t *t)
{
	struct httpd *h = t->data;
	struct conn *cn;
	uint64_t now = uv_now(h->loop);
	bool	 any = false;

	for (cn = h->conns; cn != NULL; cn = cn->next)
		if (cn->deadline != 0 && cn->deadline < now && cn->fd >= 0) {
			/* libmicrohttpd sees the end and closes it. */
			(void)shutdown(cn->fd, SHUT_RDWR);
			cn->deadline = 0;
			any = true;
		}
	if (any)
		run(h);
}

static struct MHD_Response *
fixed(const char *text, const char *allow)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		abort();
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	if (allow != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	return r;
}

bool
httpd_listen_split(const char *spec, char host[HTTPD_HOST_MAX],
    char port[6])
{
	const char *colon, *p;
	size_t	 n;

	if (spec[0] == '[') {
		colon = strstr(spec, "]:");
		if (colon == NULL || colon == spec + 1 ||
		    (size_t)(colon - spec) > HTTPD_HOST_MAX ||
		    memchr(spec + 1, ']', (size_t)(colon - spec - 1)) != NULL)
			return false;
		snprintf(host, HTTPD_HOST_MAX, "%.*s",
		    (int)(colon - spec - 1), spec + 1);
		colon++;
	} else {
		colon = strchr(spec, ':');
		if (colon == NULL || strchr(colon + 1, ':') != NULL ||
		    (size_t)(colon - spec) >= HTTPD_HOST_MAX)
			return false;
		snprintf(host, HTTPD_HOST_MAX, "%.*s", (int)(colon - spec),
		    spec);
	}
	p = colon + 1;
	n = strlen(p);
	if (n == 0 || n > 5 || strspn(p, "0123456789") != n ||
	    strtol(p, NULL, 10) > 65535)
		return false;
	memcpy(port, p, n + 1);
	return true;
}

/*
 * A listening socket for spec ("host:port", "[v6]:port", ":port"), or
 * -1 (logged). *bad is set when spec itself is wrong.
 */
static int
listen_on(const char *spec, bool *bad)
{
	struct addrinfo hints, *ai = NULL;
	char	 host[HTTPD_HOST_MAX], port[6];
	int	 fd = -1, one = 1, rc;

	*bad = true;
	if (!httpd_listen_split(spec, host, port))
		goto badspec;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host[0] != '\0' ? host : NULL, port, &hints, &ai);
	if (rc != 0) {
		log_error("listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	*bad = false;
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 511) != 0) {
		log_error("listen %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
badspec:
	log_error("listen \"%s\": expected HOST:PORT, [IPV6]:PORT or :PORT",
	    spec);
	return -1;
}

static unsigned
port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

enum err
httpd_new(uv_loop_t *loop, const struct httpd_opts *o, struct httpd **out)
{
	const union MHD_DaemonInfo *di;
	struct httpd *h;
	long	 timeout, maxc, perip;
	bool	 bad;
	int	 fd;

	*out = NULL;
	fd = listen_on(o->listen, &bad);
	if (fd < 0)
		return bad ? ERR_CONFIG : ERR_NET;
	timeout = o->timeout > 0 ? o->timeout : CAP_HTTP_TIMEOUT;
	maxc = o->max_connections > 0 ? o->max_connections :
	    CAP_HTTP_CONNECTIONS;
	perip = o->per_ip > 0 ? o->per_ip : CAP_HTTP_PER_IP;
	h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->port = port_of(fd);
	h->timeout_ms = (uint64_t)timeout * 1000;
	h->nbuckets = 64;
	h->buckets = xcalloc(h->nbuckets, sizeof *h->buckets);
	h->files_fd = -1;
	h->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
	    NULL, NULL, on_request, h,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)maxc,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)perip,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CAP_HTTP_CONN_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)timeout,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	    MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		log_error("listen %s: cannot start the HTTP server", o->listen);
		close(fd);
		free(h->buckets);
		free(h);
		return ERR_NET;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	h->r400 = fixed("bad request\n", NULL);
	h->r404 = fixed("not found\n", NULL);
	h->r405 = fixed("method not allowed\n", "GET, HEAD");
	h->r413 = fixed("request body too large\n", NULL);
	h->r431 = fixed("too many request headers\n", NULL);
	uv_poll_init(loop, &h->poll, di->epoll_fd);
	uv_timer_init(loop, &h->timer);
	uv_timer_init(loop, &h->sweep);
	h->poll.data = h->timer.data = h->sweep.data = h;
	uv_poll_start(&h->poll, UV_READABLE, on_poll);
	uv_timer_start(&h->sweep, on_sweep, 1000, 1000);
	run(h);
	*out = h;
	return ERR_OK;
}

static void
on_closed(uv_handle_t *hd)
{
	struct httpd *h = hd->data;
	size_t	 i;

	if (--h->closing > 0)
		return;
	for (i = 0; i < h->nroutes; i++)
		free(h->routes[i].prefix);
	free(h->routes);
	free(h);
}

void
httpd_free(struct httpd *h)
{
	struct res *r, *next;
	size_t	 i;

	if (h == NULL)
		return;
	uv_poll_stop(&h->poll);
	uv_timer_stop(&h->timer);
	uv_timer_stop(&h->sweep);
	MHD_stop_daemon(h->d);
	for (i = 0; i < h->nbuckets; i++)
		for (r = h->buckets[i]; r != NULL; r = next) {
			next = r->next;
			httpd_res_free(h, r);
		}
	free(h->buckets);
	for (i = 0; i < h->ntypes; i++)
		free(h->types[i]);
	free(h->types);
	if (h->files_fd >= 0)
		close(h->files_fd);
	MHD_destroy_response(h->r400);
	MHD_destroy_response(h->r404);
	MHD_destroy_response(h->r405);
	MHD_destroy_response(h->r413);
	MHD_destroy_response(h->r431);
	h->closing = 3;
	uv_close((uv_handle_t *)&h->poll, on_closed);
	uv_close((uv_handle_t *)&h->timer, on_closed);
	uv_close((uv_handle_t *)&h->sweep, on_closed);
}
