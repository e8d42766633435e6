"""The attestation as a PDF, rendered from its record: French legal wording, the rights
in plain words, the holder's identity, a QR code and the code to check it."""

from __future__ import annotations

from functools import lru_cache

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF

from sejour.attestations.models import Attestation

BLUE = (0, 0, 145)
TITLES = {
    Attestation.Kind.PROLONGATION: "Attestation de prolongation d’instruction\nd’une demande de titre de séjour",
    Attestation.Kind.CONFIRMATION: "Attestation de confirmation de dépôt\nd’une demande de titre de séjour",
}


def verify_url(attestation: Attestation) -> str:
    with translation.override("fr"):
        path = reverse("attestations:verify", args=[attestation.code])
    return settings.SEJOUR_SITE_URL + path


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def legal_text(a: Attestation) -> list[str]:
    if a.kind == Attestation.Kind.CONFIRMATION:
        return [
            "Le préfet atteste que la demande de titre de séjour de la personne désignée "
            "ci-dessous a été déposée par voie dématérialisée et transmise aux services "
            "préfectoraux compétents (article R. 431-15-1 du code de l’entrée et du séjour "
            "des étrangers et du droit d’asile).",
            "La présente attestation est la preuve de la réception de la demande. Elle ne "
            "vaut pas titre de séjour.",
        ]
    article = "R. 431-15-1" if a.valid_only_with_previous_card else "R. 431-15-3"
    return [
        "Le préfet atteste que la demande de titre de séjour de la personne désignée "
        "ci-dessous est en cours d’instruction (article " + article + " du code de "
        "l’entrée et du séjour des étrangers et du droit d’asile).",
        f"La présente attestation justifie de la régularité du séjour de son titulaire "
        f"jusqu’au {_day(a.valid_until)}.",
    ]


def rights(a: Attestation) -> list[str]:
    lines = []
    if a.allows_work:
        lines.append("Vous pouvez travailler (activité salariée ou non salariée).")
    if a.kind == Attestation.Kind.PROLONGATION:
        if a.allows_schengen_travel:
            lines.append("Vous pouvez franchir les frontières de l’espace Schengen sans visa.")
        else:
            lines.append("Elle ne vous permet pas de franchir les frontières de l’espace Schengen.")
    if a.valid_only_with_previous_card:
        lines.append("Elle n’est valable qu’accompagnée du titre de séjour précédent, même expiré.")
    if a.keeps_previous_rights:
        lines.append("Elle maintient tous les droits ouverts par le titre de séjour précédent.")
    if a.renewable:
        lines.append("Elle est renouvelée tant que la demande est à l’étude.")
    if a.kind == Attestation.Kind.CONFIRMATION:
        lines.append("Gardez-la : elle prouve la date de votre demande.")
    return lines


def _lines(pdf: FPDF, height: float, *lines: str) -> None:
    """Short lines, one cell each (multi_cell's line breaking is the slow part)."""
    for line in lines:
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _new_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    # The standard Helvetica in Windows-1252 covers French (’ « » œ — €) and needs no
    # embedding: rendering takes a few milliseconds instead of ~50 with an embedded font.
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(18, 16, 18)
    return pdf


@lru_cache(maxsize=512)
def _wrapped(text: str, style: str, size: float) -> tuple[str, ...]:
    """The paragraph's lines at the page's full width, broken once per distinct text.

    Line breaking is most of a paragraph's cost and the legal paragraphs hardly vary
    (per kind and date), so each is measured once per process. Lines are drawn flush
    left, not justified: justified text is harder to read (WCAG 1.4.8)."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", style, size)
    lines = pdf.multi_cell(0, 1, text, align="L", dry_run=True, output="LINES")
    # fpdf2 returns the lines as it encoded them for the core font: back to text.
    return tuple(line.encode("latin-1").decode(pdf.core_fonts_encoding) for line in lines)


def _paragraph(pdf: FPDF, height: float, text: str) -> None:
    _lines(pdf, height, *_wrapped(text, pdf.font_style, pdf.font_size_pt))


def _qr(pdf: FPDF, text: str, *, x: float, y: float, size: float) -> None:
    """The QR code drawn as vector rectangles (a run of dark modules per rectangle)."""
    matrix = segno.make(text, error="m", mask=0).matrix  # a fixed mask: no search
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        start = None
        for col_index, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                pdf.rect(
                    x + start * module,
                    y + row_index * module,
                    (col_index - start) * module,
                    module,
                    style="F",
                )
                start = None


def render(a: Attestation, lang: str = "fr") -> bytes:
    pdf = _new_pdf()
    pdf.set_title(TITLES[a.kind].replace("\n", " "))
    pdf.set_author(a.prefecture_name or "Préfecture")
    pdf.set_creation_date(a.created_at)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    _lines(pdf, 5, "RÉPUBLIQUE", "FRANÇAISE")
    pdf.set_font("Helvetica", "", 9)
    _lines(pdf, 5, "Liberté", "Égalité", "Fraternité")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, a.prefecture_name or "Préfecture", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*BLUE)
    pdf.set_font("Helvetica", "B", 15)
    _lines(pdf, 7, *TITLES[a.kind].split("\n"))
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0, 6, f"N° {a.number} — délivrée le {_day(a.issued_on)}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    for paragraph in legal_text(a):
        _paragraph(pdf, 5.5, paragraph)
        pdf.ln(2)

    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Titulaire", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        ("Nom", a.holder_last_name),
        ("Prénoms", a.holder_first_names),
        ("Date de naissance", _day(a.holder_birth_date)),
        ("Numéro étranger", a.holder_foreign_number or "—"),
        ("Dossier", a.dossier.reference),
        (
            "Valable jusqu’au",
            _day(a.valid_until) if a.valid_until else "sans limite (preuve de dépôt)",
        ),
    ):
        pdf.cell(45, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Vos droits, en clair", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in rights(a):
        _lines(pdf, 5.5, "• " + line)

    url = verify_url(a)
    top = pdf.get_y() + 6
    _qr(pdf, url, x=18, y=top, size=34)
    pdf.set_xy(58, top + 4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Vérifier cette attestation", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(58)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0, 5.5, f"Scannez le code ou saisissez le code {a.code}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(58)
    pdf.cell(0, 5.5, f"sur {url.split('/verifier/')[0]}/verifier/", new_x="LMARGIN", new_y="NEXT")
    from sejour.attestations import explain  # the page in the holder's language, if not French

    explain.attestation_page(pdf, lang, a, rights(a))
    return bytes(pdf.output())
