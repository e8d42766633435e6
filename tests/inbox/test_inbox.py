"""The help contact form (000 Q32) and the applicants' correction requests reach the
prefecture's inbox; an agent answers there and the writer is told."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sejour.audit.models import AuditEvent
from sejour.dossiers.after_deposit import correction_request
from sejour.inbox.models import Message, Screenshot
from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import pdf
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def png(name="capture.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (80, 50), (10, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


FORM = {
    "email": "bloque@example.org",
    "name": "Yonas T.",
    "postal_code": "75011",
    "text": "La page des documents affiche « erreur 42 » quand j'envoie ma photo.",
}


def test_a_visitor_writes_with_a_screenshot_and_the_agent_answers(agent_client, paris) -> None:
    agent, client = agent_client
    response = Client().post("/en/aide/contact/", {**FORM, "screenshots": [png()]})
    assert response["Location"] == "/en/aide/contact/envoye/"
    message = Message.objects.get()
    assert message.prefecture == paris and message.lang == "en" and message.author is None
    (shot,) = Screenshot.objects.all()
    assert shot.content_type == "image/png"

    listing = text(client.get("/instruction/messages/"))
    assert "1 sans réponse" in listing and "erreur 42" in listing
    page = text(client.get(f"/instruction/messages/{message.pk}/"))
    assert "Yonas T." in page and "Capture 1" in page
    capture = client.get(f"/instruction/messages/{message.pk}/captures/{shot.pk}/")
    assert capture["Content-Type"] == "image/png" and b"".join(capture.streaming_content)
    assert AuditEvent.objects.filter(action="inbox.screenshot_viewed", actor=agent).count() == 1

    short = client.post(f"/instruction/messages/{message.pk}/", {"answer": "ok"})
    assert short.status_code == 400 and Message.objects.get().answered_at is None
    answer = "Merci : réduisez la photo sous 10 Mo, puis renvoyez-la depuis la même page."
    done = client.post(f"/instruction/messages/{message.pk}/", {"answer": answer}, follow=True)
    assert "La réponse est envoyée." in text(done) and "0 sans réponse" in text(done)
    (sent,) = mail.outbox
    assert sent.to == ["bloque@example.org"] and answer in sent.body
    assert "Préfecture 75" in sent.subject and sent.extra_headers["Content-Language"] == "en"
    again = text(
        client.post(f"/instruction/messages/{message.pk}/", {"answer": answer + "!"}, follow=True)
    )
    assert Message.objects.get().answer == answer and len(mail.outbox) == 1
    assert "Karim BENALI" in again


def test_another_prefectures_agent_sees_nothing(paris) -> None:
    PrefectureFactory(department_code="69", name="Préfecture 69")
    Client().post("/aide/contact/", {**FORM, "screenshots": [png()]})
    message = Message.objects.get()
    lyon = Client()
    login_verified(lyon, AgentFactory(prefecture__department_code="69"))
    assert "erreur 42" not in text(lyon.get("/instruction/messages/"))
    assert lyon.get(f"/instruction/messages/{message.pk}/").status_code == 404
    shot = message.screenshots.get()
    assert lyon.get(f"/instruction/messages/{message.pk}/captures/{shot.pk}/").status_code == 404
    assert (
        lyon.post(f"/instruction/messages/{message.pk}/", {"answer": "x" * 20}).status_code == 404
    )
    assert Message.objects.get().answered_at is None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"postal_code": ""}, "5 chiffres"),
        ({"postal_code": "13001"}, "Aucune préfecture de ce département"),
        ({"text": "aide"}, "au moins 10 caractères"),
        ({"email": "pas-une-adresse"}, "adresse de courriel valide"),
        ({"screenshots": [SimpleUploadedFile("c.png", pdf())]}, "n'est pas une image"),
        ({"screenshots": [SimpleUploadedFile("c.png", b"GIF89a....")]}, "ni un PDF ni une photo"),
        ({"screenshots": [png(), png(), png(), png()]}, "Trois captures d'écran au plus"),
    ],
)
def test_bad_input_says_what_to_fix_and_saves_nothing(paris, change, error) -> None:
    response = Client().post("/aide/contact/", {**FORM, **change})
    assert response.status_code == 400
    assert error in text(response)
    assert Message.objects.count() == 0 and Screenshot.objects.count() == 0


def test_an_applicant_writes_about_a_request_and_is_answered_through_the_outbox(paris) -> None:
    lyon = PrefectureFactory(department_code="69")
    dossier = make_dossier(lyon)  # the request is in Lyon though the applicant writes from Paris
    applicant = Client()
    applicant.force_login(dossier.applicant)
    form = text(applicant.get("/aide/contact/"))
    assert dossier.reference in form and dossier.applicant.email in form
    applicant.post("/aide/contact/", {**FORM, "postal_code": "", "dossier": dossier.reference})
    message = Message.objects.get()
    assert message.prefecture == lyon and message.dossier == dossier
    assert message.author == dossier.applicant
    agent = Client()
    login_verified(agent, AgentFactory(prefecture=lyon))
    agent.post(f"/instruction/messages/{message.pk}/", {"answer": "Votre carte est prête."})
    out = OutboxMessage.objects.get(user=dossier.applicant)
    assert "Votre carte est prête." in out.body and not mail.outbox  # delivered by the worker


def test_a_correction_request_is_answered_from_the_inbox(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    correction = correction_request(
        dossier=dossier, by=dossier.applicant, text="Mon prénom est Amal, pas Amel."
    )
    message = Message.objects.get()
    assert message.kind == "correction" and message.correction == correction
    assert message.dossier == dossier and message.author == dossier.applicant
    listing = text(client.get("/instruction/messages/"))
    assert "Demande de correction" in listing and dossier.reference in listing
    client.post(
        f"/instruction/messages/{message.pk}/",
        {"answer": "C'est corrigé : la carte portera le prénom Amal."},
    )
    correction.refresh_from_db()
    assert correction.handled_at is not None
    out = OutboxMessage.objects.get(user=dossier.applicant)
    assert "la carte portera le prénom Amal" in out.body and out.dossier == dossier
