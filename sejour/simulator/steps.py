"""The simulator's questions: one topic per screen, each asked only when it applies.

Answers travel in the URL (no personal data is stored on the server): each field's
name is its key in the query string. `applies` reads raw answers and never trusts
them: a tampered value simply makes the owning step invalid, and the visitor is sent
back to it with a message that says what to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from sejour.core.legal_texts import card_with_validity, law, with_law, years
from sejour.rules import age_band, param
from sejour.rules.parameters import earliest_start
from sejour.rules.situation import EARLIEST, LATEST
from sejour.simulator.fields import DayField, choice, flag

Answers = Mapping[str, str]

PROCEDURES = [
    ("first_permit", _("Demander ma première carte de séjour")),
    ("renewal", _("Renouveler ma carte de séjour")),
    ("travel_document", _("Demander un titre de voyage")),
    ("duplicate", _("Remplacer une carte perdue ou volée (duplicata)")),
    ("change_of_situation", _("Déclarer un changement d'adresse, de coordonnées ou d'état civil")),
    ("family_reunification", _("Faire venir un membre de ma famille qui vit à l'étranger")),
]
ROLES = [
    ("protected", _("J'ai obtenu une protection (réfugié, protection subsidiaire ou apatride)")),
    ("family_member", _("Je suis membre de la famille d'une personne protégée")),
]
STATUSES = [
    ("refugee", _("Statut de réfugié")),
    ("subsidiary", _("Protection subsidiaire")),
    ("stateless", _("Statut d'apatride")),
]
RELATIONS = [
    ("spouse", _("Conjoint ou conjointe (mariage)")),
    ("civil_partner", _("Partenaire d'union civile (PACS)")),
    ("cohabitant", _("Concubin ou concubine (vie commune sans mariage)")),
    ("child", _("Enfant")),
    ("parent", _("Père ou mère d'un enfant mineur protégé")),
    ("minor_sibling", _("Frère ou sœur mineur d'un enfant mineur protégé")),
]
MARITAL = [
    ("single", _("Célibataire")),
    ("married", _("Marié ou mariée")),
    ("civil_union", _("Pacsé ou pacsée")),
    ("cohabiting", _("En concubinage")),
    ("widowed", _("Veuf ou veuve")),
    ("divorced", _("Divorcé ou divorcée")),
]
DOCUMENTS = [
    ("aucun", _("Aucun de ces documents")),
    ("attestation_demande_asile", _("Attestation de demande d'asile")),
    ("recepisse", _("Récépissé de demande de titre de séjour")),
    ("attestation_prolongation_instruction", _("Attestation de prolongation d'instruction")),
    ("visa_long_sejour", _("Visa de long séjour")),
    *(
        (kind, with_law(lambda label=label, kind=kind: card_with_validity(str(label), kind)))
        for kind, label in (
            ("carte_sejour_temporaire", _("Carte de séjour temporaire")),
            ("carte_pluriannuelle", _("Carte de séjour pluriannuelle")),
            ("carte_resident", _("Carte de résident")),
        )
    ),
]
MENTIONS = [
    ("", _("Aucune de ces mentions")),
    ("reconnu_refugie", _("« reconnu réfugié »")),
    ("protection_subsidiaire", _("« a obtenu le bénéfice de la protection subsidiaire »")),
    ("membre_famille", _("« membre de famille »")),
]
NUMBERS = [
    ("etranger", _("J'ai un numéro étranger (10 chiffres)")),
    ("visa", _("J'ai un numéro de visa de long séjour")),
    ("aucun", _("Je n'ai ni l'un ni l'autre")),
]
YES_NO = [("oui", _("Oui")), ("non", _("Non"))]
CARDS = ("carte_resident", "carte_pluriannuelle", "carte_sejour_temporaire")


# --- reading raw answers (never trusted) --------------------------------------------------


def procedure(a: Answers) -> str:
    return a.get("demarche", "")


def is_family(a: Answers) -> bool:
    return procedure(a) == "family_reunification" or a.get("role") == "family_member"


def birth_date(a: Answers) -> date | None:
    try:
        return date.fromisoformat(a.get("naissance", ""))
    except ValueError:
        return None


def deposit_date(a: Answers) -> date:
    """The day the request is (or would be) deposited: ages and the law are read on it
    (rules.md `applied_on`); today unless the visitor gave it."""
    try:
        day = date.fromisoformat(a.get("depot", ""))
    except ValueError:
        return date.today()
    # A day before the law has values cannot be read: its step says what to fix.
    return day if EARLIEST <= day <= LATEST and day >= earliest_start() else date.today()


def _band_on_deposit(a: Answers) -> str | None:
    born, on = birth_date(a), deposit_date(a)
    return age_band(born, on=on) if born and born <= on else None


# --- the forms ------------------------------------------------------------------------------


class StepForm(DsfrBaseForm):
    def __init__(self, *args, answers: Answers, **kwargs):
        self.answers = answers
        super().__init__(*args, **kwargs)

    def serialized(self) -> dict[str, str]:
        """The cleaned answers as they go in the URL."""
        out: dict[str, str] = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, date):
                out[name] = value.isoformat()
            elif isinstance(value, bool):
                if value:
                    out[name] = "1"
            elif value not in (None, ""):
                out[name] = str(value)
        return out


class ProcedureForm(StepForm):
    demarche = choice(_("Que voulez-vous faire ?"), PROCEDURES)


class RoleForm(StepForm):
    role = choice(_("Qui a obtenu la protection ?"), ROLES)


class StatusForm(StepForm):
    statut = choice(_("Quelle protection l'OFPRA ou la CNDA a-t-elle accordée ?"), STATUSES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if is_family(self.answers):
            self.fields["statut"].label = _(
                "Quelle protection la personne de votre famille a-t-elle obtenue ?"
            )


class ProtectionDatesForm(StepForm):
    decision = DayField(
        label=_("Date de la décision de protection (OFPRA ou CNDA)"), required=False
    )
    asile = DayField(label=_("Date d'introduction de la demande d'asile"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = is_family(self.answers)
        self.fields["decision"].required = (
            not family or procedure(self.answers) == "family_reunification"
        )
        self.fields["asile"].required = family
        if family:
            self.fields["decision"].label = _(
                "Date de la décision de protection de la personne protégée"
            )
            self.fields["asile"].label = _(
                "Date de sa demande d'asile (elle figure sur l'attestation de demande d'asile)"
            )

    def clean(self):
        data = super().clean()
        decision, asylum = data.get("decision"), data.get("asile")
        if decision and asylum and asylum > decision:
            self.add_error(
                "asile",
                _("La demande d'asile précède toujours la décision : vérifiez les deux dates."),
            )
        return data


class RelationForm(StepForm):
    lien = choice(_("Quel est votre lien avec la personne protégée ?"), RELATIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if procedure(self.answers) == "family_reunification":
            self.fields["lien"].label = _(
                "Quel est le lien de la personne qui veut vous rejoindre avec vous ?"
            )


class LinkDetailsForm(StepForm):
    """The facts the family conditions read, for this relation only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relation = self.answers.get("lien")
        reunification = procedure(self.answers) == "family_reunification"
        fields = self.fields
        if relation in ("spouse", "civil_partner"):
            fields["union"] = DayField(label=_("Date du mariage ou de l'union civile"))
            if not reunification:  # only a later union's route reads it (FAM-SPOUSE)
                fields["communaute"] = flag(_("Le couple vit ensemble (communauté de vie)"))
        elif relation == "cohabitant":
            fields["vie_commune"] = DayField(label=_("Depuis quand le couple vit-il ensemble ?"))
            fields["communaute"] = flag(_("La vie commune est stable et continue"))
        elif relation in ("parent", "minor_sibling"):
            fields["ne_parrain"] = DayField(label=_("Date de naissance de l'enfant protégé"))
            fields["etat_parrain"] = choice(_("Situation de l'enfant protégé"), MARITAL)
        if relation in ("child", "minor_sibling"):
            fields["marie"] = flag(_("Cet enfant est marié"))
        if reunification:
            fields["declare"] = flag(
                _("Ce membre de la famille a été déclaré dans la demande d'asile")
            )
        else:
            fields["reunif"] = flag(_("Je suis entré en France par la réunification familiale"))


class BirthForm(StepForm):
    naissance = DayField(label=_("Votre date de naissance"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if procedure(self.answers) == "family_reunification":
            self.fields["naissance"].label = _(
                "Date de naissance de la personne qui veut vous rejoindre"
            )


class DepositDateForm(StepForm):
    """`applied_on`: the ages and the law the rules read are those of this day."""

    depot = DayField(
        label=_("À quelle date pensez-vous demander le renouvellement ?"),
        required=False,
        not_after_today=False,
        help_text=_("Laissez vide pour aujourd'hui. Format : JJ/MM/AAAA"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if procedure(self.answers) == "family_reunification":
            self.fields["depot"].label = _(
                "Date de la demande de réunification familiale (déposée ou prévue)"
            )

    def clean_depot(self):
        day = self.cleaned_data.get("depot")
        if day and procedure(self.answers) == "renewal" and day < date.today():
            raise forms.ValidationError(
                _("Cette date est passée : indiquez aujourd'hui ou une date à venir.")
            )
        return day


class WorkForm(StepForm):
    travail = choice(_("Voulez-vous travailler ?"), YES_NO)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        on = deposit_date(self.answers)  # the ages of the law in force that day
        oldest = param("ages.majority", on) - 1
        self.fields["travail"].help_text = ngettext(
            "À %(youngest)s ou %(oldest)s an, une carte de séjour n'est demandée que pour travailler.",
            "À %(youngest)s ou %(oldest)s ans, une carte de séjour n'est demandée que pour travailler.",
            oldest,
        ) % {"youngest": param("ages.work_from", on), "oldest": oldest}


class CivilStatusForm(StepForm):
    etat_civil = choice(_("Votre situation de famille"), MARITAL)
    polygamie = flag(_("Je suis marié et la loi de mon pays autorise la polygamie"))


class DocumentForm(StepForm):
    document = choice(_("Quel document de séjour avez-vous aujourd'hui ?"), DOCUMENTS)
    mention = forms.ChoiceField(
        label=_("Mention portée sur le récépissé"),
        choices=MENTIONS,
        required=False,
        widget=forms.RadioSelect,
    )
    debut = DayField(label=_("Début de validité du document"), required=False)
    fin = DayField(label=_("Fin de validité du document"), required=False, not_after_today=False)
    residence = DayField(
        label=_("Depuis quand résidez-vous régulièrement en France ?"),
        required=False,
        help_text=with_law(
            lambda: (
                gettext(
                    "Facultatif : utile pour obtenir la carte de résident après %(after)s. Format : JJ/MM/AAAA"
                )
                % {"after": years(law("cards.resident_after_years"))}
            )
        ),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("document")
        needs_card = procedure(self.answers) in ("renewal", "duplicate")
        if needs_card and kind not in CARDS:
            self.add_error("document", _("Choisissez la carte de séjour que vous avez."))
        if needs_card and not data.get("fin") and "fin" not in self.errors:
            self.add_error("fin", _("Indiquez la date de fin de validité de votre carte."))
        start, end = data.get("debut"), data.get("fin")
        if start and end and start > end:
            self.add_error(
                "fin", _("La fin de validité doit venir après le début : vérifiez les deux dates.")
            )
        return data


class NumbersForm(StepForm):
    numero = choice(
        _("Avez-vous un numéro étranger ou un numéro de visa ?"),
        NUMBERS,
        help_text=_(
            "Le numéro étranger figure sur l'attestation de demande d'asile ou sur un titre de séjour."
        ),
    )


# --- the sequence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[StepForm]
    applies: Callable[[Answers], bool]
    title: str

    def fields(self, answers: Answers) -> list[str]:
        return list(self.form_class(answers=answers).fields)


def _first_or_reunif(a: Answers) -> bool:
    return procedure(a) in ("first_permit", "family_reunification")


def _needs_work_question(a: Answers) -> bool:
    # CH-MINOR reads wants_to_work at 16-17, on a first request and on a renewal alike
    # (a temporary card renewed at 16-17 follows the first-permit rules).
    return procedure(a) in ("first_permit", "renewal") and _band_on_deposit(a) == "may_work"


STEPS: list[Step] = [
    Step("demarche", ProcedureForm, lambda a: True, _("Votre démarche")),
    Step(
        "personne", RoleForm, lambda a: procedure(a) != "family_reunification", _("Qui est protégé")
    ),
    Step("protection", StatusForm, lambda a: True, _("La protection")),
    Step(
        "dates-protection", ProtectionDatesForm, _first_or_reunif, _("Les dates de la protection")
    ),
    Step(
        "lien", RelationForm, lambda a: is_family(a) and _first_or_reunif(a), _("Le lien familial")
    ),
    Step(
        "details-lien",
        LinkDetailsForm,
        lambda a: is_family(a) and _first_or_reunif(a),
        _("Le lien familial en détail"),
    ),
    Step(
        "date-demande",
        DepositDateForm,
        lambda a: procedure(a) in ("renewal", "family_reunification"),
        _("La date de la demande"),
    ),
    Step("naissance", BirthForm, lambda a: True, _("L'âge")),
    Step("travail", WorkForm, _needs_work_question, _("Le travail")),
    Step(
        "etat-civil",
        CivilStatusForm,
        lambda a: procedure(a) == "first_permit",  # no renewal rule reads it
        _("La situation de famille"),
    ),
    Step(
        "document",
        DocumentForm,
        lambda a: procedure(a) in ("first_permit", "renewal", "duplicate", "travel_document"),
        _("Votre document actuel"),
    ),
    Step(
        "numeros",
        NumbersForm,
        lambda a: procedure(a) == "first_permit" and is_family(a),
        _("Vos numéros"),
    ),
]
BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]
