"""Hostile bodies on the JSON API: a clear 400 or 413 in the caller's language, never a 5xx."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from tests.rules.builders import situation

_addresses = (f"10.2.{i // 250}.{i % 250}" for i in itertools.count())


def post(data: str | bytes, **headers: str):
    headers.setdefault("REMOTE_ADDR", next(_addresses))
    return Client().post("/api/v1/assess", data=data, content_type="application/json", **headers)


@pytest.mark.parametrize("depth", [200, 5_000, 30_000])
def test_deeply_nested_json_is_a_clear_400(depth: int) -> None:
    response = post("[" * depth + "]" * depth, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "too_deep"
    assert "nested" in body["detail"]


def test_nesting_inside_an_otherwise_good_situation_is_refused_too() -> None:
    import json

    deep: object = "x"
    for _ in range(100):
        deep = {"k": deep}
    response = post(json.dumps({**situation(), "extra": deep}), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "imbrication" in response.json()["detail"]


def test_an_oversized_body_is_a_413_before_it_is_parsed() -> None:
    from sejour.api.guards import MAX_BODY_BYTES

    big = '{"procedure": "' + "a" * (MAX_BODY_BYTES + 1) + '"}'
    response = post(big, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "too_large" and body["max_bytes"] == MAX_BODY_BYTES
    assert body["detail"] and "413" not in body["detail"]


def test_a_normal_situation_still_passes_the_guards() -> None:
    import json

    response = post(json.dumps(situation()))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code", ["a%2Fb", "%00", "..%2F..%2Fetc", "x" * 5000, "%F0%9F%92%A5", "%C3%28", "A-B-C-D"]
)
def test_odd_attestation_codes_on_the_api_are_404_not_5xx(code: str) -> None:
    response = Client(REMOTE_ADDR=next(_addresses)).get(f"/api/v1/attestations/{code}")
    assert response.status_code == 404
    if "/" not in code.replace("%2F", "/"):  # a slash is another path: Django's own 404
        assert response.json()["error"] == "unknown_code"
