"""The procedures the applicant can file online, as data: what the deposit wizard asks
at its "situation" step and says on its first page. Everything else (steps, documents,
e-photo, summary, deposit, attestation) is the same machinery for all of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
            _(
                "Préparez : la décision de l'OFPRA ou de la CNDA, un justificatif de domicile de moins de 6 mois, un code e-photo."
            ),
            forms.SituationStepForm,
            _("Pour mon enfant de 16 ou 17 ans (une demande par enfant)"),
        ),
        Kind(
            "renouvellement",
            P.RENEWAL,
            _("Renouveler ma carte de séjour"),
            _(
                "Préparez : votre carte actuelle, un justificatif de domicile de moins de 6 mois, un code e-photo. La demande se fait du 120e au 60e jour avant la fin de validité de la carte."
            ),
            forms.RenewalSituationForm,
        ),
        Kind(
            "titre-de-voyage",
            P.TRAVEL_DOCUMENT,
            _("Demander un titre de voyage"),
            _(
                "Préparez : votre carte de séjour, la preuve de votre protection, un justificatif de domicile de moins de 3 mois, deux photos et un code e-photo."
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
