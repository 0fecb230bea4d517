#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A fake systemd for feedmill serve (tests/people/run.sh).

  notify.py PROGRAM CONFIG SOCKET

binds an AF_UNIX datagram socket at SOCKET (an abstract name when it
starts with "@"), starts PROGRAM serve -c CONFIG with NOTIFY_SOCKET set
(and WATCHDOG_USEC), and expects, in order: READY=1; a WATCHDOG=1; after
SIGHUP, RELOADING=1 and READY=1 again; after SIGTERM, STOPPING=1 and exit
status 0. Prints each message received; exits 1 on the first that does
not come within 20 seconds.
"""
import os
import signal
import socket
import subprocess
import sys


def main():
    prog, conf, addr = sys.argv[1:4]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
    s.settimeout(20)
    env = dict(os.environ, NOTIFY_SOCKET=addr, WATCHDOG_USEC="3000000")
    env.pop("WATCHDOG_PID", None)
    wrapper = os.environ.get("FEEDMILL_WRAPPER", "").split()
    p = subprocess.Popen(wrapper + [prog, "serve", "-c", conf], env=env,
                         stderr=subprocess.DEVNULL)
    ok = True

    def expect(key):
        while True:
            try:
                m = s.recv(4096).decode()
            except socket.timeout:
                print("no %s within 20 s" % key)
                return False
            print(m.replace("\n", "\\n"))
            if key in m.split("\n"):
                return True

    try:
        ok = expect("READY=1") and expect("WATCHDOG=1")
        if ok:
            p.send_signal(signal.SIGHUP)
            ok = expect("RELOADING=1") and expect("READY=1")
        if ok:
            p.send_signal(signal.SIGTERM)
            ok = expect("STOPPING=1")
        rc = p.wait(30) if ok else None
        if ok and rc != 0:
            print("exit status %d" % rc)
            ok = False
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        if not addr.startswith("@"):
            os.unlink(addr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
