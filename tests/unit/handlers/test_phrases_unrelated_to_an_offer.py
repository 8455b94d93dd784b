"""A phrase said at one of the skill's own yes/no offers (the nearest product to one not found, a price, a reorder
prompt) that is neither a yes or no nor a product keeps the offer: the shopper hears it was not found, and the offer
is asked again; the product nearest that phrase is never offered in its place. A product named there is a new
request. Alexa's bare {Product} sample takes whatever is said, so such phrases arrive as OrderItemIntent."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
WIPES = "Pampers Sensitive Baby Wipes"  # the product nearest "wipe that"


def as_a_product(console: Console, said: str) -> Reply:
    """``said`` as Alexa delivers it through OrderItemIntent's bare {Product} sample: no entity matched."""
    slots = {"Product": slot_json("Product", said, authority=console.envelopes.authority("ProductType"))}
    return console.send(console.envelopes.intent("OrderItemIntent", slots))


@pytest.fixture
def towels_running_low(console: Console, services: Services, clock: SimulatedClock) -> None:
    """Bounty Select-A-Size bought every 14 days, the last 15 days ago: the launch asks to reorder it."""
    seed_orders(services, clock, console.envelopes.user_id, regular(TOWELS, every=14, times=6, last_days_ago=15))


def test_wipe_that_alone_is_met_with_the_nearest_product(console: Console) -> None:
    # GIVEN no question pending, "wipe that" is a request, and gets the product nearest it
    console.say("open pantry pal")
    reply = as_a_product(console, "wipe that")
    assert reply.speech == f"Sorry, I couldn't find wipe that. The closest I have is {WIPES}. Would you like that?"


@pytest.mark.parametrize("said", ["wipe that", "what's the weather"])
def test_an_unrelated_phrase_at_a_suggestion_asks_for_the_suggestion_again(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # GIVEN the nearest product offered for one not found
    console.say("open pantry pal")
    offer = console.say("order zebra milk")
    assert offer.speech.endswith("The closest I have is Good & Gather Whole Milk. Would you like that?")
    # WHEN the shopper says something that is neither a yes or no nor a product
    reply = as_a_product(console, said)
    # THEN they hear it was not found, and the suggestion is asked again by name: no other product takes its place
    assert reply.speech == (
        f"Sorry, I couldn't find {said}. Would you like Good & Gather Whole Milk? Please say yes or no."
    )
    assert reply.reprompt == "Would you like Good & Gather Whole Milk? Please say yes or no."
    assert WIPES not in reply.speech
    # AND a yes still takes the product first offered, read back for its own yes
    assert console.say("yes").speech.startswith("Good & Gather Whole Milk, one jug, at $3.99 each.")
    assert store.orders == {}


def test_say_that_again_after_an_unrelated_phrase_at_a_suggestion_says_the_suggestion_as_asked(
    console: Console,
) -> None:
    # GIVEN the nearest product offered for one not found, then a phrase that names nothing at it
    console.say("open pantry pal")
    offer = console.say("order zebra milk")
    as_a_product(console, "wipe that")
    # WHEN the shopper asks to hear it again
    again = console.say("say that again")
    # THEN they hear the offer as first asked, not that "wipe that" was not found
    assert again.speech == offer.speech


def test_an_unrelated_phrase_at_a_price_offer_asks_the_offer_again(console: Console) -> None:
    # GIVEN a price offered for an order
    console.say("open pantry pal")
    offer = console.say("how much is dawn dish soap")
    # WHEN the shopper says something that is neither a yes or no nor a product
    reply = as_a_product(console, "wipe that")
    # THEN they hear it was not found, and the offer again in full
    assert reply.speech == f"Sorry, I couldn't find wipe that. {offer.speech} Please say yes or no."
    assert WIPES not in reply.speech
    assert console.say("yes").speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each.")


@pytest.mark.usefixtures("towels_running_low")
def test_an_unrelated_phrase_at_a_reorder_prompt_asks_the_prompt_again(console: Console) -> None:
    # GIVEN the launch's reorder prompt about paper towels
    prompt = console.say("open pantry pal")
    assert "Bounty Select-A-Size Paper Towels" in prompt.speech
    # WHEN the shopper says something that is neither a yes or no nor a product
    reply = as_a_product(console, "wipe that")
    # THEN they hear it was not found, and the prompt is asked again; no other product is offered
    assert reply.speech.startswith("Sorry, I couldn't find wipe that. ")
    assert "Bounty Select-A-Size Paper Towels" in reply.speech
    assert WIPES not in reply.speech
    assert reply.reprompt == prompt.reprompt


@pytest.mark.parametrize(
    "setup", [["order zebra milk"], ["how much is dawn dish soap"]], ids=["suggestion", "price-offer"]
)
def test_a_product_named_at_an_offer_is_a_new_request(console: Console, setup: list[str]) -> None:
    # GIVEN one of the skill's offers
    console.say("open pantry pal")
    for said in setup:
        console.say(said)
    # WHEN the shopper names another product instead of answering it
    reply = as_a_product(console, "jif creamy peanut butter")
    # THEN that product is looked up and read back, as a request of its own
    assert reply.speech == "Jif Creamy Peanut Butter, one jar, at $3.49 each. That's $3.80 with tax. Should I order it?"
