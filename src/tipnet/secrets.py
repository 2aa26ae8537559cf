"""Secrets from the environment (``NAME`` or ``NAME_FILE``), or generated once under ``var/``."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def secret_from_env(name: str) -> str | None:
    """The value of ``NAME``, or the contents of the file named by ``NAME_FILE``."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


def new_aes_key_entry(key_id: str | None = None) -> str:
    """A keyring entry ``id:base64(32 random bytes)`` for AES-256-GCM."""
    key_id = key_id or secrets.token_hex(4)
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def read_or_create_secret(path: Path, nbytes: int = 32, kind: str = "token") -> str:
    """Development default: read a secret from ``path``, creating it (mode 0600) if missing."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = new_aes_key_entry() if kind == "aes-keyring" else secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value
