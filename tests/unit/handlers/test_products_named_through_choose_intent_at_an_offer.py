"""A product named at one of the skill's yes/no offers of a product (a price, an order read back, a reorder prompt),
whichever intent Alexa routes it to: ChooseIntent's bare {Choice} sample takes a product name as readily as
OrderItemIntent's bare {Product} does. Through either, the product named is a new request, read back for its own
yes; a phrase that finds no product keeps the offer, asked again; nothing is ordered without its read-back's yes."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79 a bottle
JIF = "pp-0120"  # Jif Creamy Peanut Butter, $3.49 a jar
TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 a pack
JIF_READ_BACK = "Jif Creamy Peanut Butter, one jar, at $3.49 each. That's $3.80 with tax. Should I order it?"
DAWN_READ_BACK = (
    "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"
)
TOWELS_READ_BACK = (
    "Bounty Select-A-Size Paper Towels, one pack, at $19.99 each. That's $21.76 with tax. Should I order it?"
)
PRICE_OFFER = "Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. Would you like to order it?"
REORDER_AGAIN = "Should I order Bounty Select-A-Size Paper Towels? You can say yes, not yet, or never ask about this."
INTENTS = ["ChooseIntent", "OrderItemIntent"]


def said_through(console: Console, intent: str, said: str) -> Reply:
    """``said`` as Alexa delivers it through ChooseIntent's bare {Choice} sample or OrderItemIntent's bare {Product}
    sample: no ChoiceType (or ProductType) value matched."""
    if intent == "ChooseIntent":
        slots = {"Choice": slot_json("Choice", said, authority=console.envelopes.authority("ChoiceType"))}
    else:
        slots = {"Product": slot_json("Product", said, authority=console.envelopes.authority("ProductType"))}
    return console.send(console.envelopes.intent(intent, slots))


def ordered(store: FakeShopperStore, before: set[tuple[str, str]]) -> list[tuple[str, int]]:
    """The lines of the orders placed since ``before`` (the store's order keys then: the seeded history)."""
    placed = [order for key, order in store.orders.items() if key not in before]
    return [(line.product_id, line.quantity) for order in placed for line in order.lines]


@pytest.fixture
def price_offered(console: Console) -> None:
    console.say("open pantry pal")
    assert console.say("how much is dawn dish soap").speech == PRICE_OFFER


@pytest.fixture
def dawn_read_back(console: Console) -> None:
    console.say("open pantry pal")
    assert console.say("order dawn dish soap").speech == DAWN_READ_BACK


@pytest.fixture
def towels_prompted(console: Console, services: Services, clock: SimulatedClock) -> None:
    """Bounty Select-A-Size bought every 14 days, the last 15 days ago: the launch asks to reorder it."""
    seed_orders(services, clock, console.envelopes.user_id, regular(TOWELS, every=14, times=6, last_days_ago=15))
    prompt = console.say("open pantry pal")
    assert prompt.speech.endswith("Shall I order one pack for $19.99?")


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("offer", "read_back"),
    [
        ("price_offered", JIF_READ_BACK),
        ("dawn_read_back", f"Okay, I won't order Dawn Ultra Dish Soap Original Scent. {JIF_READ_BACK}"),
        ("towels_prompted", JIF_READ_BACK),
    ],
    ids=["price", "read-back", "reorder-prompt"],
)
def test_a_product_named_at_an_offer_is_a_new_request_through_either_intent(
    request: pytest.FixtureRequest,
    console: Console,
    store: FakeShopperStore,
    *,
    intent: str,
    offer: str,
    read_back: str,
) -> None:
    # GIVEN a price offered, an order read back, or a reorder prompt
    request.getfixturevalue(offer)
    before = set(store.orders)
    # WHEN the shopper names another product instead, and Alexa sends it through either intent
    reply = said_through(console, intent, "jif creamy peanut butter")
    # THEN that product is read back, as a request of its own: nothing is ordered yet
    assert reply.speech == read_back
    assert ordered(store, before) == []
    # AND the yes to that read-back orders it, and only it
    console.say("yes")
    assert ordered(store, before) == [(JIF, 1)]


@pytest.mark.usefixtures("dawn_read_back")
@pytest.mark.parametrize("intent", INTENTS)
def test_a_product_added_at_a_read_back_through_either_intent_comes_after_it(
    console: Console, store: FakeShopperStore, intent: str
) -> None:
    # WHEN the shopper adds a product at the read-back, and Alexa sends it through either intent
    reply = said_through(console, intent, "and eggs")
    # THEN the eggs are asked about after the read-back, which is asked again, still waiting for its yes
    assert reply.speech == f"Okay, I'll ask about eggs after this. {DAWN_READ_BACK} Please say yes or no."
    assert store.orders == {}


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("offer", "asked_again", "yes"),
    [
        ("price_offered", f"{PRICE_OFFER} Please say yes or no.", DAWN_READ_BACK),
        ("dawn_read_back", f"{DAWN_READ_BACK} Please say yes or no.", None),
        ("towels_prompted", REORDER_AGAIN, TOWELS_READ_BACK),
    ],
    ids=["price", "read-back", "reorder-prompt"],
)
def test_a_phrase_that_finds_no_product_at_an_offer_keeps_it_through_either_intent(
    request: pytest.FixtureRequest,
    console: Console,
    store: FakeShopperStore,
    *,
    intent: str,
    offer: str,
    asked_again: str,
    yes: str | None,
) -> None:
    # GIVEN a price offered, an order read back, or a reorder prompt
    request.getfixturevalue(offer)
    before = set(store.orders)
    # WHEN the shopper says something that names no product of the catalog, through either intent
    reply = said_through(console, intent, "cola")
    # THEN they hear it was not found, and the offer is asked again: no other product takes its place
    assert reply.speech == f"Sorry, I couldn't find cola. {asked_again}"
    assert ordered(store, before) == []
    # AND a yes still answers the offer: a price or a reorder prompt is read back for its own yes first
    answer = console.say("yes")
    if yes is not None:
        assert answer.speech == yes
        assert ordered(store, before) == []
    else:
        assert ordered(store, before) == [(DAWN, 1)]


@pytest.mark.usefixtures("price_offered")
@pytest.mark.parametrize("said", ["neither of those", "either", "what's the difference"])
def test_a_choice_word_through_choose_intent_at_an_offer_is_not_a_product(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # WHEN the shopper answers the price with a choice's own words, unresolved, through ChooseIntent
    reply = said_through(console, "ChooseIntent", said)
    # THEN it is not looked up as a product: the offer is asked again, as to anything not caught
    assert reply.speech == f"Sorry, I didn't catch that. {PRICE_OFFER} Please say yes or no."
    assert store.orders == {}
