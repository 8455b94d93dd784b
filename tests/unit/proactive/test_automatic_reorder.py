"""Automatic reorder on the scheduled side: which order it places, against which limits, and what it says."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from orders import OrderSource, new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit

TOWELS, COFFEE, MILK = "pp-0001", "pp-0098", "pp-0163"


@pytest.fixture
def due_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper who buys paper towels every 14 days, last 15 days ago, and milk now and then."""
    seed_orders(services, clock, "shopper-auto", regular(TOWELS, every=14, times=6, last_days_ago=15))
    seed_orders(services, clock, "shopper-auto", [(1, {MILK: 1})])
    permit(services, "shopper-auto")
    return "shopper-auto"


def auto_orders(store: FakeShopperStore, shopper_id: str) -> list:
    return [o for (s, _), o in store.orders.items() if s == shopper_id and o.source is OrderSource.AUTO]


def test_an_automatic_order_is_listed_before_older_orders_and_after_newer_ones(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN paper towels on automatic reorder, placed by the notifier
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (auto,) = auto_orders(store, due_shopper)
    # THEN it is the newest order, ahead of yesterday's milk
    assert services.shopping.recent_orders(due_shopper, limit=1)[0].order_id == auto.order_id
    # WHEN the shopper orders milk an hour later
    clock.advance(timedelta(hours=1))
    milk = services.shopping.place(due_shopper, new_order_id(clock.now()), [(MILK, 1)]).order
    # THEN the milk is listed first, and "cancel my last order" finds the milk
    assert [o.order_id for o in services.shopping.recent_orders(due_shopper, limit=2)] == [milk.order_id, auto.order_id]
    assert services.shopping.last_cancellable_order(due_shopper).order_id == milk.order_id


def test_a_concurrent_or_retried_run_of_the_same_cycle_places_the_same_order_id(
    services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore, clock: SimulatedClock,
    due_shopper: str,
) -> None:
    # GIVEN paper towels on automatic reorder, and the stored state before the notifier ran
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    before = dict(reorder_store.items)
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (first,) = auto_orders(store, due_shopper)
    # WHEN another run, minutes later, starts from what the first one read (it ran alongside it)
    del store.orders[(due_shopper, first.order_id)]
    reorder_store.items = before
    clock.advance(timedelta(minutes=20))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN it chose the very same order id, which the store's conditional write places only once
    assert [o.order_id for o in auto_orders(store, due_shopper)] == [first.order_id]


def test_one_products_automatic_orders_do_not_use_up_another_products_monthly_cap(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN coffee, also running low, and paper towels both on automatic reorder, each with a cap one order fits
    seed_orders(services, clock, due_shopper, regular(COFFEE, every=10, times=5, last_days_ago=11))
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("25"))  # one pack is $21.76 with tax
    services.reorder.set_auto(due_shopper, COFFEE, monthly_cap=Decimal("25"))
    # WHEN the notifier handles the shopper
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN both were ordered: neither counted the other's order against its own cap
    ordered = sorted(line.product_id for o in auto_orders(store, due_shopper) for line in o.lines)
    assert ordered == sorted([TOWELS, COFFEE])
    assert services.reorder.announcements(due_shopper).skipped == []
