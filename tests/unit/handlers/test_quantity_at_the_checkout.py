"""A count said at the check-out's read-back changes the cart and reads the check-out back again: about its one
line, or (of several) the line the shopper picks when asked which; the check-out is never dropped."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
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


# --- a removal, and a count that cannot be set, at the check-out's read-back ------------------------------

KEURIG = "pp-0216"  # Keurig K-Mini Single Serve Coffee Maker, $79.99


def change_quantity(console: Console, **slots: str) -> Reply:
    """ChangeQuantityIntent as Alexa sends it ("make it minus two": AMAZON.NUMBER "-2")."""
    reading = Reading(
        kind="intent", intent="ChangeQuantityIntent", slots={k: SlotReading(v) for k, v in slots.items()}
    )
    return console.send_reading(reading)


def test_a_line_removed_at_the_check_out_reads_the_check_out_again(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a check-out of skippy and dawn read back
    check_out(console, "skippy", "dawn")
    # WHEN the shopper says "remove dawn"
    reply = console.say("remove dawn")
    # THEN dawn is removed and the check-out read back again, still waiting for its yes
    assert reply.speech == (
        "I've removed Dawn Ultra Dish Soap Original Scent from your cart. Your cart has one jar of Skippy Creamy "
        "Peanut Butter, for $3.58 with tax. Should I place the order?"
    )
    assert reply.reprompt == CHECKOUT_REPROMPT
    assert store.orders == {}
    # AND the yes orders what is left
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1)]


def test_the_last_line_removed_at_the_check_out_says_the_cart_is_now_empty(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "skippy")
    reply = console.say("remove it")
    assert reply.speech == "I've removed Skippy Creamy Peanut Butter from your cart. Your cart is now empty."
    assert reply.reprompt == "What else can I do?"
    assert "nothing waiting" in console.say("yes").speech
    assert store.orders == {}


def test_remove_it_at_the_check_out_of_several_lines_asks_which_and_keeps_the_check_out(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "skippy", "dawn")
    which = console.say("remove it")
    assert "Which one should I remove?" in which.speech
    reply = console.say("the second one")
    assert reply.speech.startswith("I've removed Dawn Ultra Dish Soap Original Scent from your cart. Your cart has")
    assert reply.reprompt == CHECKOUT_REPROMPT
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1)]


def test_a_product_not_in_the_cart_removed_at_the_check_out_keeps_the_check_out(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "skippy")
    reply = console.say("remove dawn")
    assert reply.speech == (
        "Dawn Ultra Dish Soap Original Scent isn't in your cart. Your cart has one jar of Skippy Creamy Peanut "
        "Butter, for $3.58 with tax. Should I place the order?"
    )
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1)]


@pytest.mark.parametrize(
    ("answer", "refusal"),
    [
        (
            lambda console: console.say("make it fifty"),
            "Sorry, I can't make that 50: your limit is 10 per item, so I've left your cart as it is.",
        ),
        (
            lambda console: change_quantity(console, Quantity="-2"),
            "Sorry, that isn't a quantity I can use: you can have from one to 10 of each item, so I've left your "
            "cart as it is.",
        ),
    ],
    ids=["over-the-limit", "minus-two"],
)
def test_a_count_that_cannot_be_set_at_the_check_out_says_what_is_allowed_and_asks_the_check_out_again(
    console: Console, store: FakeShopperStore, answer: object, refusal: str
) -> None:
    # GIVEN a check-out of one jar of skippy read back
    check_out(console, "skippy")
    # WHEN the shopper asks for a count no line can have
    reply = answer(console)  # type: ignore[operator]
    # THEN they hear what is allowed, then the check-out again, unchanged and still waiting for its yes
    assert reply.speech == (
        f"{refusal} Your cart has one jar of Skippy Creamy Peanut Butter, for $3.58 with tax. Should I place the "
        "order? Please say yes or no."
    )
    assert reply.reprompt == CHECKOUT_REPROMPT
    # AND the yes orders the cart as it was
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1)]


def test_a_count_over_the_order_total_at_the_check_out_is_refused_and_the_check_out_kept(
    console: Console, store: FakeShopperStore
) -> None:
    check_out(console, "keurig k-mini")
    reply = console.say("make it four")
    assert reply.speech == (
        "Sorry, that would bring your cart to $348.36, which is over your order limit of $250.00, so I haven't "
        "changed Keurig K-Mini Single Serve Coffee Maker. Your cart has one Keurig K-Mini Single Serve Coffee "
        "Maker, for $87.09 with tax. Should I place the order?"
    )
    assert reply.reprompt == CHECKOUT_REPROMPT
    console.say("yes")
    assert ordered(store) == [(KEURIG, 1)]


def test_a_count_over_the_order_total_about_a_cart_line_is_refused_and_proposes_no_order(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("add keurig k-mini to my cart")
    reply = console.say("make it four")
    assert reply.speech.startswith("Sorry, that would bring your cart to $348.36")
    assert console.envelopes.attributes.get("awaiting") is None
    # AND "make it two" next is still about that cart line
    console.say("make it two")
    assert store.carts[console.envelopes.user_id].lines[0].quantity == 2
    assert store.orders == {}
