"""The closed vocabularies of the rules contract (../shared/spec/rules.md).

Legal terms keep their French names as values (architecture.md, convention 8).
"""

from typing import Final, Literal

Procedure = Literal[
    "first_permit",
    "renewal",
    "travel_document",
    "duplicate",
    "change_of_situation",
    "family_reunification",
]
Role = Literal["protected", "family_member"]
MaritalStatus = Literal["single", "married", "civil_union", "cohabiting", "widowed", "divorced"]
ProtectionStatus = Literal["refugee", "subsidiary", "stateless"]
DecidedBy = Literal["OFPRA", "CNDA"]
Relation = Literal["spouse", "civil_partner", "cohabitant", "child", "parent", "minor_sibling"]
DocumentKind = Literal[
    "carte_resident",
    "carte_pluriannuelle",
    "carte_sejour_temporaire",
    "recepisse",
    "attestation_demande_asile",
    "visa_long_sejour",
    "attestation_prolongation_instruction",
]
Mention = Literal["reconnu_refugie", "protection_subsidiaire", "membre_famille"]
Lang = Literal["fr", "en", "ar"]

Channel = Literal["online", "prefecture", "not_needed", "not_eligible", "too_early", "consulate"]
CardKind = Literal["carte_resident", "carte_pluriannuelle", "carte_sejour_temporaire"]
AttestationKind = Literal["attestation_prolongation_instruction", "attestation_confirmation_depot"]
FeeCode = Literal["droit_timbre", "taxe_titre", "droit_visa_regularisation", "titre_voyage"]
FeeDue = Literal["card_handover", "deposit"]
RightCode = Literal[
    "work_without_authorisation",
    "republican_integration_contract",
    "end_of_asylum_allowance_and_housing",
    "schengen_travel",
]
DocumentCode = Literal[
    "etat_civil_ofpra",
    "decision_protection",
    "justificatif_domicile",
    "ephoto",
    "declaration_non_polygamie",
    "acte_naissance",
    "passeport",
    "justificatif_lien_familial",
    "certificat_medical_ofii",
    "titre_sejour_actuel",
    "photos_identite",
    "justificatif_domicile_3_mois",
    "preuve_protection",
    "ancien_titre_voyage",
    "acte_naissance_filiation",
    "justificatif_autorite_parentale",
    "justificatif_domicile_mineur",
    "declaration_perte",
]

CARD_KINDS: Final[frozenset[str]] = frozenset(
    {"carte_resident", "carte_pluriannuelle", "carte_sejour_temporaire"}
)
UNMARRIED: Final[frozenset[str]] = frozenset({"single", "widowed", "divorced"})
LANGS: Final[tuple[Lang, ...]] = ("fr", "en", "ar")
PROTECTION_STATUSES: Final[tuple[ProtectionStatus, ...]] = ("refugee", "subsidiary", "stateless")
