"""The task worker of `make run` (and of production: run as many as needed).

It first takes back what a stopped worker left (tasks left running, messages no task
waits for), then processes tasks, beating every SEJOUR_WORKER_HEARTBEAT_SECONDS and
recovering continuously (`sejour.notifications.worker`). Every SEJOUR_SCHEDULE_SECONDS
it enqueues the scheduled jobs (the renewal of attestations about to end, the civil
status established by OFPRA, the reminders). The jobs are idempotent, so two workers, or
a cron calling `manage.py renew_attestations`, can run them side by side. A database
outage does not stop it: it waits and carries on."""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django.utils.crypto import get_random_string

from sejour.attestations.tasks import renew_due
from sejour.dossiers.tasks import purge_documents, rescan_quarantine, sweep_uploads
from sejour.instruction.tasks import poll_ofpra
from sejour.notifications.worker import Heartbeat, SupervisedWorker, keep_alive, recover
from sejour.reminders.tasks import send_reminders

SCHEDULED = (
    renew_due,
    poll_ofpra,
    send_reminders,
    rescan_quarantine,
    sweep_uploads,
    purge_documents,
)
logger = logging.getLogger(__name__)


def schedule(stop: threading.Event, every: float) -> None:
    while True:
        try:
            for job in SCHEDULED:
                job.enqueue()
        except DatabaseError:
            logger.warning("worker: database unavailable, scheduled jobs enqueued later")
            connections["default"].close()
        if stop.wait(every):
            return


def in_thread(target, *args) -> threading.Thread:
    """A daemon thread that closes its own database connections when it ends."""

    def run() -> None:
        try:
            target(*args)
        finally:
            connections.close_all()

    return threading.Thread(target=run, daemon=True)


class Command(BaseCommand):
    help = "Recover stale work, schedule the periodic jobs, run the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, **options):
        worker_id = options["worker_id"] or get_random_string(32)
        heartbeat = Heartbeat(worker_id)
        self._until_database(heartbeat.beat)
        released, swept = self._until_database(recover)
        if released or swept:
            self.stdout.write(f"{released} task(s) released, {swept} message(s) enqueued again")
        stop = threading.Event()
        threads = [
            in_thread(keep_alive, stop, heartbeat, settings.SEJOUR_WORKER_HEARTBEAT_SECONDS),
            in_thread(schedule, stop, settings.SEJOUR_SCHEDULE_SECONDS),
        ]
        for thread in threads:
            thread.start()
        worker = SupervisedWorker(
            heartbeat=heartbeat,
            queue_names=["*"],
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            while worker.running:
                try:
                    worker.run()
                except DatabaseError:
                    # The task it ran is still "running": released after the lease.
                    logger.warning("worker: database unavailable, carrying on")
                    connections.close_all()
                    time.sleep(1)
        finally:
            stop.set()
            # Without the database, its row goes stale: taken for a dead worker's, the same.
            with contextlib.suppress(DatabaseError):
                heartbeat.stop()

    @staticmethod
    def _until_database(step):
        while True:
            try:
                return step()
            except DatabaseError:
                logger.warning("worker: waiting for the database")
                connections.close_all()
                time.sleep(1)
