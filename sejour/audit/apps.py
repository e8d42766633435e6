from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sejour.audit"
    label = "audit"
    verbose_name = _("Journal d'audit")

    def ready(self) -> None:
        from sejour.audit import admin_log, admin_reads

        admin_log.connect()
        admin_reads.install()  # after the admin's autodiscovery: django.contrib.admin is first
