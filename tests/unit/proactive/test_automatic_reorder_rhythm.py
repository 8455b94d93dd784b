"""Automatic reorder keeps the shopper's rhythm over many months: it does not learn from its own orders."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from orders import OrderSource
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit, run

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels


def test_automatic_orders_keep_about_the_usual_interval_month_after_month(
    services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who bought paper towels every 21 days, seven times, and put them on automatic reorder
    shopper = "shopper-rhythm"
    seed_orders(services, clock, shopper, regular(TOWELS, every=21, times=7, last_days_ago=21))
    permit(services, shopper)
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("200"))
    notifier = ScriptedNotifier()
    # WHEN eight months pass, with the scheduler and notifier running every hour as deployed
    for _ in range(240 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN the towels were reordered about once per usual interval (the model's estimate of it, a little
    # shrunk towards other shoppers'), every time: the gaps did not shrink as its own orders piled up
    placed = sorted(o.placed_at for o in services.shopping.recent_orders(shopper, limit=50)
                    if o.source is OrderSource.AUTO)
    gaps = [(b - a).total_seconds() / 86_400 for a, b in itertools.pairwise(placed)]
    assert 10 <= len(placed) <= 14
    assert all(17 <= gap <= 23 for gap in gaps), gaps
    assert max(gaps) - min(gaps) <= 1.5, gaps
