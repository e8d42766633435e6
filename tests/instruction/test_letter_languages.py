"""The refusal letter and the attestation stay French legal acts, with a page that
explains them in the applicant's language (Arabic shaped, right to left)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from sejour.attestations.models import Attestation
from tests.instruction.test_queue_and_file import make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db

REASONS = "La filiation n'est pas établie. مرحبا"


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def refused(paris):  # noqa: F811
    return make_dossier(
        paris,
        state="refused",
        decision={"outcome": "refused", "reasons": REASONS, "agent_name": "Karim BENALI"},
    )


def _client(dossier) -> Client:
    client = Client()
    client.force_login(dossier.applicant)
    return client


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/ar", "يمكنكم الطعن في هذا القرار"),
        ("/en", "You can challenge this decision"),
    ],
)
def test_the_refusal_letter_is_french_with_a_page_in_the_applicants_language(
    refused, prefix: str, expected: str
) -> None:
    response = _client(refused).get(f"{prefix}/demarches/{refused.reference}/decision/")
    assert response.status_code == 200
    act, explanation = pages(response.content)
    assert "Décision de refus de titre de séjour" in act and "Démarche" in act
    assert expected in explanation
    assert refused.reference in explanation
    assert "مرحبا" in explanation  # the reasons exactly as the agent wrote them


def test_the_refusal_letter_in_french_has_no_extra_page(refused) -> None:
    response = _client(refused).get(f"/demarches/{refused.reference}/decision/")
    assert len(pages(response.content)) == 1


def test_the_arabic_page_is_shaped_not_isolated_letters(refused) -> None:
    response = _client(refused).get(f"/ar/demarches/{refused.reference}/decision/")
    raw = pages(response.content)[1]
    # Shaped Arabic comes out of the PDF as joined presentation forms or logical letters,
    # never the isolated forms (U+FE8D ...) a renderer without shaping would draw.
    assert "يمكنكم" in raw


def test_the_attestation_gets_the_same_explanation_page(paris) -> None:  # noqa: F811
    dossier = make_dossier(paris)
    attestation = Attestation.objects.create(
        dossier=dossier,
        holder=dossier.applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        holder_birth_date=date(1990, 4, 2),
        kind=Attestation.Kind.PROLONGATION,
        issued_on=date(2026, 11, 22),
        valid_until=date(2027, 2, 22),
        allows_work=True,
    )
    url = f"/ar/demarches/{dossier.reference}/attestations/{attestation.number}/"
    response = _client(dossier).get(url)
    assert response.status_code == 200, url
    act, explanation = pages(response.content)
    assert "Attestation de prolongation" in act
    assert "شهادة تمديد دراسة الطلب" in explanation
    # The code is random: where the line breaks inside it, text extraction adds a space.
    assert "22/02/2027" in explanation and attestation.code in "".join(explanation.split())
