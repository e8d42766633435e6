"""Development: `make run` on http://127.0.0.1:8000, no TLS, a local secret key."""

import base64
import hashlib
import os
import secrets
from pathlib import Path

_VAR = Path(__file__).resolve().parents[2] / "var"


def _local_secret_key() -> str:
    """A random key kept in var/ (ignored by git), made on first use."""
    path = _VAR / "dev-secret-key"
    if not path.exists():
        _VAR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


os.environ.setdefault("DJANGO_SECRET_KEY", _local_secret_key())
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# One machine: counters in memory unless REDIS_URL is set, a storage key from the secret.
os.environ.setdefault("SEJOUR_LOCAL_STATE", "true")

from config.settings.base import *  # noqa: E402, F403

DEBUG = True
if not SEJOUR_STORAGE_KEYS:  # noqa: F405
    # Derived from this machine's (or test run's) secret: the same across its processes.
    _dev_key = hashlib.sha256(b"sejour-storage-dev\x00" + SECRET_KEY.encode()).digest()  # noqa: F405
    SEJOUR_STORAGE_KEYS = "dev:" + base64.urlsafe_b64encode(_dev_key).decode().rstrip("=")
# No clamd on a developer's machine: the local antivirus (knows EICAR, can be "down").
SEJOUR_ANTIVIRUS = os.environ.get(
    "SEJOUR_ANTIVIRUS", "sejour.integrations.antivirus.LocalAntivirus"
)
EMAIL_BACKEND = "sejour.core.console_mail.EmailBackend"  # e-mails in the terminal
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 (whitenoise warns when absent)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Static files as production serves them (`make run` collects them first): hashed names,
# gzip and brotli copies, served by whitenoise rather than by runserver.
_apps = INSTALLED_APPS  # noqa: F405
_apps.insert(_apps.index("django.contrib.staticfiles"), "whitenoise.runserver_nostatic")
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
