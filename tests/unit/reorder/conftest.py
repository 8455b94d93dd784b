"""Fixtures of the reorder unit tests."""

from __future__ import annotations

import pytest

from reorder import ReorderModel
from tests.unit.reorder.histories import population


@pytest.fixture(scope="session")
def fitted() -> ReorderModel:
    """A model fitted on the hand-made population (batteries every 30 days, a mug never rebought)."""
    return ReorderModel.fit(population())
