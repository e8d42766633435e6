from django.urls import path

from sejour.instruction import views

app_name = "instruction"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:reference>/", views.file, name="file"),
    path("<str:reference>/complement/", views.complement, name="complement"),
    path("<str:reference>/<slug:action>/", views.act, name="act"),
]
