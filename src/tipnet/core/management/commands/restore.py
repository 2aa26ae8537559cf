from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.audit.models import AuditAction, AuditEvent
from tipnet.audit.services import record_event, verify_chain
from tipnet.core.backup import BackupError, keys_open_the_data, open_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'tipnet backup' into the configured database (DATABASE_URL; "
        "a new PostgreSQL database is created), then check the audit chain and the keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup directory")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that is not empty"
        )

    def handle(self, *args: Any, backup: Path, replace: bool, **options: Any) -> None:
        try:
            found = open_backup(backup)
            restore_backup(found, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        made = found.manifest["created_at"]
        self.stdout.write(f"restored {found.path.name} (made {made})")
        if _migrations_pending():
            self.stdout.write(
                "the backup is from an older tipnet: run 'tipnet migrate', then "
                "'tipnet audit verify'"
            )
            return
        if not keys_open_the_data():
            raise CommandError(
                "restored, but the configured TIPNET_ENCRYPTION_KEYS do not decrypt it: "
                "set the keys saved with this backup (its .keys.env file)"
            )
        problems = verify_chain()
        for p in problems:
            self.stderr.write(f"{p.kind.upper()}: {p.message}")
        if problems:
            raise CommandError(
                f"restored, but the audit chain does not verify ({len(problems)} problem(s)). "
                "Anchors newer than the backup mean the events written after it are lost: "
                "keep the anchor file as evidence and start a new one (docs/operations.md)."
            )
        record_event(None, AuditAction.CHANGE, object_type="backup", detail=f"restored {made}")
        self.stdout.write(f"audit chain intact: {AuditEvent.objects.count()} events")


def _migrations_pending() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
