"""Two sejour instances on one machine, as on two: gunicorn on two free ports and task
workers, against one PostgreSQL, one Redis and one S3 server (tests/multi)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from django.conf import settings

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def database_url() -> str:
    db = settings.DATABASES["default"]  # the test database, which the test has filled
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def environment(s3: dict | None, *, keys: str, api_rate: str = "60/m", redis: bool = True) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",  # production settings, plain HTTP
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url(),
        "SEJOUR_STORAGE_KEYS": keys,
        "SEJOUR_ANTIVIRUS": "sejour.integrations.antivirus.LocalAntivirus",
        "SEJOUR_API_RATE_LIMIT": api_rate,
        "SEJOUR_SCHEDULE_SECONDS": "2",
    }
    if s3 is not None:
        env["SEJOUR_S3_BUCKET"] = s3["bucket_name"]
        env["SEJOUR_S3_ENDPOINT"] = s3["endpoint_url"]
        env["SEJOUR_S3_REGION"] = s3["region_name"]
        env["SEJOUR_S3_ACCESS_KEY"] = s3["access_key"]
        env["SEJOUR_S3_SECRET_KEY"] = s3["secret_key"]
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
        env["SEJOUR_CACHE_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    return env


def _wait_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: gunicorn exited with {process.returncode}")
        with contextlib.suppress(requests.RequestException):
            requests.get(f"{url}/", timeout=30)
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url}: gunicorn did not answer in {seconds} s")


@contextlib.contextmanager
def web(env: dict, *, instances: int = 2, workers: int = 1) -> Iterator[list[str]]:
    # Production settings serve hashed static files: their manifest must exist.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    processes, urls = [], []
    try:
        for _ in range(instances):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                     "--workers", str(workers), "--log-level", "warning", "--timeout", "60"],
                    cwd=ROOT, env=env,
                )
            )  # fmt: skip
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_up(url, process)
        yield urls
    finally:
        _stop(processes)


@contextlib.contextmanager
def task_workers(env: dict, count: int = 2) -> Iterator[None]:
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield
    finally:
        _stop(processes)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Browser(requests.Session):
    """A client that sends Django's CSRF token back, as a browser's form would."""

    def post_form(self, url: str, data: dict, files: dict | None = None) -> requests.Response:
        token = self.cookies.get("csrftoken") or ""
        return self.post(
            url,
            data={**data, "csrfmiddlewaretoken": token},
            files=files,
            allow_redirects=False,
            timeout=30,
        )
