"""Planning test fixtures: every test starts with no regency memory in the cached indexes (the
index itself is kept: building it takes seconds)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_region_memories() -> None:
    """What earlier tests taught the matcher (in rolled-back data) is forgotten."""
    from tangguh.planning import matching

    matching.forget_regions()
