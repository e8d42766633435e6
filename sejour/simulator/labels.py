"""Words for the codes of an assessment, in the page's language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sejour.core.legal_texts import law, months, with_law

CHANNELS = {
    "online": (_("Vous pouvez faire la démarche en ligne"), "success"),
    "prefecture": (_("La démarche se fait à la préfecture"), "info"),
    "not_needed": (_("Vous n'avez rien à déposer"), "info"),
    "not_eligible": (_("Aucune carte ne peut être délivrée sur ce fondement"), "warning"),
    "too_early": (_("Il est trop tôt pour renouveler"), "info"),
    "consulate": (_("La demande se fait au consulat"), "info"),
}
CARDS = {
    "carte_resident": _("Carte de résident"),
    "carte_pluriannuelle": _("Carte de séjour pluriannuelle"),
    "carte_sejour_temporaire": _("Carte de séjour temporaire"),
    "titre_voyage": _("Titre d'identité et de voyage"),
}
ATTESTATIONS = {
    "attestation_prolongation_instruction": _("Attestation de prolongation d'instruction"),
    "attestation_confirmation_depot": _("Attestation de confirmation de dépôt"),
}
FEES = {
    "droit_timbre": _("Droit de timbre"),
    "taxe_titre": _("Taxe sur le titre de séjour"),
    "droit_visa_regularisation": _("Droit de visa de régularisation"),
    "titre_voyage": _("Titre de voyage"),
}
DUE = {
    "card_handover": _("à la remise de la carte, par timbre fiscal électronique"),
    "deposit": _("au dépôt de la demande"),
}
DEADLINES = {
    "card_issue_by": _("La carte doit être délivrée au plus tard le"),
    "renewal_window_opens": _("Le renouvellement peut être demandé à partir du"),
    "renewal_window_closes": _("Le renouvellement doit être demandé au plus tard le"),
    "rights_kept_until": _("Votre carte garde ses effets jusqu'au"),
    "age_limit_date": _("La demande doit être déposée au plus tard le"),
}
DOCUMENTS = {
    "etat_civil_ofpra": (
        _("Certificat d'état civil"),
        _("L'OFPRA l'envoie directement à la préfecture : vous n'avez rien à fournir."),
    ),
    "decision_protection": (
        _("Décision de protection"),
        _("La décision de l'OFPRA ou de la CNDA qui accorde la protection."),
    ),
    "justificatif_domicile": (
        _("Justificatif de domicile"),
        with_law(
            lambda: (
                gettext("De moins de %(age)s, ou une attestation de domiciliation.")
                % {"age": months(law("documents.proof_of_address_months"))}
            )
        ),
    ),
    "ephoto": (
        _("Code e-photo"),
        _("Le code imprimé sur la planche photo d'un photographe ou d'une cabine agréés."),
    ),
    "declaration_non_polygamie": (
        _("Déclaration de non-polygamie"),
        _(
            "Une déclaration sur l'honneur, si vous êtes marié et que votre pays autorise la polygamie."
        ),
    ),
    "acte_naissance": (
        _("Acte de naissance"),
        _("Copie intégrale, avec les mentions les plus récentes."),
    ),
    "passeport": (
        _("Passeport"),
        _(
            "Les pages d'état civil, de validité, de cachets et de visas ; sinon une attestation consulaire, une carte d'identité ou une carte consulaire."
        ),
    ),
    "justificatif_lien_familial": (
        _("Preuve du lien familial"),
        _(
            "Acte de mariage ou livret de famille, contrat d'union civile, acte de naissance, reconnaissance ou décision d'adoption."
        ),
    ),
    "certificat_medical_ofii": (
        _("Certificat médical de l'OFII"),
        _(
            "Au plus tard à la remise de la carte, si vous êtes venu par la réunification familiale."
        ),
    ),
    "titre_sejour_actuel": (_("Carte de séjour actuelle"), _("L'original et une photocopie.")),
    "photos_identite": (_("2 photos d'identité"), _("Identiques et conformes aux normes.")),
    "justificatif_domicile_3_mois": (
        with_law(
            lambda: (
                gettext("Justificatif de domicile de moins de %(age)s")
                % {"age": months(law("documents.proof_of_address_travel_months"))}
            )
        ),
        _("À votre nom, ou une attestation d'hébergement avec la pièce d'identité de l'hébergeur."),
    ),
    "preuve_protection": (
        _("Preuve de la protection"),
        _("Par exemple la décision qui accorde la protection."),
    ),
    "ancien_titre_voyage": (
        _("Ancien titre de voyage"),
        _("Seulement pour un renouvellement : l'original et une photocopie."),
    ),
    "acte_naissance_filiation": (
        _("Acte de naissance avec filiation"),
        _("Copie intégrale, ou le livret de famille établi par l'OFPRA."),
    ),
    "justificatif_autorite_parentale": (
        _("Preuve de l'autorité parentale"),
        _(
            "Acte de mariage, jugement de divorce, décision de justice, ordonnance de séparation ou délégation."
        ),
    ),
    "justificatif_domicile_mineur": (
        _("Justificatif de domicile du mineur"),
        with_law(
            lambda: (
                gettext(
                    "Seulement si le mineur n'habite pas à votre adresse : de moins de %(age)s, à son nom."
                )
                % {"age": months(law("documents.proof_of_address_months"))}
            )
        ),
    ),
    "declaration_perte": (
        _("Déclaration de perte ou de vol"),
        _("Une déclaration sur l'honneur de perte, ou le récépissé de plainte pour vol."),
    ),
}
RIGHTS = {
    "work_without_authorisation": _("Travailler"),
    "republican_integration_contract": _("Contrat d'intégration républicaine"),
    "end_of_asylum_allowance_and_housing": _(
        "Fin de l'allocation et de l'hébergement des demandeurs d'asile"
    ),
    "schengen_travel": _("Voyager dans l'espace Schengen"),
}
