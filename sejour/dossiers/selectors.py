"""Reads of dossiers, scoped by who asks. A dossier someone may not see is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from sejour.accounts.models import User
from sejour.accounts.selectors import mandate_covers
from sejour.dossiers.models import Dossier


def dossiers_for_applicant(*, user: User) -> QuerySet[Dossier]:
    return Dossier.objects.filter(Q(applicant=user) | Q(filer=user)).select_related("prefecture")


def dossiers_for_helper(*, helper: User) -> QuerySet[Dossier]:
    today = timezone.localdate()
    return Dossier.objects.filter(
        applicant__mandates__helper=helper,
        applicant__mandates__consented_at__isnull=False,
        applicant__mandates__revoked_at__isnull=True,
        applicant__mandates__valid_until__gte=today,
    ).distinct()


def dossiers_for_agent(*, agent: User) -> QuerySet[Dossier]:
    return Dossier.objects.filter(prefecture=agent.prefecture_id).exclude(state="draft")


def dossier_for(*, user: User, reference: str) -> Dossier | None:
    """The dossier if this user may see it: its applicant or filer, a helper under a valid
    mandate for its applicant and its procedure, or an agent of its prefecture."""
    if user.role == "agent":
        scope = dossiers_for_agent(agent=user)
    elif user.role == "helper":
        scope = dossiers_for_helper(helper=user)
    elif user.role == "applicant":
        scope = dossiers_for_applicant(user=user)
    else:
        return None
    dossier = scope.filter(reference=reference).first()
    if (
        dossier is not None
        and user.role == "helper"
        and not mandate_covers(
            helper=user, applicant_id=dossier.applicant_id, procedure=dossier.procedure
        )
    ):
        return None  # the mandate names other procedures
    return dossier
