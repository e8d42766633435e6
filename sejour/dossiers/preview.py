"""Documents shown in the agent's page: a PDF's pages drawn as images on the server
(pdfium, the engine of Chromium's viewer), so the agent's browser never runs a PDF an
applicant sent; photos as they were stored (already re-encoded on upload). A page is
drawn inside a bounded box whatever size it claims (a 336-byte PDF with a page 1 point
wide and 200,000 tall asked for 735 MB), and nothing is drawn of a document that the
antivirus has not cleared."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from django.conf import settings

from sejour.dossiers.models import DossierDocument
from sejour.dossiers.pdf_inspect import POINTS_PER_CM
from sejour.dossiers.uploads import CLEAN, PDF

WIDTH = 1000  # pixels: legible on a desktop screen, light enough for the queue's pace
MAX_HEIGHT = 3000  # pixels: a long page is drawn smaller rather than taller


def _pdf(document: DossierDocument) -> pdfium.PdfDocument | None:
    """The PDF, or None when pdfium cannot read it (the original stays downloadable)."""
    if not _cleared(document):
        return None
    with document.file.open("rb") as stored:
        data = stored.read()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None


def _cleared(document: DossierDocument) -> bool:
    return document.scan == CLEAN and document.purged_at is None


def scale_for(width: float, height: float) -> float | None:
    """The scale that fits a page of width × height points into WIDTH × MAX_HEIGHT pixels;
    None for a page no upload would accept (stored before the check, or forged)."""
    limit = settings.UPLOAD_MAX_PDF_PAGE_CM * POINTS_PER_CM
    if not (0 < width <= limit and 0 < height <= limit):
        return None
    scale = min(WIDTH / width, MAX_HEIGHT / height)
    return scale if width * scale >= 1 and height * scale >= 1 else None


def page_count(document: DossierDocument) -> int:
    if document.content_type != PDF:
        return 1 if _cleared(document) else 0
    pdf = _pdf(document)
    if pdf is None:
        return 0
    try:
        return len(pdf) if len(pdf) <= settings.UPLOAD_MAX_PDF_PAGES else 0  # not drawn
    finally:
        pdf.close()


def page_image(document: DossierDocument, index: int) -> tuple[bytes, str] | None:
    """One page as an image (bytes, content type); None when there is no such page."""
    if document.content_type != PDF:
        if index != 0 or not _cleared(document):
            return None
        with document.file.open("rb") as stored:
            return stored.read(), document.content_type
    pdf = _pdf(document)
    if pdf is None:
        return None
    try:
        if not 0 <= index < len(pdf):
            return None
        if len(pdf) > settings.UPLOAD_MAX_PDF_PAGES:
            return None
        page = pdf[index]
        scale = scale_for(page.get_width(), page.get_height())
        if scale is None:
            return None
        try:
            bitmap = page.render(scale=scale)
        except pdfium.PdfiumError:
            return None
        out = io.BytesIO()
        bitmap.to_pil().convert("RGB").save(out, format="JPEG", quality=80)
        return out.getvalue(), "image/jpeg"
    finally:
        pdf.close()
