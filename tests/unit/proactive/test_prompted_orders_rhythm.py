"""A shopper who says yes each time they are asked about a product at its reorder prompt (asked once it counts as
running low, at about 80% of their interval) keeps their rhythm: the prompt chose when those orders were placed,
so they do not teach the model a shorter interval, cycle after cycle."""

from __future__ import annotations

import itertools
from datetime import timedelta

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels


def test_orders_placed_at_the_reorder_prompt_keep_about_the_usual_interval(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who bought paper towels every 21 days, seven times, the last ten days ago
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(TOWELS, every=21, times=7, last_days_ago=10))
    # WHEN they open the skill every day for six months and order the towels whenever they are asked about them
    for _ in range(180):
        console.envelopes.new_session()
        if "Shall I order one pack for $19.99?" in console.say("open pantry pal").speech:
            assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack")
            assert console.say("yes").speech.startswith("Done. I've ordered one pack")
        clock.advance(timedelta(days=1))
    # THEN after the first prompted order (asked a little early, once) the gaps stay at about the usual interval
    # (the model's, a little shrunk towards other shoppers'): they did not shrink as the prompted orders piled up
    placed = sorted(order.placed_at for order in services.shopping.recent_orders(shopper, limit=50))[6:]
    gaps = [(b - a).total_seconds() / 86_400 for a, b in itertools.pairwise(placed)]
    assert len(gaps) >= 7, gaps
    assert all(17 <= gap <= 23 for gap in gaps[1:]), gaps
    assert max(gaps[1:]) - min(gaps[1:]) <= 1.5, gaps
