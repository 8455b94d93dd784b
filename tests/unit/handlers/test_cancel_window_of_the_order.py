"""A refusal to cancel quotes the window the order was placed with, not the setting now: the windows are
settings (``CANCEL_WINDOW_MINUTES``, ``AUTO_CANCEL_WINDOW_HOURS``) that may change after an order is placed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orders import OrderSource, OrderStatus, new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels


@pytest.mark.parametrize(
    "case",
    [
        (OrderSource.AUTO, "cancel my last order", "automatic orders can be cancelled within 24 hours of being"),
        (OrderSource.AUTO, "cancel my paper towels order", "automatic orders can be cancelled within 24 hours of"),
        (OrderSource.VOICE, "cancel my last order", "orders can be cancelled within 30 minutes of placing them"),
        (OrderSource.VOICE, "cancel my paper towels order", "orders can be cancelled within 30 minutes of placing"),
    ],
)
def test_a_refusal_to_cancel_quotes_the_window_the_order_was_placed_with_after_the_setting_changed(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    clock: SimulatedClock,
    case: tuple[OrderSource, str, str],
) -> None:
    source, said, refusal = case
    # GIVEN an order placed with the windows set then (24 hours automatic, 30 minutes confirmed by voice)
    console.say("open pantry pal")
    shopper = console.envelopes.user_id
    order = services.shopping.place(shopper, new_order_id(clock.now()), [(TOWELS, 1)], source=source).order
    # AND the windows set shorter since (a new deployment), and the order's own window passed
    services.shopping.auto_cancel_window = timedelta(hours=6)
    services.shopping.cancel_window = timedelta(minutes=10)
    clock.advance(order.cancellable_until - order.placed_at + timedelta(minutes=1))
    # WHEN the shopper asks to cancel it
    reply = console.say(said)
    # THEN they hear the window that order had, never the one set now
    assert refusal in reply.speech
    assert "six hours" not in reply.speech and "ten minutes" not in reply.speech
    assert reply.reprompt == "What else can I do?"
    assert [o.status for o in store.orders.values()] == [OrderStatus.PLACED]
