"""A request Alexa delivers again (the same request id) changes the cart once, on any Lambda instance: the
guard is the request id stored with the cart, not anything kept in memory."""

from __future__ import annotations

import copy

from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services
from skill.local.console import Console, Reply
from tests.fakes import FakeShopperStore

MILK = "pp-0163"  # Horizon Organic Whole Milk, $5.79 a carton
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent


def cart(store: FakeShopperStore, console: Console) -> dict[str, int]:
    held = store.carts.get(console.envelopes.user_id)
    return {line.product_id: line.quantity for line in held.lines} if held else {}


def redeliver(console: Console) -> Reply:
    """The last envelope sent again as it was: same request id, same session."""
    assert console.last_envelope is not None
    return console.send(copy.deepcopy(console.last_envelope))


def test_an_add_to_cart_delivered_twice_adds_once_and_says_the_same(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a shopper who adds milk to the cart
    console.say("open pantry pal")
    added = console.say("add horizon whole milk to my cart")
    assert added.speech == (
        "I've added one carton of Horizon Organic Whole Milk to your cart. Your cart comes to $6.30 with tax."
    )
    # WHEN Alexa delivers the same request again
    again = redeliver(console)
    # THEN the cart holds one carton, and the answer is the same
    assert cart(store, console) == {MILK: 1}
    assert again.speech == added.speech
    # AND the shopper asking again (a new request) does add another
    console.say("add horizon whole milk to my cart")
    assert cart(store, console) == {MILK: 2}


def test_an_add_of_several_products_delivered_twice_adds_each_once(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("add horizon whole milk and dawn to my cart")
    assert cart(store, console) == {MILK: 1, DAWN: 1}
    redeliver(console)
    assert cart(store, console) == {MILK: 1, DAWN: 1}


def test_a_remove_of_one_delivered_twice_takes_one_off_and_says_what_is_left(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN three cartons of milk in the cart
    console.say("open pantry pal")
    console.say("add three horizon whole milk to my cart")
    # WHEN "remove one milk" is delivered twice
    removed = console.say("remove one horizon whole milk")
    again = redeliver(console)
    # THEN one carton came off, and both answers say two are left
    assert cart(store, console) == {MILK: 2}
    assert removed.speech == again.speech == "Your cart now has two cartons of Horizon Organic Whole Milk."


def test_the_redelivery_reaching_another_lambda_instance_adds_once(
    console: Console, store: FakeShopperStore, services: Services
) -> None:
    # GIVEN milk added through one instance of the skill
    console.say("open pantry pal")
    console.say("add horizon whole milk to my cart")
    assert console.last_envelope is not None
    # WHEN the same request reaches a freshly built skill (a new Lambda instance, nothing in memory)
    fresh = build_skill(services)
    handle(copy.deepcopy(console.last_envelope), None, fresh)
    # THEN the cart still holds one carton
    assert cart(store, console) == {MILK: 1}
