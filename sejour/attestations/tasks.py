"""Scheduled jobs of the attestations, run by the task worker."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sejour.attestations.family import attestations_follow_up_due
from sejour.attestations.services import attestations_renew_due


@task()
def renew_due() -> int:
    """Issue the family members' attestations de prolongation due (ATT-FAMILY), then
    renew those about to end while their file is pending. Returns how many were issued."""
    today = timezone.localdate()
    return attestations_follow_up_due(today=today) + attestations_renew_due(today=today)
