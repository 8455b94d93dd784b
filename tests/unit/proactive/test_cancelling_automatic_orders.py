""""Cancel my automatic order" cancels the last order automatic reorder placed (after the usual yes);
"cancel my subscription" is about the automatic reorder itself: stopping it is offered, naming the product."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from orders import OrderSource, OrderStatus
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit

TOWELS, MILK = "pp-0001", "pp-0163"
TOWELS_NAME = "Bounty Select-A-Size Paper Towels"
CONFIRM = f"Your last automatic order was one pack of {TOWELS_NAME}, for $21.76. Should I cancel it?"


@pytest.fixture
def auto_ordered(console: Console, services: Services, clock: SimulatedClock) -> str:
    """Towels on automatic reorder, ordered by the notifier an hour ago; milk ordered by voice since."""
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, shopper)  # an automatic order is placed only when a notification can tell of it
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("50"))
    services.reorder.notify([shopper], ScriptedNotifier())
    clock.advance(timedelta(minutes=50))
    seed_orders(services, clock, shopper, [(0, {MILK: 1})])
    clock.advance(timedelta(minutes=10))
    return shopper


def statuses(store: FakeShopperStore, source: OrderSource) -> list[str]:
    return [o.status for o in sorted(store.orders.values(), key=lambda o: o.placed_at) if o.source is source][-1:]


def cancel_order_intent(console: Console, product: str) -> Reply:
    """CancelOrderIntent as Alexa sends "cancel my {Product} order": the words in the slot, matching no product."""
    slot = slot_json("Product", product, authority=console.envelopes.authority("ProductType"))
    return console.send(console.envelopes.intent("CancelOrderIntent", {"Product": slot}), intent="CancelOrderIntent")


@pytest.mark.parametrize(
    "cancel",
    [
        lambda console: console.say("cancel my automatic order"),
        lambda console: console.say("cancel the automatic order"),
        lambda console: cancel_order_intent(console, "automatic"),
        lambda console: cancel_order_intent(console, "auto"),
        lambda console: console.say("cancel the reorder"),
        lambda console: console.say("cancel my reorder"),
        lambda console: cancel_order_intent(console, "reorder"),
    ],
    ids=["my", "the", "envelope", "auto", "the-reorder", "my-reorder", "envelope-reorder"],
)
def test_cancel_my_automatic_order_cancels_the_last_automatic_order_after_a_yes(
    console: Console, store: FakeShopperStore, auto_ordered: str, cancel: object
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks to cancel their automatic order (milk, ordered by voice, is their last order)
    asked = cancel(console)  # type: ignore[operator]
    # THEN the automatic order is read back for a yes, and the yes cancels it; the milk stays
    assert asked.speech == CONFIRM
    assert console.say("yes").speech.startswith("Okay, I've cancelled that order.")
    assert statuses(store, OrderSource.AUTO) == [OrderStatus.CANCELLED]
    assert statuses(store, OrderSource.VOICE) == [OrderStatus.PLACED]


def test_cancel_my_automatic_order_with_a_product_looks_among_automatic_orders_only(
    console: Console, auto_ordered: str
) -> None:
    console.say("open pantry pal")
    assert console.say("cancel my automatic bounty select a size paper towels order").speech == CONFIRM
    milk = console.say("cancel my automatic milk order")  # the milk was ordered by voice
    assert milk.speech == "I can't find a recent automatic order with milk in it."


def test_cancel_my_automatic_order_with_none_says_so_and_cancels_nothing(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN only orders the shopper placed
    seed_orders(services, clock, console.envelopes.user_id, [(0, {MILK: 1})])
    console.say("open pantry pal")
    reply = console.say("cancel my automatic order")
    assert reply.speech == "You don't have a recent automatic order to cancel."
    assert "nothing waiting for a yes" in console.say("yes").speech
    assert all(order.status is OrderStatus.PLACED for order in store.orders.values())


def test_cancel_my_automatic_order_past_its_window_is_refused_naming_that_window(
    console: Console, services: Services, clock: SimulatedClock, auto_ordered: str
) -> None:
    clock.advance(services.shopping.auto_cancel_window)
    console.say("open pantry pal")
    assert console.say("cancel my automatic order").speech.startswith(
        "Sorry, that order can't be cancelled any more: automatic orders can be cancelled within 24 hours"
    )


@pytest.mark.parametrize(
    "stop",
    [
        lambda console: console.say("cancel my subscription"),
        lambda console: console.say("stop automatic reorder"),
        lambda console: cancel_order_intent(console, "subscription"),
        lambda console: cancel_order_intent(console, "automatic reorder"),
    ],
    ids=["subscription", "stop", "envelope-subscription", "envelope-automatic-reorder"],
)
def test_cancel_my_subscription_offers_to_stop_the_automatic_reorder(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, auto_ordered: str, stop: object
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks to cancel their subscription
    offered = stop(console)  # type: ignore[operator]
    # THEN stopping the automatic reorder of the towels is offered, and a yes stops it; no order is cancelled
    assert offered.speech == f"{TOWELS_NAME} is set to reorder automatically. Should I stop reordering it?"
    assert console.say("yes").speech == f"Okay, I won't reorder {TOWELS_NAME} automatically any more."
    assert reorder_store.items[(auto_ordered, TOWELS)].auto is None
    assert statuses(store, OrderSource.AUTO) == [OrderStatus.PLACED]
