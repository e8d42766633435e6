"""axe-core (WCAG 2.1 AA) on the corrections' pages: the applicant's request with its
correction requests and the form after opening; the agent's file with a pending one."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser

from sejour.dossiers.corrections import correction_refuse, correction_request
from sejour.dossiers.models import Dossier
from sejour.instruction.services import dossier_take
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents
from tests.e2e.test_accessibility import AXE, WCAG21_AA
from tests.e2e.test_accessibility_signed_in import session_of
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_wcag_violation_on_corrections(live_server, browser: Browser, lang: str) -> None:
    applicant = UserFactory()
    client = Client()
    client.force_login(applicant)
    reference = fill_to_documents(client)
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    deposit(client, reference)
    dossier = Dossier.objects.get(reference=reference)
    agent = AgentFactory(prefecture=dossier.prefecture)
    dossier_take(dossier=dossier, agent=agent)
    situation = {**dossier.snapshot["situation"], "status": "subsidiary"}
    correction_request(
        dossier=dossier,
        by=applicant,
        text="Protection subsidiaire.",
        step="situation",
        data=situation,
    )
    refused = correction_request(dossier=dossier, by=applicant, text="Mon prénom est Amel.")
    correction_refuse(correction=refused, agent=agent, reason="L'acte de naissance dit Amal.")
    prefix = "" if lang == "fr" else f"/{lang}"
    visits = {
        applicant: [f"/demarches/{reference}/", f"/demarches/{reference}/corriger/situation/"],
        agent: [f"/instruction/{reference}/"],
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
