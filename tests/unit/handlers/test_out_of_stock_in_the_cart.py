"""A cart line whose product has gone out of stock since it was added blocks nothing: the cart is read with it
marked and outside the total, adds go on, and a check-out says it is out of stock, leaves it in the cart, and
reads back the rest for its own yes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catalog import Catalog
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.nlu import Grammar
from tests.unit.handlers.test_out_of_stock import DAWN, HORIZON_2, TOWELS, Shop, without

CANT_ORDER = "so I can't order it"


@pytest.fixture
def shop(settings: Settings, clock: SimulatedClock, grammar: Grammar) -> Callable[[Catalog], Shop]:
    return lambda catalog: Shop(settings, clock, grammar, catalog)


def cart_of(s: Shop) -> list[tuple[str, int]]:
    cart = s.store.carts.get(s.console.envelopes.user_id)
    return [(line.product_id, line.quantity) for line in cart.lines] if cart is not None else []


def milk_in_the_cart_then_out_of_stock(shop: Callable[[Catalog], Shop], demo_catalog: Catalog) -> Shop:
    """Horizon 2% milk added to the cart while in stock, then gone out of stock."""
    s = shop(demo_catalog)
    s.console.say("open pantry pal")
    assert s.console.say("add horizon organic 2% milk to my cart").speech.startswith("I've added one carton")
    s.stock(without(demo_catalog, [HORIZON_2]))
    return s


def test_an_add_to_a_cart_holding_a_line_out_of_stock_adds_and_says_the_total_leaves_it_out(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN milk in the cart, gone out of stock since
    s = milk_in_the_cart_then_out_of_stock(shop, demo_catalog)
    # WHEN the shopper adds dawn
    reply = s.console.say("add dawn to my cart")
    # THEN dawn is added, and the total is of what can be ordered, the milk named as left out of it
    assert reply.speech == (
        "I've added one bottle of Dawn Ultra Dish Soap Original Scent to your cart. Your cart comes to $4.13 with "
        "tax. That leaves out Horizon Organic 2% Milk, which is out of stock right now."
    )
    assert CANT_ORDER not in reply.speech
    assert cart_of(s) == [(HORIZON_2, 1), (DAWN, 1)]


def test_the_cart_is_read_with_its_line_out_of_stock_marked_and_outside_the_total(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN milk (now out of stock) and dawn in the cart
    s = milk_in_the_cart_then_out_of_stock(shop, demo_catalog)
    s.console.say("add dawn to my cart")
    # WHEN the shopper asks what is in it, or its total
    for said in ("what's in my cart", "what's the total"):
        reply = s.console.say(said)
        # THEN every line is read, the milk marked out of stock, and the total is of the dawn
        assert reply.speech == (
            "Your cart has one bottle of Dawn Ultra Dish Soap Original Scent. That's $4.13 with tax. It also has "
            "one carton of Horizon Organic 2% Milk, which is out of stock right now."
        )
        assert reply.reprompt == "What else can I do?"


def test_a_cart_whose_every_line_is_out_of_stock_is_read_without_a_total(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    s = milk_in_the_cart_then_out_of_stock(shop, demo_catalog)
    reply = s.console.say("what's in my cart")
    assert reply.speech == "Your cart has one carton of Horizon Organic 2% Milk, which is out of stock right now."


def test_check_out_leaves_the_line_out_of_stock_in_the_cart_and_orders_the_rest_with_its_own_yes(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN milk (now out of stock), dawn and towels in the cart
    s = milk_in_the_cart_then_out_of_stock(shop, demo_catalog)
    s.console.say("add dawn to my cart")
    s.console.say("add bounty select a size paper towels to my cart")
    # WHEN the shopper checks out
    confirm = s.console.say("check out")
    # THEN they hear the milk is out of stock and stays in the cart, and the rest is read back for a yes
    assert confirm.speech == (
        "Sorry, Horizon Organic 2% Milk is out of stock right now, so I'll leave it in your cart for later. The "
        "rest of your cart is one bottle of Dawn Ultra Dish Soap Original Scent and one pack of Bounty "
        "Select-A-Size Paper Towels, for $25.89 with tax. Should I place the order?"
    )
    assert confirm.reprompt == "Should I place the order for the rest of your cart? Please say yes or no."
    assert s.store.orders == {}
    # WHEN they say yes
    done = s.console.say("yes")
    # THEN the rest is ordered, and the milk is all the cart still holds
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent and one pack")
    assert s.orders_since(()) == [[(DAWN, 1), (TOWELS, 1)]]
    assert cart_of(s) == [(HORIZON_2, 1)]


def test_check_out_of_a_cart_whose_every_line_is_out_of_stock_says_so_and_keeps_the_cart(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    s = milk_in_the_cart_then_out_of_stock(shop, demo_catalog)
    reply = s.console.say("check out")
    assert reply.speech == (
        "Sorry, Horizon Organic 2% Milk is out of stock right now, so there's nothing in your cart I can order. "
        "I'll leave it in your cart for later. What else can I do?"
    )
    # AND no order waits for a yes
    assert s.console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert s.store.orders == {}
    assert cart_of(s) == [(HORIZON_2, 1)]


def test_a_line_gone_out_of_stock_between_the_check_out_and_its_yes_is_left_in_the_cart_and_the_rest_read_again(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN milk and dawn in the cart, read back at the check-out
    s = shop(demo_catalog)
    s.console.say("open pantry pal")
    s.console.say("add horizon organic 2% milk to my cart")
    s.console.say("add dawn to my cart")
    assert s.console.say("check out").speech.startswith("Your cart has one carton of Horizon Organic 2% Milk and")
    # WHEN the milk goes out of stock before the shopper's yes
    s.stock(without(demo_catalog, [HORIZON_2]))
    again = s.console.say("yes")
    # THEN nothing is ordered: the milk stays in the cart and the rest is read back for a new yes
    assert again.speech == (
        "Sorry, Horizon Organic 2% Milk is out of stock right now, so I'll leave it in your cart for later. The "
        "rest of your cart is one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13 with tax. Should I "
        "place the order?"
    )
    assert s.store.orders == {}
    s.console.say("yes")
    assert s.orders_since(()) == [[(DAWN, 1)]]
    assert cart_of(s) == [(HORIZON_2, 1)]


def test_a_line_out_of_stock_can_be_removed_but_not_added_to(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN two cartons of milk in the cart, gone out of stock since
    s = shop(demo_catalog)
    s.console.say("open pantry pal")
    s.console.say("add two horizon organic 2% milk to my cart")
    s.stock(without(demo_catalog, [HORIZON_2]))
    # WHEN the shopper asks for more of it
    more = s.console.say("change horizon organic 2% milk to 3")
    # THEN it is refused as a cart change, and the cart is as it was
    assert more.speech == (
        "Sorry, Horizon Organic 2% Milk is out of stock right now, so I can't add it to your cart. "
        "What else can I do?"
    )
    assert cart_of(s) == [(HORIZON_2, 2)]
    # WHEN they take one off, then remove it
    assert s.console.say("remove one horizon organic 2% milk").speech == (
        "Your cart now has one carton of Horizon Organic 2% Milk."
    )
    assert s.console.say("remove horizon organic 2% milk").speech.startswith(
        "I've removed Horizon Organic 2% Milk from your cart."
    )
    assert cart_of(s) == []
