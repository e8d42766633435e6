"""Scan again now the uploads in quarantine (the worker also does it every hour)."""

from django.core.management.base import BaseCommand

from sejour.dossiers.quarantine import quarantine_rescan


class Command(BaseCommand):
    help = "Scan again the uploads kept in quarantine while the antivirus was unreachable."

    def handle(self, *args, **options):
        outcome = quarantine_rescan()
        self.stdout.write(
            f"{outcome.released} released, {outcome.refused} refused, {outcome.waiting} waiting"
        )
