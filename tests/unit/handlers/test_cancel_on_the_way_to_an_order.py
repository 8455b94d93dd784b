""""Cancel" (AMAZON.CancelIntent) at a question on the way to an order (its read-back, "did you mean ...?", its
packs, the check-out) cancels only that and keeps the session open; "stop" (AMAZON.StopIntent) still ends it."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.nlu import Reading
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_declining_an_order_of_unknown_outcome import WENT_THROUGH, unknown_outcome_of_dawn

NOTHING_ORDERED = "Okay, I haven't ordered anything. What else can I do?"


def send(console: Console, intent: str) -> Reply:
    """``intent`` with no slots, as Alexa sends it ("cancel", "never mind", "stop", "exit")."""
    return console.send_reading(Reading(kind="intent", intent=intent, slots={}))


@pytest.mark.parametrize(
    ("steps", "asked"),
    [
        (["order dawn"], "Should I order it?"),
        (["order eggs"], "Did you mean Eggland's Best Large White Eggs or Good & Gather Grade A Large Eggs?"),
        (["order half a dozen eggs", "the first"], "Would you like one carton?"),
        (["add dawn to my cart", "check out"], "Should I place the order?"),
    ],
    ids=["read-back", "did-you-mean", "packs", "check-out"],
)
def test_cancel_on_the_way_to_an_order_cancels_only_that_and_keeps_the_session(
    console: Console, store: FakeShopperStore, steps: list[str], asked: str
) -> None:
    # GIVEN a question on the way to an order
    console.say("open pantry pal")
    for step in steps:
        reply = console.say(step)
    assert reply.speech.endswith(asked)
    # WHEN the shopper says "cancel"
    cancelled = send(console, "AMAZON.CancelIntent")
    # THEN only that is cancelled: nothing was ordered, and the session stays open with a reprompt
    assert cancelled.speech == NOTHING_ORDERED
    assert cancelled.reprompt == "What else can I do?"
    assert not cancelled.ends_session
    # AND nothing waits for a yes any more, and nothing was ordered
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


def test_cancel_at_a_product_of_a_list_cancels_it_and_the_rest_of_the_list_and_keeps_the_session(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    reply = send(console, "AMAZON.CancelIntent")
    assert reply.speech == "Okay, I haven't ordered that, or the rest of your list. What else can I do?"
    assert not reply.ends_session
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


def test_cancel_at_which_cart_line_keeps_the_cart_and_the_session(console: Console) -> None:
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    console.say("add horizon organic 2% milk to my cart")
    assert console.say("remove milk").speech.startswith("Your cart has ")
    reply = send(console, "AMAZON.CancelIntent")
    assert reply.speech == "Okay, your cart stays as it is. What else can I do?"
    assert not reply.ends_session


@pytest.mark.parametrize(
    "steps", [["order dawn"], ["order eggs"], ["add dawn to my cart", "check out"]], ids=["read-back", "choice", "cart"]
)
def test_stop_on_the_way_to_an_order_still_ends_the_session(
    console: Console, store: FakeShopperStore, steps: list[str]
) -> None:
    console.say("open pantry pal")
    for step in steps:
        console.say(step)
    reply = send(console, "AMAZON.StopIntent")
    assert reply.speech.endswith("Goodbye.")
    assert reply.ends_session
    assert store.orders == {}


def test_cancel_with_nothing_pending_still_ends_the_session(console: Console) -> None:
    console.say("open pantry pal")
    reply = send(console, "AMAZON.CancelIntent")
    assert reply.speech == "Goodbye."
    assert reply.ends_session


def test_cancel_after_an_unknown_outcome_says_whether_the_order_went_through_and_keeps_the_session(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order whose write landed but went unanswered
    unknown_outcome_of_dawn(console, store, lands=True)
    # WHEN the shopper cancels
    reply = send(console, "AMAZON.CancelIntent")
    # THEN they hear it went through (never that nothing was ordered), and the session stays open
    assert reply.speech == f"{WENT_THROUGH} What else can I do?"
    assert not reply.ends_session
