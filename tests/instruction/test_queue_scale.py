"""The queue at scale (issue 6): the data `manage.py seed_queue` generates, and a page
whose query count does not depend on its rows. The figures at 200,000 dossiers on
PostgreSQL come from `make bench` (tests/perf/bench_queue.py)."""

from __future__ import annotations

import io
import re
from contextlib import suppress
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sejour.accounts.models import User
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import CLOSED, PENDING
from sejour.rules.dates import add_months
from tests.accounts.helpers import login_verified
from tests.instruction.helpers import search

pytestmark = pytest.mark.django_db


def seed(*, not_production: bool = True, **options) -> str:
    """Tests run with DEBUG off, as production does: their database is disposable."""
    out = io.StringIO()
    call_command("seed_queue", stdout=out, not_production=not_production, **options)
    return out.getvalue()


def fingerprint() -> list[tuple]:
    return list(
        Dossier.objects.order_by("reference").values_list(
            "reference",
            "procedure",
            "state",
            "profile",
            "filed_by",
            "holder_name",
            "legal_deadline",
            "submitted_at",
            "applicant__username",
            "prefecture__department_code",
            "assigned_to__username",
        )
    )


def test_seed_queue_generates_realistic_consistent_dossiers() -> None:
    seed(dossiers=300, prefectures=3, seed=11)
    dossiers = Dossier.objects.select_related("applicant")
    assert dossiers.count() == 300
    states = dict(dossiers.values_list("state").annotate(n=Count("pk")))
    closed = sum(states.get(s, 0) for s in CLOSED)
    pending = sum(states.get(s, 0) for s in PENDING)
    assert closed > 150 and 10 < pending < 150 and states.get("draft", 0) < 30
    assert set(dossiers.values_list("procedure", flat=True)) == set(Dossier.Procedure.values)
    assert {"refugee", "subsidiary", "family", "minor"} <= set(
        dossiers.values_list("profile", flat=True)
    )
    today = timezone.localdate()
    late = dossiers.filter(state__in=PENDING, legal_deadline__lt=today)
    assert late.exists()
    for d in dossiers.exclude(state="draft"):
        assert re.fullmatch(r"D-[0-9A-F]{10}", d.reference)
        assert d.holder_name.split(" ")[0] == d.applicant.last_name
        assert d.submitted_at < timezone.now() and d.prefecture_id is not None
        assert (d.assigned_to_id is None) == (d.state == "submitted")
        username = d.applicant.foreign_number or d.applicant.visa_number
        assert d.applicant.username == username
        on = timezone.localdate(d.submitted_at)
        if d.procedure == "first_permit":  # DL-ISSUE, as the deposit sets it
            decision = date.fromisoformat(d.snapshot["situation"]["decision_date"])
            expected = add_months(on, 4) if d.profile == "family" else add_months(decision, 3)
            assert d.legal_deadline == expected
            assert d.assessment["deadlines"]["card_issue_by"] == expected.isoformat()
        elif d.procedure != "renewal":
            assert d.legal_deadline is None
        if d.state == "card_ordered":
            assert d.card_order_id
    agents = User.objects.filter(role="agent")
    assert agents.count() >= 6 and not agents.filter(prefecture=None).exists()
    assert not User.objects.exclude(password__startswith="!").exists()  # no usable password


def test_seed_queue_is_deterministic_and_refuses_to_run_twice() -> None:
    class Rollback(Exception):
        pass

    with suppress(Rollback), transaction.atomic():
        seed(dossiers=120, prefectures=2, seed=5)
        first = fingerprint()
        raise Rollback
    assert not Dossier.objects.exists()
    seed(dossiers=120, prefectures=2, seed=5)
    assert fingerprint() == first
    with pytest.raises(CommandError, match="--append"):
        seed(dossiers=10, seed=5)
    seed(dossiers=10, seed=5, append=True)
    assert Dossier.objects.count() == 130


def test_seed_queue_refuses_production_settings_unless_told_otherwise(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--not-production"):
        seed(dossiers=10, not_production=False)
    assert not Dossier.objects.exists()
    settings.DEBUG = True
    assert "10 dossiers" in seed(dossiers=10, not_production=False)


def test_the_queue_query_count_is_the_same_for_one_row_and_fifty() -> None:
    seed(dossiers=1500, prefectures=2, seed=3)
    paris = Dossier.objects.exclude(state="draft").filter(prefecture__department_code="75")
    open_files = paris.exclude(state__in=["handed_over", "refused", "withdrawn", "applied"])
    assert open_files.count() > 50  # the default page shows open files only
    agent = User.objects.filter(role="agent", prefecture__department_code="75").first()
    client = Client()
    login_verified(client, agent)
    one = open_files.select_related("applicant").first()
    client.get("/instruction/")  # the session, the templates: warm
    with CaptureQueriesContext(connection) as full:
        page = client.get("/instruction/").content.decode()
    results = client.post("/instruction/", {"q": one.applicant.username})["Location"]
    with CaptureQueriesContext(connection) as few:
        found = client.get(results).content.decode()
    assert page.count('class="sejour-urgency--') == 50
    assert 1 <= found.count('class="sejour-urgency--') < 50 and one.reference in found
    assert len(full) == len(few)
    with CaptureQueriesContext(connection) as deep:
        client.get("/instruction/?page=2&overdue=on")
    assert len(deep) == len(full)


def test_the_search_finds_a_dossier_by_number_name_and_reference_whatever_the_case() -> None:
    seed(dossiers=200, prefectures=1, seed=9)
    agent = User.objects.filter(role="agent").first()
    client = Client()
    login_verified(client, agent)
    d = Dossier.objects.exclude(state="draft").select_related("applicant").last()
    last, first = d.holder_name.split(" ", 1)
    for q in (d.applicant.username, d.reference, d.reference.lower(), first.lower(), last):
        assert d.reference in search(client, q).content.decode(), q
    assert "Aucun dossier" in search(client, "ZZQX").content.decode()
