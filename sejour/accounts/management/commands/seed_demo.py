"""Demo data for `make run`: idempotent, and refused outside development."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sejour.accounts.models import User

DEMO_ADMIN = "admin"


class Command(BaseCommand):
    help = "Create the demo data (development only); running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-admin-password",
            action="store_true",
            help="give the demo administrator a new random password and print it",
        )

    def handle(self, *args, reset_admin_password: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with development settings (DEBUG on).")
        admin, created = User.objects.get_or_create(
            username=DEMO_ADMIN,
            defaults={"role": User.Role.ADMIN, "is_staff": True, "is_superuser": True},
        )
        if created or reset_admin_password:
            password = secrets.token_urlsafe(12)
            admin.set_password(password)
            admin.save(update_fields=["password"])
            self.stdout.write(
                f"Demo administrator: {DEMO_ADMIN} / {password} (http://127.0.0.1:8000/admin/)"
            )
        else:
            self.stdout.write(
                f"Demo data already there; `manage.py seed_demo --reset-admin-password` "
                f"prints a new password for {DEMO_ADMIN}."
            )
