"""Changes made in the Django admin, copied into the audit trail.

The admin writes one LogEntry per object it adds, changes or deletes; each becomes an
audit event with the author, the object, the person it concerns (the account itself,
or a mandate's applicant) and what changed. One mechanism for every ModelAdmin, present
and future. Bulk deletion is switched off (sejour.audit.admin): Django writes those
entries with bulk_create, which sends no signal.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save

from sejour.audit.models import AuditEvent

ACTIONS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


def _person(obj: Any) -> Any | None:
    """Whose personal data the object is: an account, or the applicant of a mandate."""
    from sejour.accounts.models import User

    if isinstance(obj, User):
        return obj
    applicant = getattr(obj, "applicant", None)
    return applicant if isinstance(applicant, User) else None


def _change(entry: LogEntry) -> Any:
    try:
        return json.loads(entry.change_message or "[]")
    except ValueError:
        return entry.change_message


def record(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    obj = None
    if model is not None and instance.action_flag != DELETION:
        obj = model._default_manager.filter(pk=instance.object_id).first()
    data: dict[str, Any] = {"object": instance.object_repr, "change": _change(instance)}
    if obj is not None and hasattr(obj, "helper_id"):
        data["helper"] = obj.helper_id  # a mandate: who gets access
    AuditEvent.objects.create(
        actor_id=instance.user_id,
        on_behalf_of=_person(obj) if obj is not None else None,
        action=ACTIONS.get(instance.action_flag, "admin.logged"),
        target_type=f"{instance.content_type.app_label}.{instance.content_type.model}"
        if instance.content_type_id
        else "",
        target_id=str(instance.object_id or "")[:64],
        data=data,
    )


def connect() -> None:
    post_save.connect(record, sender=LogEntry, dispatch_uid="sejour.audit.admin_log")
