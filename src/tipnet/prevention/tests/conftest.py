from __future__ import annotations

from typing import Any

import pytest

from tipnet.testing import ensure_prevention_codes

__all__ = ["ensure_prevention_codes"]


@pytest.fixture
def codes(gazetteer: None) -> None:
    ensure_prevention_codes()


@pytest.fixture
def world(cast: Any, codes: None) -> Any:
    return cast
