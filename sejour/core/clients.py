"""The client's address, the one every limit counts by (pages, API, sign-up, verifier).

Behind `settings.SEJOUR_TRUSTED_PROXIES` reverse proxies, each of them appends the address
it received from to X-Forwarded-For, so the client is the N-th entry from the right; any
entry further left was written by the client itself and is not believed. A request that
did not pass through that many proxies (a shorter header), or whose entry is not an
address, is counted by the address that reached us (REMOTE_ADDR): never by what it wrote.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.SEJOUR_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
