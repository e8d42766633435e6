"""`make bench`: the prefecture's queue with 200,000 dossiers on PostgreSQL (issue 6, 19).

Two cases, both judged: ten prefectures of unequal sizes (the biggest, Paris, holds
about a quarter of the files; target p95 ≤ 100 ms), and the worst case, one prefecture
holding most of the files (80 % seeded into it alone, the rest over ten prefectures;
target p95 ≤ 200 ms). For each, the database BENCH_QUEUE_DATABASE_URL names is dropped,
created, migrated and filled with `manage.py seed_queue`; then an agent of the
prefecture with the most dossiers signs in (second factor included) and requests
/instruction/ in process, production settings (config.settings.bench): the default
page, a deep page, every filter, and searches by foreign number, name and dossier
number. Reported: latency p50, p95 and max over the mix, and the page's query count
with 50 rows and with a few (they must be equal). Exit status 1 when a target is missed.

    python -m tests.perf.bench_queue [--case ten|worst|both] [--reuse] [--explain] [--dossiers N]

--dossiers (or BENCH_QUEUE_DOSSIERS) sets the total per case (200,000 by default; a
smaller figure is for development, the judged run is at 200,000); --reuse, with one
--case, keeps a database an earlier run seeded for that case; --explain prints the plan
of each kind of request's slowest query (EXPLAIN ANALYZE). BENCH_QUEUE_DATABASE_URL
chooses the server and database (default
postgres://postgres@127.0.0.1:5432/sejour_bench_queue).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB_URL = os.environ.get(
    "BENCH_QUEUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sejour_bench_queue"
)
DB_NAME = DB_URL.rsplit("/", 1)[1].split("?", 1)[0]
DOSSIERS = int(os.environ.get("BENCH_QUEUE_DOSSIERS", "200000"))
REQUESTS = 300
WORST_SHARE = 0.8  # of the files seeded into one prefecture alone, in the worst case
# The case: its seeding runs (dossiers share, prefectures) and its p95 target in ms.
CASES = {
    "ten": ("ten prefectures", [(1.0, 10)], 100),
    "worst": ("one prefecture holding most files", [(WORST_SHARE, 1), (1 - WORST_SHARE, 10)], 200),
}
TOKEN = "246810"  # the agent's single-use second-factor code, created below


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=DB_URL,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SEJOUR_MEDIA_ROOT=str(ROOT / "var" / "bench-uploads"),
    )
    return out


def prepare(dossiers: int, runs: list[tuple[float, int]], *, reuse: bool) -> float | None:
    """A fresh, migrated, seeded database; the seed's wall time (None when reused)."""
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", DB_NAME):
        raise SystemExit(f"unexpected database name: {DB_NAME!r}")
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not (reuse and exists):
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    if reuse and exists:
        return None
    started = time.perf_counter()
    for index, (share, prefectures) in enumerate(runs):
        subprocess.run(
            [
                *manage,
                "seed_queue",
                f"--dossiers={max(1, round(share * dossiers))}",
                f"--prefectures={prefectures}",
                f"--seed={6 + index}",
                "--not-production",
                *(["--append"] if index else []),
            ],
            cwd=ROOT,
            env=env(),
            check=True,
        )
    return time.perf_counter() - started


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = f" ({found.group(1).strip()})" if found else ""
    return (
        f"{os.cpu_count()} CPUs{model}, Python {platform.python_version()}, "
        f"PostgreSQL {version} (shared_buffers {buffers}) on the same machine"
    )


def sign_in(agent):
    """A test client signed in as `agent`, second factor passed, as a browser would be."""
    from django.test import Client
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _ = StaticDevice.objects.get_or_create(
        user=agent, name="bench", defaults={"confirmed": True}
    )
    StaticToken.objects.get_or_create(device=device, token=TOKEN)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(agent)
    response = client.post("/connexion/verification/", {"token": TOKEN})
    assert response.status_code == 302, response.status_code
    return client


def requests_for(agent, rng: random.Random, client) -> dict[str, list[str]]:
    """Each kind of request an agent makes, with the URLs to draw from."""
    from sejour.dossiers.models import Dossier
    from sejour.dossiers.models import search_key as plain
    from sejour.dossiers.states import State
    from sejour.instruction.forms import PROFILES
    from sejour.instruction.queue import VIEWS

    mine = Dossier.objects.filter(prefecture=agent.prefecture_id).exclude(state="draft")
    everyone = mine.order_by("pk").values_list("reference", "applicant__username", "holder_name")
    everyone = list(everyone)
    sample = rng.sample(everyone, min(400, len(everyone)))
    last_names = sorted({holder.split(" ")[0] for _, _, holder in sample})
    first_names = sorted({holder.split(" ")[-1] for _, _, holder in sample})

    def q(text: str) -> str:  # a search: posted just before its results are read
        return SEARCH + text

    return {
        "default page": ["/instruction/"],
        "page 50": ["/instruction/?page=50"],
        "page 2-20": [f"/instruction/?page={n}" for n in range(2, 21)],
        "state filter": [f"/instruction/?state={s}" for s, _ in State.choices if s != "draft"],
        "state, page 3": ["/instruction/?state=handed_over&page=3"],
        "overdue": ["/instruction/?overdue=on", "/instruction/?overdue=on&page=10"],
        "mine": ["/instruction/?mine=on", "/instruction/?mine=on&state=in_instruction"],
        "procedure": [f"/instruction/?procedure={p}" for p in Dossier.Procedure.values],
        "profile": [f"/instruction/?profile={p}" for p, _ in PROFILES if p],
        "combined": [
            "/instruction/?state=in_instruction&overdue=on",
            "/instruction/?procedure=first_permit&profile=family&state=submitted",
            "/instruction/?mine=on&overdue=on&procedure=first_permit",
        ],
        "search: foreign number": [q(username) for _, username, _ in sample],
        "search: dossier number": [q(reference) for reference, _, _ in sample]
        + [q(reference.lower()) for reference, _, _ in sample[:20]],
        "search: last name": [q(name) for name in last_names],
        "search: part of a name": [q(name[:5].lower()) for name in first_names]
        + [q(name[1:5]) for name in last_names],
        "search: full name": [q(holder) for _, _, holder in sample[:50]],
        # As agents type people (issue 16): first name first, without accents or case,
        # part of a foreign number, a file number without its "D-".
        "search: as typed": [
            q(plain(f"{h.split(' ', 1)[-1]} {h.split(' ')[0]}")) for _, _, h in sample[:50]
        ]
        + [q(username[2:8]) for _, username, _ in sample[:30] if username.isdigit()]
        + [q(reference[2:].lower()) for reference, _, _ in sample[:30]],
        "search: nothing found": [q("ZZQX"), q("0000000001"), q("D-0000000000")],
        "saved views": [f"/instruction/?view={v.slug}" for v in VIEWS]
        + ["/instruction/?sort=nom", "/instruction/?sort=-depot&per_page=100"],
    }


# How often each kind of request comes, in a prefecture's working day.
WEIGHTS = {
    "default page": 20,
    "page 50": 2,
    "page 2-20": 8,
    "state filter": 15,
    "state, page 3": 2,
    "overdue": 6,
    "mine": 8,
    "procedure": 4,
    "profile": 4,
    "combined": 4,
    "search: foreign number": 10,
    "search: dossier number": 8,
    "search: last name": 4,
    "search: part of a name": 3,
    "search: full name": 3,
    "search: as typed": 6,
    "saved views": 10,
    "search: nothing found": 1,
}


SEARCH = "search:"


def resolve(client, path: str) -> str:
    """A search is posted as the form does, just before its results are read (the
    agent's session keeps only their latest searches): its results' address."""
    if path.startswith(SEARCH):
        return client.post("/instruction/", {"q": path.removeprefix(SEARCH)})["Location"]
    return path


def timed_get(client, path: str) -> tuple[float, str]:
    """The page's time; a search's, from its posting (recorded, counted) to its results."""
    started = time.perf_counter()
    path = resolve(client, path)
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response.content.decode()


def rows_of(page: str) -> int:  # every row carries its urgency class, "none" included
    return page.count('class="sejour-urgency--')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def explain(client, paths: dict[str, list[str]]) -> None:
    """The plan of each kind's slowest query, as PostgreSQL runs it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for kind, urls in paths.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(resolve(client, urls[0]))
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = "\n    ".join(row[0] for row in cursor.fetchall())
        print(f"\n{kind}: {urls[0]} ({float(slowest['time']) * 1000:.1f} ms)\n    {plan}")


def measure(label: str, target_ms: float, seeded: float | None, *, explaining: bool) -> bool:
    """One case's mix of requests; True when its targets are met."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from sejour.accounts.models import User
    from sejour.dossiers.models import Dossier
    from tests.perf.targets import judge

    total = Dossier.objects.count()
    biggest = (
        Dossier.objects.exclude(state="draft")
        .values("prefecture")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    agent = User.objects.filter(role="agent", prefecture=biggest["prefecture"]).order_by("pk")[0]
    print(f"\ncase: {label}")
    if seeded is not None:
        print(f"seed: {total} dossiers in {seeded:.1f} s (manage.py seed_queue, process included)")
    print(
        f"queue of {agent.prefecture.name}: {biggest['n']} dossiers out of {total} "
        f"({biggest['n'] / total:.0%}); agent {agent.username} "
        f"({agent.dossiers_assigned.count()} assigned)"
    )
    client = sign_in(agent)
    rng = random.Random(6)  # noqa: S311 - a repeatable mix, not a secret
    paths = requests_for(agent, rng, client)
    if explaining:
        explain(client, paths)

    # Query count: the page with 50 rows and a search that finds a few.
    few_path = resolve(client, paths["search: foreign number"][0])
    client.get("/instruction/")  # warm: the session, the templates
    with CaptureQueriesContext(connection) as full:
        _, full_page = timed_get(client, "/instruction/")
    with CaptureQueriesContext(connection) as few:
        _, few_page = timed_get(client, few_path)
    counts_ok = len(full) == len(few) and rows_of(full_page) == 50 and rows_of(few_page) < 5
    print(
        f"queries per page: {len(full)} with {rows_of(full_page)} rows (/instruction/), "
        f"{len(few)} with {rows_of(few_page)} rows ({few_path})"
        + ("" if counts_ok else "  <-- MISSED: the query count depends on the rows")
    )

    for urls in paths.values():  # one warm-up request of each kind, not counted
        timed_get(client, urls[0])
    kinds = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=REQUESTS)
    by_kind: dict[str, list[float]] = defaultdict(list)
    times: list[float] = []
    for kind in kinds:
        elapsed, _ = timed_get(client, rng.choice(paths[kind]))
        by_kind[kind].append(elapsed)
        times.append(elapsed)
    for kind in WEIGHTS:
        if by_kind[kind]:
            values = by_kind[kind]
            print(
                f"  {kind:<24} {len(values):>4} requests  p50 {statistics.median(values):6.1f} ms"
                f"  max {max(values):6.1f} ms"
            )
    print(
        f"queue /instruction/, {REQUESTS} requests (in process, production settings): "
        f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
        f"max {max(times):.0f} ms"
    )
    name = f"queue p95, {label}, {total:,} dossiers"
    p95_ok = judge(name, percentile(times, 0.95), target_ms, "ms")
    difference = abs(len(full) - len(few)) if counts_ok else max(1, abs(len(full) - len(few)))
    rows_ok = judge(f"queue queries, 50 rows minus a few, {label}", difference, 0, "queries")
    return p95_ok and rows_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=[*CASES, "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument("--explain", action="store_true", help="print query plans")
    parser.add_argument("--dossiers", type=int, default=DOSSIERS)
    options = parser.parse_args()
    cases = list(CASES) if options.case == "both" else [options.case]
    if options.reuse and len(cases) > 1:
        parser.error("--reuse needs one --case: each case seeds the database its own way")
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # quiet about the bench's sign-in
    from django.db import connections

    results = []
    for case in cases:
        label, runs, target_ms = CASES[case]
        connections.close_all()  # the database is dropped under this process's connection
        seeded = prepare(options.dossiers, runs, reuse=options.reuse)
        if not results:
            print(f"machine: {machine()}")
        results.append(measure(label, target_ms, seeded, explaining=options.explain))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
