"""Schemathesis generates requests from the published OpenAPI document and sends them to
the application in-process (WSGI): whatever it sends, the API never answers 5xx."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings

from config.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The application is called as a WSGI server would, and Django then closes the
    database connection at each request's start and end: inside the test's transaction
    that breaks the next query. Django's test client unhooks the same signal handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


PER_OPERATION = 550  # two operations: more than 1,000 generated requests in all


def test_no_generated_request_gets_a_5xx() -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/v1/assess", "/api/v1/attestations/{code}"}
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=PER_OPERATION,
            deadline=None,
            database=None,  # no example database on disk: every run is fresh and reproducible
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def send(case) -> None:
            cache.clear()  # the per-address rate limit would answer 429 to most of them
            response = case.call()
            sent[case.operation.path] += 1
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.body!r:.200}")

        send()

    assert failures == []
    assert sum(sent.values()) >= 1000
    assert all(n >= PER_OPERATION // 2 for n in sent.values()), sent
    assert statuses[422] > 0 and statuses[404] > 0  # the fuzzer reached the validation
