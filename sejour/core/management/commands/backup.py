"""`manage.py backup DIR`: the database and the uploads in one archive (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sejour.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Dump PostgreSQL and the uploads into DIR/sejour-<time>.tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            self.stdout.write(str(backup(directory)))
        except BackupError as error:
            raise CommandError(str(error)) from None
