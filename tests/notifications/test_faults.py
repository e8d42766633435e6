"""Fault tests of the outbox on PostgreSQL, with real task workers (subprocesses of
`manage.py run_worker`) and a real SMTP server on loopback: a worker killed with SIGKILL
during delivery, the database connections terminated during delivery, two workers at
once. Each test is bounded (seconds), the whole file well under a minute."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from sejour.notifications.models import OutboxMessage, WorkerHeartbeat
from sejour.notifications.services import notify
from tests.factories.accounts import UserFactory
from tests.notifications.relays import Recording, serve

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several processes on one database"
    ),
]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(smtp_port: int, name: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.notifications.worker_settings",
        DATABASE_URL=database_url(),
        SEJOUR_EMAIL_PORT=str(smtp_port),
        SEJOUR_EMAIL_TIMEOUT="3",
        SEJOUR_WORKER_HEARTBEAT_SECONDS="0.3",
        SEJOUR_WORKER_LEASE_SECONDS="2",
        SEJOUR_SCHEDULE_SECONDS="3600",
    )
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / f"test-worker-{name}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--worker-id", name],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def stop(*workers: subprocess.Popen) -> None:
    for process in workers:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in workers:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def messages(count: int) -> list[OutboxMessage]:
    return [
        notify(
            user=UserFactory(email=f"m{i}@example.org"),
            template="minor_credentials",
            context={"minor_name": "Sami", "username": "7", "password": "p", "login_url": "u"},
        )
        for i in range(count)
    ]


def ready(*names: str) -> bool:
    return WorkerHeartbeat.objects.filter(worker_id__in=names).count() == len(names)


def test_a_worker_killed_during_delivery_loses_nothing(capsys) -> None:
    """SIGKILL while messages go out: every message arrives; the only duplicate can be
    the message in flight at the kill (counted)."""
    relay = Recording(delay=0.05)
    controller = serve(relay)
    workers = [start_worker(controller.port, "killed-1")]
    try:
        assert wait_for(lambda: ready("killed-1"), 30)
        sent = messages(20)
        assert relay.wait(6, 30)  # a third of the way: a message is on the wire
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        workers.append(start_worker(controller.port, "killed-2"))
        assert relay.wait(len(sent), 40), f"{len(relay.ids())} of {len(sent)} delivered"
        assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists(), 20), (
            list(OutboxMessage.objects.values_list("status", "attempts"))
        )
    finally:
        stop(*workers)
        controller.stop()
    ids = relay.ids()
    duplicates = sum(n - 1 for n in ids.values())
    with capsys.disabled():
        print(
            f"\n  worker killed during delivery: {len(ids)} of {len(sent)} "
            f"delivered, {duplicates} duplicate(s)"
        )
    assert set(ids) == {m.message_id for m in sent}
    assert duplicates <= 1


def test_database_connections_terminated_during_delivery() -> None:
    """While the server holds a message, every connection of the worker is terminated
    (pg_terminate_backend): the worker reconnects, records it, and sends nothing twice."""
    name = connection.settings_dict["NAME"]

    def cut(index: int) -> None:
        if index % 3 == 0:
            with psycopg.connect(database_url(), autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()"
                    " AND application_name <> 'pytest'",
                    [name],
                )

    relay = Recording(during_data=cut)
    controller = serve(relay)
    with connection.cursor() as cursor:  # the test's own connection is spared
        cursor.execute("SET application_name = 'pytest'")
    worker = start_worker(controller.port, "cut")
    try:
        assert wait_for(lambda: ready("cut"), 30)
        sent = messages(9)
        assert relay.wait(len(sent), 30), f"{len(relay.ids())} of {len(sent)} delivered"
        assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists(), 20)
        assert worker.poll() is None  # it carried on
    finally:
        stop(worker)
        controller.stop()
    ids = relay.ids()
    assert set(ids) == {m.message_id for m in sent}
    assert max(ids.values()) == 1


def test_two_workers_share_the_work_and_send_nothing_twice() -> None:
    from sejour.notifications.tasks import enqueue_delivery

    relay = Recording(delay=0.02)
    controller = serve(relay)
    workers = [start_worker(controller.port, "w-a"), start_worker(controller.port, "w-b")]
    try:
        assert wait_for(lambda: ready("w-a", "w-b"), 30)
        sent = messages(40)
        for message in sent:  # a second task for each message: a sweep's, a retry's
            enqueue_delivery(message.pk)
        assert relay.wait(len(sent), 40), f"{len(relay.ids())} of {len(sent)} delivered"
        assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists(), 20)
    finally:
        stop(*workers)
        controller.stop()
    ids = relay.ids()
    assert set(ids) == {m.message_id for m in sent}
    assert max(ids.values()) == 1
    shares = set(OutboxMessage.objects.values_list("claimed_by", flat=True))
    assert shares == {"w-a", "w-b"}
