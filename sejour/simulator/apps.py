from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "sejour.simulator"
    label = "simulator"
