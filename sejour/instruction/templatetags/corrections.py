"""The applicant's correction requests on the agent's file, each pending one with what
it would change (the answers, and the engine's card, fee, deadline and attestation)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from sejour.dossiers.corrections import correction_preview

register = template.Library()


@register.simple_tag
def correction_rows(dossier) -> dict:
    rows, today = [], timezone.localdate()
    for c in dossier.corrections.select_related("answered_by", "inbox_message"):
        pending = c.state == c.State.PENDING
        preview = correction_preview(c, today=today) if pending else None
        for side in ("before", "after") if preview else ():
            if preview[side] and preview[side]["deadline"]:
                preview[side]["deadline"] = date.fromisoformat(preview[side]["deadline"])
        rows.append({"c": c, "preview": preview})
    return {"rows": rows, "pending": any(r["c"].state == "pending" for r in rows)}
