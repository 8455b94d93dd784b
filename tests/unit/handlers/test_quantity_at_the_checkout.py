"""A count said at the check-out's read-back changes the cart and reads the check-out back again: about its one
line, or (of several) the line the shopper picks when asked which; the check-out is never dropped."""

from __future__ import annotations

from skill.local.console import Console
from tests.fakes import FakeShopperStore

SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter, $3.29 a jar
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79 a bottle
CHECKOUT_REPROMPT = "Should I place the order for your cart? Please say yes or no."


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


def check_out(console: Console, *products: str) -> None:
    console.say("open pantry pal")
    for product in products:
        console.say(f"add {product} to my cart")
    assert console.say("check out").speech.endswith("Should I place the order?")


def test_make_it_two_at_the_check_out_of_one_line_changes_it_and_reads_the_check_out_again(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a check-out of one jar of skippy read back
    check_out(console, "skippy")
    # WHEN the shopper says "make it two"
    reply = console.say("make it two")
    # THEN the check-out is read back again with two jars, still waiting for its yes
    assert reply.speech == (
        "Your cart has two jars of Skippy Creamy Peanut Butter, for $7.16 with tax. Should I place the order?"
    )
    assert reply.reprompt == CHECKOUT_REPROMPT
    assert store.orders == {}
    # AND the yes orders two
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 2)]


def test_make_it_two_at_the_check_out_of_several_lines_asks_which_and_keeps_the_check_out(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a check-out of skippy and dawn read back
    check_out(console, "skippy", "dawn")
    # WHEN the shopper says "make it two"
    which = console.say("make it two")
    # THEN they are asked which line
    assert which.speech.startswith(
        "Your cart has Skippy Creamy Peanut Butter and Dawn Ultra Dish Soap Original Scent. Which one should I change?"
    )
    # WHEN they pick the second
    reply = console.say("the second one")
    # THEN that line is changed and the check-out read back again for its yes
    assert reply.speech == (
        "Your cart has one jar of Skippy Creamy Peanut Butter and two bottles of Dawn Ultra Dish Soap Original "
        "Scent, for $11.83 with tax. Should I place the order?"
    )
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1), (DAWN, 2)]


def test_neither_at_which_line_to_change_reads_the_check_out_again_unchanged(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "skippy", "dawn")
    console.say("make it two")
    reply = console.say("neither")
    assert reply.speech.startswith("Your cart has one jar of Skippy Creamy Peanut Butter and one bottle of Dawn")
    assert reply.reprompt == CHECKOUT_REPROMPT
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1), (DAWN, 1)]


def test_a_line_changed_by_name_at_the_check_out_reads_the_check_out_again(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "skippy", "dawn")
    reply = console.say("change skippy to three")
    assert reply.speech.startswith("Your cart has three jars of Skippy Creamy Peanut Butter and one bottle of Dawn")
    assert reply.reprompt == CHECKOUT_REPROMPT
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 3), (DAWN, 1)]
