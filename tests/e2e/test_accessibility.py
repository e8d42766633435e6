"""axe-core (WCAG 2.1 A and AA rules) on every simulator page, in French and in Arabic."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
WCAG21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

FIRST = "demarche=first_permit&role=protected&statut=refugee&decision=2026-10-01&asile=2024-03-15"
FAMILY = "demarche=first_permit&role=family_member&statut=subsidiary&decision=2026-10-01&asile=2024-03-15"
PAGES = [
    "/",
    "/compte/creer/",
    "/compte/creer/inconnu/",
    "/connexion/",
    "/mot-de-passe-oublie/",
    "/aide/",
    "/aide/?q=mot+de+passe",
    "/aide/contact/",
    "/simulateur/",
    "/simulateur/demarche/",
    "/simulateur/demarche/?etape=demarche",  # a missing answer: the error state
    "/simulateur/personne/?demarche=first_permit",
    f"/simulateur/protection/?{FAMILY}",
    f"/simulateur/dates-protection/?{FIRST}",
    f"/simulateur/lien/?{FAMILY}",
    f"/simulateur/details-lien/?{FAMILY}&lien=spouse",
    f"/simulateur/details-lien/?{FAMILY}&lien=parent",
    "/simulateur/date-demande/?demarche=renewal&role=protected&statut=refugee",
    "/simulateur/date-demande/?demarche=renewal&role=protected&statut=refugee"
    "&etape=date-demande&depot=01/01/2001",  # a past planned date: the error state
    f"/simulateur/naissance/?{FIRST}",
    f"/simulateur/naissance/?{FIRST}&etape=naissance&naissance=31/02/1990",
    f"/simulateur/travail/?{FIRST}&naissance=2009-10-23",
    f"/simulateur/etat-civil/?{FIRST}&naissance=1990-04-02",
    f"/simulateur/document/?{FIRST}&naissance=1990-04-02&etat_civil=single",
    f"/simulateur/numeros/?{FAMILY}&lien=spouse&union=2019-05-04&naissance=1990-04-02"
    "&etat_civil=married&document=aucun",
    f"/simulateur/resultat/?{FIRST}&naissance=1990-04-02&etat_civil=single&document=aucun",
    f"/simulateur/resultat/?{FAMILY}&lien=spouse&union=2019-05-04&naissance=1990-04-02"
    "&etat_civil=married&document=aucun&numero=visa",
]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_wcag_violation(live_server, page: Page, lang: str) -> None:
    prefix = "" if lang == "fr" else f"/{lang}"
    problems = {}
    for path in PAGES:
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response is not None and response.status == 200, path
        results = AXE.run(page, options=WCAG21_AA)
        if results.violations_count:
            problems[path] = results.generate_report()
    assert not problems, "\n\n".join(f"{p}\n{r}" for p, r in problems.items())
