/* SPDX-License-Identifier: MIT */
/*
 * Dynamic routes (health, metrics, WebSub callbacks): the prefix table,
 * the request and response a handler sees, and turning its answer into
 * a libmicrohttpd response.
 */
#include "config.h"
#include "net/httpd.h"
#include "net/httpdint.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/httpcond.h"
#include "util/caps.h"
#include "util/xmalloc.h"

/* What httpd_request.impl points to during a handler call. */
struct rq_impl {
	struct MHD_Connection *conn;
	char		**scratch;	/* decoded strings to free */
	size_t		 nscratch;
	char		 client[INET6_ADDRSTRLEN];
};

struct rs_impl {
	char		*type;
	char		**headers;	/* name, value, name, value... */
	size_t		 nheaders;
};

void
httpd_route(struct httpd *h, const char *prefix, unsigned methods,
    size_t max_body, httpd_handler *fn, void *ctx)
{
	struct route *rt = NULL;
	size_t	 i;

	for (i = 0; i < h->nroutes; i++)
		if (strcmp(h->routes[i].prefix, prefix) == 0)
			rt = &h->routes[i];
	if (rt == NULL) {
		rt = VEC_PUSH(h->routes, h->nroutes);
		rt->prefix = xstrdup(prefix);
		rt->len = strlen(prefix);
	}
	rt->methods = methods;
	if (methods & HTTPD_GET)
		rt->methods |= HTTPD_HEAD;
	rt->max_body = max_body > CAP_HTTP_BODY ? CAP_HTTP_BODY : max_body;
	rt->fn = fn;
	rt->ctx = ctx;
}

void
httpd_unroute(struct httpd *h, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < h->nroutes; i++) {
		if (strcmp(h->routes[i].prefix, prefix) != 0)
			continue;
		free(h->routes[i].prefix);
		memmove(&h->routes[i], &h->routes[i + 1],
		    (h->nroutes - i - 1) * sizeof h->routes[0]);
		h->nroutes--;
		return;
	}
}

const struct route *
httpd_find_route(const struct httpd *h, const char *path)
{
	const struct route *best = NULL, *rt;
	size_t	 i;

	for (i = 0; i < h->nroutes; i++) {
		rt = &h->routes[i];
		if (rt->prefix[rt->len - 1] == '/' ?
		    strncmp(path, rt->prefix, rt->len) != 0 :
		    strcmp(path, rt->prefix) != 0)
			continue;
		if (best == NULL || rt->len > best->len)
			best = rt;
	}
	return best;
}

const char *
httpd_query(const struct httpd_request *rq, const char *name)
{
	struct rq_impl *im = rq->impl;
	const char *v;
	char	*out;
	size_t	 n;

	v = MHD_lookup_connection_value(im->conn, MHD_GET_ARGUMENT_KIND, name);
	if (v == NULL)
		return NULL;
	n = strlen(v);
	out = xmalloc(n + 1);
	if (!http_unescape(v, n, out, true)) {
		free(out);
		return NULL;
	}
	*VEC_PUSH(im->scratch, im->nscratch) = out;
	return out;
}

const char *
httpd_header(const struct httpd_request *rq, const char *name)
{
	struct rq_impl *im = rq->impl;

	return MHD_lookup_connection_value(im->conn, MHD_HEADER_KIND, name);
}

const char *
httpd_client(const struct httpd_request *rq)
{
	struct rq_impl *im = rq->impl;
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	if (im->client[0] != '\0')
		return im->client;
	ci = MHD_get_connection_info(im->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return "";
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, im->client, sizeof im->client);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, im->client,
		    sizeof im->client);
	return im->client;
}

void
httpd_response_type(struct httpd_response *rs, const char *type)
{
	struct rs_impl *im = rs->impl;

	xstrset(&im->type, type);
}

void
httpd_response_header(struct httpd_response *rs, const char *name,
    const char *value)
{
	struct rs_impl *im = rs->impl;

	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return;
	*VEC_PUSH(im->headers, im->nheaders) = xstrdup(name);
	*VEC_PUSH(im->headers, im->nheaders) = xstrdup(value);
}

/* Run route rt's handler and queue what it answers. */
enum MHD_Result
httpd_run_route(struct httpd *h, struct MHD_Connection *c, const struct route *rt,
    unsigned method, const char *path, struct buf *body)
{
	struct httpd_request rq;
	struct httpd_response rs;
	struct rq_impl rqi;
	struct rs_impl rsi;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	size_t	 i, len;
	char	*data;

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	memset(&rqi, 0, sizeof rqi);
	memset(&rsi, 0, sizeof rsi);
	rqi.conn = c;
	rq.impl = &rqi;
	rq.method = method;
	rq.path = path;
	if (body != NULL && body->data != NULL) {
		rq.body = body->data;
		rq.body_len = body->len;
	}
	rs.impl = &rsi;
	rs.status = MHD_HTTP_OK;
	buf_init(&rs.body, CAP_HTTP_RESPONSE);
	rt->fn(rt->ctx, &rq, &rs);
	for (i = 0; i < rqi.nscratch; i++)
		free(rqi.scratch[i]);
	free(rqi.scratch);
	data = buf_take(&rs.body, &len);
	resp = MHD_create_response_from_buffer(len, data,
	    data != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		abort();
	if (rsi.type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    rsi.type);
	for (i = 0; i + 1 < rsi.nheaders; i += 2)
		MHD_add_response_header(resp, rsi.headers[i],
		    rsi.headers[i + 1]);
	for (i = 0; i < rsi.nheaders; i++)
		free(rsi.headers[i]);
	free(rsi.headers);
	free(rsi.type);
	if (rs.status < 200 || rs.status > 599)
		rs.status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	rc = httpd_answer(h, c, rs.status, resp);
	MHD_destroy_response(resp);
	return rc;
}
