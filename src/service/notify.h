/* SPDX-License-Identifier: MIT */
/*
 * Telling systemd how the service is (sd_notify(3)): READY=1 once it
 * serves, STATUS=, RELOADING=1, STOPPING=1 and WATCHDOG=1 keep-alives,
 * each a datagram to the AF_UNIX socket $NOTIFY_SOCKET names. Without
 * that variable (not started by systemd) every call does nothing.
 */
#ifndef FEEDMILL_SERVICE_NOTIFY_H
#define FEEDMILL_SERVICE_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Send the state lines ("READY=1\nSTATUS=serving"), printf-style, to
 * $NOTIFY_SOCKET: a file system path, or an abstract socket name when
 * it starts with "@". False when there is no socket or sending failed
 * (logged at debug level: systemd may simply not listen).
 */
bool		 notify_send(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/*
 * The watchdog interval systemd asks of this process ($WATCHDOG_USEC,
 * when $WATCHDOG_PID is unset or ours), in microseconds; 0 for none.
 */
uint64_t	 notify_watchdog_usec(void);

#endif
