from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.audit.anchors import ChainBroken, anchor_file, export_anchor, read_anchors
from tipnet.audit.models import AuditEvent
from tipnet.audit.services import verify_chain
from tipnet.secrets import new_aes_key_entry


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'verify' checks the keyed hash chain end to end and against every "
        "exported anchor; 'anchor' exports the chain's head outside the database; 'new-key' "
        "prints a new audit key to put first in TIPNET_AUDIT_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify", "anchor", "new-key"])
        parser.add_argument(
            "--anchors",
            action="append",
            type=Path,
            metavar="FILE",
            help="verify against the anchors in FILE (a copy, or system log lines) instead of "
            "the anchor file; repeat for several",
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "new-key":
            self.stdout.write(new_aes_key_entry())
        elif subcommand == "anchor":
            self.anchor()
        else:
            self.verify(options["anchors"])

    def anchor(self) -> None:
        try:
            anchor = export_anchor()
        except ChainBroken as exc:
            for p in exc.problems:
                self.stderr.write(f"{p.kind.upper()}: {p.message}")
            raise CommandError(f"{exc}: no anchor exported") from exc
        heads = ", ".join(f"chain {h.chain} event {h.sequence} hash {h.hash[:16]}... key "
                          f"{h.key_id}" for h in anchor.heads)  # fmt: skip
        self.stdout.write(
            f"anchor exported to {anchor_file()}: {anchor.sequence} events ({heads or 'none'})"
        )

    def verify(self, anchor_paths: list[Path] | None) -> None:
        problems = verify_chain(anchor_paths)
        total = AuditEvent.objects.count()
        if problems:
            for p in problems:
                self.stderr.write(f"{p.kind.upper()}: {p.message}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s) in {total} events")
        chains = AuditEvent.objects.order_by().values("chain").distinct().count()
        anchors = sum(1 for _ in read_anchors(anchor_paths))
        self.stdout.write(
            f"audit chain intact: {total} events in {chains} chain(s), "
            f"checked against {anchors} anchor(s)"
        )
