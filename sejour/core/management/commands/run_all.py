"""`make run`: the development server and the task worker, each restarted if it dies."""

import signal
import sys
import threading

from django.core.management.base import BaseCommand

from sejour.core.supervise import Child, supervise


def children(addr: str) -> list[Child]:
    manage = [sys.executable, sys.argv[0]]
    return [
        Child("web", [*manage, "runserver", addr]),
        Child("worker", [*manage, "run_worker"]),
    ]


class Command(BaseCommand):
    help = "Serve the site and run the task worker; restart either if it dies."

    def add_arguments(self, parser):
        parser.add_argument("addr", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        supervise(children(addr), stop, log=lambda line: self.stdout.write(line, ending="\n"))
