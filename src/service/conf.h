/* SPDX-License-Identifier: MIT */
/*
 * The service configuration (feedmill.conf(5)): a [service] section and
 * [channel NAME] sections in feedmill.conf, plus one INI file per source
 * under the sources directory. Loading checks everything and reports
 * every problem as file:line, so check-config and SIGHUP share one path.
 */
#ifndef FEEDMILL_SERVICE_CONF_H
#define FEEDMILL_SERVICE_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "model/normalize.h"
#include "util/err.h"

/* Where a source's bytes come from. */
enum source_kind {
	SOURCE_URL,	/* http(s), polled */
	SOURCE_FILE,	/* a local feed file, re-read each cycle */
	SOURCE_SPOOL	/* a folder of files, each read once */
};

struct source_conf {
	char		*name;		/* the file name without ".ini" */
	char		*file;		/* where it was defined */
	enum source_kind kind;
	char		*location;	/* URL, file path or spool folder (absolute) */
	char		*format;	/* reader name, or NULL to sniff */
	char		*title;		/* display name, or NULL */
	char		*home_url;	/* its web site (OPML htmlUrl), or NULL */
	char		**categories;	/* terms added to each of its stories */
	size_t		 ncategories;
	long		 interval;	/* seconds between polls */
	bool		 fulltext;
	enum id_rule	 id_rule;	/* how its stories' ids are made */
	char		**headers;	/* "Name: value" lines sent on each poll */
	size_t		 nheaders;
	char		*auth;		/* "user:password" for HTTP basic, or NULL */
	size_t		 max_size;	/* bytes */
	long		 timeout;	/* seconds */
};

/* Channel story order. */
enum channel_order {
	ORDER_NEWEST,	/* published (else updated) time, newest first */
	ORDER_UPDATED,	/* updated (else published) time, newest first */
	ORDER_OLDEST	/* published time, oldest first */
};

/* Output formats a channel writes, as bits. */
enum {
	FORMAT_RSS = 1 << 0,
	FORMAT_ATOM = 1 << 1,
	FORMAT_JSONFEED = 1 << 2
};

struct channel_conf {
	char		*name;
	char		*file;
	int		 line;		/* of the [channel NAME] header */
	int		 sources_line;	/* of its last sources key, or 0 */
	char		**sources;	/* source names; none = every source */
	size_t		 nsources;
	char		**categories;	/* keep stories with one of these terms */
	size_t		 ncategories;
	char		**keywords;	/* keep stories whose title or text has one */
	size_t		 nkeywords;
	char		**exclude_categories;	/* and leave out those with */
	size_t		 nexclude_categories;	/* one of these categories */
	char		**exclude_keywords;	/* or of these words */
	size_t		 nexclude_keywords;
	bool		 dedupe_titles;	/* one story per headline */
	enum channel_order order;
	long		 limit;		/* stories per output */
	unsigned	 formats;	/* FORMAT_* bits */
	char		*title;
	char		*description;
	char		*icon;
	char		*home_url;
	long		 retention;	/* seconds a story is kept; 0 = forever */
	char		**hubs;		/* WebSub hubs; none: the service's */
	size_t		 nhubs;
	bool		 restricted;	/* access = restricted: partners only */
	bool		 share_restricted;	/* share_access = restricted */
};

/* A [partner NAME] section: who may read restricted channels. */
struct partner_conf {
	char		*name;
	char		*file;
	int		 line;
	char		 key_sha256[65];	/* lowercase hex of the key's SHA-256 */
	char		**channels;	/* restricted channels it may read */
	size_t		 nchannels;
	bool		 revoked;
};

struct config {
	char		*path;		/* feedmill.conf */
	char		*dir;		/* its folder: relative paths start here */
	char		*state_dir;
	char		*output_dir;
	char		*sources_dir;
	char		*base_url;	/* where output_dir is served, or NULL */
	char		*user_agent;	/* NULL: feedmill/VERSION */
	long		 max_connections;
	long		 per_host;	/* concurrent requests to one host */
	long		 host_spacing;	/* seconds between requests to one host */
	long		 default_interval;
	long		 max_backoff;	/* ceiling of the error backoff, seconds */
	long		 shutdown_wait;	/* serve: seconds SIGTERM waits for
					   fetches in flight */
	bool		 allow_private;	/* may poll loopback/private addresses */
	bool		 share_pages;	/* a share page per new or changed story */
	char		*share_image;	/* their image when a story has none */
	bool		 html_pages;	/* index.html and a NAME.html per channel */
	bool		 stylesheet;	/* feed.xsl, named by RSS and Atom outputs */
	char		*site_title;	/* index.html's heading, or NULL */
	char		**hubs;		/* WebSub hubs the channels advertise */
	size_t		 nhubs;
	bool		 websub_subscribe;	/* subscribe to sources' hubs */
	long		 websub_lease;	/* lease asked of hubs, seconds */
	struct source_conf *sources;	/* sorted by name */
	size_t		 nsources;
	struct channel_conf *channels;
	size_t		 nchannels;
	char		*listen;	/* HTTP server address, or NULL: none */
	long		 http_timeout;	/* seconds (0: CAP_HTTP_TIMEOUT) */
	long		 http_connections;	/* 0: CAP_HTTP_CONNECTIONS */
	long		 http_per_ip;	/* 0: CAP_HTTP_PER_IP */
	struct partner_conf *partners;
	size_t		 npartners;
};

/* Defaults (feedmill.conf(5)). */
#define CONFIG_DEFAULT_INTERVAL		(30 * 60L)
#define CONFIG_MIN_INTERVAL		60L
#define CONFIG_DEFAULT_LIMIT		50L
#define CONFIG_DEFAULT_CONNECTIONS	64L
#define CONFIG_DEFAULT_PER_HOST		2L
#define CONFIG_DEFAULT_SPACING		1L
#define CONFIG_DEFAULT_BACKOFF		(24 * 3600L)
#define CONFIG_DEFAULT_SHUTDOWN_WAIT	10L
#define CONFIG_MAX_SHUTDOWN_WAIT	600L
#define CONFIG_DEFAULT_LEASE		(7 * 86400L)
#define CONFIG_MIN_LEASE		60L

/*
 * Load path and every source file it names. Each problem is logged as
 * "file:line: message"; any problem gives ERR_CONFIG and *out NULL.
 * On success *out is the caller's, freed with config_free().
 */
enum err	 config_load(const char *path, struct config **out) WARN_UNUSED;
void		 config_free(struct config *c);

/* The source called name, or NULL. Borrowed from c. */
const struct source_conf *config_source(const struct config *c,
		    const char *name);
/* True when channel ch takes stories from source name. */
bool		 config_channel_has_source(const struct channel_conf *ch,
		    const char *name);

/*
 * "90", "90s", "15m", "2h", "1d" -> seconds in *out. False when s is not
 * a duration.
 */
bool		 config_parse_duration(const char *s, long *out);
/* "4096", "64k", "8M", "1G" -> bytes. False when invalid. */
bool		 config_parse_size(const char *s, size_t *out);

#endif
