/* SPDX-License-Identifier: MIT */
/*
 * Loading and checking feedmill.conf and the source files (libinih).
 * inih reports no line numbers to handlers, so the line reader we hand it
 * counts lines: when the handler runs, the count is the line of the key.
 */
#include "config.h"
#include "service/conf.h"
#include "service/confweb.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* Parsing state for one file. */
struct parse {
	struct config	*c;
	const char	*file;
	FILE		*fp;
	int		 line;
	int		 errors;
	struct source_conf *src;	/* the source file being read */
	bool		 saw_source;	/* a [source] key was seen */
	struct channel_conf *ch;	/* the channel of the last key */
	char		*chsection;	/* its section header */
	bool		 long_line;	/* inside a line too long for inih */
};

static void
perr(struct parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
perr(struct parse *p, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s:%d: %s", p->file, p->line, msg);
	p->errors++;
}

static struct channel_conf *channel_for(struct parse *, const char *);

/*
 * A [channel NAME] header in feedmill.conf. inih calls handlers only for
 * keys, so a channel section with no keys (all defaults) is noted here.
 */
static void
note_channel(struct parse *p, const char *s)
{
	const char *end;
	char	*section;

	s += strspn(s, " \t");
	if (*s != '[' || (end = strchr(s, ']')) == NULL)
		return;
	s++;
	s += strspn(s, " \t");
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	section = xstrndup(s, (size_t)(end - s));
	if (strncmp(section, "channel", 7) == 0 &&
	    (section[7] == ' ' || section[7] == '\t'))
		(void)channel_for(p, section);
	free(section);
}

/* fgets for inih, counting lines. */
static char *
read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	char	*s;

	s = fgets(str, num, p->fp);
	if (s != NULL && strchr(s, '\n') != NULL)
		p->line++;
	else if (s != NULL && feof(p->fp))
		p->line++;
	else if (s != NULL) {
		/* inih reads num - 1 bytes a line: refuse longer ones whole. */
		if (!p->long_line) {
			p->line++;
			perr(p, "line longer than %d bytes", num - 2);
			p->line--;
		}
		p->long_line = true;
		str[0] = '\0';
		return s;
	}
	if (s != NULL && p->long_line) {
		p->long_line = false;
		str[0] = '\0';
		return s;
	}
	if (s != NULL && p->src == NULL)
		note_channel(p, s);
	return s;
}

bool
config_parse_duration(const char *s, long *out)
{
	long	 v, mult = 1;
	char	*end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v < 0)
		return false;
	switch (*end) {
	case '\0': case 's': break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	default: return false;
	}
	if (*end != '\0' && end[1] != '\0')
		return false;
	if (v > 366L * 86400 / mult)
		return false;
	*out = v * mult;
	return true;
}

bool
config_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char	*end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return false;
	switch (*end) {
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'g': case 'G': v *= 1024 * 1024 * 1024; end++; break;
	}
	if (*end != '\0' || v == 0 || v > (unsigned long long)CAP_FETCH_BODY)
		return false;
	*out = (size_t)v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "on") == 0 ||
	    strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = true;
	else if (strcmp(s, "no") == 0 || strcmp(s, "off") == 0 ||
	    strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool
parse_count(const char *s, long lo, long hi, long *out)
{
	long	 v;
	char	*end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Names of sources and channels become file names: keep them tame. */
static bool
name_ok(const char *s)
{
	const char *q;

	if (*s == '\0' || *s == '.' || strlen(s) > 128)
		return false;
	for (q = s; *q != '\0'; q++)
		if (!isalnum((unsigned char)*q) && *q != '-' && *q != '_' &&
		    *q != '.')
			return false;
	return true;
}

/* value as an absolute path: relative ones start in the config folder. */
static char *
path_in(const struct config *c, const char *value)
{
	if (value[0] == '/')
		return xstrdup(value);
	return xasprintf("%s/%s", c->dir, value);
}

/* Split a list on commas and white space into *arr (appending copies). */
static void
add_list(char ***arr, size_t *n, const char *value)
{
	const char *p = value, *q;

	while (*p != '\0') {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		q = p;
		while (*q != '\0' && *q != ',' && !isspace((unsigned char)*q))
			q++;
		if (q > p) {
			*VEC_PUSH(*arr, *n) = xstrndup(p, (size_t)(q - p));
		}
		p = q;
	}
}

/* A list of WebSub hub URLs (comma separated), each http(s). */
static void
add_hubs(struct parse *p, char ***arr, size_t *n, const char *value)
{
	size_t	 i = *n;

	add_list(arr, n, value);
	for (; i < *n; i++)
		if (!text_istarts((*arr)[i], "http://") &&
		    !text_istarts((*arr)[i], "https://"))
			perr(p, "hub must be an http(s) URL, not \"%s\"",
			    (*arr)[i]);
}

/* Split a list on commas only (terms may hold spaces), trimmed. */
static void
add_terms(char ***arr, size_t *n, const char *value)
{
	const char *p = value, *q, *end;

	while (*p != '\0') {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		q = p + strcspn(p, ",");
		end = q;
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
		if (end > p && *n < CAP_LIST)
			*VEC_PUSH(*arr, *n) = xstrndup(p, (size_t)(end - p));
		p = q;
	}
}

static void
set_str(struct parse *p, char **dst, const char *name, const char *value)
{
	if (*dst != NULL) {
		perr(p, "\"%s\" given twice", name);
		return;
	}
	*dst = xstrdup(value);
}

static int
service_key(struct parse *p, const char *name, const char *value)
{
	struct config *c = p->c;
	char	 msg[512];
	bool	 b;
	int	 r;

	if (strcmp(name, "state_dir") == 0) {
		free(c->state_dir);
		c->state_dir = path_in(c, value);
	} else if (strcmp(name, "output_dir") == 0) {
		free(c->output_dir);
		c->output_dir = path_in(c, value);
	} else if (strcmp(name, "sources_dir") == 0) {
		free(c->sources_dir);
		c->sources_dir = path_in(c, value);
	} else if (strcmp(name, "base_url") == 0) {
		if (!text_istarts(value, "http://") &&
		    !text_istarts(value, "https://"))
			perr(p, "base_url must be an http(s) URL, not \"%s\"",
			    value);
		else
			set_str(p, &c->base_url, name, value);
	} else if (strcmp(name, "user_agent") == 0)
		set_str(p, &c->user_agent, name, value);
	else if (strcmp(name, "max_connections") == 0) {
		if (!parse_count(value, 1, 10000, &c->max_connections))
			perr(p, "max_connections must be 1 to 10000");
	} else if (strcmp(name, "per_host") == 0) {
		if (!parse_count(value, 1, 100, &c->per_host))
			perr(p, "per_host must be 1 to 100");
	} else if (strcmp(name, "host_spacing") == 0) {
		if (!config_parse_duration(value, &c->host_spacing))
			perr(p, "host_spacing: \"%s\" is not a duration", value);
	} else if (strcmp(name, "interval") == 0) {
		if (!config_parse_duration(value, &c->default_interval) ||
		    c->default_interval < CONFIG_MIN_INTERVAL)
			perr(p, "interval: \"%s\" is not a duration of at "
			    "least %lds", value, CONFIG_MIN_INTERVAL);
	} else if (strcmp(name, "max_backoff") == 0) {
		if (!config_parse_duration(value, &c->max_backoff) ||
		    c->max_backoff < CONFIG_MIN_INTERVAL)
			perr(p, "max_backoff: \"%s\" is not a duration of at "
			    "least %lds", value, CONFIG_MIN_INTERVAL);
	} else if (strcmp(name, "shutdown_wait") == 0) {
		if (!config_parse_duration(value, &c->shutdown_wait) ||
		    c->shutdown_wait > CONFIG_MAX_SHUTDOWN_WAIT)
			perr(p, "shutdown_wait: \"%s\" is not a duration of at "
			    "most %lds", value, CONFIG_MAX_SHUTDOWN_WAIT);
	} else if (strcmp(name, "allow_private") == 0) {
		if (!parse_bool(value, &b))
			perr(p, "allow_private must be yes or no");
		else
			c->allow_private = b;
	} else if (strcmp(name, "share_image") == 0) {
		if (!text_istarts(value, "http://") &&
		    !text_istarts(value, "https://"))
			perr(p, "share_image must be an http(s) URL, not \"%s\"",
			    value);
		else
			set_str(p, &c->share_image, name, value);
	} else if (strcmp(name, "share_pages") == 0) {
		if (!parse_bool(value, &b))
			perr(p, "share_pages must be yes or no");
		else
			c->share_pages = b;
	} else if (strcmp(name, "html_pages") == 0) {
		if (!parse_bool(value, &b))
			perr(p, "html_pages must be yes or no");
		else
			c->html_pages = b;
	} else if (strcmp(name, "stylesheet") == 0) {
		if (!parse_bool(value, &b))
			perr(p, "stylesheet must be yes or no");
		else
			c->stylesheet = b;
	} else if (strcmp(name, "site_title") == 0)
		set_str(p, &c->site_title, name, value);
	else if (strcmp(name, "hub") == 0)
		add_hubs(p, &c->hubs, &c->nhubs, value);
	else if (strcmp(name, "websub_subscribe") == 0) {
		if (!parse_bool(value, &b))
			perr(p, "websub_subscribe must be yes or no");
		else
			c->websub_subscribe = b;
	} else if (strcmp(name, "websub_lease") == 0) {
		if (!config_parse_duration(value, &c->websub_lease) ||
		    c->websub_lease < CONFIG_MIN_LEASE)
			perr(p, "websub_lease: \"%s\" is not a duration of at "
			    "least %lds", value, CONFIG_MIN_LEASE);
	} else if ((r = confweb_service_key(c, name, value, msg,
	    sizeof msg)) != 0) {
		if (r < 0)
			perr(p, "%s", msg);
	} else
		perr(p, "unknown key \"%s\" in [service]", name);
	return 1;
}

static struct channel_conf *
channel_for(struct parse *p, const char *section)
{
	struct config *c = p->c;
	struct channel_conf *ch;
	const char *name;
	size_t	 i;

	name = section + strlen("channel");
	while (isspace((unsigned char)*name))
		name++;
	for (i = 0; i < c->nchannels; i++)
		if (strcmp(c->channels[i].name, name) == 0)
			return &c->channels[i];
	if (!name_ok(name)) {
		/* Once per section (its header and each key come here). */
		if (p->chsection == NULL || strcmp(p->chsection, section) != 0)
			perr(p, "[%s]: a channel name is letters, digits, '-', "
			    "'_' and '.'", section);
		free(p->chsection);
		p->chsection = xstrdup(section);
		return NULL;
	}
	ch = VEC_PUSH(c->channels, c->nchannels);
	ch->name = xstrdup(name);
	ch->file = xstrdup(p->file);
	ch->line = p->line;
	ch->limit = CONFIG_DEFAULT_LIMIT;
	ch->order = ORDER_NEWEST;
	return ch;
}

static int
channel_key(struct parse *p, const char *section, const char *name,
    const char *value)
{
	struct channel_conf *ch;
	char	**fmts = NULL, msg[512];
	size_t	 nfmts = 0, i;
	int	 r;

	ch = channel_for(p, section);
	if (ch == NULL)
		return 1;
	if (strcmp(name, "sources") == 0) {
		add_list(&ch->sources, &ch->nsources, value);
		ch->sources_line = p->line;
	}
	else if (strcmp(name, "categories") == 0)
		add_list(&ch->categories, &ch->ncategories, value);
	else if (strcmp(name, "keywords") == 0)
		add_list(&ch->keywords, &ch->nkeywords, value);
	else if (strcmp(name, "exclude_categories") == 0)
		add_list(&ch->exclude_categories, &ch->nexclude_categories,
		    value);
	else if (strcmp(name, "exclude_keywords") == 0)
		add_list(&ch->exclude_keywords, &ch->nexclude_keywords, value);
	else if (strcmp(name, "order") == 0) {
		if (strcmp(value, "newest") == 0)
			ch->order = ORDER_NEWEST;
		else if (strcmp(value, "updated") == 0)
			ch->order = ORDER_UPDATED;
		else if (strcmp(value, "oldest") == 0)
			ch->order = ORDER_OLDEST;
		else
			perr(p, "order must be newest, updated or oldest, not "
			    "\"%s\"", value);
	} else if (strcmp(name, "dedupe") == 0) {
		if (strcmp(value, "title") == 0)
			ch->dedupe_titles = true;
		else if (strcmp(value, "no") == 0)
			ch->dedupe_titles = false;
		else
			perr(p, "dedupe must be title or no, not \"%s\"",
			    value);
	} else if (strcmp(name, "limit") == 0) {
		if (!parse_count(value, 1, 10000, &ch->limit))
			perr(p, "limit must be 1 to 10000");
	} else if (strcmp(name, "formats") == 0) {
		add_list(&fmts, &nfmts, value);
		ch->formats = 0;
		for (i = 0; i < nfmts; i++) {
			if (strcmp(fmts[i], "rss") == 0)
				ch->formats |= FORMAT_RSS;
			else if (strcmp(fmts[i], "atom") == 0)
				ch->formats |= FORMAT_ATOM;
			else if (strcmp(fmts[i], "jsonfeed") == 0 ||
			    strcmp(fmts[i], "json") == 0)
				ch->formats |= FORMAT_JSONFEED;
			else
				perr(p, "unknown format \"%s\" (known: rss "
				    "atom jsonfeed)", fmts[i]);
			free(fmts[i]);
		}
		free(fmts);
	} else if (strcmp(name, "title") == 0)
		set_str(p, &ch->title, name, value);
	else if (strcmp(name, "description") == 0)
		set_str(p, &ch->description, name, value);
	else if (strcmp(name, "icon") == 0)
		set_str(p, &ch->icon, name, value);
	else if (strcmp(name, "home_url") == 0)
		set_str(p, &ch->home_url, name, value);
	else if (strcmp(name, "hub") == 0)
		add_hubs(p, &ch->hubs, &ch->nhubs, value);
	else if (strcmp(name, "retention") == 0) {
		if (!config_parse_duration(value, &ch->retention))
			perr(p, "retention: \"%s\" is not a duration", value);
	} else if ((r = confweb_channel_key(ch, name, value, msg,
	    sizeof msg)) != 0) {
		if (r < 0)
			perr(p, "%s", msg);
	} else
		perr(p, "unknown key \"%s\" in [%s]", name, section);
	return 1;
}

static int
conf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse *p = user;
	char	 msg[512];
	int	 r;

	if (strcmp(section, "service") == 0)
		return service_key(p, name, value);
	if (strncmp(section, "channel", 7) == 0 &&
	    (section[7] == ' ' || section[7] == '\t'))
		return channel_key(p, section, name, value);
	r = confweb_partner_key(p->c, section, p->file, p->line, name, value,
	    msg, sizeof msg);
	if (r < 0)
		perr(p, "%s", msg);
	if (r != 0)
		return 1;
	if (section[0] == '\0')
		perr(p, "\"%s\" is outside any section", name);
	else
		perr(p, "unknown section [%s] (known: [service], [channel "
		    "NAME], [partner NAME])", section);
	return 1;
}

static void
set_location(struct parse *p, enum source_kind kind, const char *value)
{
	struct source_conf *s = p->src;

	if (s->location != NULL) {
		perr(p, "a source has one of url, file and spool");
		return;
	}
	s->kind = kind;
	if (kind == SOURCE_URL) {
		if (!text_istarts(value, "http://") &&
		    !text_istarts(value, "https://")) {
			perr(p, "url must be http or https, not \"%s\"", value);
			return;
		}
		s->location = xstrdup(value);
	} else
		s->location = path_in(p->c, value);
}

static int
source_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse *p = user;
	struct source_conf *s = p->src;

	if (strcmp(section, "source") != 0) {
		perr(p, "a source file has one [source] section, not [%s]",
		    section);
		return 1;
	}
	p->saw_source = true;
	if (strcmp(name, "url") == 0)
		set_location(p, SOURCE_URL, value);
	else if (strcmp(name, "file") == 0)
		set_location(p, SOURCE_FILE, value);
	else if (strcmp(name, "spool") == 0)
		set_location(p, SOURCE_SPOOL, value);
	else if (strcmp(name, "format") == 0) {
		if (strcmp(value, "auto") != 0)
			set_str(p, &s->format, name, value);
	} else if (strcmp(name, "title") == 0)
		set_str(p, &s->title, name, value);
	else if (strcmp(name, "home_url") == 0) {
		if (!text_istarts(value, "http://") &&
		    !text_istarts(value, "https://"))
			perr(p, "home_url must be an http(s) URL, not \"%s\"",
			    value);
		else
			set_str(p, &s->home_url, name, value);
	} else if (strcmp(name, "categories") == 0)
		add_terms(&s->categories, &s->ncategories, value);
	else if (strcmp(name, "interval") == 0) {
		if (!config_parse_duration(value, &s->interval) ||
		    s->interval < CONFIG_MIN_INTERVAL)
			perr(p, "interval: \"%s\" is not a duration of at "
			    "least %lds", value, CONFIG_MIN_INTERVAL);
	} else if (strcmp(name, "fulltext") == 0) {
		if (!parse_bool(value, &s->fulltext))
			perr(p, "fulltext must be yes or no");
	} else if (strcmp(name, "id") == 0) {
		if (!normalize_id_rule(value, &s->id_rule))
			perr(p, "id must be own, url or content, not \"%s\"",
			    value);
	} else if (strcmp(name, "header") == 0) {
		if (strchr(value, ':') == NULL || value[0] == ':' ||
		    strpbrk(value, "\r\n") != NULL)
			perr(p, "header must be \"Name: value\"");
		else
			*VEC_PUSH(s->headers, s->nheaders) = xstrdup(value);
	} else if (strcmp(name, "auth") == 0) {
		if (strchr(value, ':') == NULL)
			perr(p, "auth must be \"user:password\"");
		else
			set_str(p, &s->auth, name, value);
	} else if (strcmp(name, "max_size") == 0) {
		if (!config_parse_size(value, &s->max_size))
			perr(p, "max_size: \"%s\" is not a size up to 64M",
			    value);
	} else if (strcmp(name, "timeout") == 0) {
		if (!config_parse_duration(value, &s->timeout) ||
		    s->timeout < 1 || s->timeout > CAP_FETCH_SECONDS)
			perr(p, "timeout must be 1s to %lds", CAP_FETCH_SECONDS);
	} else
		perr(p, "unknown key \"%s\" in [source]", name);
	return 1;
}

/* Run inih over path with handler; syntax errors are reported here. */
static void
parse_file(struct parse *p, const char *path, ini_handler handler)
{
	int	 rc;

	p->file = path;
	p->line = 0;
	p->fp = fopen(path, "r");
	if (p->fp == NULL) {
		log_error("%s: %s", path, strerror(errno));
		p->errors++;
		return;
	}
	rc = ini_parse_stream(read_line, p, handler, p);
	fclose(p->fp);
	p->fp = NULL;
	if (rc > 0) {
		p->line = rc;
		perr(p, "syntax error (want [section] or key = value)");
	}
}

static void
source_free(struct source_conf *s)
{
	size_t	 i;

	free(s->name);
	free(s->file);
	free(s->location);
	free(s->format);
	free(s->title);
	free(s->home_url);
	for (i = 0; i < s->ncategories; i++)
		free(s->categories[i]);
	free(s->categories);
	for (i = 0; i < s->nheaders; i++)
		free(s->headers[i]);
	free(s->headers);
	free(s->auth);
}

static int
cmp_source(const void *a, const void *b)
{
	return strcmp(((const struct source_conf *)a)->name,
	    ((const struct source_conf *)b)->name);
}

static void
load_source(struct parse *p, const char *path, const char *name)
{
	struct config *c = p->c;
	struct source_conf *s;
	struct stat st;

	s = VEC_PUSH(c->sources, c->nsources);
	s->name = xstrdup(name);
	s->file = xstrdup(path);
	s->interval = c->default_interval;
	s->max_size = CAP_FETCH_BODY;
	s->timeout = CAP_FETCH_SECONDS;
	p->src = s;
	p->saw_source = false;
	parse_file(p, path, source_handler);
	p->line = 1;
	if (!name_ok(name))
		perr(p, "source names are letters, digits, '-', '_' and '.'");
	if (!p->saw_source)
		perr(p, "no [source] section");
	else if (s->location == NULL)
		perr(p, "a source needs one of url, file or spool");
	else if (s->kind == SOURCE_SPOOL && stat(s->location, &st) != 0)
		perr(p, "spool folder %s: %s", s->location, strerror(errno));
	else if (s->kind == SOURCE_SPOOL && !S_ISDIR(st.st_mode))
		perr(p, "spool %s is not a folder", s->location);
	p->src = NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every NAME.ini under the sources folder, in name order. */
static void
load_sources(struct parse *p)
{
	struct config *c = p->c;
	struct dirent *de;
	DIR	*d;
	char	**names = NULL, *path, *name;
	size_t	 n = 0, i, len;

	d = opendir(c->sources_dir);
	if (d == NULL) {
		log_error("%s: sources_dir %s: %s", c->path, c->sources_dir,
		    strerror(errno));
		p->errors++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 4 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + len - 4, ".ini") == 0)
			*VEC_PUSH(names, n) = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof names[0], cmp_str);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", c->sources_dir, names[i]);
		name = xstrndup(names[i], strlen(names[i]) - 4);
		load_source(p, path, name);
		free(name);
		free(path);
		free(names[i]);
	}
	free(names);
	if (c->nsources > 0)
		qsort(c->sources, c->nsources, sizeof c->sources[0],
		    cmp_source);
}

static void
check_channels(struct parse *p)
{
	struct config *c = p->c;
	struct channel_conf *ch;
	size_t	 i, j;

	for (i = 0; i < c->nchannels; i++) {
		ch = &c->channels[i];
		p->file = ch->file;
		p->line = ch->line;
		if (ch->formats == 0)
			ch->formats = FORMAT_RSS | FORMAT_ATOM | FORMAT_JSONFEED;
		if (ch->sources_line > 0)
			p->line = ch->sources_line;
		for (j = 0; j < ch->nsources; j++)
			if (config_source(c, ch->sources[j]) == NULL)
				perr(p, "channel %s: no source \"%s\" (no "
				    "%s/%s.ini)", ch->name, ch->sources[j],
				    c->sources_dir, ch->sources[j]);
	}
}

/* confweb_check()'s reports, as errors at their file and line. */
static void
report_web(void *ctx, const char *file, int line, const char *msg)
{
	struct parse *p = ctx;

	p->file = file;
	p->line = line;
	perr(p, "%s", msg);
}

static char *
dir_of(const char *path)
{
	const char *slash;
	char	*abs, cwd[4096];

	slash = strrchr(path, '/');
	if (slash == NULL) {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return xstrdup(".");
		return xstrdup(cwd);
	}
	if (slash == path)
		return xstrdup("/");
	abs = xstrndup(path, (size_t)(slash - path));
	return abs;
}

enum err
config_load(const char *path, struct config **out)
{
	struct config *c;
	struct parse p;

	*out = NULL;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->dir = dir_of(path);
	c->max_connections = CONFIG_DEFAULT_CONNECTIONS;
	c->per_host = CONFIG_DEFAULT_PER_HOST;
	c->host_spacing = CONFIG_DEFAULT_SPACING;
	c->default_interval = CONFIG_DEFAULT_INTERVAL;
	c->max_backoff = CONFIG_DEFAULT_BACKOFF;
	c->shutdown_wait = CONFIG_DEFAULT_SHUTDOWN_WAIT;
	c->share_pages = true;
	c->html_pages = true;
	c->stylesheet = true;
	c->websub_subscribe = true;
	c->websub_lease = CONFIG_DEFAULT_LEASE;
	memset(&p, 0, sizeof p);
	p.c = c;
	parse_file(&p, path, conf_handler);
	free(p.chsection);
	p.chsection = NULL;
	if (c->state_dir == NULL)
		c->state_dir = path_in(c, "state");
	if (c->output_dir == NULL)
		c->output_dir = path_in(c, "public");
	if (c->sources_dir == NULL)
		c->sources_dir = xstrdup(c->dir);
	load_sources(&p);
	check_channels(&p);
	confweb_check(c, report_web, &p);
	if (p.errors > 0) {
		config_free(c);
		return ERR_CONFIG;
	}
	*out = c;
	return ERR_OK;
}

static void
free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_free(struct config *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nsources; i++)
		source_free(&c->sources[i]);
	free(c->sources);
	for (i = 0; i < c->nchannels; i++) {
		struct channel_conf *ch = &c->channels[i];

		free(ch->name);
		free(ch->file);
		free_list(ch->sources, ch->nsources);
		free_list(ch->categories, ch->ncategories);
		free_list(ch->keywords, ch->nkeywords);
		free_list(ch->exclude_categories, ch->nexclude_categories);
		free_list(ch->exclude_keywords, ch->nexclude_keywords);
		free(ch->title);
		free(ch->description);
		free(ch->icon);
		free(ch->home_url);
		free_list(ch->hubs, ch->nhubs);
	}
	free(c->channels);
	free(c->path);
	free(c->dir);
	free(c->state_dir);
	free(c->output_dir);
	free(c->sources_dir);
	free(c->base_url);
	free(c->user_agent);
	free(c->share_image);
	free(c->site_title);
	free_list(c->hubs, c->nhubs);
	confweb_free(c);
	free(c);
}

const struct source_conf *
config_source(const struct config *c, const char *name)
{
	struct source_conf key;

	if (c->nsources == 0)
		return NULL;
	memset(&key, 0, sizeof key);
	key.name = (char *)name;
	return bsearch(&key, c->sources, c->nsources, sizeof key, cmp_source);
}

bool
config_channel_has_source(const struct channel_conf *ch, const char *name)
{
	size_t	 i;

	if (ch->nsources == 0)
		return true;
	for (i = 0; i < ch->nsources; i++)
		if (strcmp(ch->sources[i], name) == 0)
			return true;
	return false;
}
