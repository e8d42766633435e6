from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.utils import translation

from tests.factories.accounts import static_codes


def login_verified(client: Client, user, code: str = "135790") -> None:
    """Sign in, with the second factor for agents, administrators and helpers."""
    client.force_login(user)
    if user.role in ("agent", "admin", "helper"):
        static_codes(user, code)
        response = client.post("/connexion/verification/", {"token": code})
        assert response.status_code == 302, response.content[:500]


def link_in_last_mail() -> str:
    body = mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+", body).group(0))


def in_language(lang: str, message) -> str:
    """A message (lazy, or a French source string) as the page in `lang` shows it."""
    with translation.override(lang):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def page_text(response) -> str:
    from html import unescape

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
