"""Demo data for `make run`: idempotent, and refused outside development."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sejour.accounts import demo


class Command(BaseCommand):
    help = "Create or restore the demo data (development settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with production settings (DEBUG is off).")
        for line in demo.seed():
            self.stdout.write(line)
