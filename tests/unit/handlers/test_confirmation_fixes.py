"""Answers that do not confirm at an order read-back or an automatic reorder's terms keep what is pending."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeReorderStore, FakeShopperStore

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def auto_reorder_of(reorder_store: FakeReorderStore, shopper_id: str, product_id: str) -> object:
    state = reorder_store.items.get((shopper_id, product_id))
    return state.auto if state is not None else None


def order_item(console: Console, **slots: str) -> Reply:
    """OrderItemIntent with these slot values, as Alexa may send a bare number ("two") to it."""
    reading = Reading(kind="intent", intent="OrderItemIntent", slots={k: SlotReading(v) for k, v in slots.items()})
    return console.send_reading(reading)


# --- a bare number at the automatic reorder's terms -----------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        lambda console: console.say("two"),  # ChooseIntent, "two" resolved as "the second"
        lambda console: order_item(console, Product="two"),
        lambda console: order_item(console, Quantity="2"),
    ],
    ids=["choice", "product-slot", "quantity-slot"],
)
def test_a_bare_number_at_the_automatic_reorder_terms_asks_for_yes_or_no_and_keeps_them(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper_id: str, answer: object
) -> None:
    # GIVEN an automatic reorder's terms read back for a yes
    console.say("open pantry pal")
    console.say("reorder bounty paper towels automatically")
    terms = console.say("forty dollars")
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    # WHEN the shopper answers with a bare number
    reply = answer(console)  # type: ignore[operator]
    # THEN no order starts: they hear that a yes or no is needed, how to change the limit, and the terms again
    assert reply.speech == (
        "Sorry, I need a yes or a no to turn on automatic reorder. To change the monthly limit, say it in dollars, "
        f"like thirty dollars a month. {terms.speech}"
    )
    assert reply.reprompt == terms.reprompt
    assert not reply.ends_session
    # AND "say that again" repeats the terms, and a yes still turns them on, with nothing ordered
    assert console.say("say that again").speech == terms.speech
    done = console.say("yes")
    assert done.speech.startswith("Okay. I'll reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert auto_reorder_of(reorder_store, shopper_id, TOWELS) is not None
    assert store.orders == {}


def test_a_count_with_a_product_at_the_automatic_reorder_terms_is_still_a_new_order(console: Console) -> None:
    # GIVEN an automatic reorder's terms read back
    console.say("open pantry pal")
    console.say("reorder bounty paper towels automatically up to forty dollars a month")
    # WHEN the shopper asks for something else instead, with a count
    reply = console.say("order two dawn")
    # THEN that is a request of its own, read back for its own yes
    assert reply.speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles")
