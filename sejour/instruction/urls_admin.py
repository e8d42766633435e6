from django.urls import path

from sejour.audit import views as audit_views
from sejour.instruction import views_admin

app_name = "pilotage"
urlpatterns = [
    path("", views_admin.home, name="home"),
    path("journal/", audit_views.journal_view, name="journal"),
    path("prefectures/<str:code>/", views_admin.prefecture, name="prefecture"),
    path("prefectures/<str:code>/file.csv", views_admin.export, name="export"),
    path("dossiers/<str:reference>/journal/", views_admin.trail, name="trail"),
]
