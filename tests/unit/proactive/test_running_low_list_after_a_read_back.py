""""What am I running low on?" lists several products and asks about one at a time: a yes to one leads to its
read-back, and once that order is placed (or declined), the next product listed is asked about."""

from __future__ import annotations

import pytest

from orders import Order
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS, COFFEE = "pp-0001", "pp-0098"
NAMES = {TOWELS: "Bounty Select-A-Size Paper Towels", COFFEE: "Starbucks Pike Place Roast Whole Bean Coffee"}


@pytest.fixture
def two_low(services: Services, clock: SimulatedClock, shopper: str) -> str:
    """Besides the towels, coffee is running low (every 10 days, the last 12 days ago)."""
    seed_orders(services, clock, shopper, regular(COFFEE, every=10, times=6, last_days_ago=12))
    return shopper


def _placed_today(store: FakeShopperStore, clock: SimulatedClock) -> list[Order]:
    return [order for order in store.orders.values() if order.placed_at == clock.now()]


def _first_and_second(console: Console) -> tuple[str, str]:
    console.say("open pantry pal")
    listed = console.say("what am i running low on")
    first = listed.speech.rsplit("Shall I order ", 1)[1].rstrip("?")
    assert first in NAMES.values()
    return first, next(name for name in NAMES.values() if name != first)


@pytest.mark.usefixtures("two_low")
@pytest.mark.parametrize("code", [None, "4321"], ids=["no-voice-code", "voice-code"])
def test_after_the_order_of_one_product_listed_the_next_one_is_asked_about(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, code: str | None
) -> None:
    if code:
        services.shopping.set_voice_code(console.envelopes.user_id, code)
    # GIVEN two products listed as running low, the first one read back after a yes
    first, second = _first_and_second(console)
    assert console.say("yes").speech.startswith(f"{first}, one ")
    # WHEN the shopper confirms the order (with their code, when they have one)
    placed = console.say("yes")
    if code:
        placed = console.say(code)
    # THEN it is placed, and the next product listed is asked about in the same answer
    assert placed.speech.startswith("Done. I've ordered one ")
    assert f"What about {second}? Shall I order one " in placed.speech
    assert [line.name for order in _placed_today(store, clock) for line in order.lines] == [first]
    # AND "say that again" says it all again, and a yes now reads the second back for its own yes
    assert console.say("say that again").speech == placed.speech
    assert console.say("yes").speech.startswith(f"{second}, one ")


def test_after_no_at_the_read_back_of_one_product_listed_the_next_one_is_asked_about(
    console: Console, store: FakeShopperStore, clock: SimulatedClock, reorder_store: FakeReorderStore, two_low: str
) -> None:
    # GIVEN two products listed as running low, the first one read back after a yes
    _, second = _first_and_second(console)
    console.say("yes")
    # WHEN the shopper says no to the read-back
    reply = console.say("no")
    # THEN nothing is ordered or recorded for the first, and the next product listed is asked about
    assert reply.speech.startswith(f"Okay, I won't order it. What about {second}? Shall I order one ")
    assert _placed_today(store, clock) == []
    assert all(not state.feedback for state in reorder_store.items.values())
    # AND a yes reads the second back; a no to that read-back then ends the list
    assert console.say("yes").speech.startswith(f"{second}, one ")
    assert console.say("no").speech == "Okay, I won't order it. What else can I do?"


def test_the_launch_prompt_alone_still_ends_with_what_else_after_its_order(console: Console, two_low: str) -> None:
    # GIVEN the launch asks about one product only (no list was asked for)
    console.say("open pantry pal")
    console.say("yes")
    # WHEN the order is placed
    placed = console.say("yes")
    # THEN nothing else is asked about
    assert placed.reprompt == "What else can I do?"
    assert "What about" not in placed.speech
