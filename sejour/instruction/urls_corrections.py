from django.urls import path

from sejour.instruction import views_corrections

urlpatterns = [
    path(
        "<str:reference>/corrections/<int:pk>/appliquer/",
        views_corrections.apply,
        name="correction_apply",
    ),
    path(
        "<str:reference>/corrections/<int:pk>/refuser/",
        views_corrections.refuse,
        name="correction_refuse",
    ),
]
