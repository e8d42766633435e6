"""`make bench`: deposits through the whole stack, and the attestation PDF.

gunicorn (production settings) on PostgreSQL; 20 concurrent clients, each deposit
signed in as its own applicant, go through the five steps (identity, address, situation, two
uploads and an e-photo code, summary) and deposit. Reported: complete deposits per
second, the deposit request's latency, and the attestation PDF rendering time (target
under 15 ms each).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLIENTS, DEPOSITS_EACH = 20, 5
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sejour_bench")
PASSWORD = "un mot de passe de banc 2026"


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=DB_URL,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SEJOUR_MEDIA_ROOT=str(ROOT / "var" / "bench-uploads"),
    )
    return out


def prepare() -> None:
    import psycopg

    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS sejour_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE sejour_bench")
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    script = f"""
from datetime import date, timedelta
from django.utils import timezone
from sejour.accounts.models import Prefecture, User
from sejour.integrations.models import EphotoCode
Prefecture.objects.create(department_code="75", name="Paris", address="Paris", opening_hours="9h")
now = timezone.now()
for i in range({CLIENTS * DEPOSITS_EACH}):
    User.objects.create_user(username=f"79{{i:08d}}", password="{PASSWORD}", role="applicant",
        foreign_number=f"79{{i:08d}}", first_name="Amal", last_name="NOUR", email=f"b{{i}}@example.org",
        birth_date=date(1990, 4, 2), email_verified_at=now)
EphotoCode.objects.bulk_create(EphotoCode(code=f"BENCH{{i:011d}}", taken_at=now - timedelta(days=3),
    active_from=now - timedelta(days=2)) for i in range({CLIENTS * DEPOSITS_EACH}))
"""
    subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env(), check=True)


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=12)
    doc.cell(0, 10, "Justificatif")
    return bytes(doc.output())


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def token(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, files: dict | None = None) -> str:
        data = {**data, "csrfmiddlewaretoken": self.token()}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for key, value in data.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                )
            for key, (name, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                    f"Content-Type: application/pdf\r\n\r\n".encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            request = urllib.request.Request(
                self.base + path,
                data=body,
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            )
        else:
            request = urllib.request.Request(
                self.base + path, data=urllib.parse.urlencode(data, doseq=True).encode()
            )
        with self.opener.open(request) as response:
            return response.geturl()


def journey(client: Client, ephoto: str, document: bytes, submit_times: list[float]) -> None:
    client.get("/demarches/nouvelle/premier-titre/")
    url = client.post("/demarches/nouvelle/premier-titre/", {"for": "self"})
    reference = url.split("/demarches/")[1].split("/")[0]
    step = f"/demarches/{reference}/depot/"
    client.post(step + "identite/", {"confirm": "on"})
    client.post(
        step + "adresse/", {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    )
    client.post(
        step + "situation/",
        {
            "status": "refugee",
            "decided_by": "OFPRA",
            "decision_date": "01/10/2026",
            "asylum_date": "15/03/2024",
            "role": "protected",
            "marital_status": "single",
            "children": "0",
            "wants_to_work": "oui",
        },
    )
    for code in ("decision_protection", "justificatif_domicile"):
        client.post(
            step + "documents/", {"action": "upload", "code": code}, {"file": ("d.pdf", document)}
        )
    client.post(step + "documents/", {"action": "ephoto", "ephoto": ephoto})
    page = client.get(step + "recapitulatif/")
    key = re.search(r'name="deposit_key" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    done = client.post(step + "recapitulatif/", {"sworn": "on", "deposit_key": key})
    submit_times.append(time.perf_counter() - started)
    assert done.endswith("/confirmation/"), done


def deposits(base: str) -> dict[str, float]:
    document = pdf_bytes()
    # One applicant per deposit: a person has one open first request at a time (issue 12).
    clients = []
    for i in range(CLIENTS * DEPOSITS_EACH):
        client = Client(base)
        client.get("/connexion/")
        client.post("/connexion/", {"username": f"79{i:08d}", "password": PASSWORD})
        clients.append(client)
    submit_times: list[float] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            for n in range(DEPOSITS_EACH):
                i = index * DEPOSITS_EACH + n
                journey(clients[i], f"BENCH{i:011d}", document, submit_times)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    submit_times.sort()
    return {
        "count": len(submit_times),
        "per_second": len(submit_times) / elapsed,
        "p50_ms": statistics.median(submit_times) * 1000,
        "p95_ms": submit_times[int(0.95 * len(submit_times)) - 1] * 1000,
    }


def pdf_timing() -> tuple[float, float]:
    import django

    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings.test")
    django.setup()
    from datetime import date

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
    times = []
    for _ in range(200):
        started = time.perf_counter()
        render(attestation)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times) * 1000, times[189] * 1000


def main() -> int:
    median, p95 = pdf_timing()
    print(f"attestation PDF rendering: p50 {median:.1f} ms, p95 {p95:.1f} ms (target < 15 ms)")
    prepare()
    port = 8765
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=config.settings.bench",
        ],
        cwd=ROOT,
        env=env(),
    )
    try:
        time.sleep(3)
        figures = deposits(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"deposits through gunicorn (4 workers) + PostgreSQL, {CLIENTS} concurrent clients: "
        f"{figures['count']} complete five-step deposits, {figures['per_second']:.1f} deposits/s; "
        f"deposit request p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms"
    )
    return 0 if median < 15 else 1


if __name__ == "__main__":
    sys.exit(main())
