"""`make run`'s supervisor: the web server and the task worker as child processes, each
started again when it dies (a crash, kill -9, the OOM killer), after a pause that grows
while it keeps dying at once, so a broken start does not spin. Production uses systemd's
Restart= instead (deploy/)."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

MAX_PAUSE = 30.0


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    process: subprocess.Popen | None = None
    starts: int = 0
    pause: float = 1.0
    started_at: float = field(default=0.0)


def supervise(
    children: Sequence[Child],
    stop: threading.Event,
    log: Callable[[str], None] = print,
    poll: float = 0.2,
) -> None:
    """Keep every child running until `stop` is set, then stop them all (SIGTERM, then
    SIGKILL after 10 s)."""
    try:
        while not stop.is_set():
            now = time.monotonic()
            for child in children:
                if child.process is not None and child.process.poll() is None:
                    continue
                if child.process is not None:
                    code = child.process.returncode
                    # Died soon after starting: wait longer before the next try.
                    quick = now - child.started_at < 10
                    child.pause = min(child.pause * 2, MAX_PAUSE) if quick else 1.0
                    log(f"{child.name} stopped ({code}): restarting in {child.pause:.0f} s")
                    child.process = None
                    child.started_at = now + child.pause
                    continue
                if now < child.started_at:
                    continue
                child.process = subprocess.Popen(list(child.argv))  # noqa: S603 - our argv
                child.starts += 1
                child.started_at = now
                log(f"{child.name} started (pid {child.process.pid})")
            stop.wait(poll)
    finally:
        for child in children:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        for child in children:
            if child.process is not None:
                try:
                    child.process.wait(10)
                except subprocess.TimeoutExpired:
                    child.process.kill()
                    child.process.wait()
