/* SPDX-License-Identifier: MIT */
/* Blocking fetches through libcurl's easy interface, with all limits. */
#include "config.h"
#include "net/fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

struct ctx {
	struct fetch_result	*r;
	struct fetch_guard	 g;
};

void
fetch_opts_init(struct fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->timeout = CAP_FETCH_SECONDS;
	o->max_body = CAP_FETCH_BODY;
	o->max_redirects = CAP_FETCH_REDIRECTS;
}

void
fetch_result_init(struct fetch_result *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, CAP_FETCH_BODY);
}

void
fetch_result_cleanup(struct fetch_result *r)
{
	buf_cleanup(&r->body);
	free(r->content_type);
	free(r->media_type);
	free(r->charset);
	free(r->effective_url);
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof *r);
}

static bool
v4_special(uint32_t a)
{
	return (a >> 24) == 0 ||		/* 0.0.0.0/8 */
	    (a >> 24) == 10 ||			/* 10/8 */
	    (a >> 24) == 127 ||			/* loopback */
	    (a >> 16) == 0xa9fe ||		/* 169.254/16 link-local */
	    (a >> 20) == 0xac1 ||		/* 172.16/12 */
	    (a >> 16) == 0xc0a8 ||		/* 192.168/16 */
	    (a >> 22) == (100u << 2 | 1) ||	/* 100.64/10 CGNAT */
	    (a >> 8) == 0xc00000 ||		/* 192.0.0/24 */
	    (a >> 8) == 0xc00002 ||		/* 192.0.2/24 TEST-NET-1 */
	    (a >> 17) == (0xc612 >> 1) ||	/* 198.18/15 benchmarking */
	    (a >> 8) == 0xc63364 ||		/* 198.51.100/24 */
	    (a >> 8) == 0xcb0071 ||		/* 203.0.113/24 */
	    (a >> 28) >= 0xe;			/* multicast, reserved */
}

bool
fetch_addr_is_special(const struct sockaddr *sa)
{
	const struct sockaddr_in6 *s6;
	const uint8_t *b;
	static const uint8_t nat64[12] = { 0, 0x64, 0xff, 0x9b };

	if (sa->sa_family == AF_INET)
		return v4_special(ntohl(((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family != AF_INET6)
		return true;
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	b = s6->sin6_addr.s6_addr;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) ||
	    IN6_IS_ADDR_V4COMPAT(&s6->sin6_addr) ||
	    memcmp(b, nat64, 12) == 0)
		return v4_special((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		    (uint32_t)b[14] << 8 | b[15]);
	return IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr) ||
	    IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr) ||
	    IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr) ||
	    IN6_IS_ADDR_SITELOCAL(&s6->sin6_addr) ||
	    IN6_IS_ADDR_MULTICAST(&s6->sin6_addr) ||
	    (b[0] & 0xfe) == 0xfc ||		/* fc00::/7 unique local */
	    (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
}

/* Checked at connect time on every hop, so DNS rebinding cannot slip by. */
static curl_socket_t
open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct fetch_guard *g = clientp;

	if (!g->allow_private && fetch_addr_is_special(&addr->addr)) {
		g->denied = true;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

/* Decoded bytes: the cap holds whatever the transfer encoding. */
static size_t
on_body(char *p, size_t size, size_t n, void *userdata)
{
	struct fetch_guard *g = userdata;

	if (g->body->len + n > g->max_body ||
	    buf_addn(g->body, p, n) != ERR_OK) {
		g->too_large = true;
		return 0;
	}
	return n;
}

static bool	global_done;

void
fetch_global_init(void)
{
	if (global_done)
		return;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		abort();
	global_done = true;
}

void
fetch_global_cleanup(void)
{
	if (!global_done)
		return;
	curl_global_cleanup();
	global_done = false;
}

void *
fetch_handle_new(const char *url, const char *user_agent, long timeout,
    long max_redirects, struct fetch_guard *g, struct curl_slist **hdrs)
{
	CURL	*h;

	fetch_global_init();
	h = curl_easy_init();
	if (h == NULL)
		abort();
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, max_redirects);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout > 0 ? timeout :
	    CAP_FETCH_SECONDS);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CAP_FETCH_CONNECT_SECONDS);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 64L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 20L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)g->max_body);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent != NULL ?
	    user_agent : PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, g);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, g);
	*hdrs = curl_slist_append(*hdrs, "Accept: application/rss+xml, "
	    "application/atom+xml, application/feed+json, application/json;"
	    "q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, "
	    "*/*;q=0.5");
	if (*hdrs == NULL)
		abort();
	return h;
}

void
fetch_header_set(char **dst, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' ||
	    v[n - 1] == ' '))
		n--;
	free(*dst);
	*dst = text_clean(v, n, TEXT_COLLAPSE, 1024);
}

static size_t
on_header(char *p, size_t size, size_t n, void *userdata)
{
	struct ctx *c = userdata;

	/* A new response (after a redirect) starts with its status line. */
	if (n > 5 && memcmp(p, "HTTP/", 5) == 0) {
		free(c->r->etag);
		free(c->r->last_modified);
		free(c->r->content_type);
		c->r->etag = c->r->last_modified = c->r->content_type = NULL;
	} else if (n > 5 && text_istarts(p, "etag:"))
		fetch_header_set(&c->r->etag, p + 5, n - 5);
	else if (n > 14 && text_istarts(p, "last-modified:"))
		fetch_header_set(&c->r->last_modified, p + 14, n - 14);
	else if (n > 13 && text_istarts(p, "content-type:"))
		fetch_header_set(&c->r->content_type, p + 13, n - 13);
	return n;
}

void
fetch_content_type(const char *ct, char **media_type, char **charset)
{
	const char *cs;
	char	*p;
	size_t	 n;

	*media_type = *charset = NULL;
	if (ct == NULL)
		return;
	n = strcspn(ct, "; \t");
	if (n > 0) {
		*media_type = xstrndup(ct, n);
		for (p = *media_type; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
	}
	for (cs = ct; (cs = strchr(cs, ';')) != NULL; ) {
		cs++;
		cs += strspn(cs, " \t");
		if (text_istarts(cs, "charset=")) {
			cs += 8;
			cs += *cs == '"';
			n = strcspn(cs, "\"; \t");
			if (n > 0 && n < 40)
				*charset = xstrndup(cs, n);
			break;
		}
	}
}

enum err
fetch_url(const char *url, const struct fetch_opts *o, struct fetch_result *r)
{
	struct ctx	 c = { r, { &r->body, o->max_body, o->allow_private,
			    false, false } };
	struct curl_slist *hdrs = NULL;
	char		 errbuf[CURL_ERROR_SIZE] = "";
	char		*h, *eff = NULL;
	CURL		*h_;
	CURLcode	 cc;
	enum err	 e = ERR_OK;

	h_ = fetch_handle_new(url, o->user_agent, o->timeout, o->max_redirects,
	    &c.g, &hdrs);
	curl_easy_setopt(h_, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h_, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h_, CURLOPT_HEADERDATA, &c);
	if (o->etag != NULL) {
		h = xasprintf("If-None-Match: %s", o->etag);
		hdrs = curl_slist_append(hdrs, h);
		free(h);
	}
	if (o->last_modified != NULL) {
		h = xasprintf("If-Modified-Since: %s", o->last_modified);
		hdrs = curl_slist_append(hdrs, h);
		free(h);
	}
	curl_easy_setopt(h_, CURLOPT_HTTPHEADER, hdrs);

	cc = curl_easy_perform(h_);
	curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(h_, CURLINFO_EFFECTIVE_URL, &eff);
	if (eff != NULL)
		r->effective_url = xstrdup(eff);
	if (c.g.denied) {
		log_error("%s: refused to connect to a private or special-purpose "
		    "address (allow it explicitly if this source is trusted)",
		    url);
		e = ERR_DENIED;
	} else if (c.g.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		log_error("%s: response larger than %zu bytes; refused", url,
		    o->max_body);
		e = ERR_TOO_LARGE;
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		log_error("%s: timed out: %s", url, errbuf);
		e = ERR_TIMEOUT;
	} else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
		log_error("%s: only http and https URLs are fetched", url);
		e = ERR_DENIED;
	} else if (cc != CURLE_OK) {
		log_error("%s: %s", url, errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(cc));
		e = ERR_NET;
	} else if (r->status != 304 && (r->status < 200 || r->status > 299)) {
		log_error("%s: HTTP status %ld", url, r->status);
		e = ERR_HTTP;
	}
	fetch_content_type(r->content_type, &r->media_type, &r->charset);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h_);
	return e;
}
