from django.urls import path

from sejour.help import views
from sejour.inbox import views as inbox_views

app_name = "help"
urlpatterns = [
    path("", views.faq_page, name="faq"),
    path("contact/", inbox_views.contact, name="contact"),
    path("contact/envoye/", inbox_views.contact_sent, name="contact_sent"),
]
