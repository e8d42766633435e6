"""Scheduled jobs of the attestations, run by the task worker."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sejour.attestations.services import attestations_renew_due


@task()
def renew_due() -> int:
    """Renew the attestations de prolongation about to end while their file is pending."""
    return attestations_renew_due(today=timezone.localdate())
