"""SMTP servers on loopback for the outbox's fault tests: one that records (and can be
slowed down, or act while it holds a message), one that refuses, one that hangs."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

from tests.conftest import free_port


class Recording:
    """Accepts every message; `during_data` runs while the server holds one."""

    def __init__(self, *, delay: float = 0.0, during_data=None) -> None:
        self.messages: list = []
        self.delay, self.during_data = delay, during_data
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # holds the server: a slow relay
        if self.during_data is not None:
            self.during_data(len(self.messages))
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"

    def ids(self) -> Counter:
        with self.lock:
            return Counter(m["Message-ID"] for m in self.messages)

    def wait(self, unique: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.ids()) >= unique:
                return True
            time.sleep(0.05)
        return False


class Refusing:
    """Refuses every recipient with `reply` ("550 5.1.1 …" or "451 4.3.0 …")."""

    def __init__(self, reply: str) -> None:
        self.reply, self.refused = reply, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.refused += 1
        return self.reply


def serve(handler, port: int | None = None) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller


class HungRelay:
    """Accepts connections and never says a word (not even the greeting)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()
