"""A task worker in a subprocess of the fault tests: the test settings, speaking SMTP to
the loopback relay the test names (SEJOUR_EMAIL_PORT)."""

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
