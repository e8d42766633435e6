"""The applicant's correction requests on the agent's file, each pending one with what
it would change (the answers, and the engine's card, fee, deadline and attestation)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from sejour.dossiers.corrections import correction_preview

register = template.Library()


@register.simple_tag
def correction_rows(dossier) -> dict:
    rows, today = [], timezone.localdate()
    for c in dossier.corrections.select_related("answered_by", "inbox_message"):
        pending = c.state == c.State.PENDING
        rows.append({"c": c, "preview": correction_preview(c, today=today) if pending else None})
    return {"rows": rows, "pending": any(r["c"].state == "pending" for r in rows)}
