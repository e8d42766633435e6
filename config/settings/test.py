"""Tests: development settings with a fast password hasher and a per-run secret."""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

from config.settings.dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="sejour-test-media-")  # uploads never land in var/
# Nothing collected for the tests: the files come from their sources, unhashed.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# The limits are counted in the real Redis (127.0.0.1:6379 unless REDIS_URL says
# otherwise), under a key prefix of this run's own: each test empties only its own keys
# (tests/conftest.py), never another run's. Without a reachable Redis, local memory, and
# the tests that need Redis skip saying so (tests/core/redis.py).
import socket  # noqa: E402
import uuid  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

SEJOUR_TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


SEJOUR_TEST_REDIS = _reachable(SEJOUR_TEST_REDIS_URL)
if SEJOUR_TEST_REDIS:
    CACHES = {
        "default": {
            "BACKEND": "sejour.core.cache.PrefixedRedisCache",
            "LOCATION": SEJOUR_TEST_REDIS_URL,
            "KEY_PREFIX": os.environ.get("SEJOUR_CACHE_PREFIX", f"sejour-test-{uuid.uuid4().hex}"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
