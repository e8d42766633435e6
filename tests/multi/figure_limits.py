"""The figure of issue 17: how many requests a "60 per hour" limit lets through when
gunicorn runs 4 workers, with each process counting in its own memory (before) and with
the count in Redis (after). `python -m tests.multi.figure_limits` (needs Redis)."""

from __future__ import annotations

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402

from sejour.core.storage import new_key  # noqa: E402
from tests.multi.cluster import environment, web  # noqa: E402

LIMIT, SENT = 60, 240


def passed(redis: bool) -> int:
    env = environment(None, keys=f"k1:{new_key()}", api_rate=f"{LIMIT}/h", redis=redis)
    env["DATABASE_URL"] = os.environ.get(
        "FIGURE_DATABASE_URL", f"sqlite:///{settings.BASE_DIR / 'var' / 'db.sqlite3'}"
    )
    env["SEJOUR_CACHE_PREFIX"] = f"{settings.CACHES['default'].get('KEY_PREFIX', 'x')}-{redis}"
    from tests.api.test_assess import situation

    body = json.dumps(situation())
    with web(env, instances=1, workers=4) as (url,):
        session = requests.Session()
        codes = [
            session.post(
                f"{url}/api/v1/assess",
                data=body,
                headers={"Content-Type": "application/json", "Connection": "close"},
                timeout=30,
            ).status_code
            for _ in range(SENT)
        ]
    return codes.count(200)


def main() -> int:
    before, after = passed(redis=False), passed(redis=True)
    print(
        f"limit {LIMIT}/h, {SENT} requests, gunicorn 4 workers: "
        f"{before} passed counting per process (local memory), {after} passed in Redis"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
