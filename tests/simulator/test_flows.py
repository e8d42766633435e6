"""The simulator end to end, without JavaScript: the questions asked, the answer given."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.simulator.walker import errors, submit, text, walk

REFUGEE = [
    ("demarche", {"demarche": "first_permit"}),
    ("personne", {"role": "protected"}),
    ("protection", {"statut": "refugee"}),
    ("dates-protection", {"decision": "01/10/2026", "asile": "15/03/2024"}),
    ("naissance", {"naissance": "02/04/1990"}),
    ("etat-civil", {"etat_civil": "single"}),
    ("document", {"document": "aucun"}),
]
BPS_SPOUSE = [
    ("demarche", {"demarche": "first_permit"}),
    ("personne", {"role": "family_member"}),
    ("protection", {"statut": "subsidiary"}),
    ("dates-protection", {"decision": "01/10/2026", "asile": "15/03/2024"}),
    ("lien", {"lien": "spouse"}),
    ("details-lien", {"union": "10/01/2025", "communaute": "on"}),
    ("naissance", {"naissance": "01/06/1992"}),
    ("etat-civil", {"etat_civil": "married"}),
    ("document", {"document": "visa_long_sejour"}),
    ("numeros", {"numero": "visa"}),
]


def renewal(valid_until: str) -> list[tuple[str, dict[str, str]]]:
    return [
        ("demarche", {"demarche": "renewal"}),
        ("personne", {"role": "protected"}),
        ("protection", {"statut": "refugee"}),
        ("date-demande", {}),  # today
        ("naissance", {"naissance": "02/04/1990"}),
        ("document", {"document": "carte_resident", "debut": "01/02/2017", "fin": valid_until}),
    ]


@pytest.fixture
def client() -> Client:
    return Client()


def test_refugee_gets_the_resident_card_for_25_euros(client: Client) -> None:
    response = walk(client, REFUGEE)
    page = text(response)
    assert "Carte de résident — 10 ans" in page
    assert "Total : 25 €" in page
    assert "Attestation de prolongation d'instruction — 6 mois" in page
    # The rule's code is for support, in an attribute; the applicant reads its source.
    assert 'data-rule="CARD-REF"' in response.content.decode() and "CESEDA L424-1" in page


def test_bps_spouse_gets_the_four_year_family_card(client: Client) -> None:
    page = text(walk(client, BPS_SPOUSE))
    assert "Carte de séjour pluriannuelle — 4 ans" in page
    assert "membre de la famille d'un bénéficiaire de la protection subsidiaire" in page
    assert "Attestation de confirmation de dépôt" in page
    assert "Total : 25 €" in page


def test_renewal_in_the_window_costs_225(client: Client) -> None:
    page = text(walk(client, renewal("31/01/2027")))
    assert "Total : 225 €" in page
    assert "voyager dans l'espace Schengen" in page


def test_the_work_question_is_asked_only_at_16_and_17(client: Client) -> None:
    steps = [
        *REFUGEE[:4],
        ("naissance", {"naissance": "23/10/2009"}),
        ("travail", {"travail": "non"}),
        *REFUGEE[5:],
    ]
    page = text(walk(client, steps))
    assert "Aucune carte ne peut être délivrée" in page


def test_results_in_arabic_and_english_keep_the_figures(client: Client) -> None:
    for prefix in ("/en", "/ar"):
        response = walk(client, REFUGEE, prefix=prefix)
        html = response.content.decode()
        assert f'lang="{prefix[1:]}"' in html
        assert "25 €" in text(response)
    assert 'dir="rtl"' in walk(client, REFUGEE, prefix="/ar").content.decode()


@pytest.mark.parametrize(
    ("slug", "answers", "message"),
    [
        ("demarche", {}, "Choisissez une réponse."),
        ("demarche", {"demarche": "naturalisation"}, "Choisissez une des réponses proposées."),
    ],
)
def test_bad_answers_on_the_first_step(client: Client, slug: str, answers, message) -> None:
    response = submit(client, f"/simulateur/{slug}/", answers)
    assert response.status_code == 200
    assert message in errors(response)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/1990", "Saisissez une date réelle"),
        ("1990", "Saisissez une date réelle"),
        ("", "Indiquez cette date"),
        ("02/04/2090", "Cette date est dans le futur"),
        ("02/04/1850", "trop ancienne"),
    ],
)
def test_impossible_dates_say_what_to_fix_and_keep_what_was_typed(client, value, message):
    url = "/simulateur/naissance/?demarche=first_permit&role=protected&statut=refugee&decision=2026-10-01"
    response = submit(client, url, {"naissance": value})
    assert response.status_code == 200
    assert any(message in e for e in errors(response))
    assert f'value="{value}"' in response.content.decode() or value == ""
    assert "statut=refugee" in response.content.decode()  # earlier answers kept


def test_asylum_after_decision_is_refused(client: Client) -> None:
    url = "/simulateur/dates-protection/?demarche=first_permit&role=protected&statut=refugee"
    response = submit(client, url, {"decision": "01/10/2026", "asile": "02/10/2026"})
    assert any("précède toujours la décision" in e for e in errors(response))


def test_a_renewal_needs_a_card_and_its_end_date(client: Client) -> None:
    url = (
        "/simulateur/document/?demarche=renewal&role=protected&statut=refugee&naissance=1990-04-02"
    )
    response = submit(client, url, {"document": "recepisse"})
    found = errors(response)
    assert any("Choisissez la carte" in e for e in found)
    assert any("fin de validité" in e for e in found)


@pytest.mark.parametrize(
    "url",
    [
        "/simulateur/resultat/?demarche=xyz",
        "/simulateur/resultat/?demarche=first_permit&role=hacker",
        "/simulateur/resultat/?demarche=first_permit&role=protected&statut=refugee&decision=2026-99-01",
        "/simulateur/naissance/?demarche=first_permit&role=protected&statut=%00",
        "/simulateur/resultat/",
    ],
)
def test_a_tampered_url_leads_back_to_the_step_to_fix(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    step = client.get(response["Location"])
    assert step.status_code == 200
    assert errors(step), "the step shows what to fix"


def test_unknown_step_is_a_404_not_a_500(client: Client) -> None:
    assert client.get("/simulateur/nope/").status_code == 404


def test_back_link_keeps_every_answer(client: Client) -> None:
    url = "/simulateur/naissance/?demarche=first_permit&role=protected&statut=refugee&decision=2026-10-01"
    html = client.get(url).content.decode()
    assert (
        'href="/simulateur/dates-protection/?demarche=first_permit&amp;role=protected'
        '&amp;statut=refugee&amp;decision=2026-10-01"'
    ) in html
    back = client.get(
        "/simulateur/dates-protection/?demarche=first_permit&role=protected"
        "&statut=refugee&decision=2026-10-01"
    )
    assert 'value="01/10/2026"' in back.content.decode()


def test_changing_an_answer_from_the_result_returns_to_the_result(client: Client) -> None:
    result = walk(client, REFUGEE)
    html = result.content.decode()
    assert "retour=resultat" in html
    edit = result.request["QUERY_STRING"] + "&retour=resultat"
    response = submit(client, f"/simulateur/protection/?{edit}", {"statut": "subsidiary"})
    assert response.status_code == 302
    assert response["Location"].startswith("/simulateur/resultat/")
    assert "Carte de séjour pluriannuelle — 4 ans" in text(client.get(response["Location"]))


def test_changing_the_role_drops_answers_that_no_longer_apply(client: Client) -> None:
    url = (
        "/simulateur/personne/?demarche=first_permit&role=family_member&statut=refugee"
        "&lien=spouse&union=2019-05-04&numero=visa"
    )
    response = submit(client, url, {"role": "protected"})
    assert "lien=" not in response["Location"] and "numero=" not in response["Location"]


def test_the_result_url_is_stable_and_holds_no_identity(client: Client) -> None:
    result = walk(client, REFUGEE)
    query = result.request["QUERY_STRING"]
    assert client.get(f"/simulateur/resultat/?{query}").status_code == 200
    assert "0000000000" not in query and "foreign" not in query


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "Choisissez une réponse."), ("/en", "Choose an answer"), ("/ar", None)],
)
def test_error_messages_are_in_the_page_language(client: Client, prefix: str, expected) -> None:
    response = submit(client, f"{prefix}/simulateur/demarche/", {})
    found = errors(response)
    assert found
    if expected:
        assert any(expected in e for e in found), found
    else:
        assert all(any("\u0600" <= ch <= "\u06ff" for ch in e) for e in found), found


def test_reunification_goes_through_the_consulate(client: Client) -> None:
    page = text(
        walk(
            client,
            [
                ("demarche", {"demarche": "family_reunification"}),
                ("protection", {"statut": "refugee"}),
                ("dates-protection", {"decision": "01/10/2026", "asile": "15/03/2024"}),
                ("lien", {"lien": "spouse"}),
                ("details-lien", {"union": "07/07/2018", "declare": "on"}),
                ("date-demande", {"depot": "01/12/2026"}),
                ("naissance", {"naissance": "03/03/1993"}),
            ],
        )
    )
    assert "La demande se fait au consulat" in page
    assert "REUNIF" not in page and "FAM-DECLARED" not in page  # internal codes


def test_a_stateless_person_is_sent_to_the_prefecture_with_the_card_stated(client: Client) -> None:
    steps = [REFUGEE[0], REFUGEE[1], ("protection", {"statut": "stateless"}), *REFUGEE[3:]]
    page = text(walk(client, steps))
    assert "La démarche se fait à la préfecture" in page
    assert "Carte de séjour pluriannuelle — 4 ans" in page
