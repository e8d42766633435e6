"""The task worker of `make run`: first re-enqueue messages a stopped worker left
behind, then process tasks; every SEJOUR_SCHEDULE_SECONDS, enqueue the scheduled jobs
(the renewal of attestations about to end, the civil
status established by OFPRA, the reminders). The jobs are idempotent, so two workers, or
a cron calling `manage.py renew_attestations`, can run them side by side."""

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sejour.attestations.tasks import renew_due
from sejour.dossiers.tasks import purge_documents, rescan_quarantine
from sejour.instruction.tasks import poll_ofpra
from sejour.notifications.tasks import sweep
from sejour.reminders.tasks import send_reminders

SCHEDULED = (renew_due, poll_ofpra, send_reminders, rescan_quarantine, purge_documents)


def schedule(stop: threading.Event, every: float) -> None:
    while True:
        for job in SCHEDULED:
            job.enqueue()
        if stop.wait(every):
            return


class Command(BaseCommand):
    help = "Recover stale outbox messages, schedule the periodic jobs, run the task worker."

    def handle(self, *args, **options):
        recovered = sweep()
        if recovered:
            self.stdout.write(f"{recovered} message(s) enqueued again")
        stop = threading.Event()
        scheduler = threading.Thread(
            target=schedule, args=(stop, settings.SEJOUR_SCHEDULE_SECONDS), daemon=True
        )
        scheduler.start()
        try:
            call_command("db_worker", "--queue-name", "*", "--no-reload")
        finally:
            stop.set()
