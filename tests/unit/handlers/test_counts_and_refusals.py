"""Counts said around a read-back and refusals that ask again: "make it zero" then "yes", a bare "three"
for the product on offer, "twelve eggs", and "no" when nothing
is asked. Through the real skill entry point with in-memory fakes."""

from __future__ import annotations

import pytest

from catalog import Catalog
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_shopping_conversations import lines_of, only_order

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79 a bottle
EGGS = "pp-0173"  # Eggland's Best Large White Eggs, 12 ct, a carton


def test_a_refused_count_at_a_read_back_leaves_how_many_open_and_a_yes_orders_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a read-back of one bottle of Dawn
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper says "make it zero", then "yes"
    refused = console.say("make it zero")
    after = console.say("yes")
    # THEN the zero is refused with "how many?", and the yes orders nothing but asks how many again
    assert refused.speech == "Sorry, 0 isn't a quantity I can order. How many would you like?"
    assert after.speech == "How many would you like?"
    assert store.orders == {}
    # AND a count then reads the same product back with that count
    again = console.say("two")
    assert again.speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles, at $3.79 each.")


@pytest.mark.parametrize(
    ("offer", "expected"),
    [("order dawn", "Dawn Ultra Dish Soap Original Scent, three bottles"), ("how much is dawn", "Dawn Ultra")],
)
def test_a_bare_count_answers_for_the_product_on_offer(
    console: Console, store: FakeShopperStore, offer: str, expected: str
) -> None:
    # GIVEN one product read back or priced
    console.say("open pantry pal")
    console.say(offer)
    # WHEN the shopper says just a number (a word Alexa may also hear as "the third one")
    reply = console.say("three")
    # THEN that many of the product are read back, and only the next yes orders them
    assert reply.speech.startswith(expected)
    assert "three bottles" in reply.speech
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(DAWN, 3)]


def test_twelve_eggs_said_as_a_number_is_one_carton_like_a_dozen(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN eggs sold in cartons of 12
    eggs = demo_catalog.get(EGGS)
    assert eggs is not None and eggs.pack_count == 12
    console.say("open pantry pal")
    # WHEN the shopper orders twelve eggs, and twenty four
    twelve = console.say("order twelve egglands best large white eggs")
    console.say("no")
    twenty_four = console.say("order 24 egglands best large white eggs")
    # THEN one carton, then two cartons, are read back
    assert twelve.speech.startswith("Eggland's Best Large White Eggs, one carton, at $4.79 each.")
    assert twenty_four.speech.startswith("Eggland's Best Large White Eggs, two cartons, at $4.79 each.")


def test_no_when_nothing_is_asked_ends_the_session(console: Console, store: FakeShopperStore) -> None:
    # GIVEN a finished order and "What else can I do?"
    console.say("open pantry pal")
    console.say("order dawn")
    done = console.say("yes")
    assert "cancel" in done.speech
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN the skill says goodbye and the session ends, with the one order kept
    assert reply.speech == "Goodbye."
    assert reply.ends_session
    assert len(store.orders) == 1


def test_no_to_an_offer_still_moves_on_without_ending(console: Console) -> None:
    # GIVEN a price offer, WHEN the shopper says no, THEN the session goes on
    console.say("open pantry pal")
    console.say("how much is dawn")
    reply = console.say("no")
    assert reply.speech == "What else can I do?"
    assert not reply.ends_session


def test_whats_the_total_with_nothing_on_offer_tells_the_carts_contents_and_total(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN two products in the cart and no question pending
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("what's in my cart")
    # WHEN the shopper asks for the total
    reply = console.say("what's the total")
    # THEN they hear the cart and its total (not "which product?"), and nothing is ordered
    assert reply.speech == "Your cart has one bottle of Dawn Ultra Dish Soap Original Scent. That's $4.13 with tax."
    assert store.orders == {}


def test_a_suggestion_asks_yes_or_no_and_make_it_two_after_adding_it_changes_that_line(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a request the catalog does not hold, answered with the nearest product
    console.say("open pantry pal")
    offer = console.say("add organic eggs to my cart")
    assert "The closest I have is " in offer.speech
    suggested = offer.speech.split("The closest I have is ", 1)[1].removesuffix(". Would you like that?")
    # THEN its reprompt asks yes or no about that product (one product was offered, not a choice)
    assert offer.reprompt == f"Would you like {suggested}? Please say yes or no."
    # WHEN the shopper says yes, then "make it two"
    added = console.say("yes")
    changed = console.say("make it two")
    # THEN it was added, and the line just added now holds two
    assert added.speech.startswith("I've added one ") and suggested in added.speech
    assert changed.speech.startswith("Your cart now has two ") and suggested in changed.speech
    assert store.orders == {}
