"""What a refusal from the account services says to the person, in their language."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "account_exists": _(
        "Un compte existe déjà pour ce numéro. Connectez-vous, ou demandez un nouveau mot de passe si vous l'avez oublié."
    ),
    "unknown": _(
        "Ce numéro n'est pas connu du registre des étrangers. Vérifiez-le ; s'il est juste, rendez-vous à votre préfecture."
    ),
    "dates_mismatch": _(
        "Ces dates ne correspondent pas au document enregistré pour ce numéro : recopiez les dates de début et de fin de validité de votre document actuel."
    ),
    "no_protection": _(
        "Ce numéro est connu, mais aucune protection n'y est encore enregistrée. Si vous venez de l'obtenir, réessayez dans quelques jours ou rendez-vous à votre préfecture."
    ),
    "register_unavailable": _(
        "Le registre des étrangers ne répond pas pour le moment. Réessayez dans quelques minutes : rien n'est perdu."
    ),
    "email_unavailable": _(
        "Le message n'a pas pu être envoyé pour le moment. Vérifiez l'adresse et réessayez dans quelques minutes : rien n'est perdu."
    ),
    "link_expired": _(
        "Ce lien a expiré. Recommencez la création du compte : vous recevrez un nouveau lien."
    ),
    "link_invalid": _(
        "Ce lien n'est pas valable. Utilisez le dernier lien reçu, ou recommencez la création du compte."
    ),
    "link_used": _(
        "Ce lien a déjà servi : votre compte est créé. Connectez-vous avec votre numéro et votre mot de passe."
    ),
    "email_not_verified": _("Ouvrez d'abord le lien reçu par e-mail pour vérifier votre adresse."),
    "not_allowed": _("Vous ne pouvez pas faire cette action."),
    "parent_without_email": _(
        "Le parent n'a pas d'adresse e-mail vérifiée : les identifiants ne peuvent pas lui être envoyés."
    ),
    "mandate_dates": _("La date de fin doit être dans le futur, à un an au plus."),
    "mandate_procedures": _("Cochez au moins une démarche."),
    "mandate_closed": _("Ce mandat n'attend plus d'accord : il est déjà accepté ou révoqué."),
    "code_expired": _(
        "Ce code a expiré ou a été trop souvent mal saisi : envoyez un nouveau code."
    ),
    "code_wrong": _("Code incorrect. Vérifiez les 6 chiffres avec la personne."),
    "no_applicant": _(
        "Aucun compte ne correspond à ce numéro : la personne doit d'abord créer son compte."
    ),
    "enrolment_wrong": _(
        "Ce code d'enrôlement n'est pas le bon : recopiez-le tel que votre administrateur vous l'a remis."
    ),
    "enrolment_unusable": _(
        "Aucun code d'enrôlement valable pour votre compte : il a expiré, a déjà servi ou a été trop souvent mal saisi. Demandez-en un nouveau à votre administrateur."
    ),
    "code_exhausted": _(
        "Le code a été mal saisi trop de fois pour ce mandat : la personne peut l'accepter depuis son compte, dans « Mes mandats »."
    ),
    "mail_limited": _(
        "Plusieurs codes ont déjà été envoyés à cette personne : attendez %(minutes)s min avant d'en demander un autre."
    ),
    "too_many": _(
        "Trop d'essais avec ce numéro ou depuis cette connexion. Pour protéger les comptes, attendez %(minutes)s min avant de réessayer, ou rendez-vous à votre préfecture."
    ),
    "undo_stale": _(
        "Ce lien ne peut plus servir : il a expiré, ou l'adresse du compte a changé depuis. Choisissez un nouveau mot de passe, ou contactez votre préfecture."
    ),
    "wrong_password": _(
        "Ce n'est pas votre mot de passe actuel : saisissez celui avec lequel vous vous connectez."
    ),
}
