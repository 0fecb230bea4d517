/* SPDX-License-Identifier: MIT */
/*
 * Parsing and checking the HTTP server's configuration keys (see
 * confweb.h and feedmill.conf(5)).
 */
#include "config.h"
#include "service/confweb.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/httpd.h"
#include "util/caps.h"
#include "util/xmalloc.h"

static int
fail(char *msg, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *msg, size_t n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
yes_no(const char *s, bool *out)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcmp(s, "1") == 0 || strcasecmp(s, "on") == 0)
		*out = true;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcmp(s, "0") == 0 || strcasecmp(s, "off") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool
public_restricted(const char *s, bool *restricted)
{
	if (strcmp(s, "public") == 0)
		*restricted = false;
	else if (strcmp(s, "restricted") == 0)
		*restricted = true;
	else
		return false;
	return true;
}

/* "a, b ,c" appended to *v. */
static void
add_names(char ***v, size_t *n, const char *value)
{
	const char *p = value, *end;
	size_t	 len;

	while (*p != '\0') {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len > 0)
			*VEC_PUSH(*v, *n) = xstrndup(p, len);
		p = end;
	}
}

int
confweb_service_key(struct config *c, const char *name, const char *value,
    char *msg, size_t n)
{
	char	 host[HTTPD_HOST_MAX], port[6], *end;
	long	 v;

	if (strcmp(name, "listen") == 0) {
		free(c->listen);
		c->listen = NULL;
		if (strcmp(value, "none") == 0)
			return 1;
		if (!httpd_listen_split(value, host, port))
			return fail(msg, n, "listen must be HOST:PORT, "
			    "[IPV6]:PORT, :PORT or none, not \"%s\"", value);
		c->listen = xstrdup(value);
		return 1;
	}
	if (strcmp(name, "http_timeout") == 0) {
		if (!config_parse_duration(value, &v) || v < 1 ||
		    v > CAP_HTTP_TIMEOUT)
			return fail(msg, n, "http_timeout: \"%s\" is not a "
			    "duration of 1s to 15s", value);
		c->http_timeout = v;
		return 1;
	}
	if (strcmp(name, "http_connections") == 0 ||
	    strcmp(name, "http_per_ip") == 0) {
		v = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || v < 1 ||
		    v > CAP_HTTP_CONNECTIONS)
			return fail(msg, n, "%s must be 1 to 1024, not \"%s\"",
			    name, value);
		if (name[5] == 'c')
			c->http_connections = v;
		else
			c->http_per_ip = v;
		return 1;
	}
	return 0;
}

int
confweb_channel_key(struct channel_conf *ch, const char *name,
    const char *value, char *msg, size_t n)
{
	if (strcmp(name, "access") == 0) {
		if (!public_restricted(value, &ch->restricted))
			return fail(msg, n, "access must be public or "
			    "restricted, not \"%s\"", value);
		return 1;
	}
	if (strcmp(name, "share_access") == 0) {
		if (!public_restricted(value, &ch->share_restricted))
			return fail(msg, n, "share_access must be public or "
			    "restricted, not \"%s\"", value);
		return 1;
	}
	return 0;
}

static struct partner_conf *
partner_for(struct config *c, const char *name, const char *file, int line)
{
	struct partner_conf *pa;
	size_t	 i;

	for (i = 0; i < c->npartners; i++)
		if (strcmp(c->partners[i].name, name) == 0)
			return &c->partners[i];
	pa = VEC_PUSH(c->partners, c->npartners);
	pa->name = xstrdup(name);
	pa->file = xstrdup(file);
	pa->line = line;
	return pa;
}

int
confweb_partner_key(struct config *c, const char *section, const char *file,
    int line, const char *name, const char *value, char *msg, size_t n)
{
	struct partner_conf *pa;
	const char *pname;
	size_t	 i;
	bool	 b;

	if (strncmp(section, "partner", 7) != 0 ||
	    (section[7] != ' ' && section[7] != '\t'))
		return 0;
	pname = section + 7;
	while (isspace((unsigned char)*pname))
		pname++;
	for (i = 0; pname[i] != '\0'; i++)
		if (!isalnum((unsigned char)pname[i]) &&
		    strchr("-_.", pname[i]) == NULL)
			break;
	if (i == 0 || pname[i] != '\0')
		return fail(msg, n, "[%s]: a partner name is letters, digits, "
		    "'-', '_' and '.'", section);
	pa = partner_for(c, pname, file, line);
	if (strcmp(name, "key_sha256") == 0) {
		if (strlen(value) != 64 ||
		    strspn(value, "0123456789abcdefABCDEF") != 64)
			return fail(msg, n, "key_sha256 must be 64 hex digits "
			    "(feedmill key-hash makes it), not \"%.70s\"",
			    value);
		if (pa->key_sha256[0] != '\0')
			return fail(msg, n, "partner %s: key_sha256 given "
			    "twice (one key per partner)", pa->name);
		for (i = 0; i < 64; i++)
			pa->key_sha256[i] = (char)tolower((unsigned char)
			    value[i]);
		pa->key_sha256[64] = '\0';
		return 1;
	}
	if (strcmp(name, "channels") == 0) {
		add_names(&pa->channels, &pa->nchannels, value);
		return 1;
	}
	if (strcmp(name, "revoked") == 0) {
		if (!yes_no(value, &b))
			return fail(msg, n, "revoked must be yes or no, not "
			    "\"%s\"", value);
		pa->revoked = b;
		return 1;
	}
	return fail(msg, n, "unknown key \"%s\" in [partner] (known: "
	    "key_sha256, channels, revoked)", name);
}

void
confweb_check(const struct config *c,
    void (*report)(void *ctx, const char *file, int line, const char *msg),
    void *ctx)
{
	const struct partner_conf *pa;
	char	 msg[512];
	size_t	 i, j, k;
	bool	 found;

	for (i = 0; i < c->npartners; i++) {
		pa = &c->partners[i];
		if (pa->key_sha256[0] == '\0') {
			snprintf(msg, sizeof msg, "partner %s: no key_sha256",
			    pa->name);
			report(ctx, pa->file, pa->line, msg);
		}
		if (pa->nchannels == 0) {
			snprintf(msg, sizeof msg, "partner %s: no channels",
			    pa->name);
			report(ctx, pa->file, pa->line, msg);
		}
		for (j = 0; j < pa->nchannels; j++) {
			found = false;
			for (k = 0; k < c->nchannels; k++)
				if (strcmp(c->channels[k].name,
				    pa->channels[j]) == 0)
					found = true;
			if (!found) {
				snprintf(msg, sizeof msg, "partner %s: no "
				    "channel \"%s\"", pa->name,
				    pa->channels[j]);
				report(ctx, pa->file, pa->line, msg);
			}
		}
		for (j = 0; j < i; j++)
			if (pa->key_sha256[0] != '\0' && strcmp(pa->key_sha256,
			    c->partners[j].key_sha256) == 0) {
				snprintf(msg, sizeof msg, "partner %s: the "
				    "same key as partner %s", pa->name,
				    c->partners[j].name);
				report(ctx, pa->file, pa->line, msg);
			}
	}
}

void
confweb_free(struct config *c)
{
	size_t	 i, j;

	for (i = 0; i < c->npartners; i++) {
		free(c->partners[i].name);
		free(c->partners[i].file);
		for (j = 0; j < c->partners[i].nchannels; j++)
			free(c->partners[i].channels[j]);
		free(c->partners[i].channels);
	}
	free(c->partners);
	free(c->listen);
}
