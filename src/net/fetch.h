/* SPDX-License-Identifier: MIT */
/*
 * One-shot HTTP(S) fetches with every limit set in one place: http and
 * https only (also on redirects), a redirect cap, connect/total/low-speed
 * timeouts, a cap on decoded body bytes (so gzip bombs stop), and no
 * connections to loopback, private, link-local or other special
 * addresses unless the caller allows them.
 */
#ifndef FEEDMILL_NET_FETCH_H
#define FEEDMILL_NET_FETCH_H

#include <stdbool.h>

#include "util/buf.h"

struct fetch_opts {
	const char	*user_agent;	/* NULL: "feedmill/VERSION" */
	long		 timeout;	/* seconds for the whole transfer */
	size_t		 max_body;	/* decoded bytes */
	long		 max_redirects;
	bool		 allow_private;	/* permit special-purpose addresses */
	const char	*etag;		/* conditional GET, or NULL */
	const char	*last_modified;
};

struct fetch_result {
	long		 status;	/* HTTP status, 0 when none */
	struct buf	 body;
	char		*content_type;	/* as sent, or NULL */
	char		*media_type;	/* "application/rss+xml", lower case */
	char		*charset;	/* from Content-Type, or NULL */
	char		*effective_url;	/* after redirects */
	char		*etag;
	char		*last_modified;
};

/*
 * libcurl's global state, set up on the first fetch (commands that never
 * fetch do not pay for it); fetch_global_cleanup() at exit undoes it if
 * it was done. Not thread-safe: fetch from one thread.
 */
void		 fetch_global_init(void);
void		 fetch_global_cleanup(void);

/* Defaults from util/caps.h. */
void		 fetch_opts_init(struct fetch_opts *o);
void		 fetch_result_init(struct fetch_result *r);
void		 fetch_result_cleanup(struct fetch_result *r);

/*
 * GET url into r. Returns ERR_OK for 2xx and 304, ERR_HTTP for other
 * statuses (r->status says which), ERR_TOO_LARGE, ERR_TIMEOUT, ERR_DENIED
 * (a refused address or protocol) or ERR_NET. Logs the reason once.
 */
enum err	 fetch_url(const char *url, const struct fetch_opts *o,
		    struct fetch_result *r) WARN_UNUSED;

/* Replace *dst by a header value (n bytes), trimmed and cleaned. */
void		 fetch_header_set(char **dst, const char *v, size_t n);
/*
 * Split a Content-Type value ("Text/XML; charset=ISO-8859-1") into a
 * lower-case media type and a charset; each is a new string or NULL.
 */
void		 fetch_content_type(const char *ct, char **media_type,
		    char **charset);

/*
 * What a transfer's limits check while it runs: the cap on decoded body
 * bytes (so gzip bombs stop) and the address policy at connect time.
 */
struct fetch_guard {
	struct buf	*body;		/* where the body goes */
	size_t		 max_body;	/* decoded bytes */
	bool		 allow_private;	/* permit special-purpose addresses */
	bool		 too_large;	/* out: the body passed max_body */
	bool		 denied;	/* out: an address was refused */
};

/*
 * A new libcurl easy handle (CURL *) for url with the whole fetch policy
 * set: http and https only for requests and redirects, at most
 * max_redirects redirects, connect, total (timeout seconds) and
 * low-speed timeouts, the body cap and the address check of g on every
 * hop (DNS rebinding included), content decoding, the user agent (NULL:
 * "feedmill/VERSION") and the Accept header list in *hdrs (the caller
 * may append more, then sets CURLOPT_HTTPHEADER and frees the list).
 * Every handle feedmill makes comes from here. g must outlive the
 * handle; the caller owns the handle.
 */
struct curl_slist;
void		*fetch_handle_new(const char *url, const char *user_agent,
		    long timeout, long max_redirects, struct fetch_guard *g,
		    struct curl_slist **hdrs);

/* True when the address may not be contacted without allow_private. */
struct sockaddr;
bool		 fetch_addr_is_special(const struct sockaddr *sa);

#endif
