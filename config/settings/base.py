"""Settings for production, safe by default: every other settings module starts here.

Secrets and hosts come from the environment, never from the repository:
DJANGO_SECRET_KEY (required), DJANGO_ALLOWED_HOSTS (comma-separated), DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"  # runtime files (SQLite database, uploads): never served


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 32 characters."
    )

DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "sejour.core",
    "sejour.audit",
    "sejour.integrations",
    "sejour.accounts",
    "sejour.dossiers",
    "sejour.attestations",
    "sejour.notifications",
    "sejour.instruction",
    "sejour.inbox",
    "sejour.reminders",
    "django_tasks",
    "django_tasks_db",
    "sejour.simulator",
    "sejour.help",
    "sejour.api",
]

# The public API: requests per client address (sejour.core.clients.client_address).
API_RATE_LIMIT = os.environ.get("SEJOUR_API_RATE_LIMIT", "60/m")
# Reverse proxies in front of sejour that append to X-Forwarded-For (0: none, the client is
# REMOTE_ADDR). Every limit reads the client the same way (sejour.core.clients).
SEJOUR_TRUSTED_PROXIES = int(
    os.environ.get("SEJOUR_TRUSTED_PROXIES", os.environ.get("SEJOUR_NUM_PROXIES", "0"))
)
NINJA_NUM_PROXIES = SEJOUR_TRUSTED_PROXIES
# Development and tests only (config/settings/dev.py): one process may keep its counters in
# its own memory and derive a storage key; production refuses to start without them.
SEJOUR_LOCAL_STATE = os.environ.get("SEJOUR_LOCAL_STATE", "false") == "true"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sejour.core.errors.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "sejour.core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sejour.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sejour.accounts.middleware.SessionLifetimeMiddleware",
    "sejour.accounts.middleware.SecondFactorMiddleware",
    "sejour.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sejour" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sejour.core.context_processors.languages",
            ],
        },
    },
]

# One renderer for every form (django-dsfr's own templates first). Without it, each
# django-dsfr form builds a new template engine and recompiles its field templates.
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

# SQLite under the project by default; PostgreSQL (or any engine) with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write at once: readers never wait for a writer
    # (WAL); a writer waits its turn for up to `timeout` seconds instead of failing with
    # "database is locked"; and a transaction takes the write lock when it begins, since
    # one that reads and then writes cannot wait for a lock another reader holds.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["sejour.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 24 * 3600
SIGNUP_LINK_MAX_AGE = 24 * 3600  # seconds a sign-up verification link stays valid

# Failed logins slow down the pair (account, client address), never the account alone,
# so that nobody can keep someone out by failing on purpose; a client failing on many
# accounts (password spraying) is slowed down as a whole. Delays double from `base`
# seconds after `free` failures, up to `cap`; `memory` seconds after the last failure
# the count is forgotten. Sign-up step 1 is limited the same way, per number and per
# client (the document dates must not be guessable). See sejour/accounts/throttle.py.
SEJOUR_THROTTLES = {
    "login_account": {"free": 5, "base": 60, "cap": 3600, "memory": 24 * 3600},
    "login_client": {"free": 30, "base": 60, "cap": 3600, "memory": 3600},
    "reauth": {"free": 5, "base": 300, "cap": 24 * 3600, "memory": 24 * 3600},
    "signup_number": {"free": 5, "base": 900, "cap": 24 * 3600, "memory": 7 * 24 * 3600},
    "signup_client": {"free": 20, "base": 900, "cap": 24 * 3600, "memory": 24 * 3600},
    # e-mails sent on request (reset links, mandate codes): to one address, from one client
    "mail_address": {"free": 3, "base": 600, "cap": 24 * 3600, "memory": 24 * 3600},
    "mail_client": {"free": 20, "base": 600, "cap": 24 * 3600, "memory": 3600},
}
# Every limit, throttle and lockout counter lives in Redis, which every web process and
# machine shares (its incr is atomic); a process's own memory only in development.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sejour.core.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("SEJOUR_CACHE_PREFIX", "sejour"),
        }
    }
elif SEJOUR_LOCAL_STATE:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("REDIS_URL must be set: the limits are shared by every process.")
RATELIMIT_USE_CACHE = "default"  # django-ratelimit (sejour.core.ratelimit)

# Agents, administrators and helpers pass a second factor before any page but the one
# asking for it; they link an authenticator only with a code an administrator issued.
SEJOUR_SECOND_FACTOR_ROLES = ("agent", "admin", "helper")
SEJOUR_ENROLMENT_HOURS = 72
# Sessions end after this long without a request, and in any case this long after login.
SEJOUR_SESSION_IDLE_STAFF = 30 * 60
SEJOUR_SESSION_IDLE = 2 * 3600
SEJOUR_SESSION_ABSOLUTE = 12 * 3600
SESSION_COOKIE_AGE = SEJOUR_SESSION_ABSOLUTE

OTP_TOTP_ISSUER = "sejour"

# Outside systems: each one interface, the implementation named here.
SEJOUR_SITE_URL = os.environ.get("SEJOUR_SITE_URL", "http://127.0.0.1:8000")  # in e-mails
SEJOUR_PRODUCTION = os.environ.get(
    "SEJOUR_PRODUCTION", "sejour.integrations.production.LocalProduction"
)
SEJOUR_STAMPS = os.environ.get("SEJOUR_STAMPS", "sejour.integrations.stamps.LocalStamps")
# An attestation de prolongation is renewed this many days before it ends (issue 6).
SEJOUR_ATTESTATION_RENEW_DAYS = int(os.environ.get("SEJOUR_ATTESTATION_RENEW_DAYS", "15"))
# The worker runs its scheduled jobs (attestation renewals) this often.
SEJOUR_SCHEDULE_SECONDS = int(os.environ.get("SEJOUR_SCHEDULE_SECONDS", "3600"))
SEJOUR_CARD_DELAY_HOURS = int(os.environ.get("SEJOUR_CARD_DELAY_HOURS", "0"))
SEJOUR_EPHOTO = os.environ.get("SEJOUR_EPHOTO", "sejour.integrations.ephoto.LocalEphoto")
SEJOUR_OFPRA = os.environ.get("SEJOUR_OFPRA", "sejour.integrations.ofpra.LocalOfpra")
SEJOUR_REGISTER = os.environ.get("SEJOUR_REGISTER", "sejour.integrations.register.LocalRegister")

# Background work: Django's Tasks API with the database backend (tasks enqueued on commit).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Uploaded documents: outside any served folder; read only through permission checks.
MEDIA_ROOT = Path(os.environ.get("SEJOUR_MEDIA_ROOT", VAR_DIR / "uploads"))
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_PDF_PAGES = 30
UPLOAD_MAX_PDF_PAGE_CM = 120  # a side of a page: A0 is 84 × 119 cm
UPLOAD_MAX_PIXELS = 25_000_000  # checked before decoding: 75 MB of RGB at most
UPLOAD_MAX_REQUEST_BYTES = 12 * 1024 * 1024  # all the files of one request together
# A file without a row is swept once this old: its row may still be committing before.
# A task "running" for longer than this was left by a dead worker (sejour.core.task_release).
SEJOUR_TASK_STALE_SECONDS = int(os.environ.get("SEJOUR_TASK_STALE_SECONDS", 900))
UPLOAD_ORPHAN_GRACE_SECONDS = int(os.environ.get("SEJOUR_UPLOAD_ORPHAN_GRACE_SECONDS", 3600))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 5  # the contact form takes 3 screenshots, a deposit step 1
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "sejour.dossiers.uploads.RequestBudget",  # first: the others only get what it keeps
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The organisation's clamd scans every upload; when it does not answer, uploads wait in
# quarantine until the scheduled rescan (never kept unscanned).
SEJOUR_ANTIVIRUS = os.environ.get("SEJOUR_ANTIVIRUS", "sejour.integrations.antivirus.Clamd")
SEJOUR_CLAMD = os.environ.get("SEJOUR_CLAMD", "unix:///run/clamav/clamd.ctl")
SEJOUR_CLAMD_TIMEOUT = float(os.environ.get("SEJOUR_CLAMD_TIMEOUT", "30"))
SEJOUR_ANTIVIRUS_LOCAL_DOWN = os.environ.get("SEJOUR_ANTIVIRUS_LOCAL_DOWN", "false") == "true"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("SEJOUR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SEJOUR_EMAIL_PORT", "25"))
EMAIL_USE_TLS = os.environ.get("SEJOUR_EMAIL_TLS", "false") == "true"
EMAIL_HOST_USER = os.environ.get("SEJOUR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SEJOUR_EMAIL_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get(
    "SEJOUR_FROM_EMAIL", "sejour <ne-pas-repondre@sejour.localhost>"
)
# A hung relay must not hold the worker: every SMTP operation gives up after this long.
EMAIL_TIMEOUT = int(os.environ.get("SEJOUR_EMAIL_TIMEOUT", "30"))
# The task worker beats this often; a worker silent for the lease is presumed dead and
# the tasks and messages it held are taken back (issue 14).
SEJOUR_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("SEJOUR_WORKER_HEARTBEAT_SECONDS", "10"))
SEJOUR_WORKER_LEASE_SECONDS = float(os.environ.get("SEJOUR_WORKER_LEASE_SECONDS", "60"))
# A temporary SMTP failure is retried after 30 s, 60 s, 120 s… at most an hour apart.
SEJOUR_OUTBOX_RETRY_SECONDS = float(os.environ.get("SEJOUR_OUTBOX_RETRY_SECONDS", "30"))
SEJOUR_OUTBOX_RETRY_MAX_SECONDS = float(os.environ.get("SEJOUR_OUTBOX_RETRY_MAX_SECONDS", "3600"))
# /sante/ answers 503 when a message has waited longer than this.
SEJOUR_HEALTH_OUTBOX_LATE_SECONDS = int(os.environ.get("SEJOUR_HEALTH_OUTBOX_LATE_SECONDS", "900"))

# No inline script anywhere: scripts, styles, fonts and images from this origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sejour.accounts.passwords.FrenchCommonPasswordValidator"},
]

# French is the source language; English and Arabic (right to left) are shipped.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "sejour" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Generated from the pinned design system by `manage.py build_assets` (make setup).
ASSETS_BUILD_DIR = BASE_DIR / "build" / "static"
STATICFILES_DIRS = [BASE_DIR / "sejour" / "static", ASSETS_BUILD_DIR]

# Documents and PDFs: encrypted (sejour.core.storage) on the filesystem, or on an
# S3-compatible object store when SEJOUR_S3_BUCKET is set (every machine reads them).
SEJOUR_STORAGE_KEYS = os.environ.get("SEJOUR_STORAGE_KEYS", "")
if not SEJOUR_STORAGE_KEYS and not SEJOUR_LOCAL_STATE:
    raise ImproperlyConfigured(
        "SEJOUR_STORAGE_KEYS must be set (id:base64key, newest first): documents are encrypted."
    )
if os.environ.get("SEJOUR_S3_BUCKET"):
    SEJOUR_STORAGE_INNER = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SEJOUR_S3_BUCKET"],
            "endpoint_url": os.environ.get("SEJOUR_S3_ENDPOINT") or None,
            "region_name": os.environ.get("SEJOUR_S3_REGION") or None,
            "access_key": os.environ.get("SEJOUR_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("SEJOUR_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    SEJOUR_STORAGE_INNER = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",  # under MEDIA_ROOT
        "OPTIONS": {},
    }
STORAGES = {
    "default": {"BACKEND": "sejour.core.storage.EncryptedStorage"},
    # Hashed names, compressed copies, served with a long cache lifetime by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Transport and browser protections.
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the supervision probe speaks plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switcher's choice outlives the visit

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"fontTools": {"level": "WARNING"}, "mail.log": {"level": "WARNING"}},
}
