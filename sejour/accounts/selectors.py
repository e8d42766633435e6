"""Reads scoped by who asks: no view filters a queryset by hand."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from sejour.accounts.models import Mandate, User


def mandates_for_applicant(*, applicant: User) -> QuerySet[Mandate]:
    return Mandate.objects.filter(applicant=applicant).select_related("helper")


def mandates_for_helper(*, helper: User) -> QuerySet[Mandate]:
    return Mandate.objects.filter(helper=helper).select_related("applicant")


def active_mandates(*, helper: User) -> QuerySet[Mandate]:
    return mandates_for_helper(helper=helper).filter(
        consented_at__isnull=False, revoked_at__isnull=True, valid_until__gte=timezone.localdate()
    )


def applicant_for_helper(*, helper: User, applicant_id: int) -> User | None:
    """The applicant, if this helper holds an active mandate for them; else None."""
    mandate = active_mandates(helper=helper).filter(applicant_id=applicant_id).first()
    return mandate.applicant if mandate else None


def applicant_by_identifier(identifier: str) -> User | None:
    return User.objects.filter(
        Q(foreign_number=identifier) | Q(visa_number=identifier),
        role=User.Role.APPLICANT,
        is_active=True,
    ).first()


def mandate_covers(*, helper: User, applicant_id: int, procedure: str) -> bool:
    """Whether an active mandate lets this helper act for this applicant in this procedure."""
    return any(
        procedure in (m.procedures or [])
        for m in active_mandates(helper=helper).filter(applicant_id=applicant_id)
    )
