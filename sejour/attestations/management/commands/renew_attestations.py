"""Issue and renew now the attestations de prolongation due (the worker also does it
every hour): a family member's follow-up (ATT-FAMILY), then the renewals."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from sejour.attestations.family import attestations_follow_up_due
from sejour.attestations.services import attestations_renew_due


class Command(BaseCommand):
    help = "Renew the attestations de prolongation ending soon while their file is pending."

    def handle(self, *args, **options):
        today = timezone.localdate()
        followed = attestations_follow_up_due(today=today)
        renewed = attestations_renew_due(today=today)
        self.stdout.write(f"{followed} family member attestation(s) issued or renewed")
        self.stdout.write(f"{renewed} attestation(s) renewed")
