/* SPDX-License-Identifier: MIT */
/*
 * sd_notify(3) without libsystemd: the protocol is one datagram of
 * "KEY=VALUE" lines to an AF_UNIX socket, small and stable enough that
 * a few lines here beat a library (and its dependencies) in every
 * build, Docker image included.
 */
#include "config.h"
#include "service/notify.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/log.h"

/* Longest state message we send. */
#define NOTIFY_MAX	512

bool
notify_send(const char *fmt, ...)
{
	struct sockaddr_un sa;
	const char *path = getenv("NOTIFY_SOCKET");
	char	 msg[NOTIFY_MAX];
	va_list	 ap;
	size_t	 n;
	socklen_t len;
	ssize_t	 sent;
	int	 fd, r;

	if (path == NULL || (path[0] != '/' && path[0] != '@'))
		return false;
	n = strlen(path);
	if (n < 2 || n >= sizeof sa.sun_path) {
		log_debug("NOTIFY_SOCKET: unusable address");
		return false;
	}
	va_start(ap, fmt);
	r = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof msg)
		return false;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';	/* abstract: no NUL at the end */
	else
		n++;
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_debug("NOTIFY_SOCKET: %s", strerror(errno));
		return false;
	}
	sent = sendto(fd, msg, (size_t)r, MSG_NOSIGNAL,
	    (struct sockaddr *)&sa, len);
	if (sent < 0)
		log_debug("NOTIFY_SOCKET %s: %s", path, strerror(errno));
	close(fd);
	return sent == (ssize_t)r;
}

uint64_t
notify_watchdog_usec(void)
{
	const char *s = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char	*end;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	if (pid != NULL && strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return 0;
	return (uint64_t)v;
}
