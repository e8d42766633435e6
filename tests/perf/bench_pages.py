"""`make bench`: page weight and paint times on a slow mobile network, warm server.

Serves the product as in production (gunicorn, compressed static files with hashed
names, its own SQLite database under var/), warms it (a first request to every page
from each gunicorn worker, which otherwise costs about 1.3 s and reads as a slow
paint), then loads each page in Debian's Chromium throttled to 400 kbit/s with 400 ms
of latency, empty cache, SAMPLES times: the home page, the login page, the deposit's
first step (signed in as an applicant) and the simulator, then the simulator's next
page with the cache kept. Printed per page: bytes transferred, requests, first
contentful paint and load event (medians of the samples).

Targets (issue 19): every first visit ≤ 60 KB and FCP ≤ 1.5 s; the next page < 30 KB
and FCP < 1.5 s. Exit 1 when one is missed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import closing
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.perf.targets import judge, machine

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KBIT = 1000 / 8
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SAMPLES = int(os.environ.get("BENCH_PAGES_SAMPLES", "3"))
WORKERS = 2
SERVER_OPTIONS = ("--workers", str(WORKERS), "--log-level", "warning")
CHROMIUM_OPTIONS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
DATABASE = ROOT / "var" / "bench-pages.sqlite3"
APPLICANT, PASSWORD = "0990000001", "un mot de passe de banc 2026"
PAGES = {
    "home": "/",
    "login": "/connexion/",
    "deposit, first step": "/demarches/nouvelle/premier-titre/",
    "simulator": "/simulateur/",
}
SIGNED_IN = {"deposit, first step"}
FIRST_KB, FIRST_FCP_S, NEXT_KB, NEXT_FCP_S = 60, 1.5, 30, 1.5


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{DATABASE}",
    )
    return env


SECRET_KEY = secrets.token_urlsafe(50)


def prepare() -> None:
    """Its own database (the applicant who signs in) and the static files."""
    env = production_env()
    DATABASE.unlink(missing_ok=True)
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    script = f"""
from datetime import date
from django.utils import timezone
from sejour.accounts.models import User
User.objects.create_user(username="{APPLICANT}", password="{PASSWORD}", role="applicant",
    foreign_number="{APPLICANT}", first_name="Amal", last_name="NOUR", email="p@example.org",
    birth_date=date(1990, 4, 2), email_verified_at=timezone.now())
"""
    subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True)


def serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", *SERVER_OPTIONS],
        cwd=ROOT,
        env=production_env(),
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def warm(base: str) -> None:
    """Every page from every worker: concurrent requests spread over the workers."""

    def fetch(path: str) -> None:
        with urllib.request.urlopen(base + path) as response:
            response.read()

    for _ in range(3):
        threads = [
            threading.Thread(target=fetch, args=(path,))
            for path in list(PAGES.values()) * WORKERS * 2
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


class Browser:
    """One throttled page; per navigation: bytes, requests, FCP and load event."""

    def __init__(self, playwright) -> None:
        self.browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=list(CHROMIUM_OPTIONS),
        )

    def open(self) -> None:
        self.context = self.browser.new_context(viewport={"width": 390, "height": 844})
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.counted = {"bytes": 0.0, "requests": 0}

        def finished(event: dict) -> None:
            self.counted["bytes"] += event["encodedDataLength"]
            self.counted["requests"] += 1

        self.cdp.on("Network.loadingFinished", finished)
        self.cdp.send("Network.enable")

    def throttle(self, on: bool) -> None:
        conditions = {
            "latency": 400,
            "downloadThroughput": 400 * KBIT,
            "uploadThroughput": 400 * KBIT,
        }
        if not on:
            conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        self.cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})

    def sign_in(self, base: str) -> None:
        self.throttle(False)  # signing in is not what is measured
        self.page.goto(f"{base}/connexion/")
        self.page.fill("input[name=username]", APPLICANT)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form button[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def measure(self, action) -> dict[str, float]:
        self.counted.update(bytes=0.0, requests=0)
        action()
        self.page.wait_for_load_state("networkidle")
        timing = self.page.evaluate(
            "[performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,"
            " performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? -1]"
        )
        return {
            "kb": self.counted["bytes"] / 1000,
            "requests": self.counted["requests"],
            "fcp_s": timing[0] / 1000,
            "load_s": timing[1] / 1000,
        }

    def close(self) -> None:
        self.context.close()


def samples(base: str) -> dict[str, list[dict[str, float]]]:
    figures: dict[str, list[dict[str, float]]] = {
        name: [] for name in [*PAGES, "simulator, next page"]
    }
    with sync_playwright() as playwright:
        browser = Browser(playwright)
        for _ in range(SAMPLES):
            for name, path in PAGES.items():
                browser.open()
                if name in SIGNED_IN:
                    browser.sign_in(base)
                browser.cdp.send("Network.clearBrowserCache")
                browser.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                browser.throttle(True)
                url = base + path
                figures[name].append(browser.measure(lambda url=url: browser.page.goto(url)))
                assert browser.page.url == url, f"{url} led to {browser.page.url}"
                if path == "/simulateur/":
                    browser.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
                    next_page = browser.measure(lambda: browser.page.click("main a.fr-btn"))
                    figures["simulator, next page"].append(next_page)
                browser.close()
        browser.browser.close()
    return figures


def main() -> int:
    prepare()
    port = free_port()
    server = serve(port)
    base = f"http://127.0.0.1:{port}"
    try:
        warm(base)
        figures = samples(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"machine: {machine()}")
    print(
        f"Chromium at 400 kbit/s and 400 ms latency, gunicorn ({WORKERS} workers, warmed), "
        f"production settings; medians of {SAMPLES} samples, empty cache unless said"
    )
    ok = []
    for name, values in figures.items():
        median = {key: statistics.median(v[key] for v in values) for key in values[0]}
        print(
            f"  {name:<22} {median['kb']:6.1f} KB  {median['requests']:3.0f} requests  "
            f"FCP {median['fcp_s']:.2f} s  load {median['load_s']:.2f} s"
        )
        kb, fcp = (NEXT_KB, NEXT_FCP_S) if name.endswith("next page") else (FIRST_KB, FIRST_FCP_S)
        ok.append(judge(f"page weight, {name}", median["kb"], kb, "KB"))
        paint = median["fcp_s"] if median["fcp_s"] >= 0 else float("inf")
        ok.append(judge(f"first contentful paint, {name}", paint, fcp, "s"))
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
