"""Per-address request limits (attestation verifier, contact form, public API), counted
by django-ratelimit in the shared cache (Redis in production, settings.CACHES).

django-ratelimit counts with cache.add then cache.incr, both atomic in Redis, so a limit
of 60 per minute is 60 across every process and machine, not 60 per process.
"""

from __future__ import annotations

from django_ratelimit.core import get_usage

from sejour.core.clients import client_address


def _by_client(group: str, request) -> str:
    return client_address(request)


def usage(request, scope: str, limit: int, window: int) -> dict:
    """Counts this request; the answer's `should_limit` says it is one too many, and
    `time_left` how many seconds until the window resets."""
    found = get_usage(
        request,
        group=f"sejour:{scope}",
        key=_by_client,
        rate=(limit, window),
        increment=True,
    )
    # get_usage answers None only for a method it is told not to count: it counts all.
    return found or {"should_limit": False, "time_left": 0}


def too_many(request, scope: str, limit: int, window: int) -> bool:
    return bool(usage(request, scope, limit, window)["should_limit"])
