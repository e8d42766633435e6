"""/verifier/ is public: whatever is typed or put in its address, a page, never a 5xx."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

_addresses = (f"10.3.{i // 250}.{i % 250}" for i in itertools.count())

ODD = ["a/b", "../../etc/passwd", "%00", "\x00", "é" * 40, "<script>", "x" * 5000, "a?b#c", "//"]


def get(path: str, **params: str):
    return Client(REMOTE_ADDR=next(_addresses)).get(path, params)


@pytest.mark.parametrize("typed", ODD)
def test_an_odd_code_typed_in_the_form_is_a_page(typed: str) -> None:
    response = get("/verifier/", code=typed)
    assert response.status_code in (302, 404), response.status_code
    if response.status_code == 302:
        followed = get(response["Location"])
        assert followed.status_code == 404
        assert "/verifier/" in response["Location"]


@pytest.mark.parametrize("path", ["%00", "%C3%28", "A%2FB", "..%2F", "x" * 3000, "%F0%9F%92%A5"])
def test_an_odd_code_in_the_address_is_a_404_page(path: str) -> None:
    response = get(f"/verifier/{path}/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
