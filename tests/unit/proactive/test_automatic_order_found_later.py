"""An automatic order whose write went unanswered (``OrderOutcomeUnknownError``) is still told to the shopper,
once: the run fails and is retried, and the retried run finds the order (the product is no longer running
low, so it would never be placed, nor announced, again) and notifies and announces it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orders import Cart, Order, OrderOutcomeUnknownError
from reorder.policy import reference_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.handlers.test_storage_faults_after_an_order import write_then_lose_the_answer
from tests.unit.proactive.test_automatic_reorder import TOWELS, auto_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit


@pytest.fixture
def due_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper who buys paper towels every 14 days, last 15 days ago: running low now."""
    seed_orders(services, clock, "shopper-auto", regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, "shopper-auto")
    return "shopper-auto"


def news_of(shopper_id: str, order: Order) -> tuple[str, str]:
    """The notification that tells of the automatic order ``order``."""
    return shopper_id, reference_id(shopper_id, f"auto-order:{order.order_id}", 0)


@pytest.mark.parametrize("lands", [True, False], ids=["landed", "not-landed"])
def test_an_automatic_order_whose_write_went_unanswered_is_notified_and_announced_once_by_the_retried_run(
    services: Services, store: FakeShopperStore, due_shopper: str, lands: bool
) -> None:
    # GIVEN paper towels on automatic reorder, and a store that loses the answer to the order write (the
    # write landing or not), then fails the read that would find it
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    write_then_lose_the_answer(store, lands=lands, then_unreadable=True)
    notifier = ScriptedNotifier()
    # WHEN the notifier handles the shopper: the outcome is unknown, and the run fails (to be retried)
    with pytest.raises(OrderOutcomeUnknownError):
        services.reorder.notify([due_shopper], notifier)
    assert notifier.sent == []
    # AND the queue delivers the shopper again
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "sent"}
    # THEN the one automatic order is told: notified now, and announced when the shopper opens the skill
    (order,) = auto_orders(store, due_shopper)
    assert notifier.sent == [news_of(due_shopper, order)]
    assert services.reorder.announcements(due_shopper).placed == [order]
    # AND later runs tell it no more, and place nothing more
    services.reorder.notify([due_shopper], notifier)
    assert notifier.sent == [news_of(due_shopper, order)]
    assert services.reorder.announcements(due_shopper).placed == []
    assert auto_orders(store, due_shopper) == [order]


def test_an_automatic_order_another_run_found_first_is_told_by_that_run_only(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    # GIVEN paper towels on automatic reorder, and a second run of the same shopper (the queue delivering
    # them twice) that starts the moment the first run's order write lands, before its answer is back
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    notifier = ScriptedNotifier()
    write = store.place_order

    def landed_then_second_run(order: Order, *, cart: Cart | None = None) -> bool:
        store.place_order = write  # type: ignore[method-assign]
        written = write(order, cart=cart)
        services.reorder.notify([due_shopper], notifier)
        return written

    store.place_order = landed_then_second_run  # type: ignore[method-assign]
    # WHEN the first run goes on with its order placed
    services.reorder.notify([due_shopper], notifier)
    # THEN the order was told once, by the run that found it first, and is announced once
    (order,) = auto_orders(store, due_shopper)
    assert notifier.sent == [news_of(due_shopper, order)]
    assert services.reorder.announcements(due_shopper).placed == [order]
