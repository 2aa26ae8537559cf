from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.audit.models import AuditEvent
from tipnet.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. 'tipnet audit verify' checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        problems = verify_chain()
        total = AuditEvent.objects.count()
        if problems:
            for p in problems:
                self.stderr.write(f"{p.kind.upper()}: {p.message}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s) in {total} events")
        self.stdout.write(f"audit chain intact: {total} events")
