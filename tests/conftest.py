import socket
import time
from contextlib import closing
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from sejour.rules import parameters


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and the like never leak from one test into another; nor does
    the language a previous request activated in this thread, nor a changed parameter."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    # A test that changed the law for itself (tests/rules/test_legal_dates.law_changes).
    parameters._IN_FORCE.set(parameters.DEFAULT)


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"

    def wait(self, count: int = 1, seconds: float = 10):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, "no e-mail arrived"
        return self.messages[count - 1]


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback (aiosmtpd) that Django sends to."""
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    yield inbox
    controller.stop()
