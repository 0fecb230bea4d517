/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of service/notify.c: nothing is sent without NOTIFY_SOCKET
 * (or with a relative one); the message arrives whole at a path socket
 * and at an abstract one; WATCHDOG_USEC is read only for this process.
 * tests/people/notify.py checks feedmill serve against a fake systemd.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "tap.h"

#include "service/notify.h"

/* A datagram socket bound at addr ("@name": abstract). */
static int
listen_at(const char *addr)
{
	struct sockaddr_un sa;
	struct timeval tv = { 5, 0 };
	socklen_t len;
	int	 fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, addr, strlen(addr));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(addr));
	if (addr[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len) != 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

/* The next datagram on fd, or "" after the timeout. */
static const char *
next(int fd)
{
	static char msg[512];
	ssize_t	 n;

	n = recv(fd, msg, sizeof msg - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	return msg;
}

static void
test_send(void)
{
	char	 dir[] = "/tmp/feedmill-notify.XXXXXX", path[128], abs[64];
	int	 fd;

	unsetenv("NOTIFY_SOCKET");
	CHECK(!notify_send("READY=1"));
	setenv("NOTIFY_SOCKET", "relative.sock", 1);
	CHECK(!notify_send("READY=1"));

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/notify.sock", dir);
	fd = listen_at(path);
	CHECK(fd >= 0);
	setenv("NOTIFY_SOCKET", path, 1);
	CHECK(notify_send("READY=1\nSTATUS=serving %d sources", 3));
	CHECK_STR_EQ(next(fd), "READY=1\nSTATUS=serving 3 sources");
	CHECK(notify_send("STOPPING=1"));
	CHECK_STR_EQ(next(fd), "STOPPING=1");
	close(fd);
	unlink(path);
	/* Nobody listens any more: false, no crash. */
	CHECK(!notify_send("WATCHDOG=1"));
	rmdir(dir);

	snprintf(abs, sizeof abs, "@feedmill-notify-test-%ld", (long)getpid());
	fd = listen_at(abs);
	CHECK(fd >= 0);
	setenv("NOTIFY_SOCKET", abs, 1);
	CHECK(notify_send("WATCHDOG=1"));
	CHECK_STR_EQ(next(fd), "WATCHDOG=1");
	close(fd);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_watchdog(void)
{
	char	 pid[32];

	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	CHECK_INT_EQ(notify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "120000000", 1);
	CHECK_INT_EQ(notify_watchdog_usec(), 120000000);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	CHECK_INT_EQ(notify_watchdog_usec(), 120000000);
	setenv("WATCHDOG_PID", "1", 1);
	CHECK_INT_EQ(notify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "12s", 1);
	CHECK_INT_EQ(notify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_USEC");
}

int
main(void)
{
	test_send();
	test_watchdog();
	return tap_done();
}
