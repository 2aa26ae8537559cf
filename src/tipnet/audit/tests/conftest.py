from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def anchor_dir(settings: Any, tmp_path: Any) -> Any:
    """Each test its own anchor file (a shared one would hold other tests' heads)."""
    settings.TIPNET_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.TIPNET_AUDIT_ANCHOR_DIR
