"""How many of a product is read aloud: its pack word ("one block"), or a bare number for a product whose
catalog unit is the generic "item" (the default, and every Instacart product), never "one item"."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

CHEDDAR = "pp-0182"  # Tillamook Sharp Cheddar Cheese, "8 oz block", $4.49
DEODORANT = "pp-0055"  # Old Spice High Endurance Deodorant Pure Sport, sold by the "item", $5.49
DEODORANT_NAME = "Old Spice High Endurance Deodorant Pure Sport"


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def test_the_running_low_prompt_reads_cheddar_in_its_own_pack_word(
    console: Console, services: Services, clock: SimulatedClock, shopper_id: str
) -> None:
    # GIVEN a shopper who buys Tillamook Sharp Cheddar every 14 days, the last 15 days ago
    seed_orders(services, clock, shopper_id, regular(CHEDDAR, every=14, times=6, last_days_ago=15))
    # WHEN they open the skill, THEN the prompt offers a block of it, not "one item"
    reply = console.say("open pantry pal")
    assert reply.speech.startswith("You're probably running low on Tillamook Sharp Cheddar Cheese;")
    assert reply.speech.endswith("Shall I order one block for $4.49?")


def test_a_product_sold_by_the_item_is_prompted_with_a_bare_number(
    console: Console, services: Services, clock: SimulatedClock, shopper_id: str
) -> None:
    seed_orders(services, clock, shopper_id, regular(DEODORANT, every=14, times=6, last_days_ago=15))
    reply = console.say("open pantry pal")
    assert reply.speech.endswith("Shall I order one for $5.49?")
    assert "item" not in reply.speech


def test_a_product_sold_by_the_item_is_priced_read_back_and_added_without_the_word_item(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks its price, orders it, and adds two to the cart
    price = console.say("how much is old spice high endurance deodorant pure sport")
    read_back = console.say("yes")
    console.say("no")
    added = console.say("add two old spice high endurance deodorant pure sport to my cart")
    cart = console.say("what's in my cart")
    # THEN each answer says the count with the product, as one would say it
    assert price.speech == f"{DEODORANT_NAME} is $5.49 for one. Would you like to order it?"
    assert read_back.speech.startswith(f"{DEODORANT_NAME}, one, at $5.49 each.")
    assert added.speech.startswith(f"I've added two of the {DEODORANT_NAME} to your cart.")
    assert cart.speech.startswith(f"Your cart has two of the {DEODORANT_NAME}.")
    assert all("item" not in reply.speech for reply in (price, read_back, added, cart))
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [(DEODORANT, 2)]


# --- more than one of a product sold by the item: its name said in the plural ------------------------------

PITCHER = "pp-0210"  # Brita Everyday Water Filter Pitcher, sold by the "item", $34.99
PITCHERS = "two Brita Everyday Water Filter Pitchers"


def test_two_of_a_product_sold_by_the_item_are_said_in_the_plural_in_every_answer(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper adds two pitchers to the cart, hears the cart, checks out and orders it
    added = console.say("add two brita pitchers to my cart")
    cart = console.say("what's in my cart")
    checkout = console.say("check out")
    placed = console.say("yes")
    # THEN each answer says two pitchers, as one would say it: never "two Brita Everyday Water Filter Pitcher"
    assert added.speech.startswith(f"I've added {PITCHERS} to your cart.")
    assert cart.speech.startswith(f"Your cart has {PITCHERS}.")
    assert checkout.speech.startswith(f"Your cart has {PITCHERS}, for ")
    assert placed.speech.startswith(f"Done. I've ordered {PITCHERS}, for ")
    assert [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines] == [
        (PITCHER, 2)
    ]


def test_two_of_a_product_sold_by_the_item_in_a_list_are_read_back_in_the_plural(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN two pitchers are ordered with another product
    reply = console.say("order two brita pitchers and dawn dish soap")
    # THEN the one read-back says them in the plural, the other product in its own pack word
    assert reply.speech.startswith(
        f"Your order would be {PITCHERS} and one bottle of Dawn Ultra Dish Soap Original Scent, for "
    )


def test_a_size_said_of_a_product_sold_by_the_item_is_read_back_without_a_pack_word(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN the shopper orders a 13 gallon trash can, alone and with another product
    alone = console.say("order a 13 gallon rubbermaid trash can")
    console.say("no")
    listed = console.say("order a 13 gallon rubbermaid trash can and dawn dish soap")
    # THEN its size is said as one says it ("one 13-gallon"), never "one 13-gallon pack" of a trash can
    assert alone.speech.startswith("Rubbermaid Step-On Kitchen Trash Can, one 13-gallon, at $39.99 each.")
    assert listed.speech.startswith(
        "Your order would be one 13-gallon Rubbermaid Step-On Kitchen Trash Can and one bottle of Dawn "
    )
