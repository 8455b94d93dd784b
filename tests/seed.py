"""Seed order histories for tests by placing real orders at past moments of a simulated clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from orders import new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock


def seed_orders(
    services: Services,
    clock: SimulatedClock,
    shopper_id: str,
    orders: Sequence[tuple[float, Mapping[str, int]]],
) -> None:
    """Place ``(days_ago, {product_id: quantity})`` orders, oldest first, as if each happened then."""
    services.shopping.profile(shopper_id, alexa_user_id=shopper_id)
    offset = clock.offset
    try:
        for days_ago, items in sorted(orders, key=lambda order: -order[0]):
            clock.offset = offset - timedelta(days=days_ago)
            placed = services.shopping.place(shopper_id, new_order_id(clock.now()), list(items.items()))
            services.after_order(placed.order)
            services.shopping.listeners_ran(placed.order)  # as the skill marks an order once its listeners ran
    finally:
        clock.offset = offset
    if services.reorder is not None:
        services.reorder.refresh(shopper_id)  # as the last order's listener would have, seen from today


def regular(product_id: str, *, every: float, times: int, last_days_ago: float, quantity: int = 1):
    """A product bought ``times`` times, every ``every`` days, the last ``last_days_ago`` days ago."""
    return [(last_days_ago + every * i, {product_id: quantity}) for i in range(times)]
