from typing import Any

from django.core.management.base import BaseCommand

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.encryption import keyring
from tipnet.core.keyrotation import rotate_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key in TIPNET_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        result = rotate_all()
        record_event(
            None,
            AuditAction.KEY_ROTATION,
            detail=f"key {keyring().current_id}: "
            f"{result.rewritten} rewritten, {result.already_current} already current",
        )
        self.stdout.write(
            f"re-encrypted {result.rewritten} values under key {keyring().current_id}; "
            f"{result.already_current} were already current"
        )
