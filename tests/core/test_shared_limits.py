"""The limits are counted in Redis, once for every process (issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from tests.core.redis import needs_redis

ROOT = Path(__file__).resolve().parents[2]

# Each process counts 40 requests from one address against a limit of 60 per minute.
_COUNTER = textwrap.dedent(
    """
    import django, sys
    django.setup()
    from django.test import RequestFactory
    from sejour.core.ratelimit import too_many
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.77")
    print(sum(not too_many(request, "shared-test", 60, 60) for _ in range(40)))
    """
)


@needs_redis
def test_the_cache_is_redis() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "sejour.core.cache.PrefixedRedisCache"


@needs_redis
def test_four_processes_let_through_the_limit_not_four_times_it() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SEJOUR_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _COUNTER], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    passed = [int(run.communicate(timeout=120)[0].strip()) for run in runs]
    # 160 requests, 60 allowed: exactly 60 went through, whichever process served them
    # (they may straddle a window boundary: then at most twice the limit, never 4x).
    assert sum(passed) in (60, 120), passed


@needs_redis
def test_clearing_the_cache_leaves_other_installations_keys_alone() -> None:
    client = cache._cache.get_client(None, write=True)
    client.set("another-service:key", "kept", ex=60)
    cache.set("ours", 1)
    cache.clear()
    assert cache.get("ours") is None
    assert client.get("another-service:key") == b"kept"
    client.delete("another-service:key")
