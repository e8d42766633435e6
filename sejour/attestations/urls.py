from django.urls import path

from sejour.attestations import views

app_name = "attestations"
urlpatterns = [
    path("", views.verify, name="verify_form"),
    path("<str:code>/", views.verify, name="verify"),
]
