"""The result prints on one or two A4 pages, read back from the PDF Chromium renders."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)

RESULTS = {
    "refugee": "demarche=first_permit&role=protected&statut=refugee&decision=2026-10-01"
    "&asile=2024-03-15&naissance=1990-04-02&etat_civil=single&document=aucun",
    "bps_spouse": "demarche=first_permit&role=family_member&statut=subsidiary&decision=2026-10-01"
    "&asile=2024-03-15&lien=spouse&union=2025-01-10&communaute=1&naissance=1990-04-02"
    "&etat_civil=married&polygamie=1&document=visa_long_sejour&numero=visa",
    "late_renewal": "demarche=renewal&role=protected&statut=refugee&naissance=1990-04-02"
    "&etat_civil=single&document=carte_resident&debut=2016-12-20&fin=2026-12-19",
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("profile", sorted(RESULTS))
def test_result_prints_on_at_most_two_a4_pages(live_server, page: Page, profile, lang) -> None:
    prefix = "" if lang == "fr" else f"/{lang}"
    page.goto(f"{live_server.url}{prefix}/simulateur/resultat/?{RESULTS[profile]}")
    total = page.locator("#couts .sejour-total").inner_text()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(pdf.pages) <= 2
    printed = " ".join(p.extract_text() for p in pdf.pages)
    assert total.split()[-2] in printed  # the amount is on paper
    assert "Vos réponses" not in printed  # the on-screen navigation is not
