"""``tipnet check_access_keys [--fix]``: compare every person's stored access keys with what
their records give (people/keys.py); ``--fix`` stores the right ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.people.keys import key_problems, refresh_all


class Command(BaseCommand):
    help = "Check (and with --fix, repair) the people's stored access keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="store the keys the records give")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fix"]:
            changed = refresh_all()
            self.stdout.write(f"access keys stored for {changed} people")
            return
        problems = key_problems()
        for problem in problems[:20]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} people with wrong access keys")
        self.stdout.write("every person's access keys agree with their records")
