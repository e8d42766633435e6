"""After a correction re-ran the engine: each attestation in force that no longer says
what the corrected request gives is replaced by a new one (new number, new code); the
old one stops counting that day, and `/verifier/` says it was replaced."""

from __future__ import annotations

from datetime import date
from typing import Any

from sejour.attestations.family import follow_up_fields
from sejour.attestations.models import Attestation
from sejour.audit.services import audit_record
from sejour.rules.follow_up import att_family_follow_up, attestation_period

# What an attestation says, besides its dates: a change in any of them needs a new one.
CONTENT = (
    "kind",
    "renewable",
    "allows_work",
    "allows_schengen_travel",
    "valid_only_with_previous_card",
    "keeps_previous_rights",
    "holder_last_name",
    "holder_first_names",
    "holder_birth_date",
    "holder_foreign_number",
    "prefecture_name",
)


def _in_force(dossier) -> list[Attestation]:
    """The last attestation of each chain (not renewed, not replaced), under row locks."""
    return list(
        Attestation.objects.select_for_update(of=("self",))
        .filter(dossier=dossier, superseded_on__isnull=True, renewed_by__isnull=True)
        .order_by("pk")
    )


def _identity(dossier) -> dict[str, Any]:
    from sejour.dossiers.deposit import holder_of

    holder = holder_of(dossier)
    return {
        "holder_last_name": holder["last_name"],
        "holder_first_names": holder["first_names"],
        "holder_birth_date": date.fromisoformat(holder["birth_date"]),
        "holder_foreign_number": holder.get("foreign_number") or "",
        "prefecture_name": dossier.prefecture.name if dossier.prefecture else "",
    }


def _engine_fields(engine: dict[str, Any]) -> dict[str, Any]:
    return {
        key: engine[key]
        for key in (
            "kind",
            "renewable",
            "allows_work",
            "allows_schengen_travel",
            "valid_only_with_previous_card",
            "keeps_previous_rights",
        )
    }


def _differs(old: Attestation, wanted: dict[str, Any]) -> bool:
    return any(getattr(old, key) != wanted[key] for key in CONTENT)


def _supersede(old: Attestation, new: Attestation | None, *, today: date) -> None:
    old.superseded_on = today
    old.replaced_by = new
    old.save(update_fields=["superseded_on", "replaced_by"])


def attestations_reissue(
    *, dossier, before: dict[str, Any], after: dict[str, Any], today: date, by
) -> list[tuple[Attestation | None, Attestation]]:
    """Compare each attestation in force with what the corrected assessment (`after`)
    gives, and replace those that differ. A replacement with the same period keeps the
    end of the one it replaces (a correction fixes the content, not the period); a new
    period starts today. Returns the (old, new) pairs (old is None when the request had
    none); each new one is e-mailed with the PDF."""
    from sejour.notifications.services import notify

    engine_before = before.get("deposit_attestation") or {}
    engine_after = after.get("deposit_attestation") or None
    family_before = engine_before.get("kind") == Attestation.Kind.CONFIRMATION
    family_after = bool(engine_after) and engine_after["kind"] == Attestation.Kind.CONFIRMATION
    identity = _identity(dossier)
    in_force = _in_force(dossier)
    # A family member's prolongation follows their confirmation (ATT-FAMILY); any other
    # attestation in force is the one the deposit issued, or its latest renewal.
    follow_ups = [a for a in in_force if family_before and a.kind == Attestation.Kind.PROLONGATION]
    deposit_chain = [a for a in in_force if a not in follow_ups]
    pairs: list[tuple[Attestation | None, Attestation]] = []
    head: Attestation | None = deposit_chain[0] if deposit_chain else None

    wanted_deposit = {**identity, **_engine_fields(engine_after)} if engine_after else {}
    if engine_after is not None and (head is None or _differs(head, wanted_deposit)):
        months = engine_after.get("validity_months")
        if head is not None and months and months == engine_before.get("validity_months"):
            until = head.valid_until
        else:
            until = attestation_period(today, months=months)[1] if months else None
        new = Attestation.objects.create(
            dossier=dossier,
            holder=dossier.applicant,
            **identity,
            **_engine_fields(engine_after),
            issued_on=today,
            valid_until=until,
        )
        if new.kind == Attestation.Kind.CONFIRMATION:
            from sejour.attestations.family import held_document_until

            new.document_held_until = held_document_until(dossier, today=today)
            new.save(update_fields=["document_held_until"])
        if head is not None:
            _supersede(head, new, today=today)
        pairs.append((head, new))
        head = new
    elif engine_after is None and head is not None:
        _supersede(head, None, today=today)  # the corrected request gives none
        audit_record(
            actor=by,
            action="attestation.withdrawn",
            target=dossier,
            on_behalf_of=dossier.applicant if by != dossier.applicant else None,
            data={"previous": head.number},
        )
        head = None

    for old in follow_ups:
        if not family_after:
            # No longer a family member's request: what the deposit now gives covers it.
            _supersede(old, head, today=today)
            continue
        wanted = {**identity, **follow_up_fields(att_family_follow_up(on=today))}
        if not _differs(old, wanted):
            continue
        wanted["valid_until"] = old.valid_until  # same period, corrected content
        follows = None
        if head is not None and head.kind == Attestation.Kind.CONFIRMATION:
            follows = None if hasattr(head, "followed_by") else head
        new = Attestation.objects.create(
            dossier=dossier,
            holder=dossier.applicant,
            **wanted,
            follows=follows,
            issued_on=today,
        )
        _supersede(old, new, today=today)
        pairs.append((old, new))

    for old, new in pairs:
        audit_record(
            actor=by,
            action="attestation.replaced",
            target=dossier,
            on_behalf_of=dossier.applicant if by != dossier.applicant else None,
            data={"previous": old.number if old else "", "number": new.number},
        )
        notify(
            user=dossier.applicant,
            template="attestation_replaced",
            dossier=dossier,
            attestation=new,
            context={"dossier": dossier, "attestation": new, "previous": old},
        )
    return pairs
