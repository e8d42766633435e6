from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sejour.core"
    label = "core"
