"""`manage.py restore ARCHIVE`: replace the database and the uploads by a backup's
(stop the web and the worker first: docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sejour.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and the uploads from an archive written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Replace without asking.")

    def handle(self, *args, archive, yes, **options):
        if not archive.exists():
            raise CommandError(f"{archive}: no such file")
        if not yes and input(f"Replace the database and the uploads by {archive}? [y/N] ") != "y":
            raise CommandError("nothing restored")
        try:
            released = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored; {released} task(s) left running released")
