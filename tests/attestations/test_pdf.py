"""The attestation PDF: what does not change per person is laid out once (issue 19)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from fpdf import FPDF
from pypdf import PdfReader

from sejour.attestations import pdf
from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier


def attestation(last_name: str, valid_until: date) -> Attestation:
    a = Attestation(
        number="ATT-2026-000042",
        code="ABCD-EFGH-JKMN-PQRS",
        holder_last_name=last_name,
        holder_first_names="Amal",
        holder_birth_date=date(1990, 4, 2),
        holder_foreign_number="0123456789",
        kind=Attestation.Kind.PROLONGATION,
        issued_on=date(2026, 11, 22),
        valid_until=valid_until,
        allows_work=True,
        renewable=True,
        prefecture_name="Préfecture de police de Paris",
        created_at=timezone.now(),
    )
    a.dossier = Dossier(reference="D-2026-000042")
    return a


def text_of(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


@pytest.mark.parametrize("kind", list(Attestation.Kind))
def test_every_legal_paragraph_is_printed_whole(kind: str) -> None:
    a = attestation("NOUR", date(2027, 5, 22))
    a.kind = kind
    text = text_of(pdf.render(a))
    for paragraph in pdf.legal_text(a):
        assert re.sub(r"\s+", " ", paragraph) in text


def test_a_second_person_costs_no_line_breaking(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf.render(attestation("NOUR", date(2027, 5, 22)))
    calls = []
    original = FPDF.multi_cell
    monkeypatch.setattr(
        FPDF, "multi_cell", lambda self, *a, **k: calls.append(a) or original(self, *a, **k)
    )
    text = text_of(pdf.render(attestation("HAIDARI", date(2027, 5, 22))))
    assert calls == []
    assert "HAIDARI" in text and "NOUR" not in text


def test_each_person_keeps_their_own_date() -> None:
    first = text_of(pdf.render(attestation("NOUR", date(2027, 5, 22))))
    second = text_of(pdf.render(attestation("OSMAN", date(2027, 6, 30))))
    assert "jusqu’au 22/05/2027" in first and "30/06/2027" not in first
    assert "jusqu’au 30/06/2027" in second and "22/05/2027" not in second
