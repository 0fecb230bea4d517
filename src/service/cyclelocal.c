/* SPDX-License-Identifier: MIT */
/*
 * Local sources in a cycle: a feed file, read again whenever it is due,
 * and a spool folder, each complete file read once, then moved to done/
 * or, unreadable, to failed/ with a note of why (service/spool.c).
 */
#include "config.h"
#include "service/cycleint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/spool.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* A local feed file, re-read whenever it is due. */
static void
poll_file(struct cycle *cy, struct src *src)
{
	struct ingest	 ing;
	struct input	 in;
	enum err	 e;
	int		 fd;

	cy->s->polled++;
	memset(&ing, 0, sizeof ing);
	fd = open(src->sc->location, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s: %s", src->sc->name, src->sc->location,
		    strerror(errno));
		cycle_set_result(&src->fs, "%s", strerror(errno));
		cycle_finish_poll(cy, src, SCHED_ERROR, 0, 0);
		return;
	}
	e = input_init_fd(&in, fd, src->sc->max_size);
	if (!e)
		e = cycle_ingest(cy, src, &in, src->sc->location, NULL, &ing);
	close(fd);
	if (e)
		cycle_set_result(&src->fs, "unreadable: %s", err_str(e));
	else {
		cycle_set_result(&src->fs, "ok: %ld stories, %ld new, %ld updated",
		    ing.n_seen, ing.n_new, ing.n_upd);
		cycle_keep_hints(&src->fs, &ing);
	}
	cycle_finish_poll(cy, src, e ? SCHED_ERROR : SCHED_OK, 0,
	    src->fs.ttl > 0 ? src->fs.ttl * 60L : 0);
}

/*
 * Read one spool file; its messages are kept for the .error note (and
 * still go to the log).
 */
static enum err
spool_file(struct cycle *cy, struct src *src, const char *name,
    char **why)
{
	struct ingest	 ing;
	struct input	 in;
	char		*path, *msgs = NULL;
	size_t		 len = 0;
	FILE		*mem;
	enum err	 e;
	int		 fd;

	*why = NULL;
	path = xasprintf("%s/%s", src->sc->location, name);
	mem = open_memstream(&msgs, &len);
	if (mem == NULL)
		abort();
	log_set_thread_output(mem);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: %s", path, strerror(errno));
		e = ERR_IO;
	} else {
		e = input_init_fd(&in, fd, src->sc->max_size);
		if (e)
			log_error("%s: larger than %zu bytes", path,
			    src->sc->max_size);
		else
			e = cycle_ingest(cy, src, &in, path, NULL, &ing);
		close(fd);
	}
	log_set_thread_output(NULL);
	fclose(mem);
	if (len > 0)
		fputs(msgs, stderr);
	if (e)
		*why = len > 0 ? msgs : xasprintf("%s\n", err_str(e));
	if (*why != msgs)
		free(msgs);
	free(path);
	return e;
}

static void
poll_spool(struct cycle *cy, struct src *src)
{
	char	**names, *why;
	size_t	 n, i;
	long	 ok = 0, bad = 0;
	enum err e;

	cy->s->polled++;
	e = spool_list(src->sc->location, cy->now, &names, &n);
	for (i = 0; i < n && !cy->fatal; i++) {
		cy->s->files++;
		e = spool_file(cy, src, names[i], &why);
		if (cy->fatal) {
			free(why);
			break;
		}
		/* Stories are committed before their file leaves the spool. */
		if (!e && store_in_transaction(cy->st)) {
			cy->batched = 0;
			cy->fatal = store_commit(cy->st);
			if (cy->fatal) {
				store_rollback(cy->st);
				free(why);
				break;
			}
		}
		if (e) {
			bad++;
			e = spool_failed(src->sc->location, names[i], why);
		} else {
			ok++;
			e = spool_done(src->sc->location, names[i]);
		}
		free(why);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	cycle_set_result(&src->fs, "%ld files read, %ld failed", ok, bad);
	cycle_finish_poll(cy, src, e && bad == 0 && ok == 0 ? SCHED_ERROR : SCHED_OK,
	    0, 0);
}

void
cycle_poll_local(struct cycle *cy, size_t i)
{
	struct src *src = &cy->srcs[i];

	if (src->sc->kind == SOURCE_FILE)
		poll_file(cy, src);
	else if (src->sc->kind == SOURCE_SPOOL)
		poll_spool(cy, src);
}
