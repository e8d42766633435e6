from django.urls import path

from sejour.simulator import views

app_name = "simulator"
urlpatterns = [
    path("", views.start, name="start"),
    path("resultat/", views.result, name="result"),
    path("<slug:slug>/", views.step, name="step"),
]
