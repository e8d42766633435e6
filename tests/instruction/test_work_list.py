"""The queue as a work list (issue 16): the default view "à instruire", the saved views
and their counts, lateness only where the administration must act, sorts, page size
and page jump, the rows that tell four people of one name apart."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sejour.dossiers.models import ComplementRequest
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AdminFactory, AgentFactory
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def references(page: str) -> list[str]:
    """The files of the queue's table, in their order."""
    table = page.split('id="file-attente"', 1)[1].split("</table>", 1)[0]
    return re.findall(r">(D-[0-9A-F]{10})</a>", table)


def count_of(page: str, slug: str) -> int:
    found = re.search(rf'data-view="{slug}">[^<]*: <strong>(\d+)</strong>', page)
    assert found, slug
    return int(found.group(1))


@pytest.fixture
def day(paris, agent_client):
    """One file in each situation of a prefecture's day."""
    agent, _client = agent_client
    colleague = AgentFactory(prefecture=paris)
    files = {
        "submitted": make_dossier(paris, deadline_in=20),
        "late": make_dossier(paris, state="in_instruction", deadline_in=-5, assigned_to=agent),
        "ofpra": make_dossier(paris, state="awaiting_ofpra", deadline_in=3, assigned_to=colleague),
        "granted": make_dossier(paris, state="granted", deadline_in=40, assigned_to=agent),
        "ordered": make_dossier(paris, state="card_ordered", deadline_in=9, assigned_to=colleague),
        "complement": make_dossier(paris, state="complement_requested", deadline_in=-2),
        "answered": make_dossier(paris, state="in_instruction", deadline_in=30, assigned_to=agent),
        "arrived": make_dossier(paris, state="card_available", deadline_in=-400),
        "desk": make_dossier(paris, state="offline", deadline_in=-571),
        "handed": make_dossier(paris, state="handed_over", deadline_in=-60),
        "refused": make_dossier(paris, state="refused", deadline_in=-10, assigned_to=agent),
    }
    for name, dossier in files.items():
        if name in ("complement", "answered"):
            ComplementRequest.objects.create(
                dossier=dossier,
                requested_by=agent,
                items=[{"code": "passeport", "reason": "illisible"}],
                answer_by=timezone.localdate(),
                answered_at=timezone.now() if name == "answered" else None,
            )
    return files


def test_the_default_view_is_the_administrations_turn_by_legal_deadline(agent_client, day):
    _agent, client = agent_client
    page = text(client.get("/instruction/"))
    expected = ["late", "ofpra", "ordered", "submitted", "answered", "granted"]
    assert references(page) == [day[name].reference for name in expected]
    assert 'aria-current="page" data-view="a-instruire"' in page


def test_each_saved_view_shows_its_files_and_its_count(agent_client, day):
    _agent, client = agent_client
    views = {
        "a-instruire": ["late", "ofpra", "ordered", "submitted", "answered", "granted"],
        "complement-repondu": ["answered"],
        "cartes-arrivees": ["arrived"],
        "au-guichet": ["desk"],
        "mes-dossiers": ["late", "answered", "granted"],  # not the refused one: closed
        "en-retard": ["late"],  # not the card to collect, the desk or the complement
    }
    page = text(client.get("/instruction/"))
    for slug, names in views.items():
        shown = references(text(client.get(f"/instruction/?view={slug}")))
        assert shown == [day[n].reference for n in names], slug
        assert count_of(page, slug) == len(names), slug


def test_lateness_is_shown_only_where_the_administration_must_act(agent_client, day):
    _agent, client = agent_client
    for slug in ("au-guichet", "cartes-arrivees"):
        page = text(client.get(f"/instruction/?view={slug}"))
        assert "en retard de" not in page and "sejour-urgency--none" in page
    closed = text(client.get("/instruction/?state=handed_over"))
    assert day["handed"].reference in closed and "en retard de" not in closed
    late = text(client.get("/instruction/?view=en-retard"))
    assert "en retard de 5 jours" in late
    admin = Client()
    login_verified(admin, AdminFactory())
    assert 'id="en-retard">1<' in text(admin.get("/pilotage/prefectures/75/"))
    listing = text(admin.get("/pilotage/")).replace("\n", "")
    assert '<td>9</td><td><span class="fr-badge fr-badge--error">1</span>' in listing


def test_counts_are_cached_briefly_not_counted_on_every_page(agent_client, paris, day):
    _agent, client = agent_client
    first = text(client.get("/instruction/"))
    make_dossier(paris, deadline_in=7)
    assert count_of(text(client.get("/instruction/")), "a-instruire") == count_of(
        first, "a-instruire"
    )
    with CaptureQueriesContext(connection) as queries:
        client.get("/instruction/")
    assert not any("COUNT" in q["sql"] and "FILTER" in q["sql"].upper() for q in queries)
    from django.core.cache import cache

    cache.clear()  # the 30 seconds elapsed
    assert count_of(text(client.get("/instruction/")), "a-instruire") == 7


def test_columns_sort_both_ways(agent_client, paris):
    agent, client = agent_client
    zoe = make_dossier(paris, name="ZOLA Zoé", deadline_in=5)
    adam = make_dossier(paris, name="ABBAS Adam", deadline_in=50)
    mid = make_dossier(paris, name="MANSOUR Lina", deadline_in=20, assigned_to=agent)
    assert references(text(client.get("/instruction/?sort=nom"))) == [
        adam.reference,
        mid.reference,
        zoe.reference,
    ]
    assert references(text(client.get("/instruction/?sort=-nom")))[0] == zoe.reference
    assert references(text(client.get("/instruction/?sort=-delai")))[0] == adam.reference
    assert references(text(client.get("/instruction/?sort=agent")))[0] == mid.reference
    page = text(client.get("/instruction/?sort=nom"))
    assert 'aria-sort="ascending"' in page and 'href="?sort=-nom"' in page
    assert references(text(client.get("/instruction/?sort=nonsense"))) == [
        zoe.reference,
        mid.reference,
        adam.reference,
    ]


def test_page_size_and_page_jump(agent_client, paris):
    _agent, client = agent_client
    made = [make_dossier(paris, deadline_in=n) for n in range(1, 61)]
    page = text(client.get("/instruction/?per_page=25&page=3"))
    assert references(page) == [d.reference for d in made[50:60]]
    assert "3 / 3" in page and 'id="page-jump"' in page
    assert '<input type="hidden" name="per_page" value="25">' in page
    assert len(references(text(client.get("/instruction/?per_page=100")))) == 60
    assert len(references(text(client.get("/instruction/?per_page=7")))) == 50  # not offered


def test_rows_tell_people_of_one_name_apart(agent_client, paris):
    _agent, client = agent_client
    for n, born in enumerate((date(1990, 1, 2), date(1985, 6, 7), date(2012, 3, 4))):
        make_dossier(paris, name="NOUR Amal", holder_born=born, subject=f"912345678{n}")
    page = text(client.get("/instruction/"))
    for n, born in enumerate(("02/01/1990", "07/06/1985", "04/03/2012")):
        assert f"né(e) le {born} · n° 912345678{n}" in page


def test_the_query_count_is_the_same_for_every_sort_and_size(agent_client, paris):
    agent, client = agent_client
    for n in range(30):
        make_dossier(paris, deadline_in=n, assigned_to=agent if n % 2 else None)
    client.get("/instruction/")
    with CaptureQueriesContext(connection) as default:
        client.get("/instruction/")
    for query in ("?sort=agent", "?sort=-depot&per_page=25&page=2", "?view=mes-dossiers"):
        with CaptureQueriesContext(connection) as other:
            client.get(f"/instruction/{query}")
        assert len(other) == len(default), query


def test_the_csv_opens_in_french_spreadsheet_software(paris, agent_client) -> None:
    agent, _client = agent_client
    make_dossier(
        paris,
        name="ÇELİK Zeynep",
        deadline_in=-3,
        state="in_instruction",
        assigned_to=agent,
        holder_born=date(1990, 1, 2),
        subject="1234567890",
    )
    make_dossier(paris, name="=cmd|' /C calc'!A0", state="card_available", deadline_in=-30)
    admin = Client()
    login_verified(admin, AdminFactory(language="en"))
    # An English-speaking administrator is sent to /en/ first (the language choice).
    response = admin.get(
        "/pilotage/prefectures/75/file.csv", HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    body = b"".join(response.streaming_content)
    today = timezone.localdate()
    late = today - timezone.timedelta(days=3)
    lines = body.decode("utf-8").split("\r\n")
    assert body.startswith("\ufeff".encode())
    assert lines[0] == (
        "\ufeffNuméro;Démarche;Profil;État;Déposée le;Délai légal;Jours restants;"
        "En retard;Agent chargé;Titulaire;Né(e) le;Numéro étranger"
    )
    first = lines[2].split(";")
    assert first[1:5] == [
        "Première carte de séjour",
        "Réfugié",
        "En cours d'instruction",
        f"{today:%d/%m/%Y}",
    ]
    assert first[5:] == [
        f"{late:%d/%m/%Y}",
        "-3",
        "oui",
        "Karim BENALI",
        "ÇELİK Zeynep",
        "02/01/1990",
        "1234567890",
    ]
    second = lines[1].split(";")  # by legal deadline: the older first
    # A card waiting to be collected is not the administration's delay; no formula.
    assert second[3] == "Carte disponible" and second[6:8] == ["", "non"]
    assert second[9] == "'=cmd|' /C calc'!A0"


def test_a_wrong_value_drops_that_filter_alone(agent_client, day):
    _agent, client = agent_client
    page = text(client.get("/instruction/?view=au-guichet&per_page=7&sort=nonsense"))
    assert references(page) == [day["desk"].reference]
    assert client.get("/instruction/?page=abc&state=nonsense").status_code == 200
