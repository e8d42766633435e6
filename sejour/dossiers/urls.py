from django.urls import path

from sejour.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("mandats/", views.mandates, name="mandates"),
    path("mandats/<int:mandate_id>/accepter/", views.mandate_accept_view, name="mandate_accept"),
    path("mandats/<int:mandate_id>/revoquer/", views.mandate_revoke_view, name="mandate_revoke"),
]
