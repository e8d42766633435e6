"""The production gunicorn settings: a master killed with SIGKILL while its workers are
busy with requests leaves no worker behind and the port free for the restart (without
PR_SET_PDEATHSIG a busy worker holds the port for its graceful timeout)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def port_free(port: int) -> bool:
    """Whether a restarted master could listen there (as gunicorn does, SO_REUSEADDR:
    the killed workers' connections may linger in TIME_WAIT, a listener may not)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_killed_master_leaves_no_worker_and_a_free_port() -> None:
    port = free_port()
    env = {
        **os.environ,
        "SEJOUR_BIND": f"127.0.0.1:{port}",
        "SEJOUR_WEB_WORKERS": "2",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    master = subprocess.Popen(
        [
            sys.executable,
            *("-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")),
            "tests.deploy.slow_app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: len(children_of(master.pid)) == 2, 30), "workers did not start"
        workers = children_of(master.pid)
        assert not port_free(port)
        busy = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(4)]
        for sock in busy:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(1)  # the requests are in the workers' hands
        master.send_signal(signal.SIGKILL)
        master.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 10), "orphan workers"
        assert wait_for(lambda: port_free(port), 5), "the port is still held"
        for sock in busy:
            sock.close()
    finally:
        if master.poll() is None:
            master.kill()
        for worker in children_of(master.pid):
            os.kill(worker, signal.SIGKILL)
