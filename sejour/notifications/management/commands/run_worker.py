"""The task worker of `make run`: first re-enqueue messages a stopped worker left
behind, then process tasks."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sejour.notifications.tasks import sweep


class Command(BaseCommand):
    help = "Recover stale outbox messages, then run the database task worker."

    def handle(self, *args, **options):
        recovered = sweep()
        if recovered:
            self.stdout.write(f"{recovered} message(s) enqueued again")
        call_command("db_worker", "--queue-name", "*", "--no-reload")
