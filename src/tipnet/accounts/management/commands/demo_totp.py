from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.accounts.models import User
from tipnet.testing import current_totp


class Command(BaseCommand):
    help = "Print the current two-factor code of a DEMO user (refuses real users)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_synthetic=True).first()
        if user is None:
            raise CommandError("no demo user by that name (this command never reads real accounts)")
        self.stdout.write(current_totp(user))
