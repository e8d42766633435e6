"""The queue's search finds people as they are written (issue 16): accents and case
ignored, first name first or last, part of a foreign number, a file number without
"D-", a permit number; each search POSTed and recorded. Runs on SQLite and PostgreSQL
(DATABASE_URL), where names go through the trigram index."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import pytest
from django.db import connection

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import Dossier, search_key
from sejour.instruction.search_terms import term_filter
from tests.factories.accounts import PrefectureFactory, RegisterEntryFactory
from tests.instruction.helpers import search
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401
from tests.instruction.test_work_list import references

pytestmark = pytest.mark.django_db


def found(client, typed: str) -> list[str]:
    """The files the search shows (the term itself stays in the search box)."""
    return references(search(client, typed).content.decode())


@pytest.fixture
def people(paris):
    return {
        "celik": make_dossier(paris, name="ÇELİK Zeynep", subject="1234567890"),
        "nguyen": make_dossier(paris, name="NGUYỄN Thị Hương", subject="5550001111"),
        "jean": make_dossier(paris, name="DUPONT-ÉLIE Jean-Marc", subject="visa:VX1234567"),
        "closed": make_dossier(
            paris, name="ÉLODIE Hélène", state="handed_over", subject="9990001234"
        ),
        "elsewhere": make_dossier(
            PrefectureFactory(department_code="69"), name="ÇELİK Zeynep", subject="1234567899"
        ),
    }


def test_the_search_key_drops_accents_case_and_punctuation() -> None:
    assert search_key("ÇELİK  Zeynep") == "celik zeynep"
    assert search_key("DUPONT-ÉLIE Jean-Marc") == "dupont elie jean marc"
    assert search_key("NGUYỄN Thị Hương") == "nguyen thi huong"


def test_the_model_keeps_the_search_column(paris) -> None:
    dossier = make_dossier(paris, name="ÉLODIE Hélène", subject="9990001234")
    assert Dossier.objects.get(pk=dossier.pk).search_text == "elodie helene 9990001234"
    dossier.holder_name = "AMARI Hélène"
    dossier.save()
    assert Dossier.objects.get(pk=dossier.pk).search_text == "amari helene 9990001234"


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("celik", "celik"),
        ("Çelik", "celik"),
        ("ZEYNEP CELIK", "celik"),  # first name first
        ("zeynep", "celik"),
        ("nguyen huong", "nguyen"),
        ("Hương", "nguyen"),
        ("jean marc dupont", "jean"),
        ("dupont-elie", "jean"),
        ("4567890", "celik"),  # part of a foreign number
        ("5550001111", "nguyen"),  # a whole one
        ("VX1234567", "jean"),  # a visa number
        ("helene", "closed"),  # a search finds closed files too
    ],
)
def test_people_are_found_as_they_are_written(agent_client, people, typed, who) -> None:
    _agent, client = agent_client
    page = found(client, typed)
    assert people[who].reference in page, typed
    others = [d for name, d in people.items() if name != who]
    assert not any(d.reference in page for d in others), typed


def test_part_of_a_number_finds_every_file_holding_it(agent_client, people) -> None:
    _agent, client = agent_client
    shown = found(client, "1234567")  # Çelik's 1234567890 and Dupont-Élie's visa VX1234567
    assert sorted(shown) == sorted([people["celik"].reference, people["jean"].reference])


def test_a_file_number_with_or_without_its_prefix_any_case(agent_client, people) -> None:
    _agent, client = agent_client
    reference = people["nguyen"].reference
    for typed in (reference, reference.lower(), reference[2:], reference[2:].lower()):
        assert reference in found(client, typed), typed
    assert people["elsewhere"].reference not in found(client, people["elsewhere"].reference)


def test_a_permit_number_through_the_register(agent_client, people) -> None:
    _agent, client = agent_client
    RegisterEntryFactory(foreign_number="1234567890", permit_number="ABC1234567")
    assert people["celik"].reference in found(client, "abc1234567")
    RegisterEntryFactory(foreign_number="5550001111", permit_number="ZZ99887766", unavailable=True)
    page = found(client, "ZZ99887766")  # the register does not answer: nothing, no error
    assert page == []


def test_searches_are_recorded_with_what_they_found(agent_client, people) -> None:
    agent, client = agent_client
    found(client, "zeynep celik")
    event = AuditEvent.objects.get(action="queue.searched")
    assert event.actor == agent and event.data == {"term": "zeynep celik", "found": 1}


def test_each_shape_is_one_indexed_condition() -> None:
    """Ten digits: equalities only; a file number: the reference alone; names: the
    search column alone (no OR with the reference or the login)."""
    assert "search_text" not in str(term_filter("1234567890"))
    assert str(term_filter("d-00aabbccdd")) == "(AND: ('reference', 'D-00AABBCCDD'))"
    bare = str(term_filter("00aabbccdd"))  # or a permit: equalities only
    assert "('reference', 'D-00AABBCCDD')" in bare and "search_text" not in bare
    names = str(term_filter("Zeynep Çelik"))
    assert "reference" not in names and "applicant" not in names
    assert "('search_text__contains', 'zeynep')" in names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's extensions")
def test_postgresql_has_the_trigram_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'dossier_search_trgm'")
        index = cursor.fetchone()
    assert {"pg_trgm", "unaccent"} <= extensions
    assert index and "gin_trgm_ops" in index[0]
