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

# Each test starts with an empty cache (tests/conftest.py), even the tests without a
# database; tests/accounts/test_throttle.py runs the limits on the database cache too.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
