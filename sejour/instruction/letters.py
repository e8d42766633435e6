"""The refusal decision letter as a PDF, rendered from the dossier's recorded decision:
who decided, when, the reasons as the agent wrote them, and the ways to contest it.

The letter is an administrative act: it is written in French; a last page explains it
in the applicant's language (attestations/explain.py)."""

from __future__ import annotations

from django.utils import timezone, translation
from fpdf import FPDF

from sejour.attestations import explain
from sejour.attestations.pdf import BLUE, _day, _lines
from sejour.dossiers.models import Dossier

APPEALS = [
    "Vous pouvez contester cette décision dans un délai de deux mois à compter de sa "
    "notification :",
    "• par un recours gracieux adressé au préfet qui l’a prise ;",
    "• par un recours hiérarchique adressé au ministre de l’Intérieur ;",
    "• par un recours contentieux devant le tribunal administratif dont dépend la "
    "préfecture (articles R. 421-1 et suivants du code de justice administrative), "
    "y compris par l’application Télérecours citoyens (www.telerecours.fr).",
    "Un recours gracieux ou hiérarchique prolonge le délai du recours contentieux. "
    "Une association ou un avocat peut vous aider ; l’aide juridictionnelle peut prendre "
    "en charge les frais d’avocat.",
]


def _safe(text: str) -> str:
    """What the standard font can print (Windows-1252); anything else becomes '?'."""
    return text.encode("cp1252", "replace").decode("cp1252")


def render_refusal(dossier: Dossier, lang: str = "fr") -> bytes:
    """The French act; for another language, a page after it explaining it in `lang`."""
    # The act is French whatever the page's language (labels such as the procedure's are
    # translated lazily: in Arabic they had no glyphs in Helvetica, a 500).
    with translation.override("fr"):
        pdf = _act(dossier)
    explain.refusal_page(
        pdf, lang, reference=dossier.reference, reasons=(dossier.decision or {}).get("reasons", "")
    )
    return bytes(pdf.output())


def _act(dossier: Dossier) -> FPDF:
    decision = dossier.decision or {}
    if decision.get("outcome") != "refused":
        raise ValueError("only a refused dossier has a refusal letter")
    snapshot = dossier.snapshot or {}
    address = snapshot.get("address") or {}
    prefecture = dossier.prefecture.name if dossier.prefecture else "Préfecture"
    decided = timezone.localtime(dossier.decided_at).date() if dossier.decided_at else None

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(f"Décision de refus de titre de séjour — {dossier.reference}")
    pdf.set_author(prefecture)
    if dossier.decided_at:
        pdf.set_creation_date(dossier.decided_at)
    pdf.set_margins(20, 16, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    _lines(pdf, 5, "RÉPUBLIQUE", "FRANÇAISE")
    pdf.set_font("Helvetica", "", 9)
    _lines(pdf, 5, "Liberté", "Égalité", "Fraternité")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    _lines(pdf, 6, prefecture)
    if dossier.prefecture:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(80, 4.5, dossier.prefecture.address, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    recipient = [dossier.holder_name or dossier.applicant.get_full_name()]
    recipient += [
        address.get("street", ""),
        f"{address.get('postal_code', '')} {address.get('city', '')}",
    ]
    for line in filter(str.strip, recipient):
        pdf.set_x(115)
        pdf.cell(0, 5, _safe(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 5, f"Le {_day(decided)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(*BLUE)
    pdf.set_font("Helvetica", "B", 14)
    _lines(pdf, 7, "Décision de refus de titre de séjour")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        ("Dossier", dossier.reference),
        ("Démarche", str(Dossier.Procedure(dossier.procedure).label)),
        ("Numéro étranger", dossier.applicant.foreign_number or "—"),
        (
            "Demande déposée le",
            _day(timezone.localtime(dossier.submitted_at).date() if dossier.submitted_at else None),
        ),
    ):
        pdf.cell(45, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(
        0,
        5.5,
        "Après examen de votre demande, le préfet refuse de vous délivrer le titre de "
        "séjour demandé, pour les motifs suivants :",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_fill_color(240, 240, 245)
    pdf.multi_cell(
        0, 5.5, _safe(decision.get("reasons", "")), fill=True, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    _lines(pdf, 7, "Voies et délais de recours")
    pdf.set_font("Helvetica", "", 10)
    for paragraph in APPEALS:
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(4)
    agent = decision.get("agent_name") or ""
    pdf.cell(0, 5, _safe(f"Pour le préfet, {agent}".rstrip(", ")), new_x="LMARGIN", new_y="NEXT")
    return pdf
