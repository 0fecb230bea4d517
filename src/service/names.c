/* SPDX-License-Identifier: MIT */
/*
 * Names to indexes: open addressing with linear probing over FNV-1a
 * hashes, kept at most half full.
 */
#include "config.h"
#include "service/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct names_slot {
	const char	*name;	/* NULL: empty */
	uint64_t	 hash;
	size_t		 i;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

void
names_init(struct names *t)
{
	memset(t, 0, sizeof *t);
}

void
names_cleanup(struct names *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* The slot holding name, or the empty one where it would go. */
static struct names_slot *
slot(const struct names *t, const char *name, uint64_t h)
{
	size_t	 k;

	for (k = (size_t)h & (t->cap - 1); t->v[k].name != NULL;
	    k = (k + 1) & (t->cap - 1))
		if (t->v[k].hash == h && strcmp(t->v[k].name, name) == 0)
			break;
	return &t->v[k];
}

bool
names_find(const struct names *t, const char *name, size_t *i)
{
	const struct names_slot *s;

	if (t->n == 0)
		return false;
	s = slot(t, name, fnv1a(name));
	if (s->name == NULL)
		return false;
	*i = s->i;
	return true;
}

static void
grow(struct names *t)
{
	struct names_slot *old = t->v, *s;
	size_t	 oldcap = t->cap, k;

	t->cap = oldcap > 0 ? oldcap * 2 : 16;
	t->v = xcalloc(t->cap, sizeof *t->v);
	for (k = 0; k < oldcap; k++)
		if (old[k].name != NULL) {
			s = slot(t, old[k].name, old[k].hash);
			*s = old[k];
		}
	free(old);
}

void
names_add(struct names *t, const char *name, size_t i)
{
	struct names_slot *s;
	uint64_t h = fnv1a(name);

	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	s = slot(t, name, h);
	s->name = name;
	s->hash = h;
	s->i = i;
	t->n++;
}
