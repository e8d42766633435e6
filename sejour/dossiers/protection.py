"""The protection of the person a request is for, as the register of foreigners and
OFPRA record it. The card, its length and the fee follow from it, so the form's word
alone is not enough: where a record says otherwise, the form is refused and says what
the record holds. A decision OFPRA does not know yet (it may reach its service after
the deposit) or OFPRA not answering leaves the register's word; the agent still asks
OFPRA for the civil status before any card (000 Q40)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sejour.dossiers.models import Dossier
from sejour.dossiers.subjects import Refused, holder_of, register_entry
from sejour.integrations.ofpra import OfpraUnavailable, ProtectionAnswer, get_ofpra


@dataclass(frozen=True)
class Disagreement:
    field: str  # the form's field: "role", "status", "decided_by" or "decision_date"
    source: str  # "register" or "ofpra"
    recorded: str  # what the record holds: a status, a decider, an ISO date


def _ofpra(number: str | None) -> ProtectionAnswer:
    if not number:
        return ProtectionAnswer(known=False)
    try:
        return get_ofpra().protection(number)
    except OfpraUnavailable:
        return ProtectionAnswer(known=False)


def disagreements(
    dossier: Dossier,
    *,
    role: str | None,
    status: str | None,
    decided_by: str | None = None,
    decision_date: date | None = None,
) -> list[Disagreement]:
    """What the records hold that the form does not say. A family member answers with
    their sponsor's protection, which their own records do not hold: not compared."""
    if role != "protected":
        return []
    number = holder_of(dossier).get("foreign_number")
    if not number:  # a protected person has a foreign number since their asylum claim
        return [Disagreement("role", "register", "")]
    out: list[Disagreement] = []
    known = register_entry(dossier)
    if known is not None and known.protection_status and known.protection_status != status:
        out.append(Disagreement("status", "register", known.protection_status))
    decision = _ofpra(number)
    if known is not None and not known.protection_status and not decision.known:
        # Known, but protected neither in the register nor at OFPRA: the form's word
        # would give an attestation to work (000 Q18).
        out.append(Disagreement("role", "register", ""))
    if not decision.known:
        return out
    if decision.status and decision.status != status and not out:
        out.append(Disagreement("status", "ofpra", decision.status))
    if decided_by and decision.decided_by and decision.decided_by != decided_by:
        out.append(Disagreement("decided_by", "ofpra", decision.decided_by))
    if decision_date and decision.decision_date and decision.decision_date != decision_date:
        out.append(Disagreement("decision_date", "ofpra", decision.decision_date.isoformat()))
    return out


def protection_verify(dossier: Dossier) -> None:
    """Just before anything is issued: the situation saved agrees with the records."""
    s: dict[str, Any] = (dossier.draft or {}).get("situation") or {}
    day = s.get("decision_date")
    found = disagreements(
        dossier,
        role=s.get("role"),
        status=s.get("status"),
        decided_by=s.get("decided_by"),
        decision_date=date.fromisoformat(day) if day else None,
    )
    if found:
        raise Refused("protection_mismatch")
