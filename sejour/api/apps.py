from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sejour.api"
    label = "api"
