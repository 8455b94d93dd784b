"""Natural answers to "Did you mean A or B?": "both" reads both back, "either one is fine" the first, "how much
are they?" and "what's the difference?" describe the options and keep the question, and a pick by size, brand
or synonym picks among the options, never the whole catalog. Through the real skill entry point with
in-memory fakes; the answers Alexa may send to another intent than the console's go as request envelopes."""

from __future__ import annotations

import pytest

from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore

BOUNTY = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 a pack of 6 double rolls
BRAWNY = "pp-0003"  # Brawny Tear-A-Square Paper Towels, $15.49 a pack of 6 double rolls
TOWELS_CHOICE = "Did you mean Bounty Select-A-Size Paper Towels or Brawny Tear-A-Square Paper Towels?"
PRICES = (
    "Bounty Select-A-Size Paper Towels is $19.99 for one pack of 6 rolls and Brawny Tear-A-Square Paper Towels is "
    "$15.49 for one pack of 6 rolls."
)


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


def answer(console: Console, intent: str, value: str) -> Reply:
    """The answer as Alexa may send it: the ChooseIntent's Choice slot, or the OrderItemIntent's Product slot."""
    slot = "Choice" if intent == "ChooseIntent" else "Product"
    authority = console.envelopes.authority("ChoiceType" if slot == "Choice" else "ProductType")
    return console.send(console.envelopes.intent(intent, {slot: slot_json(slot, value, authority=authority)}))


def ask_towels(console: Console, order: str = "order paper towels") -> None:
    console.say("open pantry pal")
    assert console.say(order).speech == TOWELS_CHOICE


@pytest.mark.parametrize("intent", ["ChooseIntent", "OrderItemIntent"])
def test_both_reads_back_both_options_with_the_count_said_and_one_yes_orders_them(
    console: Console, store: FakeShopperStore, intent: str
) -> None:
    # GIVEN "Did you mean A or B?" after "order two paper towels"
    ask_towels(console, "order two paper towels")
    # WHEN the shopper answers "both"
    reply = answer(console, intent, "both")
    # THEN both are read back, two packs each, for one yes; nothing is ordered before it
    assert reply.speech.startswith(
        "Your order would be two packs of Bounty Select-A-Size Paper Towels and two packs of Brawny Tear-A-Square "
        "Paper Towels, for $"
    )
    assert store.orders == {}
    console.say("yes")
    assert sorted(ordered(store)) == [(BOUNTY, 2), (BRAWNY, 2)]


@pytest.mark.parametrize("said", ["either one is fine", "whichever", "it doesn't matter"])
def test_either_one_reads_back_the_first_option(console: Console, store: FakeShopperStore, said: str) -> None:
    ask_towels(console)
    # WHEN the shopper says any one will do
    reply = answer(console, "OrderItemIntent", said)
    # THEN the first (likeliest) option is read back for a yes, not "okay, neither"
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")
    console.say("yes")
    assert ordered(store) == [(BOUNTY, 1)]


@pytest.mark.parametrize(
    ("asked", "described"),
    [
        ("how much are they", PRICES),
        ("how much is that", PRICES),
        ("how much is the first one", "Bounty Select-A-Size Paper Towels is $19.99 for one pack of 6 rolls."),
        ("what's the difference", PRICES),
    ],
)
def test_asking_about_the_options_describes_them_and_keeps_the_choice(
    console: Console, store: FakeShopperStore, asked: str, described: str
) -> None:
    ask_towels(console)
    # WHEN the shopper asks about the options instead of picking
    reply = console.say(asked)
    # THEN they hear the prices (and packs) and the choice again, still open
    assert reply.speech == f"{described} {TOWELS_CHOICE} Say the first one, the second one, or neither."
    assert reply.reprompt == "Say the first one, the second one, or neither."
    # AND the pick that follows still answers it
    assert console.say("the second one").speech.startswith("Brawny Tear-A-Square Paper Towels, one pack")
    console.say("yes")
    assert ordered(store) == [(BRAWNY, 1)]


def test_an_answer_that_is_neither_an_option_nor_a_product_asks_the_choice_again(console: Console) -> None:
    ask_towels(console)
    # WHEN the answer names nothing the catalog sells
    reply = answer(console, "OrderItemIntent", "tell me a joke about zebras")
    # THEN the choice is asked again (no far-fetched product is suggested), and still answers
    assert reply.speech == (
        "Sorry, which one? You can say Bounty Select-A-Size Paper Towels or Brawny Tear-A-Square Paper Towels, "
        "or neither."
    )
    assert console.say("the second one").speech.startswith("Brawny Tear-A-Square Paper Towels, one pack")


@pytest.mark.parametrize("intent", ["ChooseIntent", "OrderItemIntent"])
@pytest.mark.parametrize(
    ("order", "said", "read_back"),
    [
        ("order coffee pods", "the store brand", "Good & Gather Medium Roast Coffee Pods, one box"),
        ("order whole milk", "the gallon", "Good & Gather Whole Milk, one jug"),
        ("order whole milk", "the half gallon", "Horizon Organic Whole Milk, one carton"),
        ("order pampers diapers", "size one", "Pampers Swaddlers Diapers Size 1, one box"),
    ],
)
def test_an_option_picked_by_its_brand_synonym_or_size_is_read_back(
    console: Console, intent: str, order: str, said: str, read_back: str
) -> None:
    # GIVEN "Did you mean A or B?" about options differing by brand or size
    console.say("open pantry pal")
    assert console.say(order).speech.startswith("Did you mean ")
    # WHEN the shopper names one by its brand ("the store brand"), or by its size
    reply = answer(console, intent, said)
    # THEN that option is read back, not another product of the whole catalog
    assert reply.speech.startswith(read_back)
