from django.urls import path

from sejour.reminders import views

app_name = "reminders"
urlpatterns = [
    path("<str:reference>/calendrier.ics", views.calendar, name="calendar"),
]
