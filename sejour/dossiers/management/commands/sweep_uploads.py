"""Remove now the upload files without a row (the worker also does it every hour)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from sejour.dossiers.sweep import sweep_orphan_uploads


class Command(BaseCommand):
    help = "Remove the upload files no document or screenshot names, past the grace period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-seconds", type=int, default=None, help="Keep files younger than this."
        )

    def handle(self, *args, grace_seconds=None, **options):
        grace = timedelta(seconds=grace_seconds) if grace_seconds is not None else None
        self.stdout.write(f"{sweep_orphan_uploads(grace=grace)} orphan file(s) removed")
