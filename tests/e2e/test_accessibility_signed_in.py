"""axe-core (WCAG 2.1 AA) on the signed-in pages: the applicant's file, the agent's
queue, file, inbox and message, the administrator's oversight; French and Arabic."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import Browser

from sejour.dossiers.models import Dossier, DossierDocument
from sejour.inbox.models import Message
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import pdf
from tests.e2e.test_accessibility import AXE, WCAG21_AA
from tests.factories.accounts import AdminFactory, AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import CARD, make_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(user, live_server) -> list[dict]:
    client = Client()
    login_verified(client, user)
    return [
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    ]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_wcag_violation_signed_in(live_server, browser: Browser, lang: str) -> None:
    paris = PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    agent = AgentFactory(prefecture=paris)
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        assessment={
            "card": CARD,
            "fees_total_eur": 25,
            "reasons": [],
            # Something missing: the page shows what, and the grant by exception.
            "documents": [{"code": "etat_civil_ofpra", "required": False, "provided_by": "OFPRA"}],
        },
        snapshot={"address": {"street": "1 rue A", "postal_code": "75001", "city": "Paris"}},
    )
    granted = make_dossier(paris, state="granted", decision={"outcome": "granted", "card": CARD})
    at_desk = make_dossier(paris, state="card_available", assessment={"fees_total_eur": 25})
    document = DossierDocument(
        dossier=dossier,
        code="justificatif_domicile",
        original_name="domicile.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    document.file.save("d.pdf", ContentFile(pdf()), save=True)
    message = Message.objects.create(
        kind="contact", prefecture=paris, email="a@example.org", text="Je suis bloqué."
    )
    # A renewal draft beside the first request in instruction, only to render its page:
    # starting one through the service is refused while the first is open (issue 12).
    renewal = Dossier.objects.create(
        filer=dossier.applicant, applicant=dossier.applicant, filed_by="self", procedure="renewal"
    )
    prefix = "" if lang == "fr" else f"/{lang}"
    visits = {
        dossier.applicant: [
            f"/demarches/{dossier.reference}/",
            "/demarches/",
            "/aide/contact/",
            "/demarches/nouvelle/changement-de-situation/",
            "/demarches/nouvelle/renouvellement/",
            "/demarches/nouvelle/titre-de-voyage/",
            f"/demarches/{renewal.reference}/depot/situation/",
        ],
        agent: [
            "/instruction/",
            "/instruction/?overdue=on",
            f"/instruction/{dossier.reference}/",
            f"/instruction/{dossier.reference}/documents/{document.pk}/",
            f"/instruction/{granted.reference}/",  # the reopening form
            f"/instruction/{at_desk.reference}/",  # the hand-over form
            "/instruction/messages/",
            f"/instruction/messages/{message.pk}/",
        ],
        AdminFactory(): [
            "/pilotage/",
            "/pilotage/prefectures/75/",
            f"/pilotage/dossiers/{dossier.reference}/journal/",
            "/pilotage/journal/",
        ],
    }
    problems = {}
    for user, paths in visits.items():
        context = browser.new_context()
        context.add_cookies(session_of(user, live_server))
        page = context.new_page()
        for path in paths:
            response = page.goto(f"{live_server.url}{prefix}{path}")
            assert response is not None and response.status == 200, path
            results = AXE.run(page, options=WCAG21_AA)
            if results.violations_count:
                problems[path] = results.generate_report()
        context.close()
    assert not problems, "\n\n".join(f"{p}\n{r}" for p, r in problems.items())
