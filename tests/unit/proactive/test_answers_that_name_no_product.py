"""Answers to a question that name no product ("next week", "maybe"), through the real skill.

Alexa's bare ``{Product}`` sample takes whatever the shopper says, so these can arrive as an order request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeReorderStore, FakeShopperStore

TOWELS = "pp-0001"


def as_a_product(console: Console, said: str) -> Reply:
    """``said`` as Alexa delivers it through OrderItemIntent's bare {Product} sample: no entity matched."""
    slots: dict[str, Any] = {
        "Product": slot_json("Product", said, authority=console.envelopes.authority("ProductType"))
    }
    return console.send(console.envelopes.intent("OrderItemIntent", slots))


@pytest.mark.parametrize("said_days", [("next week", 7), ("in a week", 7), ("in two weeks", 14)])
def test_a_time_said_alone_at_a_reorder_prompt_snoozes_the_product_till_then(
    console: Console, shopper: str, clock: SimulatedClock, reorder_store: FakeReorderStore, said_days: tuple[str, int]
) -> None:
    said, days = said_days
    # GIVEN the lead prompt about paper towels
    console.say("open pantry pal")
    # WHEN the shopper answers with a time alone, which Alexa hears as a product
    reply = as_a_product(console, said)
    # THEN it is a snooze till then: they are told so, and are not asked again before it
    assert reply.speech == f"Okay, I'll ask again in about {days} days."
    due_at = reorder_store.items[(shopper, TOWELS)].due_at
    assert due_at is not None and due_at >= clock.now() + timedelta(days=days) - timedelta(minutes=1)
    console.say("stop")
    clock.advance(timedelta(days=days - 1))
    assert "Bounty Select-A-Size" not in console.say("open pantry pal").speech


def test_tomorrow_typed_at_a_reorder_prompt_snoozes_for_a_day(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    assert console.say("tomorrow").speech == "Okay, I'll ask again in about one day."


@pytest.mark.parametrize("said", ["maybe", "not sure", "i don't know"])
def test_maybe_at_a_reorder_prompt_asks_it_again_and_records_nothing(
    console: Console, shopper: str, reorder_store: FakeReorderStore, store: FakeShopperStore, said: str
) -> None:
    # GIVEN the lead prompt about paper towels
    console.say("open pantry pal")
    orders = len(store.orders)
    for reply in (console.say(said), as_a_product(console, said)):  # as the model routes it, and as a product
        # THEN the question is asked again, with how to answer it; nothing is searched for or recorded
        assert reply.speech == (
            "That's okay. Should I order Bounty Select-A-Size Paper Towels? "
            "You can say yes, not yet, or never ask about this."
        )
        assert reply.reprompt and not reply.ends_session
        assert not reorder_store.items[(shopper, TOWELS)].feedback
    # AND the prompt is still the one a yes answers: the order is read back for its own yes
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")
    assert len(store.orders) == orders


def test_not_sure_at_an_order_read_back_asks_it_again_with_the_money_and_orders_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    # WHEN the shopper is not sure, heard as a product
    reply = as_a_product(console, "not sure")
    # THEN the read-back is said again in full with how to answer, and nothing is ordered or searched for
    assert reply.speech == (
        "That's okay. Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. "
        "Should I order it? Please say yes or no."
    )
    assert store.orders == {}
    # AND a yes then orders what was just read back
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert len(store.orders) == 1


@pytest.mark.parametrize("said", ["next week", "remind me next week", "not yet"])
def test_later_at_an_order_read_back_keeps_the_question_and_says_how_to_decline(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    # WHEN the shopper says "later" to an order read-back (nothing can be kept for later)
    reply = console.say(said)
    # THEN the question is asked again, with how to decline it; nothing is ordered
    assert reply.speech.startswith("I can't keep that for later, but you can say no for now. Dawn Ultra Dish Soap")
    assert reply.speech.endswith("Should I order it? Please say yes or no.")
    assert console.say("no").speech == "Okay, I won't order it. What else can I do?"
    assert store.orders == {}


def test_maybe_with_nothing_asked_says_what_can_be_done(console: Console) -> None:
    console.say("open pantry pal")
    console.say("what's in my cart")
    reply = as_a_product(console, "maybe")
    assert reply.speech.startswith("That's okay. You can say, order coffee, or, what am I running low on.")
    assert reply.reprompt and not reply.ends_session


def test_a_product_named_at_a_reorder_prompt_is_still_ordered_as_one(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    # WHEN the shopper names a product at the prompt, THEN it is read back as an order
    assert console.say("dawn dish soap").speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle")
