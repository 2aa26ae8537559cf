"""Field-level encryption at rest (AES-256-GCM) with a rotating keyring.

``TIPNET_ENCRYPTION_KEYS`` holds ``id:base64key`` entries separated by commas, newest
first. Values are written under the newest key and read under whichever key wrote them;
``tipnet rotate_keys`` rewrites everything under the newest key. The associated data binds a
ciphertext to its table and column, so a value copied into another field does not decrypt.

Stored form: ``enc:v1:<key id>:<base64(nonce || ciphertext || tag)>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc:v1:"


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key, or tampered data)."""


@dataclass(frozen=True)
class Keyring:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise DecryptionError(f"unknown encryption key id {key_id!r}")


def parse_keyring(text: str) -> Keyring:
    entries: list[tuple[str, bytes]] = []
    for raw in text.replace("\n", ",").split(","):
        raw = raw.strip()
        if not raw:
            continue
        kid, sep, b64 = raw.partition(":")
        if not sep or not kid:
            raise ImproperlyConfigured("TIPNET_ENCRYPTION_KEYS entries must look like id:base64key")
        key = base64.b64decode(b64)
        if len(key) != 32:
            raise ImproperlyConfigured(f"encryption key {kid!r} must be 32 bytes (AES-256)")
        entries.append((kid, key))
    if not entries:
        raise ImproperlyConfigured("TIPNET_ENCRYPTION_KEYS is empty")
    if len({kid for kid, _ in entries}) != len(entries):
        raise ImproperlyConfigured("TIPNET_ENCRYPTION_KEYS has a repeated key id")
    return Keyring(tuple(entries))


@lru_cache(maxsize=4)
def _keyring_for(text: str) -> Keyring:
    return parse_keyring(text)


def keyring() -> Keyring:
    return _keyring_for(settings.TIPNET_ENCRYPTION_KEYS)


def encrypt(plaintext: str, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.key(ring.current_id)).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode()
    )
    return f"{PREFIX}{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str | None:
    if not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX) :].split(":", 1)[0]


def decrypt(stored: str, context: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not in the encrypted format")
    kid, _, b64 = stored[len(PREFIX) :].partition(":")
    blob = base64.b64decode(b64)
    try:
        plain = AESGCM(keyring().key(kid)).decrypt(blob[:12], blob[12:], context.encode())
    except Exception as exc:
        raise DecryptionError(f"cannot decrypt value under key {kid!r}") from exc
    return plain.decode("utf-8")


def blind_index(value: str, purpose: str) -> str:
    """A keyed hash for exact-match search on an encrypted value (e.g. an ID number).

    Normalised (spaces, dashes and case ignored) so ``N-0123 456`` finds ``n0123456``.
    """
    normal = "".join(ch for ch in value.casefold() if ch.isalnum())
    key = settings.TIPNET_BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"{purpose}:{normal}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Not searchable and not sortable in the database:
    pair it with a blind index field where an exact search is needed."""

    description = "Text encrypted at rest with AES-256-GCM"

    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), self.context())


class EncryptedBinaryField(models.BinaryField):
    """Bytes (a photo, a scanned document) stored encrypted."""

    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if value is None or len(value) == 0:
            return None
        return base64.b64decode(decrypt(bytes(value).decode("ascii"), self.context()))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None or len(value) == 0:
            return None
        token = encrypt(base64.b64encode(bytes(value)).decode("ascii"), self.context())
        return super().get_db_prep_value(token.encode("ascii"), connection, prepared)


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every model with encrypted fields, and those fields (for key rotation)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields: list[models.Field] = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField | EncryptedBinaryField)
        ]
        if fields:
            found.append((model, fields))
    return found
