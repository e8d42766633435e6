"""One reading of the client's address for every limit: pages, API, sign-up, verifier."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from sejour.accounts import throttle
from sejour.core.clients import client_address
from tests.api.test_assess import situation


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the proxy appended the real one
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # did not pass through both proxies
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_trusted_proxies_wrote(
    settings, proxies, forwarded, expected
) -> None:
    settings.SEJOUR_TRUSTED_PROXIES = proxies
    assert client_address(_request("10.0.0.1", forwarded)) == expected


def test_accounts_read_the_same_function() -> None:
    assert throttle.client_address is client_address


def _assess(client: Client, forwarded: str):
    return client.post(
        "/api/v1/assess",
        json.dumps(situation()),
        content_type="application/json",
        REMOTE_ADDR="10.0.0.1",  # the load balancer, the same for everyone
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_one_proxy_the_api_counts_the_forwarded_client(settings) -> None:
    settings.SEJOUR_TRUSTED_PROXIES = 1
    client = Client()
    statuses = [_assess(client, f"6.6.6.{i}, 203.0.113.9").status_code for i in range(61)]
    # A forged left part changes nothing: the client the proxy saw is limited.
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    # Another client behind the same load balancer is not.
    assert _assess(client, "203.0.113.10").status_code == 200


@pytest.mark.django_db
def test_behind_one_proxy_the_verifier_counts_the_forwarded_client(settings) -> None:
    settings.SEJOUR_TRUSTED_PROXIES = 1
    client = Client()
    path = "/verifier/AAAA-BBBB-CCCC-DDDD/"
    statuses = [
        client.get(path, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 198.51.100.4")
        for i in range(31)
    ]
    assert [r.status_code for r in statuses].count(429) == 1
    other = client.get(path, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert other.status_code != 429
