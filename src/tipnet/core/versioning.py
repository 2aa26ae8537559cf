"""Concurrent edits: every editable record carries a version; a save that started from an older
version is refused with the record as it is now, so the second writer is told, not overwritten."""

from __future__ import annotations

from typing import Any


class StaleEdit(Exception):
    """Someone else saved the record after this edit started; ``current`` is their version."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current
