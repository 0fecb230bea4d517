/* SPDX-License-Identifier: MIT */
/*
 * The realms of restricted share pages: one pass over the stories of
 * each share-restricted channel, a sorted list of page names.
 */
#include "config.h"
#include "service/sharerealm.h"

#include <stdlib.h>
#include <string.h>

#include "service/channel.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/outdir.h"

struct shared {
	char		*name;		/* file name under share/ */
	char		*realm;		/* NULL: a public channel has it */
};

struct share_realms {
	struct shared	*sh;		/* sorted by name */
	size_t		 n;
	bool		 failed;	/* the store failed: every page closed */
};

struct shctx {
	const struct config *c;
	struct share_realms *r;
	const struct channel_conf *ch;
};

static int
cmp_shared(const void *a, const void *b)
{
	return strcmp(((const struct shared *)a)->name,
	    ((const struct shared *)b)->name);
}

/* A story of a share-restricted channel: its page goes to the realm. */
static enum err
share_story(void *ctx, const char *source, const struct article *a,
    bool *more)
{
	struct shctx *x = ctx;
	const struct channel_conf *p;
	struct shared *s;
	size_t	 i;
	bool	 public = false;

	if (!channel_accepts(x->ch, a))
		return ERR_OK;
	for (i = 0; i < x->c->nchannels && !public; i++) {
		p = &x->c->channels[i];
		if ((!p->restricted || !p->share_restricted) &&
		    config_channel_has_source(p, source) &&
		    channel_accepts(p, a))
			public = true;
	}
	s = VEC_PUSH(x->r->sh, x->r->n);
	s->name = write_story_file_name(a, "html");
	s->realm = public ? NULL : xstrdup(x->ch->name);
	return ERR_OK;
}

/* Merge the entries of one name: realms joined by commas, public wins. */
static void
merge(struct share_realms *r)
{
	struct shared *s, *d;
	size_t	 i, j;
	char	*joined;

	qsort(r->sh, r->n, sizeof *r->sh, cmp_shared);
	for (i = 0, j = 0; i < r->n; i++) {
		s = &r->sh[i];
		if (j > 0 && strcmp(r->sh[j - 1].name, s->name) == 0) {
			d = &r->sh[j - 1];
			if (d->realm == NULL || s->realm == NULL) {
				free(d->realm);
				d->realm = NULL;
			} else {
				joined = xasprintf("%s,%s", d->realm, s->realm);
				free(d->realm);
				d->realm = joined;
			}
			free(s->name);
			free(s->realm);
			continue;
		}
		r->sh[j++] = *s;
	}
	r->n = j;
}

struct share_realms *
share_realms_new(const struct config *c, struct store *st)
{
	struct shctx x;
	size_t	 i;

	if (st == NULL)
		return NULL;
	x.c = c;
	x.r = xcalloc(1, sizeof *x.r);
	for (i = 0; i < c->nchannels; i++) {
		x.ch = &c->channels[i];
		if (!x.ch->restricted || !x.ch->share_restricted)
			continue;
		if (store_each_story(st, x.ch->sources, x.ch->nsources,
		    STORE_ORDER_NEWEST, share_story, &x) != ERR_OK) {
			log_warn("share pages of %s: cannot list stories; "
			    "no share page is served", x.ch->name);
			x.r->failed = true;
		}
	}
	if (x.r->n == 0 && !x.r->failed) {
		share_realms_free(x.r);
		return NULL;
	}
	if (x.r->n > 0)
		merge(x.r);
	return x.r;
}

const char *
share_realms_get(const struct share_realms *r, const char *name)
{
	struct shared key, *s;

	if (r == NULL)
		return NULL;
	if (r->failed)
		return "";	/* a realm no key opens */
	key.name = (char *)(uintptr_t)name;
	s = bsearch(&key, r->sh, r->n, sizeof *r->sh, cmp_shared);
	return s != NULL ? s->realm : NULL;
}

void
share_realms_free(struct share_realms *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->sh[i].name);
		free(r->sh[i].realm);
	}
	free(r->sh);
	free(r);
}
