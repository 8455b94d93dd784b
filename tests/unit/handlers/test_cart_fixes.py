"""Removing and changing cart lines: the line the phrase fits in the cart (not the catalog's top match),
a count said in a remove, and "make it two" / "remove it" about the line just added."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.local.console import Console
from tests.fakes import FakeShopperStore

WHOLE_MILK = "pp-0165"  # Good & Gather Whole Milk
HORIZON_MILK = "pp-0164"  # Horizon Organic 2% Milk
BRAWNY = "pp-0003"  # Brawny Tear-A-Square Paper Towels


Cart = Callable[[], dict[str, int]]


@pytest.fixture
def cart(console: Console, store: FakeShopperStore) -> Cart:
    """The console shopper's cart now, as product id -> quantity."""

    def lines() -> dict[str, int]:
        held = store.carts.get(console.envelopes.user_id)
        return {line.product_id: line.quantity for line in held.lines} if held else {}

    return lines


def test_remove_milk_removes_the_milk_in_the_cart_not_the_catalog_s_top_milk(console: Console, cart: Cart) -> None:
    # GIVEN a whole milk in the cart (the catalog's top milk is another one)
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    # WHEN the shopper removes "milk"
    reply = console.say("remove milk")
    # THEN the whole milk is removed
    assert reply.speech == "I've removed Good & Gather Whole Milk from your cart."
    assert cart() == {}


def test_change_paper_towels_changes_the_paper_towels_in_the_cart(console: Console, cart: Cart) -> None:
    # GIVEN Brawny paper towels in the cart
    console.say("open pantry pal")
    console.say("add brawny paper towels to my cart")
    # WHEN the shopper changes "paper towels" to three
    reply = console.say("change paper towels to 3")
    # THEN the Brawny line has three packs
    assert reply.speech == "Your cart now has three packs of Brawny Tear-A-Square Paper Towels."
    assert cart() == {BRAWNY: 3}


def test_when_two_cart_lines_fit_the_shopper_is_asked_which_and_nothing_changes(console: Console, cart: Cart) -> None:
    # GIVEN two milks in the cart
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    console.say("add horizon organic two percent milk to my cart")
    # WHEN the shopper removes "milk"
    reply = console.say("remove milk")
    # THEN they are asked which of the two, by name, and both stay
    assert "Good & Gather Whole Milk" in reply.speech and "Horizon Organic 2% Milk" in reply.speech
    assert "Which one should I remove?" in reply.speech
    assert cart() == {WHOLE_MILK: 1, HORIZON_MILK: 1}


def test_a_count_said_in_a_remove_takes_that_many_off_the_line(console: Console, cart: Cart) -> None:
    # GIVEN two cartons of milk in the cart
    console.say("open pantry pal")
    console.say("add two horizon organic two percent milk to my cart")
    # WHEN the shopper removes one milk
    reply = console.say("remove one milk")
    # THEN one carton stays
    assert reply.speech == "Your cart now has one carton of Horizon Organic 2% Milk."
    assert cart() == {HORIZON_MILK: 1}


def test_make_it_two_then_remove_it_right_after_adding_are_about_the_product_just_added(
    console: Console, cart: Cart
) -> None:
    # GIVEN whole milk just added to the cart
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    # WHEN the shopper says "make it two"
    changed = console.say("make it two")
    # THEN the whole milk line has two
    assert changed.speech == "Your cart now has two jugs of Good & Gather Whole Milk."
    assert cart() == {WHOLE_MILK: 2}
    # WHEN they then say "remove it"
    removed = console.say("remove it")
    # THEN the line is gone
    assert removed.speech == "I've removed Good & Gather Whole Milk from your cart."
    assert cart() == {}


def test_remove_it_after_another_answer_asks_which_product(console: Console, cart: Cart) -> None:
    # GIVEN milk added, then the cart read out
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    console.say("what's in my cart")
    # WHEN the shopper says "remove it"
    reply = console.say("remove it")
    # THEN they are asked which product, and the cart is unchanged
    assert reply.speech == "Which product would you like?"
    assert cart() == {WHOLE_MILK: 1}
