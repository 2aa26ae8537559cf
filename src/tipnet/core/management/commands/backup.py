from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.backup import BackupError, create_backup, write_keys


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: its online backup) "
        "into a new directory, and the keys that open it into a separate file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="directory for the backup (default: TIPNET_VAR_DIR/backups)",
        )
        parser.add_argument(
            "--keys-to",
            type=Path,
            default=None,
            help="directory for the keys file; keep it apart from the backups "
            "(default: TIPNET_VAR_DIR/backup-keys)",
        )
        parser.add_argument(
            "--no-keys", action="store_true", help="do not write the keys (already kept apart)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(settings.VAR_DIR) / "backups"
        # Recorded first, so that the backup holds the record of its own making.
        record_event(None, AuditAction.EXPORT, object_type="backup", detail="database backup")
        try:
            backup = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup written to {backup.path} ({backup.manifest['bytes']} bytes, audit events "
            f"up to {sum(h['sequence'] for h in backup.manifest['audit_heads'])})"
        )
        if options["no_keys"]:
            return
        keys_to = options["keys_to"] or Path(settings.VAR_DIR) / "backup-keys"
        keys = write_keys(keys_to, backup.path.name)
        self.stderr.write(
            f"WARNING: the keys that decrypt this backup are in {keys}. Move that file to a "
            "different place from the backups (another medium, another custodian): together "
            "they expose every victim's identity; without the keys the backup cannot be read."
        )
