"""One class per message. Each renders its subject and body from templates in the
recipient's language (`notifications/<name>_subject.txt`, `<name>_body.txt`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


class Notification:
    name: ClassVar[str]

    def __init__(self, *, to: str, lang: str = "fr", **context: Any) -> None:
        self.to, self.lang, self.context = to, lang, context

    def render(self) -> tuple[str, str]:
        with translation.override(self.lang):
            context = {**self.context, "site_url": settings.SEJOUR_SITE_URL}
            subject = render_to_string(f"notifications/{self.name}_subject.txt", context)
            body = render_to_string(f"notifications/{self.name}_body.txt", context)
        return " ".join(subject.split()), body.strip() + "\n"

    def send(self) -> None:
        subject, body = self.render()
        EmailMessage(subject, body, to=[self.to], headers={"Content-Language": self.lang}).send()


class SignupVerification(Notification):
    name = "signup_verification"


class MinorCredentials(Notification):
    name = "minor_credentials"


class MandateCode(Notification):
    name = "mandate_code"
