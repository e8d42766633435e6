"""`make chaos`: deposits under load while the web and the task workers are killed with
SIGKILL at random (issue 14). Loopback only; PostgreSQL from CHAOS_DATABASE_URL (default
the `sejour_chaos` database, dropped and created again).

gunicorn (3 workers) and two `manage.py run_worker` serve 10 clients making 200 five-step
deposits; a real SMTP server on loopback receives the e-mails. Every 4 to 10 s a random
victim is killed: a gunicorn worker (its master forks another), the whole web (master and
workers: started again, as a supervisor would), or a task worker (started again).
Clients retry a step that failed with the same form (the deposit key makes a replay
harmless). Then the killing stops and the outbox has 2 minutes to drain.

Printed: deposits acknowledged (the client saw the confirmation), lost (acknowledged but
not deposited), doubled (a second attestation or deposit e-mail for one file); e-mails
delivered, duplicated (same Message-ID received twice), stuck after 2 minutes."""

from __future__ import annotations

import contextlib
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from collections import Counter
from email import message_from_bytes
from email.policy import default
from http.client import HTTPException
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.perf.bench_deposit import Client, pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLIENTS, DEPOSITS_EACH = 10, 20
DB_URL = os.environ.get("CHAOS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sejour_chaos")
PASSWORD = "un mot de passe de chaos 2026"
LOAD_DEADLINE, DRAIN_SECONDS = 15 * 60, 120
WEB_PORT = 8766


class Relay:
    def __init__(self) -> None:
        self.ids: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default)
        with self.lock:
            self.ids[message["Message-ID"]] += 1
        return "250 Message accepted"


def env(smtp_port: int) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out.update(
        DJANGO_SETTINGS_MODULE="tests.perf.chaos_settings",
        DATABASE_URL=DB_URL,
        DJANGO_SECRET_KEY=SECRET,
        SEJOUR_MEDIA_ROOT=str(ROOT / "var" / "chaos-uploads"),
        SEJOUR_EMAIL_PORT=str(smtp_port),
        SEJOUR_EMAIL_TIMEOUT="5",
        SEJOUR_WORKER_HEARTBEAT_SECONDS="1",
        SEJOUR_WORKER_LEASE_SECONDS="5",
    )
    return out


SECRET = secrets.token_urlsafe(50)


def prepare(smtp_port: int) -> None:
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage = [str(BIN / "python"), "manage.py"]
    run = {"cwd": ROOT, "env": env(smtp_port), "check": True}
    subprocess.run([*manage, "migrate", "-v0"], **run)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **run)
    script = f"""
from datetime import date, timedelta
from django.utils import timezone
from sejour.accounts.models import Prefecture, User
from sejour.integrations.models import EphotoCode
Prefecture.objects.create(department_code="75", name="Paris", address="Paris", opening_hours="9h")
now = timezone.now()
for i in range({CLIENTS}):
    User.objects.create_user(username=f"78{{i:08d}}", password="{PASSWORD}", role="applicant",
        foreign_number=f"78{{i:08d}}", first_name="Amal", last_name="NOUR", email=f"c{{i}}@example.org",
        birth_date=date(1990, 4, 2), email_verified_at=now)
EphotoCode.objects.bulk_create(EphotoCode(code=f"CHAOS{{i:011d}}", taken_at=now - timedelta(days=3),
    active_from=now - timedelta(days=2)) for i in range({CLIENTS * DEPOSITS_EACH}))
"""
    subprocess.run([*manage, "shell", "-c", script], **run)


class Fleet:
    """The processes under attack, started again when killed (as a supervisor would)."""

    def __init__(self, smtp_port: int) -> None:
        self.env = env(smtp_port)
        self.log = open(ROOT / "var" / "chaos.log", "ab")  # noqa: SIM115
        self.web = self.start_web()
        self.workers = [self.start_worker(), self.start_worker()]
        self.kills: Counter = Counter()
        self.lock = threading.Lock()

    def start_web(self) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{WEB_PORT}",
             "--workers", "3", "--preload", "--graceful-timeout", "2", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def start_worker(self) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "python"), "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def web_children(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.web.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def kill_one(self, rng: random.Random) -> None:
        with self.lock:
            victim = rng.choices(["web_worker", "web", "task_worker"], weights=[3, 1, 3])[0]
            if victim == "web_worker" and (children := self.web_children()):
                os.kill(rng.choice(children), signal.SIGKILL)
            elif victim == "web":
                children = self.web_children()
                self.web.kill()
                self.web.wait()
                for pid in children:  # what the master's death leaves behind
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.5)
                self.web = self.start_web()
            else:
                index = rng.randrange(len(self.workers))
                self.workers[index].kill()
                self.workers[index].wait()
                self.workers[index] = self.start_worker()
            self.kills[victim] += 1

    def stop(self) -> None:
        for process in (self.web, *self.workers):
            if process.poll() is None:
                process.terminate()
        for process in (self.web, *self.workers):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


RETRYABLE = (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError, OSError)


def retried(call, *args, **kwargs):
    """The same request again until the service answers (it is being killed)."""
    for attempt in range(200):
        try:
            return call(*args, **kwargs)
        except urllib.error.HTTPError as exc:
            if exc.code < 500 or attempt == 199:
                raise
        except RETRYABLE:
            if attempt == 199:
                raise
        time.sleep(0.3)
    raise AssertionError("unreachable")


def journey(client: Client, ephoto: str, document: bytes) -> str | None:
    """One deposit; the reference when the client saw the confirmation."""
    retried(client.get, "/demarches/nouvelle/premier-titre/")
    url = retried(client.post, "/demarches/nouvelle/premier-titre/", {"for": "self"})
    reference = url.split("/demarches/")[1].split("/")[0]
    step = f"/demarches/{reference}/depot/"
    retried(client.post, step + "identite/", {"confirm": "on"})
    retried(
        client.post,
        step + "adresse/",
        {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"},
    )
    retried(
        client.post,
        step + "situation/",
        {
            "status": "refugee", "decided_by": "OFPRA", "decision_date": "01/10/2026",
            "asylum_date": "15/03/2024", "role": "protected", "marital_status": "single",
            "children": "0", "wants_to_work": "oui",
        },
    )  # fmt: skip
    for code in ("decision_protection", "justificatif_domicile"):
        retried(
            client.post,
            step + "documents/",
            {"action": "upload", "code": code},
            {"file": ("d.pdf", document)},
        )
    retried(client.post, step + "documents/", {"action": "ephoto", "ephoto": ephoto})
    page = retried(client.get, step + "recapitulatif/")
    key = re.search(r'name="deposit_key" value="([^"]+)"', page)
    if key is None:
        return None
    done = retried(client.post, step + "recapitulatif/", {"sworn": "on", "deposit_key": key[1]})
    return reference if done.endswith("/confirmation/") else None


def load(stop_at: float) -> tuple[list[str], int]:
    document = pdf_bytes()
    acknowledged: list[str] = []
    refused = 0
    lock = threading.Lock()

    def run(index: int) -> None:
        nonlocal refused
        client = Client(f"http://127.0.0.1:{WEB_PORT}")
        retried(client.get, "/connexion/")
        retried(client.post, "/connexion/", {"username": f"78{index:08d}", "password": PASSWORD})
        for n in range(DEPOSITS_EACH):
            if time.monotonic() > stop_at:
                return
            try:
                reference = journey(client, f"CHAOS{index * DEPOSITS_EACH + n:011d}", document)
            except Exception:  # a step the server refused: not acknowledged, counted
                reference = None
            with lock:
                if reference:
                    acknowledged.append(reference)
                else:
                    refused += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acknowledged, refused


def figures(acknowledged: list[str], relay: Relay) -> dict[str, int]:
    import psycopg

    with psycopg.connect(DB_URL) as conn:
        deposited = {
            ref
            for (ref,) in conn.execute(
                "SELECT reference FROM dossiers_dossier WHERE state <> 'draft'"
            )
        }
        doubled_attestations = conn.execute(
            "SELECT count(*) FROM (SELECT dossier_id FROM attestations_attestation"
            " GROUP BY dossier_id HAVING count(*) > 1) AS d"
        ).fetchone()[0]
        doubled_messages = conn.execute(
            "SELECT count(*) FROM (SELECT dossier_id FROM notifications_outboxmessage"
            " GROUP BY dossier_id HAVING count(*) > 1) AS d"
        ).fetchone()[0]
        outbox = dict(
            conn.execute("SELECT status, count(*) FROM notifications_outboxmessage GROUP BY status")
        )
        ids = {mid for (mid,) in conn.execute("SELECT message_id FROM notifications_outboxmessage")}
    received = {mid: n for mid, n in relay.ids.items() if mid in ids}
    return {
        "acknowledged": len(acknowledged),
        "deposited": len(deposited),
        "lost": len(set(acknowledged) - deposited),
        "doubled": doubled_attestations + doubled_messages,
        "messages": sum(outbox.values()),
        "delivered": len(received),
        "duplicated": sum(n - 1 for n in received.values()),
        "stuck": outbox.get("pending", 0) + outbox.get("sending", 0),
        "failed": outbox.get("failed", 0),
    }


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))  # stopped: the processes too
    socket.setdefaulttimeout(60)  # a request to a dying process does not hang a client
    relay = Relay()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(relay, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"chaos: preparing {DB_URL.rsplit('/', 1)[1]} …", flush=True)
    prepare(smtp_port)
    fleet = Fleet(smtp_port)
    rng = random.Random(int(os.environ.get("CHAOS_SEED", "14")))  # noqa: S311 (which victim)
    stop_killing = threading.Event()

    def killer() -> None:
        while not stop_killing.wait(rng.uniform(4, 10)):
            fleet.kill_one(rng)

    started = time.monotonic()
    try:
        time.sleep(4)  # gunicorn and the workers start
        threading.Thread(target=killer, daemon=True).start()
        acknowledged, refused = load(started + LOAD_DEADLINE)
        stop_killing.set()
        load_seconds = time.monotonic() - started
        print(f"chaos: load done in {load_seconds:.0f} s, kills {dict(fleet.kills)}", flush=True)
        drain_started = time.monotonic()
        while time.monotonic() < drain_started + DRAIN_SECONDS:
            result = figures(acknowledged, relay)
            if result["stuck"] == 0:
                break
            time.sleep(2)
        result = figures(acknowledged, relay)
        drained = time.monotonic() - drain_started
    finally:
        stop_killing.set()
        fleet.stop()
        smtp.stop()
    print(
        f"chaos: {CLIENTS} clients, {CLIENTS * DEPOSITS_EACH} deposits tried, "
        f"{sum(fleet.kills.values())} kills (SIGKILL) {dict(fleet.kills)}\n"
        f"  deposits: acknowledged {result['acknowledged']}, lost {result['lost']}, "
        f"doubled {result['doubled']} (not acknowledged: {refused}; deposited in all "
        f"{result['deposited']})\n"
        f"  e-mails: {result['messages']} in the outbox, delivered {result['delivered']}, "
        f"duplicated {result['duplicated']}, stuck after {DRAIN_SECONDS // 60} minutes "
        f"{result['stuck']}, failed {result['failed']} (outbox checked {drained:.0f} s "
        "after the last kill)",
        flush=True,
    )
    bad = result["lost"] or result["doubled"] or result["stuck"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
