"""Fixtures shared by the proactive conversation tests."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99


@pytest.fixture
def shopper(console: Console, services: Services, clock: SimulatedClock) -> str:
    """The console's shopper buys Bounty Select-A-Size every 14 days, the last 15 days ago."""
    shopper_id = console.envelopes.user_id
    seed_orders(services, clock, shopper_id, regular(TOWELS, every=14, times=6, last_days_ago=15))
    return shopper_id
