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



# Which cart line the skill's "which one?" question named at a position ("first" or "second").
NamedAt = Callable[[str, str], str]


@pytest.fixture
def two_milks(console: Console) -> NamedAt:
    """A jug of whole milk and two cartons of Horizon 2% in the cart."""
    console.say("open pantry pal")
    console.say("add good and gather whole milk to my cart")
    console.say("add two horizon organic two percent milk to my cart")

    def named_at(question: str, position: str) -> str:
        whole_first = question.index("Good & Gather Whole Milk") < question.index("Horizon Organic 2% Milk")
        order = [WHOLE_MILK, HORIZON_MILK] if whole_first else [HORIZON_MILK, WHOLE_MILK]
        return order[0 if position == "first" else 1]

    return named_at


@pytest.mark.parametrize(
    ("answer", "position"),
    [
        ("the whole milk", "whole"),  # ChooseIntent, by name
        ("whole milk", "whole"),  # OrderItemIntent: a product name alone
        ("the first one", "first"),
        ("the second", "second"),
        ("remove the second one", "second"),
    ],
)
def test_the_answer_to_which_cart_line_to_remove_removes_that_line(
    console: Console, cart: Cart, two_milks: NamedAt, answer: str, position: str
) -> None:
    # GIVEN two milks in the cart, and the shopper asked which one to remove
    question = console.say("remove milk")
    assert "Which one should I remove?" in question.speech
    # WHEN they answer
    reply = console.say(answer)
    # THEN that line is gone and the other stays (the answer is not a new order)
    removed = WHOLE_MILK if position == "whole" else two_milks(question.speech, position)
    kept = HORIZON_MILK if removed == WHOLE_MILK else WHOLE_MILK
    assert reply.speech.startswith("I've removed ") and reply.speech.endswith(" from your cart.")
    assert cart() == {kept: {WHOLE_MILK: 1, HORIZON_MILK: 2}[kept]}


def test_the_answer_to_which_cart_line_to_change_sets_that_line_to_the_count_said(
    console: Console, cart: Cart, two_milks: NamedAt
) -> None:
    # GIVEN two milks in the cart, and the shopper asked which one to change to three
    question = console.say("change milk to 3")
    assert "Which one should I change?" in question.speech
    # WHEN they pick the second one
    reply = console.say("the second one")
    # THEN that line has three, the other is as it was
    assert reply.speech.startswith("Your cart now has three ")
    assert cart() == {WHOLE_MILK: 1, HORIZON_MILK: 2} | {two_milks(question.speech, "second"): 3}


@pytest.mark.parametrize("answer", ["neither", "no", "cancel"])
def test_neither_no_or_cancel_to_which_cart_line_leaves_the_cart_as_it_is(
    console: Console, cart: Cart, two_milks: NamedAt, answer: str
) -> None:
    # GIVEN two milks in the cart, and the shopper asked which one to remove
    console.say("remove milk")
    # WHEN they answer that it is neither (or say no, or cancel)
    reply = console.say(answer)
    # THEN the cart stays as it was, and they hear so
    assert reply.speech.startswith("Okay, your cart stays as it is.")
    assert cart() == {WHOLE_MILK: 1, HORIZON_MILK: 2}


def test_both_takes_the_count_said_off_each_line_asked_about(console: Console, cart: Cart, two_milks: NamedAt) -> None:
    # GIVEN two milks in the cart, two of each, and "remove one milk" asked which
    console.say("add good and gather whole milk to my cart")
    console.say("remove one milk")
    # WHEN the shopper says both
    reply = console.say("both")
    # THEN one is taken off each line
    assert reply.speech.startswith("Your cart now has one ")
    assert cart() == {WHOLE_MILK: 1, HORIZON_MILK: 1}


def test_an_answer_that_picks_no_cart_line_asks_again_and_keeps_the_question(
    console: Console, cart: Cart, two_milks: NamedAt
) -> None:
    # GIVEN the shopper asked which milk to remove
    console.say("remove milk")
    # WHEN the answer picks neither line
    unclear = console.say("the third one")
    # THEN they are asked again, and the cart is unchanged
    assert unclear.speech.startswith("Sorry, which one? You can say ")
    assert cart() == {WHOLE_MILK: 1, HORIZON_MILK: 2}
    # WHEN they then name one, THEN that one is removed
    console.say("the whole milk")
    assert cart() == {HORIZON_MILK: 2}
