from django.urls import path

from sejour.instruction import views

app_name = "instruction"
urlpatterns = [path("", views.home, name="home")]
