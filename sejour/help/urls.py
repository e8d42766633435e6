from django.urls import path

from sejour.help import views

app_name = "help"
urlpatterns = [path("", views.faq_page, name="faq")]
