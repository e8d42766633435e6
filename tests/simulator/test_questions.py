"""The simulator asks what the engine reads, and nothing else (issue 11): the deposit
date where ages are read on it (reunification) or for a planned renewal, the work
question at 16-17 on a renewal too, no community of life for a reunification spouse,
no marital status on a renewal."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.http import QueryDict
from django.test import Client

from sejour.simulator import answers as answer_map
from tests.simulator.walker import errors, submit, text, walk

TODAY = "2026-12-01 10:00 +01:00"
RENEWAL_START = [
    ("demarche", {"demarche": "renewal"}),
    ("personne", {"role": "protected"}),
    ("protection", {"statut": "subsidiary"}),
]
REUNIFICATION_SPOUSE = [
    ("demarche", {"demarche": "family_reunification"}),
    ("protection", {"statut": "refugee"}),
    ("dates-protection", {"decision": "01/10/2026", "asile": "15/03/2024"}),
    ("lien", {"lien": "spouse"}),
    ("details-lien", {"union": "07/07/2018", "declare": "on"}),
]
TEMPORARY_CARD = {"document": "carte_sejour_temporaire", "debut": "01/03/2026", "fin": "28/02/2027"}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def client() -> Client:
    return Client()


def test_a_renewal_asks_its_planned_date_then_no_marital_status(client: Client) -> None:
    steps = [
        *RENEWAL_START,
        ("date-demande", {"depot": "15/12/2026"}),
        ("naissance", {"naissance": "02/04/1990"}),
        (
            "document",
            {"document": "carte_pluriannuelle", "debut": "01/03/2023", "fin": "28/02/2027"},
        ),
    ]
    result = walk(client, steps)
    assert "depot=2026-12-15" in result.request["QUERY_STRING"]
    assert "Total : 225 €" in text(result)


def test_the_planned_renewal_is_read_on_its_date_not_today(client: Client) -> None:
    """Today (1 December 2026) is before the window of a card ending 30 June 2027; on
    the planned 1 April 2027 it is inside it."""
    card = {"document": "carte_pluriannuelle", "debut": "01/07/2023", "fin": "30/06/2027"}
    today = text(
        walk(
            client,
            [
                *RENEWAL_START,
                ("date-demande", {}),
                ("naissance", {"naissance": "02/04/1990"}),
                ("document", card),
            ],
        )
    )
    assert "Il est trop tôt pour renouveler" in today
    planned = text(
        walk(
            client,
            [
                *RENEWAL_START,
                ("date-demande", {"depot": "01/04/2027"}),
                ("naissance", {"naissance": "02/04/1990"}),
                ("document", card),
            ],
        )
    )
    assert "Il est trop tôt pour renouveler" not in planned
    assert "Total : 225 €" in planned


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30/11/2026", "Cette date est passée"),
        ("31/04/2027", "Saisissez une date réelle"),
        ("2027", "Saisissez une date réelle"),
    ],
)
def test_a_wrong_planned_date_says_what_to_fix(client: Client, value, message) -> None:
    url = "/simulateur/date-demande/?demarche=renewal&role=protected&statut=subsidiary"
    response = submit(client, url, {"depot": value})
    assert response.status_code == 200
    assert any(message in e for e in errors(response)), errors(response)
    assert "statut=subsidiary" in response.content.decode()  # earlier answers kept


def test_a_renewal_at_17_asks_whether_the_person_wants_to_work(client: Client) -> None:
    steps = [
        *RENEWAL_START,
        ("date-demande", {}),
        ("naissance", {"naissance": "10/06/2009"}),  # 17 today
        ("travail", {"travail": "non"}),
        ("document", TEMPORARY_CARD),
    ]
    result = walk(client, steps)
    query = QueryDict(result.request["QUERY_STRING"])
    situation = answer_map.situation(query, today=date(2026, 12, 1), lang="fr")
    assert situation["person"]["wants_to_work"] is False


def test_the_work_question_reads_the_age_on_the_planned_date(client: Client) -> None:
    """17 today, 18 on the planned day: an adult then, so no work question."""
    steps = [
        *RENEWAL_START,
        ("date-demande", {"depot": "15/02/2027"}),
        ("naissance", {"naissance": "10/01/2009"}),
        ("document", TEMPORARY_CARD),
    ]
    walk(client, steps)


def test_a_reunification_spouse_is_not_asked_about_community_of_life(client: Client) -> None:
    page = client.get(
        "/simulateur/details-lien/?demarche=family_reunification&statut=refugee"
        "&decision=2026-10-01&asile=2024-03-15&lien=spouse"
    ).content.decode()
    assert 'name="union"' in page and 'name="declare"' in page
    assert 'name="communaute"' not in page
    first_permit = client.get(
        "/simulateur/details-lien/?demarche=first_permit&role=family_member&statut=refugee"
        "&decision=2026-10-01&asile=2024-03-15&lien=spouse"
    ).content.decode()
    assert 'name="communaute"' in first_permit  # the later-union route reads it


def test_a_reunification_reads_ages_on_the_request_date(client: Client) -> None:
    """A child of 18 today was 17 on the day the request was filed: the request date is
    the one the engine reads, as `applied_on`."""
    result = walk(
        client,
        [
            REUNIFICATION_SPOUSE[0],
            *REUNIFICATION_SPOUSE[1:3],
            ("lien", {"lien": "child"}),
            ("details-lien", {"declare": "on"}),
            ("date-demande", {"depot": "01/11/2026"}),
            ("naissance", {"naissance": "15/11/2008"}),
        ],
    )
    query = QueryDict(result.request["QUERY_STRING"])
    situation = answer_map.situation(query, today=date(2026, 12, 1), lang="fr")
    assert situation["applied_on"] == "2026-11-01"


def test_a_request_date_before_the_birth_leads_back_to_it(client: Client) -> None:
    response = client.get(
        "/simulateur/resultat/?demarche=family_reunification&statut=refugee&decision=2026-10-01"
        "&asile=2024-03-15&lien=spouse&union=2018-07-07&declare=1&depot=1980-01-01"
        "&naissance=1993-03-03"
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/simulateur/date-demande/")
    step = client.get(response["Location"])
    assert step.status_code == 200 and errors(step)


@pytest.mark.parametrize("day", ["2001-01-01", "2015-06-01", "2300-01-01", "0001-01-01"])
def test_a_tampered_deposit_date_leads_back_to_its_step_not_to_an_error(client, day) -> None:
    for procedure in ("renewal", "family_reunification"):
        url = (
            f"/simulateur/resultat/?demarche={procedure}&role=protected&statut=refugee"
            "&decision=2026-10-01&asile=2024-03-15&lien=spouse&union=2018-07-07&declare=1"
            f"&depot={day}&naissance=2009-06-10&travail=oui&document=carte_sejour_temporaire"
            "&debut=2026-03-01&fin=2027-02-28"
        )
        response = client.get(url)
        assert response.status_code == 302, (procedure, day)
        step = client.get(response["Location"])
        assert step.status_code == 200 and errors(step), (procedure, day, response["Location"])
