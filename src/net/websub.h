/* SPDX-License-Identifier: MIT */
/*
 * WebSub (W3C Recommendation, 2018) on the wire: the form bodies sent
 * to hubs (publish pings, subscribe and unsubscribe requests), form and
 * query decoding for the hub's verification of intent, Link headers
 * (discovery), the HMAC
 * signatures of content distribution (X-Hub-Signature), and the random
 * secrets and callback ids. No I/O: service/websub.c does the talking.
 */
#ifndef FEEDMILL_NET_WEBSUB_H
#define FEEDMILL_NET_WEBSUB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Hex digits of a subscription secret and of a callback id. */
#define WEBSUB_SECRET_HEX	64
#define WEBSUB_ID_HEX		32

/*
 * Append "key=value" to the form b, both application/x-www-form-urlencoded
 * (unreserved bytes as is, space as '+', the rest %XX), with '&' before
 * it unless b is empty. ERR_TOO_LARGE when b is full.
 */
enum err	 websub_form_add(struct buf *b, const char *key,
		    const char *value) WARN_UNUSED;

/*
 * The decoded value of the first key in the form or query string s (n
 * bytes; '&' separated, '+' and %XX decoded); NULL when it is absent or
 * decodes to a NUL byte. New string; the caller frees it.
 */
char		*websub_form_get(const char *s, size_t n, const char *key);

/*
 * The target of the first link in an HTTP Link header value (RFC 8288:
 * '<url>; rel="hub self", <url2>; rel=hub') whose rel has the token rel
 * (any case), as written: a relative one is the caller's to resolve.
 * NULL when there is none. New string.
 */
char		*websub_link_find(const char *header, const char *rel);

/*
 * The body of a publish ping for topic: hub.mode=publish with the topic
 * as hub.url and as hub.topic (hubs read one or the other). New string.
 */
char		*websub_publish_body(const char *topic);

/*
 * The body of a subscription request: mode is "subscribe" or
 * "unsubscribe"; secret and a lease of 0 are left out when NULL or 0.
 * New string.
 */
char		*websub_subscribe_body(const char *mode, const char *topic,
		    const char *callback, const char *secret, long lease);

/*
 * True when header (an X-Hub-Signature value "method=hex", method one of
 * sha1, sha256, sha384, sha512) is the HMAC of the n bytes at body under
 * secret. The digests are compared in constant time; an unknown method,
 * bad hex or a wrong length is false.
 */
bool		 websub_signature_ok(const char *header, const char *secret,
		    const void *body, size_t n);

/*
 * The X-Hub-Signature value for body under secret with method ("sha1",
 * "sha256", "sha384" or "sha512"); NULL for another method. New string.
 */
char		*websub_sign(const char *method, const char *secret,
		    const void *body, size_t n);

/*
 * Fill out with 2 * nbytes lowercase hex digits of the kernel's random
 * bytes (getrandom) and a NUL; out holds 2 * nbytes + 1 bytes. ERR_IO
 * when no random bytes can be had (then nothing may be subscribed).
 */
enum err	 websub_random_hex(char *out, size_t nbytes) WARN_UNUSED;

#endif
