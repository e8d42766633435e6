"""Issue a second-factor enrolment code from the command line: the first administrator
of a new installation has nobody to issue theirs in /admin/."""

from django.core.management.base import BaseCommand, CommandError

from sejour.accounts.enrolment import enrolment_issue
from sejour.accounts.models import User
from sejour.accounts.services import Refused


class Command(BaseCommand):
    help = "Print a single-use enrolment code for USERNAME (agent, administrator or helper)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="the administrator issuing the code")

    def handle(self, *args, username, by, **options):
        user = User.objects.filter(username=username).first()
        admin = User.objects.filter(username=by, role=User.Role.ADMIN).first()
        if user is None or admin is None:
            raise CommandError("Unknown user, or --by is not an administrator.")
        try:
            code = enrolment_issue(admin=admin, user=user)
        except Refused:
            raise CommandError(f"{username} has no second factor (applicants have none).") from None
        self.stdout.write(code)
