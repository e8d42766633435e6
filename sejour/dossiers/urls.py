from django.urls import path

from sejour.attestations import views as attestation_views
from sejour.dossiers import views, views_after, views_deposit

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("mandats/", views.mandates, name="mandates"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("mandats/<int:mandate_id>/accepter/", views.mandate_accept_view, name="mandate_accept"),
    path("mandats/<int:mandate_id>/revoquer/", views.mandate_revoke_view, name="mandate_revoke"),
    path("nouvelle/changement-de-situation/", views.change_hub, name="change_hub"),
    path("rappel-renouvellement/", views.renewal_remind, name="renewal_remind"),
    path("adresse-e-mail/<str:token>/", views.email_confirm, name="email_confirm"),
    path("nouvelle/<slug:kind>/", views_deposit.new, name="deposit_new"),
    path(
        "nouvelle/<slug:kind>/pour/<int:applicant_id>/", views_deposit.new, name="deposit_new_for"
    ),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/depot/<slug:step>/", views_deposit.step, name="deposit_step"),
    path("<str:reference>/confirmation/", views.confirmation, name="confirmation"),
    path("<str:reference>/corriger/<slug:step>/", views_after.correct, name="correct"),
    path("<str:reference>/correction/", views_after.correction, name="correction_request"),
    path("<str:reference>/complement/", views_after.complement, name="complement"),
    path("<str:reference>/decision/", views.decision_letter, name="decision_letter"),
    path("<str:reference>/documents/<int:document_id>/", views.document_file, name="document"),
    path(
        "<str:reference>/attestations/<str:number>/", attestation_views.download, name="attestation"
    ),
]
