from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "sejour.help"
    label = "help"
