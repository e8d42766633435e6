"""Attempt limits kept in Django's cache, which every process shares (settings.CACHES).

A throttle counts failures for one key (an account with a client address, a foreign
number, a client address...). The first `free` failures cost nothing; after that each
failure makes the next attempt wait, twice as long each time, never more than `cap`
seconds, so that nobody is locked out for good; `memory` seconds after the last failure
the count is forgotten. Keys are hashed: no foreign number or address is kept in clear.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from sejour.core.clients import client_address  # the one reading for every limit

__all__ = ["Policy", "clear", "client_address", "fail", "longest_wait", "wait_seconds"]


@dataclass(frozen=True)
class Policy:
    name: str
    free: int
    base: int
    cap: int
    memory: int

    @classmethod
    def named(cls, name: str) -> Policy:
        return cls(name=name, **settings.SEJOUR_THROTTLES[name])

    def delay(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return min(self.cap, self.base * 2 ** min(failures - self.free, 30))


def _key(policy: Policy, parts: tuple[str, ...]) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]
    return f"thr:{policy.name}:{digest}"


def wait_seconds(policy: Policy, *parts: str) -> int:
    """How long the next attempt for this key must wait (0: it may go ahead)."""
    key = _key(policy, parts)
    state = cache.get_many([f"{key}:n", f"{key}:t"])
    failures, last = state.get(f"{key}:n", 0), state.get(f"{key}:t", 0)
    return max(0, int(last + policy.delay(failures) - time.time()))


def fail(policy: Policy, *parts: str) -> None:
    key = _key(policy, parts)
    if not cache.add(f"{key}:n", 1, timeout=policy.memory):
        try:
            cache.incr(f"{key}:n")
        except ValueError:  # forgotten between add and incr
            cache.set(f"{key}:n", 1, timeout=policy.memory)
        cache.touch(f"{key}:n", timeout=policy.memory)
    cache.set(f"{key}:t", time.time(), timeout=policy.memory)


def clear(policy: Policy, *parts: str) -> None:
    key = _key(policy, parts)
    cache.delete_many([f"{key}:n", f"{key}:t"])


def longest_wait(checks: list[tuple[Policy, tuple[str, ...]]]) -> int:
    return max((wait_seconds(policy, *parts) for policy, parts in checks), default=0)
