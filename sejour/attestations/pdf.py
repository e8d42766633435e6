"""The attestation as a PDF, rendered from its record: French legal wording, the rights
in plain words, the holder's identity, a QR code and the code to check it."""

from __future__ import annotations

import io
from functools import cache

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF

from sejour.attestations.models import Attestation
from sejour.core.assets import pdf_fonts_dir

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


@cache
def _fonts() -> tuple[str, str]:
    folder = pdf_fonts_dir()
    regular, bold = folder / "Marianne-Regular.otf", folder / "Marianne-Bold.otf"
    if not regular.exists():
        raise RuntimeError(f"{regular} is missing: run `make setup` (manage.py build_assets)")
    return str(regular), str(bold)


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


def render(a: Attestation) -> bytes:
    regular, bold = _fonts()
    pdf = FPDF(format="A4")
    pdf.set_title(TITLES[a.kind].replace("\n", " "))
    pdf.set_author(a.prefecture_name or "Préfecture")
    pdf.set_creation_date(a.created_at)
    pdf.add_font("Marianne", "", regular)
    pdf.add_font("Marianne", "B", bold)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font("Marianne", "B", 11)
    pdf.multi_cell(0, 5, "RÉPUBLIQUE\nFRANÇAISE", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 9)
    pdf.multi_cell(0, 5, "Liberté\nÉgalité\nFraternité", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Marianne", "B", 10)
    pdf.cell(0, 6, a.prefecture_name or "Préfecture", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*BLUE)
    pdf.set_font("Marianne", "B", 15)
    pdf.multi_cell(0, 7, TITLES[a.kind], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("Marianne", "", 10)
    pdf.cell(
        0, 6, f"N° {a.number} — délivrée le {_day(a.issued_on)}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    for paragraph in legal_text(a):
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    pdf.set_font("Marianne", "B", 11)
    pdf.cell(0, 7, "Titulaire", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 10)
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
    pdf.set_font("Marianne", "B", 11)
    pdf.cell(0, 7, "Vos droits, en clair", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 10)
    for line in rights(a):
        pdf.multi_cell(0, 5.5, "• " + line, new_x="LMARGIN", new_y="NEXT")

    url = verify_url(a)
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=4, border=2)
    image.seek(0)
    top = pdf.get_y() + 6
    pdf.image(image, x=18, y=top, w=34, h=34)
    pdf.set_xy(58, top + 4)
    pdf.set_font("Marianne", "B", 10)
    pdf.cell(0, 6, "Vérifier cette attestation", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(58)
    pdf.set_font("Marianne", "", 10)
    pdf.multi_cell(
        0,
        5.5,
        f"Scannez le code ou saisissez le code {a.code}\nsur {url.split('/verifier/')[0]}/verifier/",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
