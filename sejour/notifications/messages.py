"""Messages rendered from templates in the recipient's language
(`notifications/<name>_subject.txt`, `<name>_body.txt`).

Most messages go through the outbox (`sejour.notifications.services.notify`). The classes
below are sent at once instead, because they carry a secret that must not be stored in
the outbox (a verification link, a provisional password, a consent code), or because
there is no account yet to attach them to."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def render_message(template: str, lang: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject (one line) and body of a message, in `lang`."""
    context = {**context, "site_url": settings.SEJOUR_SITE_URL}
    with translation.override(lang):
        subject = render_to_string(f"notifications/{template}_subject.txt", context)
        body = render_to_string(f"notifications/{template}_body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


class Notification:
    name: ClassVar[str]

    def __init__(self, *, to: str, lang: str = "fr", **context: Any) -> None:
        self.to, self.lang, self.context = to, lang, context

    def render(self) -> tuple[str, str]:
        return render_message(self.name, self.lang, self.context)

    def send(self) -> None:
        subject, body = self.render()
        EmailMessage(subject, body, to=[self.to], headers={"Content-Language": self.lang}).send()


class SignupVerification(Notification):
    name = "signup_verification"


class SignupNotConfirmed(Notification):
    """Sign-up step 1 did not confirm anyone: one message whatever the reason (issue 13)."""

    name = "signup_not_confirmed"


class PasswordChanged(Notification):
    """The password changed: with a link to choose another one (issue 13)."""

    name = "password_changed"


class EmailChanged(Notification):
    """To the old address: the e-mail changed, with a link to put it back (issue 13)."""

    name = "email_changed"


class MinorCredentials(Notification):
    name = "minor_credentials"


class MandateCode(Notification):
    name = "mandate_code"


class InboxAnswer(Notification):
    """The prefecture's answer to a contact message from someone without an account."""

    name = "inbox_answer"


class EmailChange(Notification):
    """A link to confirm a new e-mail address (sent at once: the link is a secret)."""

    name = "email_change"
