"""A page, appended to a French legal act (the attestation, the refusal letter), that
explains it in the applicant's language. The act itself stays French; this page says so.

Arabic needs glyphs the PDF core fonts lack and shaping (joined letters, right to left):
a subset of DejaVu Sans (fonts/, Debian's fonts-dejavu-core, free licence) is embedded
and fpdf2 shapes the text with HarfBuzz (uharfbuzz)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from fpdf import FPDF

FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Arabic.ttf"
FAMILY = "sejour-explain"

# The attestation's rights (attestations/pdf.py `rights`), French msgids translated here.
RIGHTS = (
    gettext_noop("Vous pouvez travailler (activité salariée ou non salariée)."),
    gettext_noop("Vous pouvez franchir les frontières de l’espace Schengen sans visa."),
    gettext_noop("Elle ne vous permet pas de franchir les frontières de l’espace Schengen."),
    gettext_noop("Elle n’est valable qu’accompagnée du titre de séjour précédent, même expiré."),
    gettext_noop("Elle maintient tous les droits ouverts par le titre de séjour précédent."),
    gettext_noop("Elle est renouvelée tant que la demande est à l’étude."),
    gettext_noop("Gardez-la : elle prouve la date de votre demande."),
)


def _direction(text: str, default: str) -> str:
    """The direction of a text quoted as written (an agent's reasons): its first letter's."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default


def add_page(
    pdf: FPDF, lang: str, title: str, paragraphs: list[str], verbatim: frozenset[int] = frozenset()
) -> None:
    """Append the explanation page in `lang` (nothing for French, the act's language);
    paragraphs whose index is in `verbatim` keep their own direction."""
    if lang == settings.LANGUAGE_CODE:
        return
    rtl = lang in settings.LANGUAGES_BIDI
    if FAMILY not in pdf.fonts:
        pdf.add_font(FAMILY, "", str(FONT))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 14)
    pdf.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script="arab" if rtl else "latn",
        language="ara" if rtl else "eng",
    )
    align = "R" if rtl else "L"
    pdf.multi_cell(0, 8, title, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 11)
    page = "rtl" if rtl else "ltr"
    for index, paragraph in enumerate(paragraphs):
        direction = _direction(paragraph, page) if index in verbatim else page
        pdf.set_text_shaping(
            use_shaping_engine=True, direction=direction, script="arab" if rtl else "latn"
        )
        align = "R" if direction == "rtl" else "L"
        pdf.multi_cell(0, 6.5, paragraph, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_text_shaping(False)


def _intro(what: str) -> str:
    return _(
        "Ce document est %(what)s. Il est rédigé en français, la langue des actes "
        "administratifs ; cette page l'explique dans votre langue et n'a pas de valeur "
        "juridique : en cas de doute, c'est le texte en français qui compte."
    ) % {"what": what}


def refusal_page(pdf: FPDF, lang: str, *, reference: str, reasons: str) -> None:
    if lang == settings.LANGUAGE_CODE:
        return
    with translation.override(lang):
        add_page(
            pdf,
            lang,
            _("Votre décision expliquée"),
            [
                _intro(
                    _("la décision de la préfecture sur votre demande %(reference)s")
                    % {"reference": reference}
                ),
                _(
                    "La préfecture a refusé de vous délivrer le titre de séjour demandé. "
                    "Voici les motifs, tels que l'agent les a écrits :"
                ),
                reasons or "—",
                _(
                    "Vous pouvez contester cette décision : par un recours gracieux auprès "
                    "du préfet, par un recours hiérarchique auprès du ministre de "
                    "l'Intérieur, ou devant le tribunal administratif. Le délai est indiqué "
                    "sur la décision : ne le laissez pas passer."
                ),
                _(
                    "Une association ou un avocat peut vous aider ; l'aide juridictionnelle "
                    "peut prendre en charge les frais d'avocat."
                ),
            ],
            verbatim=frozenset({2}),
        )


def attestation_page(pdf: FPDF, lang: str, attestation, french_rights: list[str]) -> None:
    if lang == settings.LANGUAGE_CODE:
        return
    day = attestation.valid_until.strftime("%d/%m/%Y") if attestation.valid_until else None
    with translation.override(lang):
        kind = str(attestation.get_kind_display())
        paragraphs = [_intro(kind)]
        if day:
            paragraphs.append(_("Elle est valable jusqu'au %(date)s.") % {"date": day})
        else:
            paragraphs.append(_("Elle n'a pas de date de fin : c'est la preuve de votre dépôt."))
        paragraphs += ["• " + _(line) for line in french_rights]
        paragraphs.append(
            _("Toute personne peut la vérifier avec le code %(code)s.") % {"code": attestation.code}
        )
        add_page(pdf, lang, _("Votre attestation expliquée"), paragraphs)
