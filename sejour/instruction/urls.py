from django.urls import path

from sejour.inbox import views as inbox_views
from sejour.instruction import views, views_queue
from sejour.instruction.urls_corrections import urlpatterns as corrections

app_name = "instruction"
urlpatterns = [
    path("", views_queue.home, name="home"),
    path("messages/", inbox_views.inbox, name="inbox"),
    path("messages/<int:pk>/", inbox_views.message, name="message"),
    path("messages/<int:pk>/captures/<int:shot>/", inbox_views.screenshot, name="screenshot"),
    path("<str:reference>/", views.file, name="file"),
    path("<str:reference>/complement/", views.complement, name="complement"),
    path("<str:reference>/documents/<int:document_id>/", views.document, name="document"),
    path(
        "<str:reference>/documents/<int:document_id>/pages/<int:page>/",
        views.document_page,
        name="document_page",
    ),
    path("<str:reference>/refus/", views.refuse, name="refuse"),
    path("<str:reference>/rouvrir/", views.reopen, name="reopen"),
    path("<str:reference>/remise/", views.hand_over, name="hand_over"),
    path("<str:reference>/recu/", views.receipt, name="receipt"),
    path("<str:reference>/etat-civil/", views.civil_status, name="civil_status"),
    path("<str:reference>/ofpra/", views.ofpra, name="ofpra"),
    path("<str:reference>/compte-mineur/", views.minor_account, name="minor_account"),
    *corrections,
    path("<str:reference>/<slug:action>/", views.act, name="act"),
]
