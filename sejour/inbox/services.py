"""Messages into the prefecture's inbox, and the agents' answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture
from sejour.audit.services import audit_record
from sejour.dossiers.uploads import JPEG, PDF, PNG, check, files_kept_on_commit, sniff
from sejour.inbox.models import Message, Screenshot

MAX_SCREENSHOTS = 3


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class InboxRefused(Exception):
    code: str
    detail: str = ""


@transaction.atomic
def contact_send(
    *,
    author,
    email: str,
    name: str,
    lang: str,
    text: str,
    prefecture: Prefecture,
    dossier=None,
    screenshots: list[bytes] = (),
) -> Message:
    """A message from the help contact form (000 Q32), with up to 3 screenshots checked
    by their content (images only), at most UPLOAD_MAX_REQUEST_BYTES together. All or
    nothing: a bad screenshot saves nothing."""
    if len(screenshots) > MAX_SCREENSHOTS:
        raise InboxRefused("too_many")
    if sum(len(data) for data in screenshots) > settings.UPLOAD_MAX_REQUEST_BYTES:
        raise InboxRefused("too_heavy", str(settings.UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)))
    checked = []
    for index, data in enumerate(screenshots, start=1):
        if sniff(data[:16]) == PDF:  # an image is asked for: a PDF is not even parsed
            raise InboxRefused("not_an_image", str(index))
        try:
            result = check(data)
        except ValueError as error:
            raise InboxRefused("screenshot", f"{index} : {error}") from None
        if result.content_type not in (JPEG, PNG):
            raise InboxRefused("not_an_image", str(index))
        checked.append(result)
    message = Message.objects.create(
        kind=Message.Kind.CONTACT,
        prefecture=prefecture,
        dossier=dossier,
        author=author if getattr(author, "is_authenticated", False) else None,
        name=name.strip()[:150],
        email=email,
        lang=lang,
        text=text.strip()[:4000],
    )
    with files_kept_on_commit(Screenshot.file.field.storage) as written:
        for result in checked:
            shot = Screenshot(
                message=message,
                content_type=result.content_type,
                size=len(result.content),
                sha256=result.sha256,
                scan=result.scan,
            )
            shot.file.save(f"capture.{result.extension}", ContentFile(result.content), save=False)
            written.append(shot.file.name)
            shot.save()
        audit_record(actor=author, action="inbox.contact_sent", target=message)
    return message


def correction_received(correction) -> Message:
    """An applicant's correction request lands in the inbox of the file's prefecture."""
    dossier = correction.dossier
    user = correction.created_by
    return Message.objects.create(
        kind=Message.Kind.CORRECTION,
        prefecture=dossier.prefecture,
        dossier=dossier,
        correction=correction,
        author=user,
        name=user.get_full_name(),
        email=user.email,
        lang=user.language or "fr",
        text=correction.text,
    )


@transaction.atomic
def message_answer(*, message: Message, agent, text: str) -> Message:
    """Answer once; the writer is told by e-mail (through the outbox when they have an
    account, at once otherwise: if it cannot be sent, nothing is recorded)."""
    from sejour.notifications.messages import InboxAnswer
    from sejour.notifications.services import notify

    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.answered_at is not None:
        raise InboxRefused("already_answered", locked.answered_by.get_full_name())
    locked.answer = text.strip()[:4000]
    locked.answered_at = timezone.now()
    locked.answered_by = agent
    locked.save(update_fields=["answer", "answered_at", "answered_by"])
    if locked.correction_id:
        correction = locked.correction
        correction.handled_at = locked.answered_at
        fields = ["handled_at"]
        if not correction.step and correction.state == correction.State.PENDING:
            # A correction written in words is answered in words; one with new answers
            # waits for the agent to apply or refuse it on the file.
            correction.state = correction.State.ANSWERED
            correction.answered_at, correction.answered_by = locked.answered_at, agent
            fields += ["state", "answered_at", "answered_by"]
        correction.save(update_fields=fields)
    audit_record(
        actor=agent,
        action="inbox.answered",
        target=locked,
        on_behalf_of=locked.author,
    )
    context = {"message": locked, "prefecture": locked.prefecture, "dossier": locked.dossier}
    if locked.kind == Message.Kind.ALERT:
        pass  # the service's own alert: the answer is the agents' note, sent to nobody
    elif locked.author is not None:
        notify(user=locked.author, template="inbox_answer", dossier=locked.dossier, context=context)
    else:
        try:
            InboxAnswer(to=locked.email, lang=locked.lang, **context).send()
        except OSError:
            raise InboxRefused("email_unavailable") from None
    return locked
