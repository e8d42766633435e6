"""An agent's day in the real Chromium, with the second factor typed in: find a file, read
a document, take it, ask for a complement that the applicant answers (in a second
browser context, in the same test), see that no grant is offered before the civil
status is recorded, record it, grant, order, mark the card available, then hand it over
against a valid electronic stamp after an unknown one, a used one and a repeated one.
Then the refusals: another prefecture's file, a transition the state forbids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import Dossier
from sejour.integrations.models import CardOrder, TaxStamp
from sejour.rules.dates import add_days, add_years
from tests.conftest import Inbox
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents, jpeg
from tests.factories.accounts import PASSWORD, AgentFactory, PrefectureFactory, UserFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db(transaction=True)
DOCS = ["decision_protection", "justificatif_domicile"]
UNKNOWN, USED, VALID = "9999000011112222", "1111222233334444", "5555666677778888"


@pytest.fixture
def agent_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def applicant_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def agent_with_totp(prefecture):
    agent = AgentFactory(prefecture=prefecture, first_name="Karim", last_name="BENALI")
    TOTPDevice.objects.create(user=agent, name="téléphone", confirmed=True)
    return agent


def click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/connexion/")
    page.get_by_label("Numéro étranger (ou identifiant)").fill(username)
    page.locator("input[name='password']").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Se connecter"))


def agent_log_in(page: Page, base: str, agent) -> None:
    """Password, then the code the authenticator application shows now."""
    log_in(page, base, agent.username)
    assert page.url.endswith("/connexion/verification/"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérification en deux étapes")
    device = TOTPDevice.objects.get(user=agent)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code à 6 chiffres").fill(f"{code:0{device.digits}d}")
    click_and_wait(page, page.get_by_role("button", name="Vérifier"))
    assert page.url.endswith("/instruction/"), page.url


def state(page: Page) -> str:
    return page.inner_text("#etat").strip()


def alert(page: Page) -> str:
    return " ".join(page.locator("main [role='status']").all_inner_texts())


def act(page: Page, button: str) -> None:
    click_and_wait(page, page.locator("#actions").get_by_role("button", name=button))


def run_worker() -> None:
    """Deliver the outbox (the e-mails) as the task worker does."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )


def mail_with(smtp: Inbox, subject: str):
    return next((m for m in smtp.messages if subject in m["Subject"]), None)


def deposited_dossier(applicant) -> Dossier:
    """Deposited through the pages without a browser (the deposit UI has its own test)."""
    client = Client()
    client.force_login(applicant)
    reference = fill_to_documents(client)
    complete_documents(client, reference, DOCS)
    assert deposit(client, reference).status_code == 302
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.state == "submitted" and dossier.documents.count() == 2
    return dossier


def test_an_agents_day_from_the_queue_to_the_hand_over(
    live_server, agent_page: Page, applicant_page: Page, smtp: Inbox, settings, tmp_path
) -> None:
    settings.SEJOUR_CARD_DELAY_HOURS = 0  # the card is produced at once
    base = live_server.url
    paris = PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    agent = agent_with_totp(paris)
    applicant = UserFactory(username="7400000001", email="amal@example.org")
    dossier = deposited_dossier(applicant)
    reference = dossier.reference
    amount = dossier.assessment["fees_total_eur"]
    card = dossier.assessment["card"]
    assert amount > 0 and card["validity_years"]

    # --- log in with the second factor; find the file in the queue -----------------------
    page = agent_page
    agent_log_in(page, base, agent)
    expect(page.get_by_role("heading", level=1)).to_have_text("Préfecture de police de Paris")
    page.get_by_label("Rechercher : nom, numéro étranger, numéro de dossier ou de titre").fill(
        reference
    )
    click_and_wait(page, page.get_by_role("button", name="Rechercher et filtrer"))
    rows = page.locator("#file-attente tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Déposée")
    click_and_wait(page, rows.first.get_by_role("link", name=reference))
    assert page.url.endswith(f"/instruction/{reference}/")
    assert state(page) == "Déposée"

    # --- read a document: every consultation by an agent is recorded ----------------------
    first = dossier.documents.get(code="decision_protection")
    click_and_wait(page, page.locator(f"a[href$='/documents/{first.pk}/']"))
    # In the page: the PDF's page drawn as an image by the server, beside the declaration.
    drawn = page.locator("#pages img").first
    expect(drawn).to_have_attribute("alt", re.compile("page 1 sur 1"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 1000", arg=drawn.element_handle()
    )
    expect(page.locator("main")).to_contain_text("Ce que le demandeur a déclaré")
    viewed = AuditEvent.objects.filter(action="document.viewed", actor=agent)
    assert list(viewed.values_list("target_id", "on_behalf_of")) == [(str(first.pk), applicant.pk)]
    page.go_back()

    # --- take the file, ask for a complement --------------------------------------------
    act(page, "Prendre le dossier et commencer l'instruction")
    assert state(page) == "En cours d'instruction"
    assert "BENALI" in page.inner_text("p.fr-text--lead")
    answer_by = timezone.localdate() + timedelta(days=15)
    page.get_by_label("Justificatif de domicile : motif").fill("Document illisible : page coupée")
    page.get_by_label("Réponse attendue avant le").fill(answer_by.strftime("%d/%m/%Y"))
    click_and_wait(page, page.get_by_role("button", name="Envoyer la demande de complément"))
    assert "La demande de complément est envoyée au demandeur." in alert(page)
    assert state(page) == "Complément demandé"
    run_worker()
    asked = mail_with(smtp, "un document est demandé")
    assert asked is not None and asked["To"] == "amal@example.org"
    assert "Document illisible : page coupée" in asked.get_content()
    assert answer_by.strftime("%d/%m/%Y") in asked.get_content()

    # --- the applicant, in another browser, answers with a new file ----------------------
    other = applicant_page
    log_in(other, base, applicant.username)
    assert other.url.endswith("/demarches/"), other.url
    expect(other.locator("#messages")).to_contain_text("un document est demandé")
    click_and_wait(other, other.locator("#demandes").get_by_role("link", name=reference))
    assert state(other) == "Complément demandé"
    expect(other.get_by_text("La préfecture demande un document.")).to_be_visible()
    click_and_wait(other, other.get_by_role("link", name="Répondre"))
    section = other.locator("#doc-justificatif_domicile")
    expect(section).to_contain_text("Document illisible : page coupée")
    replacement = tmp_path / "domicile-lisible.jpg"
    replacement.write_bytes(jpeg())
    section.get_by_label("Nouveau fichier (PDF, JPEG ou PNG)").set_input_files(replacement)
    click_and_wait(other, section.get_by_role("button", name="Envoyer ce fichier"))
    expect(other.locator("#doc-justificatif_domicile")).to_contain_text("domicile-lisible.jpg")
    other.locator("label[for='replace-justificatif_domicile']").click()  # the DSFR radio
    expect(other.get_by_label("Je l'ai remplacé par un nouveau fichier")).to_be_checked()
    click_and_wait(other, other.get_by_role("button", name="Envoyer ma réponse"))
    assert other.url.split("#")[0].endswith(f"/demarches/{reference}/"), other.url
    assert "Votre réponse est envoyée" in alert(other)
    assert state(other) == "En cours d'instruction"

    # --- the agent reloads: the file is back, with the new document ---------------------
    page.reload()
    assert state(page) == "En cours d'instruction"
    documents = page.locator("main section:has(h2:text('Documents')) li")
    expect(documents).to_have_count(3)
    expect(documents.filter(has_text="remplacé")).to_have_count(1)
    expect(page.locator("main section:has(h2:text('Historique'))")).to_contain_text("Amal NOUR")
    new = dossier.documents.get(code="justificatif_domicile", replaced_at__isnull=True)
    assert new.content_type == "image/jpeg" and new.original_name == "domicile-lisible.jpg"
    with page.expect_response(re.compile(rf"/documents/{new.pk}/pages/0/$")) as shown:
        page.locator(f"a[href$='/documents/{new.pk}/']").click()
    assert shown.value.ok and shown.value.headers["content-type"] == "image/jpeg"
    assert viewed.filter(target_id=str(new.pk)).count() == 1
    page.go_back()
    page.reload()

    # --- no grant yet: the engine's list asks the OFPRA civil-status certificate ----------
    expect(page.locator("#manquantes")).to_have_text(re.compile("Certificat d'état civil"))
    expect(page.get_by_role("button", name="Accorder cette carte")).to_have_count(0)

    # --- civil status from OFPRA, typed by hand; grant; order; card available -------------
    act(page, "Mettre en attente de l'état civil")
    assert state(page) == "En attente de l'état civil de l'OFPRA"
    received = timezone.localdate() - timedelta(days=2)
    page.get_by_label("Certificat d'état civil de l'OFPRA reçu le").fill(
        received.strftime("%d/%m/%Y")
    )
    act(page, "Enregistrer l'état civil")
    assert "L'état civil transmis par l'OFPRA est enregistré." in alert(page)
    assert state(page) == "En cours d'instruction"
    act(page, "Accorder cette carte")
    assert state(page) == "Accordée"
    act(page, "Commander la carte")
    assert state(page) == "Carte en fabrication"
    act(page, "Marquer la carte disponible")
    assert "C'est fait." in alert(page)
    assert state(page) == "Carte disponible"
    run_worker()
    available = mail_with(smtp, "Votre carte est disponible")
    assert available is not None and available["To"] == "amal@example.org"
    assert f"{amount} €" in available.get_content()
    assert "Préfecture de police de Paris" in available.get_content()

    # --- hand-over: an unknown stamp, a used stamp, then a valid one --------------------
    TaxStamp.objects.create(number=USED, amount_eur=amount, used_by="D-AUTRE")
    TaxStamp.objects.create(number=VALID, amount_eur=amount)
    expect(page.locator("#actions")).to_contain_text(f"Montant dû : {amount} €")
    stamps = page.get_by_label("Numéros des timbres électroniques")
    for number, message in [
        (UNKNOWN, f"Le timbre {UNKNOWN} est inconnu : vérifiez les 16 chiffres."),
        (USED, f"Le timbre {USED} a déjà été utilisé : il faut un autre timbre."),
    ]:
        stamps.fill(number)
        act(page, "Remettre la carte")
        assert message in alert(page)
        assert state(page) == "Carte disponible"
    # The same stamp on two lines pays once: refused, naming it, with what was typed kept.
    stamps.fill(f"{VALID}\n{VALID}")
    act(page, "Remettre la carte")
    assert f"Le timbre {VALID} est saisi plusieurs fois" in alert(page)
    expect(page.get_by_label("Numéros des timbres électroniques")).to_have_value(
        f"{VALID}\n{VALID}"
    )
    assert not TaxStamp.objects.filter(used_by=reference).exists()
    assert not TaxStamp.objects.filter(number=UNKNOWN).exists()
    stamps.fill(VALID)
    act(page, "Remettre la carte")
    assert page.url.endswith(f"/instruction/{reference}/recu/"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Reçu de remise de la carte")

    dossier.refresh_from_db()
    today = timezone.localdate()
    valid_until = add_days(add_years(today, card["validity_years"]), -1)
    assert dossier.state == "handed_over"
    assert dossier.civil_status_received_on == received
    assert dossier.decision["card"]["valid_from"] == today.isoformat()
    assert dossier.decision["card"]["valid_until"] == valid_until.isoformat()
    assert dossier.decision["stamps"] == [VALID] and dossier.decision["paid_eur"] == amount
    receipt = page.inner_text("#recu")
    assert reference in receipt and VALID in receipt
    assert f"{today:%d/%m/%Y} → {valid_until:%d/%m/%Y}" in receipt
    assert list(TaxStamp.objects.filter(used_by=reference).values_list("number", flat=True)) == [
        VALID
    ]
    assert TaxStamp.objects.get(number=USED).used_by == "D-AUTRE"
    assert AuditEvent.objects.filter(action="dossier.handed_over", actor=agent).count() == 1
    assert list(dossier.events.values_list("to_state", flat=True)) == [
        "submitted",
        "in_instruction",
        "complement_requested",
        "in_instruction",
        "awaiting_ofpra",
        "in_instruction",
        "granted",
        "card_ordered",
        "card_available",
        "handed_over",
    ]
    assert CardOrder.objects.filter(reference=reference).count() == 1


def test_another_prefectures_file_and_a_forbidden_transition_are_refused(
    live_server, agent_page: Page
) -> None:
    base = live_server.url
    paris = PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    agent = agent_with_totp(paris)
    lyon_file = make_dossier(PrefectureFactory(department_code="69"), name="LYON Personne")
    mine = make_dossier(paris, state="in_instruction", assigned_to=agent, name="PARIS Personne")
    page = agent_page
    agent_log_in(page, base, agent)

    # Another prefecture's file: not in the queue, not found by its number, a 404 page.
    expect(page.locator("#file-attente tbody tr")).to_have_count(1)
    page.get_by_label("Rechercher : nom, numéro étranger, numéro de dossier ou de titre").fill(
        lyon_file.reference
    )
    click_and_wait(page, page.get_by_role("button", name="Rechercher et filtrer"))
    expect(page.locator("#file-attente tbody")).to_have_text("Aucun dossier.")
    response = page.goto(f"{base}/instruction/{lyon_file.reference}/")
    assert response.status == 404
    assert "LYON" not in page.content()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")

    # Nor can it be taken by a well-formed POST (with this session's CSRF token).
    page.goto(f"{base}/instruction/{mine.reference}/")
    assert state(page) == "En cours d'instruction"
    token = page.locator("input[name='csrfmiddlewaretoken']").first.input_value()
    taken = page.request.post(
        f"{base}/instruction/{lyon_file.reference}/take/",
        form={"csrfmiddlewaretoken": token},
        max_redirects=0,
    )
    assert taken.status == 404
    lyon_file.refresh_from_db()
    assert lyon_file.state == "submitted" and lyon_file.assigned_to is None
    assert not lyon_file.events.exists()

    # A transition the state forbids: ordering the card of a file still in instruction,
    # as a form from a stale page would (the page itself offers no such button).
    expect(page.get_by_role("button", name="Commander la carte")).to_have_count(0)
    page.eval_on_selector(
        "form[action$='/offline/']", "f => { f.action = f.action.replace('/offline/', '/order/') }"
    )
    act(page, "Traiter au guichet")
    assert page.url.endswith(f"/instruction/{mine.reference}/")
    assert (
        "Action impossible : le dossier est « En cours d'instruction ». Rechargez la page : "
        "un autre agent a peut-être agi entre-temps." in alert(page)
    )
    assert state(page) == "En cours d'instruction"
    mine.refresh_from_db()
    assert mine.state == "in_instruction" and not mine.card_order_id
    assert not mine.events.exists()
