"""Production settings are safe by default; the database comes from DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: str(getattr(settings, k)) for k in "
    "['DEBUG','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS',"
    "'SECURE_SSL_REDIRECT','X_FRAME_OPTIONS','SECURE_CONTENT_TYPE_NOSNIFF',"
    "'SECURE_REFERRER_POLICY','SECURE_CROSS_ORIGIN_OPENER_POLICY','ALLOWED_HOSTS',"
    "'SEJOUR_SESSION_IDLE_STAFF','SEJOUR_SESSION_IDLE','SEJOUR_SESSION_ABSOLUTE',"
    "'SESSION_COOKIE_AGE','MIDDLEWARE','AUTH_PASSWORD_VALIDATORS']}"
    " | {'CACHE': settings.CACHES['default']['BACKEND']}"
    " | {'ENGINE': settings.DATABASES['default']['ENGINE'],"
    " 'NAME': str(settings.DATABASES['default']['NAME'])}))"
)


def production(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "SEJOUR_", "REDIS_"))
    }
    # Production needs Redis and a storage key (issue 17); tests/core checks the refusals.
    clean |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SEJOUR_STORAGE_KEYS": "k1:" + "A" * 43,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    done = production()
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


def test_production_defaults_are_safe() -> None:
    done = production(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="sejour.example")
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["DEBUG"] == "False"
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31_536_000
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] == "True"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["ALLOWED_HOSTS"] == "['sejour.example']"
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"].endswith("var/db.sqlite3")


def test_production_accounts_controls_are_on() -> None:
    """Issue 13: attempt limits in a store every process shares, session lifetimes,
    the second factor before any page, French common passwords refused."""
    done = production(DJANGO_SECRET_KEY="x" * 50)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["CACHE"] == "sejour.core.cache.PrefixedRedisCache"
    assert int(values["SEJOUR_SESSION_IDLE_STAFF"]) == 30 * 60
    assert int(values["SEJOUR_SESSION_IDLE"]) == 2 * 3600
    assert int(values["SESSION_COOKIE_AGE"]) == int(values["SEJOUR_SESSION_ABSOLUTE"]) <= 12 * 3600
    assert "sejour.accounts.middleware.SecondFactorMiddleware" in values["MIDDLEWARE"]
    assert "sejour.accounts.middleware.NoStoreMiddleware" in values["MIDDLEWARE"]
    assert "FrenchCommonPasswordValidator" in values["AUTH_PASSWORD_VALIDATORS"]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("REDIS_URL", "REDIS_URL must be set"),
        ("SEJOUR_STORAGE_KEYS", "SEJOUR_STORAGE_KEYS must be set"),
    ],
)
def test_production_refuses_to_start_without_redis_or_a_storage_key(missing, message) -> None:
    done = production(DJANGO_SECRET_KEY="x" * 50, **{missing: ""})
    assert done.returncode != 0
    assert message in done.stderr


def test_database_url_selects_postgresql() -> None:
    done = production(
        DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
    )
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "test"


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_asked_for() -> None:
    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted
