from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def anchor_dir(settings: Any, tmp_path: Any) -> Any:
    """Each test its own anchor file (a shared one would hold other tests' heads), and one
    chain, so that event numbers are those a test writes (test_chains.py uses several)."""
    settings.TIPNET_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.TIPNET_AUDIT_CHAINS = 1
    return settings.TIPNET_AUDIT_ANCHOR_DIR
