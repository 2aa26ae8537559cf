"""The keys of the audit chain: HMAC-SHA256, kept outside the database like the encryption keys.

``TIPNET_AUDIT_KEYS`` (or ``TIPNET_AUDIT_KEYS_FILE``, or generated once as ``var/audit_keys``)
holds ``id:base64key`` entries separated by commas, newest first. New events are sealed with the
newest key and carry its id; every older key stays in the list for as long as events sealed with
it are kept, so that ``tipnet audit verify`` can check them. Someone who can write to the
database but does not hold the keys cannot recompute a valid chain.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "TIPNET_AUDIT_KEYS"


class UnknownAuditKey(Exception):
    """An event names a key id that is not (or no longer) in ``TIPNET_AUDIT_KEYS``."""


@dataclass(frozen=True)
class AuditKeyring:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise UnknownAuditKey(key_id)


def parse_audit_keyring(text: str) -> AuditKeyring:
    entries: list[tuple[str, bytes]] = []
    for raw in text.replace("\n", ",").split(","):
        raw = raw.strip()
        if not raw:
            continue
        kid, sep, b64 = raw.partition(":")
        if not sep or not kid or len(kid) > 16:
            raise ImproperlyConfigured(f"{SETTING} entries must look like id:base64key")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"audit key {kid!r} is not valid base64") from exc
        if len(key) < 32:
            raise ImproperlyConfigured(f"audit key {kid!r} must be at least 32 bytes")
        entries.append((kid, key))
    if not entries:
        raise ImproperlyConfigured(f"{SETTING} is empty")
    if len({kid for kid, _ in entries}) != len(entries):
        raise ImproperlyConfigured(f"{SETTING} has a repeated key id")
    return AuditKeyring(tuple(entries))


@lru_cache(maxsize=4)
def _keyring_for(text: str) -> AuditKeyring:
    return parse_audit_keyring(text)


def audit_keyring() -> AuditKeyring:
    return _keyring_for(settings.TIPNET_AUDIT_KEYS)
