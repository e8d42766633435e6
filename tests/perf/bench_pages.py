"""`make bench`: page weight and paint times of the simulator on a slow mobile network.

Serves the product as in production (gunicorn, compressed static files with hashed
names), then loads it in Debian's Chromium throttled to 400 kbit/s with 400 ms of
latency: first visit to /simulateur/ with an empty cache, then the next page of the
same visit. Targets (issue "Public simulator"): first visit ≤ 150 KB transferred and
first contentful paint < 4 s; second page < 30 KB and < 1.5 s. Exit 1 when missed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KBIT = 1000 / 8
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    return env


def serve(port: int) -> subprocess.Popen[bytes]:
    env = production_env()
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def measure(base: str) -> dict[str, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        transferred = {"bytes": 0.0}
        cdp.on(
            "Network.loadingFinished",
            lambda e: transferred.__setitem__(
                "bytes", transferred["bytes"] + e["encodedDataLength"]
            ),
        )
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 400,
                "downloadThroughput": 400 * KBIT,
                "uploadThroughput": 400 * KBIT,
            },
        )
        fcp = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"

        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(f"{base}/simulateur/", wait_until="networkidle")
        first = {"bytes": transferred["bytes"], "fcp": page.evaluate(fcp)}

        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        transferred["bytes"] = 0.0
        page.click("main a.fr-btn")
        page.wait_for_load_state("networkidle")
        second = {"bytes": transferred["bytes"], "fcp": page.evaluate(fcp)}
        browser.close()
    return {
        "first_kb": first["bytes"] / 1000,
        "first_fcp_s": first["fcp"] / 1000,
        "second_kb": second["bytes"] / 1000,
        "second_fcp_s": second["fcp"] / 1000,
    }


def main() -> int:
    port = free_port()
    server = serve(port)
    try:
        figures = measure(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        "simulator page weight, Chromium at 400 kbit/s and 400 ms latency (gunicorn, production settings)"
    )
    print(
        f"first visit /simulateur/ (empty cache)  {figures['first_kb']:6.1f} KB   FCP {figures['first_fcp_s']:.2f} s"
        "   targets ≤ 150 KB, < 4 s"
    )
    print(
        f"second page, same visit               {figures['second_kb']:6.1f} KB   FCP {figures['second_fcp_s']:.2f} s"
        "   targets < 30 KB, < 1.5 s"
    )
    ok = (
        figures["first_kb"] <= 150
        and 0 <= figures["first_fcp_s"] < 4
        and figures["second_kb"] < 30
        and 0 <= figures["second_fcp_s"] < 1.5
    )
    print(f"page targets: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
