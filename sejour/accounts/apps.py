from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sejour.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from sejour.accounts.backends import count_failure
        from sejour.accounts.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="sejour.accounts.stamp_login")
        user_login_failed.connect(count_failure, dispatch_uid="sejour.accounts.count_failure")
