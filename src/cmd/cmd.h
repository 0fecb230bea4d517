/* SPDX-License-Identifier: MIT */
/* Subcommands of the feedmill program: one file each, listed in main.c. */
#ifndef FEEDMILL_CMD_CMD_H
#define FEEDMILL_CMD_CMD_H

/* Exit statuses (GNU conventions). */
#define EXIT_OK		0
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	const char	*summary;
	int		(*run)(int argc, char **argv);
};

extern const struct cmd cmd_convert;
extern const struct cmd cmd_checkconfig;
extern const struct cmd cmd_poll;
extern const struct cmd cmd_serve;
extern const struct cmd cmd_status;
extern const struct cmd cmd_prune;
extern const struct cmd cmd_sources;
extern const struct cmd cmd_keyhash;

/* The service configuration when -c is not given. */
#define CMD_DEFAULT_CONF	"/etc/feedmill/feedmill.conf"

struct config;
struct store;

/*
 * After the options of command name (getopt's optind): no argument may
 * follow; then load the configuration at conf and open its store.
 * EXIT_OK with *c and *st the caller's, else the exit status to return
 * (the error is told).
 */
int		 cmd_open_store(const char *name, int argc, const char *conf,
		    struct config **c, struct store **st);

#endif
