from __future__ import annotations

from typing import Any

import pytest


def ensure_prevention_codes() -> None:
    """The code lists are seeded by a migration; a flushing (browser) test empties them."""
    from importlib import import_module

    from django.apps import apps

    import_module("tipnet.prevention.migrations.0002_seed_activity_types_and_topics").seed(
        apps, None
    )


@pytest.fixture
def codes(gazetteer: None) -> None:
    ensure_prevention_codes()


@pytest.fixture
def world(cast: Any, codes: None) -> Any:
    return cast
