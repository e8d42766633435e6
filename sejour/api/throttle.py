"""The public API's limit per client: the same count and the same client address as the
pages' limits (sejour.core.ratelimit), in the shared cache.

Ninja's own AnonRateThrottle keeps a list of timestamps that it reads and writes back
(two processes lose each other's requests) and reads X-Forwarded-For its own way.
"""

from __future__ import annotations

import threading

from ninja.throttling import BaseThrottle

from sejour.core.ratelimit import usage

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ClientRateThrottle(BaseThrottle):
    def __init__(self, rate: str) -> None:
        count, _, period = rate.partition("/")
        self.limit = int(count)
        self.window = _PERIODS[period[:1]]
        self._last = threading.local()  # one instance serves every thread of a process

    def allow_request(self, request) -> bool:
        found = usage(request, "api", self.limit, self.window)
        self._last.wait = found["time_left"]
        return not found["should_limit"]

    def wait(self) -> float | None:
        # At least a second: at a window's last instant django-ratelimit says 0 seconds
        # left, and ninja writes this into Retry-After itself (0 would mean "now").
        return float(max(1, getattr(self._last, "wait", self.window)))
