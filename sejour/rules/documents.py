"""The documents to provide, from the vocabulary of rules.md (002 "Pièces à fournir",
"Documents à fournir"; 000 Q19, Q22–Q23; service-public F21032)."""

from __future__ import annotations

from sejour.rules.assessment import Document
from sejour.rules.context import Facts
from sejour.rules.vocabulary import CARD_KINDS


def _non_polygamy(f: Facts) -> list[Document]:
    person = f.s.person
    if person.marital_status == "married" and person.polygamy_allowed_by_nationality:
        return [Document("declaration_non_polygamie")]
    return []


def _ephoto(online: bool) -> list[Document]:
    return [Document("ephoto")] if online else []


def _holds_card(f: Facts) -> bool:
    held = f.s.current_document
    return f.s.person.holds_residence_card or (held is not None and held.kind in CARD_KINDS)


def first_permit_documents(f: Facts, *, online: bool) -> list[Document]:
    """002 "Pièces à fournir – Vous" and "– Membre de votre famille"."""
    if not f.is_family:
        return [
            Document("etat_civil_ofpra", required=False, provided_by="OFPRA"),
            Document("decision_protection"),
            Document("justificatif_domicile"),
            *_ephoto(online),
            *_non_polygamy(f),
        ]
    docs = [] if _holds_card(f) else [Document("acte_naissance")]
    docs += [
        Document("passeport"),
        Document("justificatif_domicile"),
        *_ephoto(online),
        Document("decision_protection"),
        Document("justificatif_lien_familial"),
    ]
    if f.s.person.entered_via_family_reunification:
        docs.append(Document("certificat_medical_ofii"))
    return docs + _non_polygamy(f)


def renewal_documents(f: Facts, *, online: bool) -> list[Document]:
    """002 "Renouvellement"; the current card is returned at handover (000 Q39)."""
    return [
        Document("titre_sejour_actuel"),
        Document("justificatif_domicile"),
        *_ephoto(online),
        *_non_polygamy(f),
    ]


def travel_documents(f: Facts, *, online: bool) -> list[Document]:
    """002 "Titre de voyage – Documents à fournir": different for an adult and a minor;
    documents that depend on facts the situation does not hold are not required."""
    if f.is_minor:
        return [
            Document("ephoto"),
            Document("acte_naissance_filiation"),
            Document("justificatif_autorite_parentale"),
            Document("justificatif_domicile_mineur", required=False),
        ]
    return [
        Document("titre_sejour_actuel"),
        Document("photos_identite"),
        Document("justificatif_domicile_3_mois"),
        Document("preuve_protection"),
        Document("ancien_titre_voyage", required=False),
        *_ephoto(online),
    ]


def duplicate_documents(f: Facts, *, online: bool) -> list[Document]:
    """000 Q38; service-public F21032: a sworn statement of loss or a police report."""
    return [Document("declaration_perte"), *_ephoto(online)]
