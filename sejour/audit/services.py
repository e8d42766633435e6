from __future__ import annotations

from typing import Any

from django.db import models

from sejour.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    on_behalf_of: Any | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail (anonymous actions have no actor)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        on_behalf_of=on_behalf_of,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


# Who reads another person's data: a read by one of them is recorded. An applicant (or
# the parent filing for a child) reading their own file is not.
READERS = ("agent", "admin", "helper")


def read_record(
    *,
    reader: Any,
    action: str,
    target: models.Model,
    on_behalf_of: Any | None,
    data: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """A staff (or helper) read of someone's personal data, as an audit event;
    None when the reader is the person themselves."""
    if getattr(reader, "role", None) not in READERS:
        return None
    return audit_record(
        actor=reader, action=action, target=target, on_behalf_of=on_behalf_of, data=data
    )
