"""Documents shown in the agent's page: a PDF's pages drawn as images on the server
(pdfium, the engine of Chromium's viewer), so the agent's browser never runs a PDF an
applicant sent; photos as they were stored (already re-encoded on upload)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from sejour.dossiers.models import DossierDocument
from sejour.dossiers.uploads import PDF

WIDTH = 1000  # pixels: legible on a desktop screen, light enough for the queue's pace


def _pdf(document: DossierDocument) -> pdfium.PdfDocument | None:
    """The PDF, or None when pdfium cannot read it (the original stays downloadable)."""
    with document.file.open("rb") as stored:
        data = stored.read()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None


def page_count(document: DossierDocument) -> int:
    if document.content_type != PDF:
        return 1
    pdf = _pdf(document)
    if pdf is None:
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_image(document: DossierDocument, index: int) -> tuple[bytes, str] | None:
    """One page as an image (bytes, content type); None when there is no such page."""
    if document.content_type != PDF:
        if index != 0:
            return None
        with document.file.open("rb") as stored:
            return stored.read(), document.content_type
    pdf = _pdf(document)
    if pdf is None:
        return None
    try:
        if not 0 <= index < len(pdf):
            return None
        page = pdf[index]
        bitmap = page.render(scale=WIDTH / page.get_width())
        out = io.BytesIO()
        bitmap.to_pil().convert("RGB").save(out, format="JPEG", quality=80)
        return out.getvalue(), "image/jpeg"
    finally:
        pdf.close()
