"""A count no cart line can be set to (over the per-item limit, below zero) is refused, naming what is allowed,
before anything is changed or forgotten: the cart line stays as it was and stays the line "make it two" is
about, no order is proposed in its place, and a question pending is asked again."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeShopperStore

SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter, $3.29 a jar
JIF = "pp-0120"  # Jif Creamy Peanut Butter
OVER_LIMIT = "Sorry, I can't make that 50: your limit is 10 per item, so I've left your cart as it is."
BAD_COUNT = (
    "Sorry, that isn't a quantity I can use: you can have from one to 10 of each item, so I've left your cart "
    "as it is."
)


def cart(store: FakeShopperStore, console: Console) -> dict[str, int]:
    held = store.carts.get(console.envelopes.user_id)
    return {line.product_id: line.quantity for line in held.lines} if held else {}


def change_quantity(console: Console, **slots: str) -> Reply:
    """ChangeQuantityIntent as Alexa sends it ("make it minus two": AMAZON.NUMBER "-2")."""
    reading = Reading(
        kind="intent", intent="ChangeQuantityIntent", slots={k: SlotReading(v) for k, v in slots.items()}
    )
    return console.send_reading(reading)


@pytest.mark.parametrize(
    ("answer", "refusal"),
    [
        (lambda console: console.say("make it fifty"), OVER_LIMIT),
        (lambda console: console.say("change skippy to fifty"), OVER_LIMIT),
        (lambda console: change_quantity(console, Quantity="-2"), BAD_COUNT),
        (lambda console: change_quantity(console, Quantity="-2", Product="skippy"), BAD_COUNT),
    ],
    ids=["make-it-fifty", "change-skippy-to-fifty", "make-it-minus-two", "change-skippy-to-minus-two"],
)
def test_a_count_no_cart_line_can_have_is_refused_and_the_line_stays_as_it_was(
    console: Console, store: FakeShopperStore, answer: object, refusal: str
) -> None:
    # GIVEN a jar of skippy just added to the cart
    console.say("open pantry pal")
    console.say("add skippy to my cart")
    # WHEN the shopper sets it to a count over the limit, or below zero
    reply = answer(console)  # type: ignore[operator]
    # THEN they hear what is allowed, and the cart is as it was
    assert reply.speech == refusal
    assert reply.reprompt == "What else can I do?"
    assert cart(store, console) == {SKIPPY: 1}
    # AND no order was proposed in its place: a yes or a count orders nothing
    assert console.envelopes.attributes.get("awaiting") is None
    assert "nothing waiting" in console.say("yes").speech
    assert store.orders == {}


def test_after_a_refused_count_make_it_two_is_still_about_the_cart_line(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN "make it fifty" refused about the skippy just added
    console.say("open pantry pal")
    console.say("add skippy to my cart")
    assert console.say("make it fifty").speech == OVER_LIMIT
    # WHEN the shopper says "make it two"
    reply = console.say("make it two")
    # THEN the cart line is changed, and nothing is ordered
    assert reply.speech == "Your cart now has two jars of Skippy Creamy Peanut Butter."
    assert cart(store, console) == {SKIPPY: 2}
    assert store.orders == {}


def test_a_refused_count_at_which_line_to_change_asks_which_line_again(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN "which one should I change?" about two peanut butters in the cart, to make one of them two
    console.say("open pantry pal")
    console.say("add skippy to my cart")
    console.say("add jif to my cart")
    which = console.say("change peanut butter to two")
    assert "Which one should I change?" in which.speech
    # WHEN the shopper says "change the first one to fifty"
    reply = console.say("change the first one to fifty")
    # THEN the count is refused and the same question asked again, still open
    assert reply.speech == f"{OVER_LIMIT} {which.speech}"
    assert console.envelopes.attributes.get("awaiting") == "cart_line"
    assert cart(store, console) == {SKIPPY: 1, JIF: 1}
    # AND the one then picked gets the count first asked for
    console.say("skippy")
    assert cart(store, console) == {SKIPPY: 2, JIF: 1}
