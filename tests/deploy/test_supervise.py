"""`make run` brings the worker back when it is killed."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from sejour.core.management.commands.run_all import children
from sejour.core.supervise import Child, supervise


def test_a_killed_worker_is_started_again() -> None:
    worker = Child("worker", [sys.executable, "-c", "import time; time.sleep(60)"])
    stop = threading.Event()
    lines: list[str] = []
    thread = threading.Thread(target=supervise, args=([worker], stop, lines.append, 0.05))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while worker.process is None and time.monotonic() < deadline:
            time.sleep(0.05)
        first = worker.process.pid
        os.kill(first, signal.SIGKILL)
        while (worker.process is None or worker.process.pid == first) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.05)
        assert worker.starts == 2 and worker.process.poll() is None
        assert any("worker stopped (-9)" in line for line in lines)
    finally:
        stop.set()
        thread.join(15)
    assert worker.process.poll() is not None  # stopping the supervisor stops the children


def test_make_run_supervises_the_server_and_the_worker() -> None:
    names = {child.name: child.argv[2:] for child in children("127.0.0.1:8000")}
    assert names == {"web": ["runserver", "127.0.0.1:8000"], "worker": ["run_worker"]}
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "Makefile")) as makefile:
        run = makefile.read().split("\nrun: ", 1)[1].split("\n\n", 1)[0]
    assert "manage.py run_all" in run
