"""Answers to the nearest product offered for one not found ("Sorry, I couldn't find zebra milk. The closest I have is
Good & Gather Whole Milk. Would you like that?"), whichever intent Alexa routes them to: ChooseIntent's bare
{Choice} sample takes a product name as readily as OrderItemIntent's bare {Product} does. A product named there is
a new request for it; an ordinal or "that one" takes the offer, read back for its own yes; anything else keeps the
offer, asked again by name. Nothing is ordered without its read-back's yes."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore

MILK = "pp-0165"  # Good & Gather Whole Milk, $3.99 a jug: the product nearest "zebra milk"
OFFER_BY_NAME = "Would you like Good & Gather Whole Milk? Please say yes or no."
MILK_READ_BACK = "Good & Gather Whole Milk, one jug, at $3.99 each. That's $4.34 with tax. Should I order it?"
CHOICE_IDS = {"first": "1", "second": "2", "last": "last"}  # ChoiceType's ids, as entity resolution gives them


def as_a_choice(console: Console, said: str) -> Reply:
    """``said`` as Alexa delivers it through ChooseIntent's {Choice} samples: resolved when it is a ChoiceType value
    ("first", "second"), else with no match ("cola", "that" of "that one")."""
    resolved = ((CHOICE_IDS[said], said),) if said in CHOICE_IDS else ()
    choice = slot_json("Choice", said, resolved=resolved, authority=console.envelopes.authority("ChoiceType"))
    return console.send(console.envelopes.intent("ChooseIntent", {"Choice": choice}))


def as_a_product(console: Console, said: str) -> Reply:
    """``said`` as Alexa delivers it through OrderItemIntent's bare {Product} sample: no entity matched."""
    slots = {"Product": slot_json("Product", said, authority=console.envelopes.authority("ProductType"))}
    return console.send(console.envelopes.intent("OrderItemIntent", slots))


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


@pytest.fixture
def milk_offered(console: Console) -> None:
    console.say("open pantry pal")
    offer = console.say("order zebra milk")
    assert offer.speech.endswith("The closest I have is Good & Gather Whole Milk. Would you like that?")


@pytest.mark.usefixtures("milk_offered")
@pytest.mark.parametrize(
    ("said", "read_back"),
    [
        ("jif creamy peanut butter", "Jif Creamy Peanut Butter, one jar, at $3.49 each."),
        ("coca cola", "Coca-Cola Classic, one pack, at $8.99 each."),
    ],
)
def test_a_product_named_through_choose_intent_at_a_suggestion_is_a_new_request(
    console: Console, store: FakeShopperStore, said: str, read_back: str
) -> None:
    # WHEN the shopper names another product, and Alexa sends it as ChooseIntent
    reply = as_a_choice(console, said)
    # THEN that product is read back, as a request of its own; the milk is neither read back nor ordered
    assert reply.speech.startswith(read_back)
    assert reply.speech.endswith("Should I order it?")
    assert "Milk" not in reply.speech
    assert store.orders == {}


@pytest.mark.usefixtures("milk_offered")
@pytest.mark.parametrize("said", ["cola", "wipe that"])
def test_a_phrase_through_choose_intent_that_finds_no_product_keeps_the_suggestion(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # WHEN the shopper says something that names no product of the catalog, and Alexa sends it as ChooseIntent
    reply = as_a_choice(console, said)
    # THEN they hear it was not found, and the milk is offered again by name, as through OrderItemIntent: not taken
    assert reply.speech == f"Sorry, I couldn't find {said}. {OFFER_BY_NAME}"
    assert reply.speech == as_a_product(console, said).speech
    assert store.orders == {}
    # AND a yes to the offer still only reads the milk back, for its own yes
    assert console.say("yes").speech == MILK_READ_BACK
    assert store.orders == {}


@pytest.mark.usefixtures("milk_offered")
@pytest.mark.parametrize(
    ("intent", "said"),
    [
        ("ChooseIntent", "first"),  # "the first one", by the "the {Choice} one" sample
        ("ChooseIntent", "last"),
        ("ChooseIntent", "that"),  # "that one", by the "{Choice} one" sample
        ("ChooseIntent", "this one"),
        ("ChooseIntent", "the first one"),  # by the bare "{Choice}" sample, not resolved
        ("OrderItemIntent", "the first one"),
        ("OrderItemIntent", "that one"),
    ],
)
def test_an_ordinal_or_that_one_at_a_suggestion_takes_it_for_its_read_back(
    console: Console, store: FakeShopperStore, intent: str, said: str
) -> None:
    # WHEN the shopper points at the one product offered
    reply = as_a_choice(console, said) if intent == "ChooseIntent" else as_a_product(console, said)
    # THEN it is read back, and ordered only at that read-back's yes
    assert reply.speech == MILK_READ_BACK
    assert store.orders == {}
    console.say("yes")
    assert ordered(store) == [(MILK, 1)]


@pytest.mark.usefixtures("milk_offered")
def test_an_ordinal_past_the_one_product_offered_asks_the_suggestion_again(
    console: Console, store: FakeShopperStore
) -> None:
    # WHEN the shopper picks "the second one" of the one product offered
    reply = as_a_choice(console, "second")
    # THEN there is none: the milk is offered again by name, not a choice between options
    assert reply.speech == f"Sorry, I couldn't find the second one. {OFFER_BY_NAME}"
    assert reply.reprompt == OFFER_BY_NAME
    assert store.orders == {}
