"""Renew now the attestations de prolongation due (the worker also does it every hour)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from sejour.attestations.services import attestations_renew_due


class Command(BaseCommand):
    help = "Renew the attestations de prolongation ending soon while their file is pending."

    def handle(self, *args, **options):
        renewed = attestations_renew_due(today=timezone.localdate())
        self.stdout.write(f"{renewed} attestation(s) renewed")
