"""A real SMTP server for the tests (aiosmtpd): stores each accepted message
as an .eml file in MAILDIR, and answers 451 (try later) while the file given
by --refuse exists. Prints "ready <port>" once listening; stops when its
standard input closes (so it never outlives the test that started it).

    python3 sink.py --port 2525 --dir /tmp/mail [--refuse /tmp/refuse]
"""
import argparse
import os
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir, refuse):
        self.maildir = maildir
        self.refuse = refuse
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and os.path.exists(self.refuse):
            return "451 4.3.0 Not now, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse and os.path.exists(self.refuse):
            return "451 4.3.0 Not now, try again later"
        self.count += 1
        name = f"{time.time_ns()}-{self.count:06d}.eml"
        tmp = os.path.join(self.maildir, "." + name)
        with open(tmp, "wb") as f:
            f.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            f.write(envelope.original_content or envelope.content)
        # Atomic: readers never see half a message.
        os.rename(tmp, os.path.join(self.maildir, name))
        return "250 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--refuse")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    c = Controller(Sink(a.dir, a.refuse), hostname="127.0.0.1", port=a.port)
    c.start()
    print(f"ready {a.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        c.stop()


if __name__ == "__main__":
    main()
