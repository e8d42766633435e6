"""Send now the reminders due today (the worker also does it every hour)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sejour.reminders.services import reminders_send


class Command(BaseCommand):
    help = "Send the reminders due today: renewal, card end, attestation, 19th birthday, e-photo."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date: expected YYYY-MM-DD") from None
        sent = reminders_send(today=today or timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent")
