"""The procedures the applicant can file online, as data: what the deposit wizard asks
at its "situation" step and says on its first page. Everything else (steps, documents,
e-photo, summary, deposit, attestation) is the same machinery for all of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from sejour.core.legal_texts import law, months, with_law, work_ages
from sejour.dossiers import forms
from sejour.dossiers.models import Dossier

P = Dossier.Procedure


@dataclass(frozen=True)
class Kind:
    slug: str
    procedure: str
    title: Promise
    prepare: Promise
    situation_form: type
    for_child: Promise | None = None  # a parent may file it for their child


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind(
            "premier-titre",
            P.FIRST_PERMIT,
            _("Demander une première carte de séjour"),
            with_law(
                lambda: (
                    gettext(
                        "Préparez : la décision de l'OFPRA ou de la CNDA, un justificatif de domicile de moins de %(age)s, un code e-photo."
                    )
                    % {"age": months(law("documents.proof_of_address_months"))}
                )
            ),
            forms.SituationStepForm,
            with_law(
                lambda: (
                    ngettext(
                        "Pour mon enfant de %(youngest)s ou %(oldest)s an (une demande par enfant)",
                        "Pour mon enfant de %(youngest)s ou %(oldest)s ans (une demande par enfant)",
                        work_ages()["oldest"],
                    )
                    % work_ages()
                )
            ),
        ),
        Kind(
            "renouvellement",
            P.RENEWAL,
            _("Renouveler ma carte de séjour"),
            with_law(
                lambda: (
                    ngettext(
                        "Préparez : votre carte actuelle, un justificatif de domicile de moins de %(age)s, un code e-photo. La demande se fait entre %(opens)s et %(closes)s jour avant la fin de validité de la carte.",
                        "Préparez : votre carte actuelle, un justificatif de domicile de moins de %(age)s, un code e-photo. La demande se fait entre %(opens)s et %(closes)s jours avant la fin de validité de la carte.",
                        law("deadlines.renewal_closes_days"),
                    )
                    % {
                        "age": months(law("documents.proof_of_address_months")),
                        "opens": law("deadlines.renewal_opens_days"),
                        "closes": law("deadlines.renewal_closes_days"),
                    }
                )
            ),
            forms.RenewalSituationForm,
        ),
        Kind(
            "titre-de-voyage",
            P.TRAVEL_DOCUMENT,
            _("Demander un titre de voyage"),
            with_law(
                lambda: (
                    gettext(
                        "Préparez : votre carte de séjour, la preuve de votre protection, un justificatif de domicile de moins de %(age)s, deux photos et un code e-photo."
                    )
                    % {"age": months(law("documents.proof_of_address_travel_months"))}
                )
            ),
            forms.TravelSituationForm,
            _("Pour mon enfant mineur (une demande par enfant)"),
        ),
        Kind(
            "duplicata",
            P.DUPLICATE,
            _("Déclarer la perte ou le vol de ma carte et demander un duplicata"),
            _(
                "Préparez : la déclaration de perte (ou le récépissé de plainte pour un vol) et un code e-photo. Le duplicata garde la fin de validité de la carte perdue."
            ),
            forms.DuplicateSituationForm,
        ),
        Kind(
            "etat-civil",
            P.CHANGE,
            _("Déclarer un changement d'état civil"),
            _(
                "Mariage, divorce, naissance, changement de nom : votre profil change quand la préfecture a accepté le changement."
            ),
            forms.CivilStatusChangeForm,
        ),
    )
}
BY_PROCEDURE = {k.procedure: k for k in KINDS.values()}


def kind_of(dossier: Dossier) -> Kind:
    return BY_PROCEDURE[dossier.procedure]


def kind_for(procedure: str) -> Kind | None:
    """The request to start for a procedure the simulator assessed, if it is filed here."""
    return next((k for k in KINDS.values() if k.procedure == procedure), None)
