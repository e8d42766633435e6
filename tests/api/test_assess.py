"""POST /api/v1/assess: the rules contract over HTTP."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.test import Client

from tests.rules.builders import situation
from tests.rules.cases import load_cases, mismatches

CASES = load_cases()
_addresses = (f"10.1.{i // 250}.{i % 250}" for i in itertools.count())


def post(body: Any, raw: bool = False, **headers: str):
    data = body if raw else json.dumps(body)
    headers.setdefault("REMOTE_ADDR", next(_addresses))
    return Client().post("/api/v1/assess", data=data, content_type="application/json", **headers)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_every_case_through_the_api(case: dict[str, Any]) -> None:
    response = post(case["situation"])
    if "expect_error" in case:
        assert response.status_code == 422
        paths = [d["path"] for d in response.json()["detail"]]
        assert case["expect_error"] in paths
        return
    assert response.status_code == 200, response.content
    assert mismatches(case["expect"], response.json()) == []


def test_accept_language_chooses_the_reasons_language() -> None:
    body = situation()
    english = post(body, HTTP_ACCEPT_LANGUAGE="en").json()
    arabic = post(body, HTTP_ACCEPT_LANGUAGE="ar").json()
    french = post(body).json()
    assert english["lang"] == "en" and english["reasons"][0]["text"].startswith("You can")
    assert arabic["lang"] == "ar"
    assert french["lang"] == "fr" and french["reasons"][0]["text"].startswith("Vous pouvez")
    assert post({**body, "lang": "en"}, HTTP_ACCEPT_LANGUAGE="ar").json()["lang"] == "en"


@pytest.mark.parametrize(
    ("body", "raw", "path"),
    [
        ("{not json", True, "(root)"),
        ("", True, "(root)"),
        ([1, 2], False, "(root)"),
        (situation(protection__status="x"), False, "protection.status"),
        (situation(person__birth_date="2026-02-30"), False, "person.birth_date"),
        (situation(typo=1), False, "typo"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(body: Any, raw: bool, path: str) -> None:
    response = post(body, raw=raw, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert path in [d["path"] for d in detail]
    assert all(d["message"].startswith(d["path"] + ": ") for d in detail)


def test_error_messages_follow_accept_language() -> None:
    body = situation(protection__status="x")
    fr = post(body, HTTP_ACCEPT_LANGUAGE="fr").json()["detail"][0]["message"]
    ar = post(body, HTTP_ACCEPT_LANGUAGE="ar").json()["detail"][0]["message"]
    en = post(body, HTTP_ACCEPT_LANGUAGE="en").json()["detail"][0]["message"]
    assert "valeur inconnue" in fr
    assert "unknown value" in en
    assert ar != en and ar != fr


def test_rate_limit_per_address_with_a_clear_429() -> None:
    body = situation()
    client = Client()
    statuses = [
        client.post(
            "/api/v1/assess",
            json.dumps(body),
            content_type="application/json",
            REMOTE_ADDR="10.9.9.9",
            HTTP_ACCEPT_LANGUAGE="fr",
        ).status_code
        for _ in range(61)
    ]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    blocked = client.post(
        "/api/v1/assess",
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR="10.9.9.9",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    payload = blocked.json()
    assert payload["error"] == "rate_limited"
    assert "réessayez" in payload["detail"]
    other = client.post(
        "/api/v1/assess", json.dumps(body), content_type="application/json", REMOTE_ADDR="10.9.9.10"
    )
    assert other.status_code == 200  # another address is not affected


def test_a_forged_forwarded_for_header_does_not_escape_the_limit() -> None:
    body = json.dumps(situation())
    client = Client()
    for i in range(61):
        last = client.post(
            "/api/v1/assess",
            body,
            content_type="application/json",
            REMOTE_ADDR="10.9.8.8",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}",
        )
    assert last.status_code == 429


def test_openapi_description_documents_the_contract() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    operation = spec["paths"]["/api/v1/assess"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "procedure" in schema["properties"]
    assert schema["additionalProperties"] is False
    assert {"200", "422", "429"} <= set(operation["responses"])


def test_only_post_is_allowed() -> None:
    assert Client().get("/api/v1/assess").status_code == 405


def test_retry_after_is_never_zero_at_a_windows_end(monkeypatch) -> None:
    """django-ratelimit answers `time_left` 0 in a window's last instant; ninja copies
    the throttle's wait into Retry-After, which must still say at least one second."""
    from sejour.api import throttle

    monkeypatch.setattr(throttle, "usage", lambda *args: {"should_limit": True, "time_left": 0})
    response = Client().post(
        "/api/v1/assess",
        json.dumps(situation()),
        content_type="application/json",
        REMOTE_ADDR="10.9.9.11",
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
