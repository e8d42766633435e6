"""`make bench` only: production settings served over plain HTTP on loopback."""

import os

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SEJOUR_LOCAL_STATE", "true")  # one machine: no Redis nor key needed

from config.settings.base import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False  # the benchmark's client speaks plain HTTP to 127.0.0.1
CSRF_COOKIE_SECURE = False
# The e-mails go by SMTP to SEJOUR_EMAIL_HOST and _PORT: bench_deposit runs one.
