"""Nothing intelligible on Alexa's bare {Product} or {Choice} sample (silence, an emoji, another script, "huh?")
keeps whatever question is pending, as the FallbackIntent does; and at a plain order read-back, a phrase that
finds no product keeps it too, while a product found takes its place, saying so."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
OATLY = "pp-0170"  # Oatly Original Oatmilk, $5.49
TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
SKIM = "pp-0167"  # Good & Gather Fat Free Skim Milk, $3.89
DAWN_READ_BACK = (
    "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"
)
SLOT_TYPES = {"Product": "ProductType", "Choice": "ChoiceType"}


def send(console: Console, intent: str, **slots: str | None) -> Reply:
    """``intent`` as Alexa sends it: each slot with its value (``None``: the slot without one) and, for a
    custom slot type, its entity resolution (no match)."""
    envelope = console.envelopes.intent(
        intent,
        {
            name: slot_json(name, value, authority=console.envelopes.authority(SLOT_TYPES[name]) if value else "")
            for name, value in slots.items()
        },
    )
    return console.send(envelope, intent=intent)


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


NOT_CAUGHT = ["", "   ", "🥛", "حليب", "x" * 3000, "what", "huh", "sorry?"]
NOT_CAUGHT_IDS = ["empty", "spaces", "emoji", "arabic", "very-long", "what", "huh", "sorry"]
CARRIERS = [("OrderItemIntent", "Product"), ("ChooseIntent", "Choice")]


@pytest.mark.parametrize("carrier", CARRIERS, ids=["product", "choice"])
@pytest.mark.parametrize("heard", NOT_CAUGHT, ids=NOT_CAUGHT_IDS)
@pytest.mark.parametrize(
    "read_back_of",
    [
        ("order dawn", [(DAWN, 1)]),
        ("order oat milk and dawn and bounty paper towels", [(OATLY, 1), (DAWN, 1), (TOWELS, 1)]),
    ],
    ids=["one-product", "three-products"],
)
def test_nothing_caught_at_a_read_back_says_so_and_reads_it_back_again_still_waiting(
    console: Console,
    store: FakeShopperStore,
    carrier: tuple[str, str],
    heard: str,
    read_back_of: tuple[str, list[tuple[str, int]]],
) -> None:
    # GIVEN an order read back for a yes
    request_, lines = read_back_of
    console.say("open pantry pal")
    read_back = console.say(request_)
    # WHEN Alexa hears nothing it can make out, on its bare {Product} or {Choice} sample
    intent, slot = carrier
    reply = send(console, intent, **{slot: heard})
    # THEN the shopper hears so, and the read-back again in full, still waiting for its yes
    assert reply.speech == f"Sorry, I didn't catch that. {read_back.speech} Please say yes or no."
    assert reply.reprompt == read_back.reprompt
    assert not reply.ends_session
    assert store.orders == {}
    # AND the yes that follows orders what was read back
    assert console.say("yes").speech.startswith("Done. I've ordered")
    assert ordered(store) == lines


def test_an_order_request_with_no_product_at_a_read_back_keeps_it(console: Console, store: FakeShopperStore) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the Product slot comes without a value ("order", and nothing heard after it)
    reply = send(console, "OrderItemIntent", Product=None)
    # THEN the read-back is asked again, still waiting
    assert reply.speech == f"Sorry, I didn't catch that. {read_back.speech} Please say yes or no."
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert ordered(store) == [(DAWN, 1)]


@pytest.mark.parametrize("carrier", CARRIERS, ids=["product", "choice"])
@pytest.mark.parametrize("heard", ["", "🥛", "huh"], ids=["empty", "emoji", "huh"])
def test_nothing_caught_at_a_choice_between_products_asks_it_again_with_their_names(
    console: Console, carrier: tuple[str, str], heard: str
) -> None:
    # GIVEN "did you mean A or B?"
    console.say("open pantry pal")
    asked = console.say("order milk")
    assert asked.speech == "Did you mean Good & Gather Whole Milk or Good & Gather 2% Reduced Fat Milk?"
    # WHEN nothing is caught
    intent, slot = carrier
    reply = send(console, intent, **{slot: heard})
    # THEN the choice is asked again, with the names, and stays open
    assert reply.speech == (
        "Sorry, which one? You can say Good & Gather Whole Milk or Good & Gather 2% Reduced Fat Milk, or neither."
    )
    assert console.say("the first one").speech.startswith("Good & Gather Whole Milk, one ")


@pytest.mark.parametrize("carrier", CARRIERS, ids=["product", "choice"])
def test_nothing_caught_at_which_product_keeps_the_count_said(
    console: Console, store: FakeShopperStore, carrier: tuple[str, str]
) -> None:
    # GIVEN "order two": which product is asked, the count waiting for it
    console.say("open pantry pal")
    assert console.say("order two").speech == "Which product would you like?"
    # WHEN nothing is caught
    intent, slot = carrier
    reply = send(console, intent, **{slot: "huh"})
    # THEN the question is asked again, and the product then said comes with the count
    assert reply.speech == "Sorry, I didn't catch that. Tell me the product, for example, paper towels."
    assert console.say("dawn").speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles,")


@pytest.mark.parametrize("carrier", CARRIERS, ids=["product", "choice"])
def test_nothing_caught_at_a_cancel_to_confirm_keeps_it(
    console: Console, store: FakeShopperStore, carrier: tuple[str, str]
) -> None:
    # GIVEN an order just placed, and its cancel asked about
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    confirm = console.say("cancel my last order")
    # WHEN nothing is caught
    intent, slot = carrier
    reply = send(console, intent, **{slot: "sorry?"})
    # THEN the cancel is asked again, and a yes then cancels the order
    assert reply.speech.startswith("Sorry, I didn't catch that. ")
    assert reply.reprompt == confirm.reprompt
    assert console.say("yes").speech.startswith("Okay, I've cancelled that order.")


# --- a product phrase at a plain read-back ------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["what's the weather", "tell me a joke"])
def test_a_phrase_that_finds_no_product_at_a_read_back_keeps_it(
    console: Console, store: FakeShopperStore, phrase: str
) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper says something that finds no product (nothing to replace the order with)
    reply = send(console, "OrderItemIntent", Product=phrase)
    # THEN they hear it was not found, and the read-back again: no suggestion replaces what they asked for
    assert reply.speech == f"Sorry, I couldn't find {phrase}. {DAWN_READ_BACK} Please say yes or no."
    assert reply.reprompt == read_back.reprompt
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert ordered(store) == [(DAWN, 1)]


@pytest.mark.parametrize(
    ("request_", "dropped"),
    [
        ("order dawn", "Okay, I won't order Dawn Ultra Dish Soap Original Scent."),
        ("order oat milk and dawn and bounty paper towels", "Okay, I won't order those."),
    ],
    ids=["one-product", "three-products"],
)
def test_another_product_at_a_read_back_takes_its_place_saying_the_read_back_is_not_ordered(
    console: Console, store: FakeShopperStore, request_: str, dropped: str
) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    console.say(request_)
    # WHEN the shopper names another product, found in the catalog
    reply = send(console, "OrderItemIntent", Product="skim milk")
    # THEN they hear that what was read back is not being ordered, then the new read-back
    assert reply.speech == (
        f"{dropped} Good & Gather Fat Free Skim Milk, one jug, at $3.89 each. That's $4.24 with tax. "
        "Should I order it?"
    )
    # AND a yes orders only the new product
    console.say("yes")
    assert ordered(store) == [(SKIM, 1)]


def test_the_product_read_back_named_again_with_a_count_is_read_back_anew_without_a_word_of_dropping_it(
    console: Console,
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    reply = send(console, "OrderItemIntent", Product="two bottles of dawn")
    assert reply.speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles, at $3.79 each.")
