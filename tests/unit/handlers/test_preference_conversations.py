"""Conversations that choose by price or size: "order the cheapest coffee", "anything cheaper?" while a
product is read back or priced, "the bigger one" when asked which. Through the real skill entry point,
with in-memory fakes; every phrase is a sample (or a sample's slot filled in) of interaction_models/en-US.json.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog import Catalog, Product
from catalog.preference import size_measure
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_shopping_conversations import lines_of, only_order

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 a pack
SEVENTH_GENERATION = "pp-0015"  # Seventh Generation Free & Clear Dish Liquid, $4.29


def kind(catalog: Catalog, words: str, category: str) -> list[Product]:
    """The demo catalog's products of one category whose names hold ``words``: what the shopper asks among."""
    return [p for p in catalog if words in p.name.lower() and p.category == category]


def asks_to_confirm(reply: Reply, product: Product, amount: str) -> None:
    """The reply reads back ``product`` with the amount and its price, asks for a yes, and keeps listening."""
    assert reply.speech.startswith(f"{product.name}, {amount}, at ${product.price} each.")
    assert reply.speech.endswith("Should I order it?")
    assert reply.reprompt and not reply.ends_session


def test_order_the_cheapest_coffee_reads_back_the_lowest_priced_coffee_and_only_a_yes_orders_it(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN coffees at several prices (and cheaper coffee filters, which are no coffee)
    coffees = kind(demo_catalog, "coffee", "coffee and tea")
    cheapest = min(coffees, key=lambda p: p.price)
    assert any(p.price < cheapest.price for p in demo_catalog.holding("coffee"))
    console.say("open pantry pal")
    # WHEN the shopper orders two bags of the cheapest coffee
    reply = console.say("order two bags of the cheapest coffee")
    # THEN the cheapest coffee is read back with the count, and nothing is ordered before the yes
    asks_to_confirm(reply, cheapest, "two bags")
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(cheapest.id, 2)]


def test_the_biggest_milk_is_the_largest_one_by_volume(console: Console, demo_catalog: Catalog) -> None:
    # GIVEN milks in half gallons, gallons and fluid ounces
    milks = [p for p in demo_catalog.holding("milk") if p.category == "dairy and eggs"]
    volume = {p.id: size_measure(p.size) for p in milks}
    largest = max(m[1] for m in volume.values() if m and m[0] == "volume")
    console.say("open pantry pal")
    # WHEN the shopper asks for the biggest milk
    reply = console.say("how much is the biggest milk")
    # THEN the milk priced is one of the largest volume
    (priced,) = [p for p in milks if reply.speech.startswith(f"{p.name} is ${p.price}")]
    assert volume[priced.id] == ("volume", largest)


@pytest.mark.parametrize("ask", ["anything cheaper", "do you have anything cheaper", "the cheapest one"])
def test_anything_cheaper_during_a_read_back_reads_back_the_cheapest_of_that_kind_with_the_same_count(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog, ask: str
) -> None:
    # GIVEN two packs of the dearest paper towels read back
    towels = kind(demo_catalog, "paper towels", "paper goods")
    cheapest = min(towels, key=lambda p: p.price)
    assert cheapest.id != TOWELS
    console.say("open pantry pal")
    console.say("order two packs of bounty select a size paper towels")
    # WHEN the shopper asks for something cheaper
    reply = console.say(ask)
    # THEN the cheapest paper towels are read back instead, for two packs; only the next yes orders them
    asks_to_confirm(reply, cheapest, "two packs")
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(cheapest.id, 2)]


def test_asking_for_cheaper_when_it_is_already_the_cheapest_says_so_and_asks_again(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN the cheapest paper towels read back
    cheapest = min(kind(demo_catalog, "paper towels", "paper goods"), key=lambda p: p.price)
    console.say("open pantry pal")
    console.say("order the cheapest paper towels")
    # WHEN the shopper asks for something cheaper still
    reply = console.say("anything cheaper")
    # THEN they hear it is the cheapest, the question is asked again, and their yes still orders it
    assert reply.speech.startswith(f"{cheapest.name} is the cheapest I have. ")
    assert reply.reprompt and not reply.ends_session
    console.say("yes")
    assert lines_of(only_order(store)) == [(cheapest.id, 1)]


def test_anything_cheaper_after_a_price_looks_past_the_brand_the_shopper_named(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN the price of a dish soap of one brand, and another brand's dish soap is cheaper
    named = demo_catalog.get(SEVENTH_GENERATION)
    assert named is not None
    cheaper = [p for p in kind(demo_catalog, "dish soap", "cleaning") if p.price < named.price]
    assert cheaper
    console.say("open pantry pal")
    console.say("how much is seventh generation dish liquid")
    # WHEN the shopper asks for anything cheaper
    reply = console.say("is there anything cheaper")
    # THEN the cheaper dish soap is read back (priced, asking for a yes), and nothing is ordered
    asks_to_confirm(reply, min(cheaper, key=lambda p: p.price), "one bottle")
    assert store.orders == {}


def test_the_bigger_one_picks_among_the_products_offered_and_a_tie_asks_again(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN "did you mean A or B?" about two eggs of different counts
    console.say("open pantry pal")
    offered = console.say("order eggs")
    options = [p for p in kind(demo_catalog, "eggs", "dairy and eggs") if p.name in offered.speech]
    assert offered.speech.startswith("Did you mean") and len(options) == 2
    counts = {p.id: size_measure(p.size) for p in options}
    assert counts[options[0].id] != counts[options[1].id]
    bigger = max(options, key=lambda p: counts[p.id][1])  # type: ignore[index]
    # WHEN the shopper says the bigger one
    reply = console.say("the bigger one")
    # THEN that one is read back, and only the next yes orders it
    asks_to_confirm(reply, bigger, "one carton")
    console.say("yes")
    assert lines_of(only_order(store)) == [(bigger.id, 1)]


def test_a_superlative_with_nothing_offered_asks_which_product(console: Console, store: FakeShopperStore) -> None:
    # GIVEN an open session with no question pending
    console.say("open pantry pal")
    # WHEN the shopper just says "the cheapest one"
    reply = console.say("the cheapest one")
    # THEN they are asked which product, and nothing is ordered
    assert reply.speech == "Which product would you like?"
    assert reply.reprompt and not reply.ends_session
    assert store.orders == {}


def test_an_unresolved_superlative_slot_is_understood_from_its_words(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN a read-back of the dearest paper towels, and Alexa sends "cheaper" without resolving the slot
    cheapest = min(kind(demo_catalog, "paper towels", "paper goods"), key=lambda p: p.price)
    console.say("open pantry pal")
    console.say("order bounty select a size paper towels")
    choice = slot_json(
        "Choice", "something cheaper", authority=console.envelopes.authority("ChoiceType")
    )  # ER_SUCCESS_NO_MATCH
    envelope = console.envelopes.intent("ChooseIntent", {"Choice": choice})
    # WHEN that request arrives
    reply = console.send(envelope)
    # THEN the words are read: the cheapest paper towels are read back
    asks_to_confirm(reply, cheapest, "one pack")
    assert Decimal(cheapest.price) < Decimal("19.99")
