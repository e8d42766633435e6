"""A small per-address counter in the cache, for public pages that must not be walked
through (attestation codes)."""

from __future__ import annotations

from django.core.cache import cache


def too_many(request, scope: str, limit: int, window: int) -> bool:
    key = f"rl:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > limit
