"""Demo data for `make run`: idempotent, and refused outside development."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sejour.accounts import demo
from sejour.accounts.models import User

DEMO_QUEUE = 600  # files generated once, so that the agents' queues are not empty


class Command(BaseCommand):
    help = "Create or restore the demo data (development settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with production settings (DEBUG is off).")
        for line in demo.seed():
            self.stdout.write(line)
        if not User.objects.filter(username__startswith="seed.agent.").exists():
            call_command("seed_queue", dossiers=DEMO_QUEUE, prefectures=4, seed=2026)
        self.stdout.write(
            f"{DEMO_QUEUE} generated files, in the queues of agent.paris (75) and agent.lyon (69) among others."
        )
