"""Odd characters in the administrators' filters and searches: a page, never a 5xx (a
NUL byte is an error in PostgreSQL, in a text column as in JSON)."""

from __future__ import annotations

import pytest
from django.test import Client

from sejour.audit.models import AuditEvent
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AdminFactory

pytestmark = pytest.mark.django_db

ODD = ["\x00", "a\x00b", "%", "_", "é" * 300, "'; --"]


@pytest.fixture
def admin():
    client = Client()
    login_verified(client, AdminFactory())
    return client


@pytest.mark.parametrize("value", ODD)
def test_the_journal_filters(admin, value: str) -> None:
    assert admin.get("/pilotage/journal/", {"action": value, "auteur": value}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_the_admin_search(admin, value: str) -> None:
    assert admin.get("/admin/accounts/user/", {"q": value}).status_code == 200
    searched = AuditEvent.objects.filter(action="admin.searched").first()
    if value.replace("\x00", "").strip():
        assert "\x00" not in searched.data["term"]


@pytest.mark.parametrize("value", ODD)
def test_the_file_trail_lookup(admin, value: str) -> None:
    assert admin.get("/pilotage/", {"dossier": value}).status_code in (200, 404)
