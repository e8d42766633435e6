"""`make chaos` only: the benchmark's settings, e-mails to the loopback SMTP server."""

from config.settings.bench import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
