from django.core.management.base import BaseCommand

from sejour.core import assets


class Command(BaseCommand):
    help = "Build the DSFR stylesheet bundle and subset fonts (run by `make setup`)."
    # It makes the folder the staticfiles check finds missing (W004) before it runs.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        for path in assets.build():
            if options["verbosity"]:
                self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
