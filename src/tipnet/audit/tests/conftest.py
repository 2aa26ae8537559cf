from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def one_chain(settings: Any) -> None:
    """One chain, so that event numbers are those a test writes (test_chains.py uses several).
    (Each test has its own anchor file: tipnet/conftest.py.)"""
    settings.TIPNET_AUDIT_CHAINS = 1
