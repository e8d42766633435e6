"""Uploads kept in quarantine while the antivirus could not answer are scanned again by
a scheduled job (`rescan_quarantine`, run by the task worker): released when clean;
refused when infected (kept for the record, never shown again; a document counts as
replaced, so the request lacks it); left waiting while the antivirus still cannot
answer. Each outcome leaves an audit event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sejour.audit.services import audit_record
from sejour.dossiers.models import DossierDocument, Scan
from sejour.integrations.antivirus import Verdict, get_antivirus


@dataclass
class Rescan:
    released: int = 0
    refused: int = 0
    waiting: int = 0


def _read(item) -> bytes:
    with item.file.open("rb") as stored:
        return stored.read()


def quarantine_rescan() -> Rescan:
    from sejour.inbox.models import Screenshot

    antivirus = get_antivirus()
    outcome = Rescan()
    for model in (DossierDocument, Screenshot):
        for pk in model.objects.filter(scan=Scan.QUARANTINE).values_list("pk", flat=True):
            with transaction.atomic():
                item = model.objects.select_for_update().filter(pk=pk, scan=Scan.QUARANTINE)
                item = item.first()
                if item is None:  # another worker got there first
                    continue
                result = antivirus.scan(_read(item))
                if result.verdict is Verdict.UNAVAILABLE:
                    outcome.waiting += 1
                    continue
                _settle(item, result.verdict is Verdict.CLEAN, result.signature)
                if result.verdict is Verdict.CLEAN:
                    outcome.released += 1
                else:
                    outcome.refused += 1
    return outcome


def _settle(item, clean: bool, signature: str) -> None:
    item.scan = Scan.CLEAN if clean else Scan.INFECTED
    fields = ["scan"]
    if isinstance(item, DossierDocument):
        if not clean and item.replaced_at is None:
            item.replaced_at = timezone.now()
            fields.append("replaced_at")
        target, on_behalf_of, prefix = item, item.dossier.applicant, "document"
    else:
        target, on_behalf_of, prefix = item.message, item.message.author, "inbox.screenshot"
    item.save(update_fields=fields)
    audit_record(
        actor=None,
        action=f"{prefix}.{'released' if clean else 'infected'}",
        target=target,
        on_behalf_of=on_behalf_of,
        data={"sha256": item.sha256, **({"signature": signature} if signature else {})},
    )
