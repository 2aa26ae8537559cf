from typing import Any

from django.core.management.base import BaseCommand

from tipnet.secrets import new_aes_key_entry


class Command(BaseCommand):
    help = "Print a new keyring entry (id:base64key) to put first in TIPNET_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_aes_key_entry())
