"""Deletes the documents of requests closed longer ago than the retention period
(sejour.dossiers.retention); idempotent, run by the worker's schedule or a cron."""

from django.core.management.base import BaseCommand

from sejour.dossiers.retention import documents_purge


class Command(BaseCommand):
    help = "Purge the identity and supporting documents of requests closed long enough ago."

    def handle(self, *args, **options) -> None:
        done = documents_purge()
        self.stdout.write(f"{done.documents} document(s) of {done.dossiers} request(s) purged.")
