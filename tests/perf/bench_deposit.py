"""`make bench`: what a deposit costs the machine, against a reference app; the PDF.

gunicorn (production settings, config.settings.bench) on the PostgreSQL database named
by BENCH_DATABASE_URL (created if missing, dropped and created again only under that
name), with the task worker (`manage.py run_worker`) sending to a local SMTP server
(aiosmtpd). Clients signed in as their own applicants go through the five steps and
deposit; a deposit counts as done when its e-mail, with the attestation PDF, reached
the SMTP server. In the same process and interleaved round by round, the same number
of clients post to a reference app (tests/perf/reference_app.py: one POST with CSRF and
session, one INSERT, a redirect) behind the same gunicorn settings.

Printed: deposits per second (PDF and e-mail included), requests per second and server
CPU per request of both (CPU of the gunicorn processes, read from /proc), the worker's
CPU per deposit, the SQL queries of one deposit (counted in process), the attestation
PDF's rendering time. Targets (issue 19): ≤ 60 queries per deposit, server CPU per
request ≤ 2× the reference's, PDF p50 ≤ 10 ms (CPU time).

Environment: BENCH_DATABASE_URL, BENCH_CLIENTS (8), BENCH_DEPOSITS (2 per client and
round), BENCH_ROUNDS (3).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import date
from pathlib import Path

from tests.perf.deposit_client import Client, journey
from tests.perf.targets import judge, machine, process_cpu

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sejour_bench")
DB_NAME = DB_URL.rsplit("/", 1)[1].split("?", 1)[0]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
DEPOSITS_EACH = int(os.environ.get("BENCH_DEPOSITS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# One applicant per deposit: a person has one open request per card (issue 12).
APPLICANTS = CLIENTS * DEPOSITS_EACH * (ROUNDS + 1)
WORKERS = 4
PASSWORD = "un mot de passe de banc 2026"
SECRET_KEY = secrets.token_urlsafe(50)  # one for the servers, the worker and this process
TARGET_QUERIES, TARGET_CPU_RATIO, TARGET_PDF_MS = 60, 2.0, 10.0


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env(smtp_port: int = 0) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=DB_URL,
        BENCH_DATABASE_URL=DB_URL,
        DJANGO_SECRET_KEY=SECRET_KEY,
        SEJOUR_MEDIA_ROOT=str(ROOT / "var" / "bench-uploads"),
        SEJOUR_EMAIL_HOST="127.0.0.1",
        SEJOUR_EMAIL_PORT=str(smtp_port),
    )
    return out


def prepare() -> None:
    """The database named by the URL, fresh; the applicants and e-photo codes."""
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", DB_NAME):
        raise SystemExit(f"unexpected database name: {DB_NAME!r}")
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    # A warm-up round, the measured rounds, and the deposit whose queries are counted.
    codes = CLIENTS * DEPOSITS_EACH * (ROUNDS + 1) + 1
    script = f"""
from datetime import date, timedelta
from django.utils import timezone
from sejour.accounts.models import Prefecture, User
from sejour.integrations.models import EphotoCode
from django.db import connection
Prefecture.objects.create(department_code="75", name="Paris", address="Paris", opening_hours="9h")
now = timezone.now()
for i in range({APPLICANTS + 1}):
    User.objects.create_user(username=f"79{{i:08d}}", password="{PASSWORD}", role="applicant",
        foreign_number=f"79{{i:08d}}", first_name="Amal", last_name="NOUR", email=f"b{{i}}@example.org",
        birth_date=date(1990, 4, 2), email_verified_at=now)
EphotoCode.objects.bulk_create(EphotoCode(code=f"BENCH{{i:011d}}", taken_at=now - timedelta(days=3),
    active_from=now - timedelta(days=2)) for i in range({codes}))
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE bench_reference_note (id serial PRIMARY KEY, note text)")
"""
    subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env(), check=True)


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=12)
    doc.cell(0, 10, "Justificatif")
    return bytes(doc.output())


class Inbox:
    """The local SMTP server's handler: the arrival time of each message with a PDF."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        if b"application/pdf" in envelope.content:
            with self.lock:
                self.arrivals.append(time.perf_counter())
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 300) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                if len(self.arrivals) >= count:
                    return self.arrivals[count - 1]
            time.sleep(0.05)
        raise RuntimeError(f"{count - len(self.arrivals)} deposit e-mail(s) never arrived")


def gunicorn(app: str, port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"gunicorn {app} did not start")


def in_threads(count: int, work) -> float:
    """Run work(i) in `count` threads at once; the wall time; the first error raised."""
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:  # re-raised below, in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def sejour_round(clients: list[list[Client]], base_code: int, inbox: Inbox, server: int) -> dict:
    """Each thread makes DEPOSITS_EACH deposits, each as its own applicant (signed in
    before the round); done when the last e-mail arrived."""
    document = pdf_bytes()
    submit_times: list[float] = []
    mails_before = len(inbox.arrivals)
    requests_before = sum(c.requests for each in clients for c in each)
    cpu_before = process_cpu(server)

    def work(index: int) -> None:
        for n in range(DEPOSITS_EACH):
            code = f"BENCH{base_code + index * DEPOSITS_EACH + n:011d}"
            journey(clients[index][n], code, document, submit_times)

    started = time.perf_counter()
    in_threads(len(clients), work)
    server_cpu = process_cpu(server) - cpu_before  # before the wait: only the requests'
    last_mail = inbox.wait_for(mails_before + len(clients) * DEPOSITS_EACH)
    requests = sum(c.requests for each in clients for c in each) - requests_before
    return {
        "deposits": len(submit_times),
        "deposits_per_s": len(submit_times) / (last_mail - started),
        "requests": requests,
        "requests_per_s": requests / (time.perf_counter() - started),
        "cpu_per_request_ms": server_cpu / requests * 1000,
        "submit_times": submit_times,
    }


def reference_round(clients: list[Client], posts_each: int, server: int) -> dict:
    requests_before = sum(c.requests for c in clients)
    cpu_before = process_cpu(server)

    def work(index: int) -> None:
        for n in range(posts_each):
            clients[index].post("/", {"note": f"note {index} {n}"})

    elapsed = in_threads(len(clients), work)
    requests = sum(c.requests for c in clients) - requests_before
    return {
        "requests": requests,
        "requests_per_s": requests / elapsed,
        "cpu_per_request_ms": (process_cpu(server) - cpu_before) / requests * 1000,
    }


def sign_in(base: str, index: int) -> Client:
    client = Client(base)
    client.get("/connexion/")
    client.post("/connexion/", {"username": f"79{index:08d}", "password": PASSWORD})
    client.requests = 0  # the sign-in is not part of a deposit
    return client


class InProcess:
    """The journey's client interface over Django's test client, to count queries."""

    def __init__(self, user) -> None:
        from django.test import Client as DjangoClient

        self.client = DjangoClient(SERVER_NAME="127.0.0.1")
        self.client.force_login(user)

        self.requests = 0

    def get(self, path: str) -> str:
        self.requests += 1
        return self.client.get(path).content.decode()

    def post(self, path: str, data: dict, files: dict | None = None) -> str:
        from django.core.files.uploadedfile import SimpleUploadedFile

        payload = dict(data)
        for key, (name, content) in (files or {}).items():
            payload[key] = SimpleUploadedFile(name, content, content_type="application/pdf")
        response = self.client.post(path, payload, follow=True)
        self.requests += 1 + len(response.redirect_chain)
        return response.redirect_chain[-1][0] if response.redirect_chain else path


def queries_per_deposit() -> tuple[int, int]:
    """The SQL queries and HTTP requests of one whole deposit, in this process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sejour.accounts.models import User

    user = User.objects.get(username=f"79{APPLICANTS:08d}")
    client = InProcess(user)
    code = f"BENCH{CLIENTS * DEPOSITS_EACH * (ROUNDS + 1):011d}"
    with CaptureQueriesContext(connection) as queries:
        journey(client, code, pdf_bytes(), [])  # type: ignore[arg-type]
    return len(queries), client.requests


def pdf_timing() -> tuple[float, float, float]:
    """The attestation PDF's p50 in CPU time and wall time, and its p95 wall, in ms."""
    from django.utils import timezone

    from sejour.attestations.models import Attestation
    from sejour.attestations.pdf import render
    from sejour.dossiers.models import Dossier

    attestation = Attestation(
        number="ATT-2026-BENCH",
        code="ABCD-EFGH-JKMN-PQRS",
        holder_last_name="NOUR",
        holder_first_names="Amal",
        holder_birth_date=date(1990, 4, 2),
        holder_foreign_number="0123456789",
        kind="attestation_prolongation_instruction",
        issued_on=date(2026, 11, 22),
        valid_until=date(2027, 5, 22),
        allows_work=True,
        renewable=True,
        prefecture_name="Préfecture de police de Paris",
        created_at=timezone.now(),
    )
    attestation.dossier = Dossier(reference="D-BENCH")
    render(attestation)
    cpu, wall = [], []
    for _ in range(200):
        started, started_cpu = time.perf_counter(), time.thread_time()
        render(attestation)
        cpu.append(time.thread_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    wall.sort()
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000, wall[189] * 1000


def main() -> int:
    from aiosmtpd.controller import Controller

    print(f"machine: {machine()}; database {DB_NAME} (BENCH_DATABASE_URL)")
    prepare()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    environment = env(smtp.port)
    manage = [str(BIN / "python"), "manage.py"]
    log = (ROOT / "var" / "bench-worker.log").open("w")  # the worker's task lines
    worker = subprocess.Popen(
        [*manage, "run_worker"], cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    sejour_port, reference_port = free_port(), free_port()
    sejour = gunicorn("config.wsgi", sejour_port, environment)
    reference = gunicorn("tests.perf.reference_app:application", reference_port, environment)
    try:
        base = f"http://127.0.0.1:{sejour_port}"
        ours = [  # per round, per thread, per deposit: its own applicant, signed in
            [
                [
                    sign_in(base, (number * CLIENTS + i) * DEPOSITS_EACH + n)
                    for n in range(DEPOSITS_EACH)
                ]
                for i in range(CLIENTS)
            ]
            for number in range(ROUNDS + 1)
        ]
        theirs = [Client(f"http://127.0.0.1:{reference_port}") for _ in range(CLIENTS)]
        for client in theirs:
            client.get("/")  # the CSRF cookie; and each worker's first request, not counted
        worker_cpu_before = 0.0
        rounds: list[tuple[dict, dict]] = []
        # Interleaved: sejour, then the reference, each round; the first warms every
        # gunicorn worker (templates, connections) and is not counted.
        for number in range(ROUNDS + 1):
            if number == 1:
                worker_cpu_before = process_cpu(worker.pid)
            mine = sejour_round(ours[number], number * CLIENTS * DEPOSITS_EACH, inbox, sejour.pid)
            posts = max(1, mine["requests"] // (2 * CLIENTS))  # as many requests as sejour's
            rounds.append((mine, reference_round(theirs, posts, reference.pid)))
        rounds = rounds[1:]
        worker_cpu = process_cpu(worker.pid) - worker_cpu_before
        os.environ.update(environment)
        import django

        django.setup()
        queries, requests = queries_per_deposit()
        pdf_cpu, pdf_wall, pdf_p95 = pdf_timing()
    finally:
        for process in (sejour, reference, worker):
            process.terminate()
        for process in (sejour, reference, worker):
            process.wait(timeout=20)
        smtp.stop()
        log.close()

    deposits = sum(mine["deposits"] for mine, _ in rounds)
    submit = sorted(t for mine, _ in rounds for t in mine["submit_times"])

    def median(side: int, key: str) -> float:
        return statistics.median(pair[side][key] for pair in rounds)

    cpu_ratio = median(0, "cpu_per_request_ms") / median(1, "cpu_per_request_ms")
    rate_ratio = median(0, "requests_per_s") / median(1, "requests_per_s")
    print(
        f"{ROUNDS} interleaved rounds after a warm-up round, {CLIENTS} concurrent clients, gunicorn {WORKERS} workers, "
        f"PostgreSQL, task worker and SMTP (aiosmtpd) on this machine"
    )
    print(
        f"  sejour: {deposits} deposits, {median(0, 'deposits_per_s'):.2f} deposits/s "
        f"(until the e-mail with the PDF arrived), {median(0, 'requests_per_s'):.1f} requests/s, "
        f"{median(0, 'cpu_per_request_ms'):.1f} ms server CPU per request; deposit request "
        f"p50 {statistics.median(submit) * 1000:.0f} ms"
    )
    print(
        f"  reference app: {median(1, 'requests_per_s'):.1f} requests/s, "
        f"{median(1, 'cpu_per_request_ms'):.1f} ms server CPU per request"
    )
    print(
        f"  ratios sejour / reference: requests/s {rate_ratio:.2f}, CPU per request {cpu_ratio:.2f}"
    )
    print(f"  task worker: {worker_cpu / deposits * 1000:.0f} ms CPU per deposit (PDF, e-mail)")
    print(f"  one deposit: {queries} SQL queries over {requests} requests (counted in process)")
    print(
        f"  attestation PDF: p50 {pdf_cpu:.1f} ms CPU, {pdf_wall:.1f} ms wall, p95 {pdf_p95:.1f} ms wall"
    )
    ok = [
        judge("SQL queries per deposit", queries, TARGET_QUERIES, "queries"),
        judge("server CPU per request / reference app's", cpu_ratio, TARGET_CPU_RATIO, "×"),
        judge("attestation PDF p50 (CPU time)", pdf_cpu, TARGET_PDF_MS, "ms"),
    ]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
