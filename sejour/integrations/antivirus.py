"""The antivirus: every upload is scanned before it is kept (ClamAV's daemon, clamd).

`settings.SEJOUR_ANTIVIRUS` names the implementation. `Clamd` speaks clamd's INSTREAM
protocol to the organisation's daemon (`SEJOUR_CLAMD`: `unix:///run/clamav/clamd.ctl`
or `tcp://host:3310`). `LocalAntivirus`, for development, knows the EICAR test file and
models an unreachable scanner (`SEJOUR_ANTIVIRUS_LOCAL_DOWN`). A scanner that cannot
answer gives UNAVAILABLE, never CLEAN: the caller keeps the file in quarantine.

The protocol is a dozen lines (a command, length-prefixed chunks, one reply), so it is
written here rather than taken from the unmaintained Python clients of clamd.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass
from enum import Enum
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class Verdict(Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Scan:
    verdict: Verdict
    signature: str = ""  # the name of what was found, for the audit trail


class Antivirus(Protocol):
    def scan(self, data: bytes) -> Scan: ...


class Clamd:
    def __init__(self, address: str | None = None, timeout: float | None = None) -> None:
        self.address = address or settings.SEJOUR_CLAMD
        self.timeout = timeout if timeout is not None else settings.SEJOUR_CLAMD_TIMEOUT

    def _connect(self) -> socket.socket:
        parts = urlsplit(self.address)
        if parts.scheme == "unix":
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            conn.connect(parts.path)
            return conn
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            return socket.create_connection((parts.hostname, parts.port), timeout=self.timeout)
        raise ValueError(
            f"SEJOUR_CLAMD is neither unix:///path nor tcp://host:port: {self.address}"
        )

    def scan(self, data: bytes) -> Scan:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), CHUNK):
                    chunk = data[start : start + CHUNK]
                    conn.sendall(struct.pack(">I", len(chunk)) + chunk)
                conn.sendall(struct.pack(">I", 0))
                reply = _read_reply(conn)
        except (OSError, ValueError) as error:  # refused, no socket, timed out, misconfigured
            logger.warning("clamd at %s unreachable: %s", self.address, error)
            return Scan(Verdict.UNAVAILABLE)
        return _verdict(reply, self.address)

    def ping(self) -> bool:
        try:
            with self._connect() as conn:
                conn.sendall(b"zPING\0")
                return _read_reply(conn) == "PONG"
        except (OSError, ValueError):
            return False


def _read_reply(conn: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < 4096:
        piece = conn.recv(4096)
        if not piece:
            break
        reply += piece
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def _verdict(reply: str, address: str) -> Scan:
    # "stream: OK", "stream: <signature> FOUND", "<reason> ERROR"
    body = reply.split(":", 1)[1].strip() if reply.startswith("stream:") else reply
    if body == "OK":
        return Scan(Verdict.CLEAN)
    if body.endswith(" FOUND"):
        return Scan(Verdict.INFECTED, body.removesuffix(" FOUND"))
    logger.warning("clamd at %s could not scan: %s", address, reply)
    return Scan(Verdict.UNAVAILABLE)


# The EICAR test file, joined at run time so that neither this file nor its compiled
# form is itself reported by an antivirus.
EICAR = b"".join((rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$", rb"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"))


class LocalAntivirus:
    """Finds the EICAR test file anywhere in the bytes, as clamd does."""

    def scan(self, data: bytes) -> Scan:
        if settings.SEJOUR_ANTIVIRUS_LOCAL_DOWN:
            return Scan(Verdict.UNAVAILABLE)
        if EICAR in data:
            return Scan(Verdict.INFECTED, "Eicar-Test-Signature")
        return Scan(Verdict.CLEAN)


def get_antivirus() -> Antivirus:
    # Not cached: the implementation is cheap to build and read from settings each time.
    return import_string(settings.SEJOUR_ANTIVIRUS)()
