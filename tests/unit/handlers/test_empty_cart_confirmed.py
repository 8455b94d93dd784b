""""Empty my cart" asks first, naming how many items would go: a yes empties it, a no (or stop, or any other
request) keeps it, and help asks the question again in full."""

from __future__ import annotations

import pytest

from skill.local.console import Console
from tests.fakes import FakeShopperStore

SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
ASKED = "Empty your cart of three items?"
REPROMPT = "Should I empty your cart? Please say yes or no."


def cart(store: FakeShopperStore, console: Console) -> dict[str, int]:
    held = store.carts.get(console.envelopes.user_id)
    return {line.product_id: line.quantity for line in held.lines} if held else {}


def fill_cart(console: Console) -> None:
    console.say("open pantry pal")
    console.say("add two skippy to my cart")
    console.say("add dawn to my cart")


@pytest.mark.parametrize("said", ["empty my cart", "clear my cart", "remove everything from my cart"])
def test_empty_my_cart_asks_first_and_changes_nothing_yet(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # GIVEN three items in the cart
    fill_cart(console)
    # WHEN the shopper asks to empty it
    reply = console.say(said)
    # THEN they are asked first, with how many items would go, and the cart is untouched
    assert reply.speech == ASKED
    assert reply.reprompt == REPROMPT
    assert cart(store, console) == {SKIPPY: 2, DAWN: 1}


def test_yes_empties_the_cart(console: Console, store: FakeShopperStore) -> None:
    fill_cart(console)
    console.say("empty my cart")
    reply = console.say("yes")
    assert reply.speech == "I've emptied your cart."
    assert reply.reprompt == "What else can I do?"
    assert cart(store, console) == {}
    # AND a second yes has nothing to confirm
    assert "nothing waiting" in console.say("yes").speech


@pytest.mark.parametrize(
    ("answer", "said"),
    [("no", "Okay, your cart stays as it is."), ("stop", "Okay, your cart stays as it is. Goodbye.")],
)
def test_no_or_stop_keeps_the_cart(console: Console, store: FakeShopperStore, answer: str, said: str) -> None:
    fill_cart(console)
    console.say("empty my cart")
    assert console.say(answer).speech == said
    assert cart(store, console) == {SKIPPY: 2, DAWN: 1}


def test_another_request_at_the_question_keeps_the_cart_and_a_later_yes_empties_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    fill_cart(console)
    console.say("empty my cart")
    console.say("what's in my cart")
    assert "nothing waiting" in console.say("yes").speech
    assert cart(store, console) == {SKIPPY: 2, DAWN: 1}


def test_help_at_the_question_asks_it_again_in_full(console: Console, store: FakeShopperStore) -> None:
    fill_cart(console)
    console.say("empty my cart")
    reply = console.say("help")
    assert reply.speech.endswith(f"{ASKED} Please say yes or no.")
    console.say("yes")
    assert cart(store, console) == {}


def test_one_item_is_asked_about_as_one(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    assert console.say("empty my cart").speech == "Empty your cart of its one item?"


def test_an_empty_cart_is_said_to_be_empty_and_nothing_is_asked(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("empty my cart")
    assert reply.speech == "Your cart is empty."
    assert console.envelopes.attributes.get("awaiting") is None
