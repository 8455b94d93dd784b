"""Spoken product matching in the conversation: ambiguity, not found, entity resolution, quantities,
the shopper's own history, and hostile input, all through the real skill entry point."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders


def product_slot(console: Console, value: str, *resolved: tuple[str, str]) -> dict:
    authority = console.envelopes.authority("ProductType")
    return {"Product": slot_json("Product", value, resolved=resolved, authority=authority)}


def order(console: Console, value: str, *resolved: tuple[str, str]) -> Reply:
    return console.send(console.envelopes.intent("OrderItemIntent", product_slot(console, value, *resolved)))


def pending_product(console: Console) -> str:
    (item,) = console.envelopes.attributes["items"]
    return item["product_id"]


def test_close_products_are_offered_as_a_choice_and_the_second_is_taken(console: Console) -> None:
    console.say("open pantry pal")
    question = console.say("order charmin toilet paper")
    assert question.speech in (
        "Did you mean Charmin Ultra Soft Toilet Paper or Charmin Ultra Strong Toilet Paper?",
        "Did you mean Charmin Ultra Strong Toilet Paper or Charmin Ultra Soft Toilet Paper?",
    )
    options = console.envelopes.attributes["choices"]
    confirm = console.say("the second one")
    assert "Should I order it?" in confirm.speech
    assert pending_product(console) == options[1]


def test_the_choice_can_be_answered_with_a_name(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order charmin toilet paper")
    confirm = console.say("ultra strong")
    assert confirm.speech.startswith("Charmin Ultra Strong Toilet Paper, one pack")
    assert pending_product(console) == "pp-0005"


def test_neither_closes_the_choice_without_ordering(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("order charmin toilet paper")
    reply = console.say("neither")
    assert reply.speech.startswith("Okay, neither.")
    console.say("yes")
    assert store.orders == {}


def test_the_shoppers_usual_product_is_chosen_without_asking(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who always buys Bounty Select-A-Size
    seed_orders(services, clock, console.envelopes.user_id, regular("pp-0001", every=20, times=4, last_days_ago=5))
    console.say("open pantry pal")
    # WHEN they just say "paper towels"
    reply = console.say("order paper towels")
    # THEN their usual one is proposed directly
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, one pack")


def test_a_brand_alone_asks_which_of_its_products_and_the_answer_is_read_back(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN a shopper with no history names only a brand that makes wipes and diapers
    question = console.say("order pampers")
    # THEN they are asked which, not read back the wipes that scored a hair higher
    assert question.speech == (
        "Did you mean Pampers Sensitive Baby Wipes, Pampers Swaddlers Diapers Size 1 or Pampers Cruisers 360 "
        "Diapers Size 4?"
    )
    assert question.reprompt == "Say the first one, the second one, or neither."
    # AND their answer goes on to the usual read-back
    confirm = console.say("the third one")
    assert confirm.speech.startswith("Pampers Cruisers 360 Diapers Size 4, one box")
    assert confirm.speech.endswith("Should I order it?")


def test_a_brand_alone_is_the_shoppers_usual_product_of_that_brand(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who buys Pampers Cruisers size 4
    seed_orders(services, clock, console.envelopes.user_id, regular("pp-0075", every=20, times=3, last_days_ago=5))
    console.say("open pantry pal")
    # WHEN they say only "pampers", THEN their usual one is read back
    assert console.say("order pampers").speech.startswith("Pampers Cruisers 360 Diapers Size 4, one box")


def test_entity_resolution_with_one_id_is_trusted_over_the_matcher(console: Console) -> None:
    console.say("open pantry pal")
    reply = order(console, "the usual towels", ("pp-0002", "Bounty Essentials Paper Towels"))
    assert reply.speech.startswith("Bounty Essentials Paper Towels, one pack")


def test_entity_resolution_with_several_ids_leaves_the_choice_to_the_matcher(console: Console) -> None:
    console.say("open pantry pal")
    reply = order(console, "charmin toilet paper", ("pp-0004", "Charmin Ultra Soft Toilet Paper"),
                  ("pp-0005", "Charmin Ultra Strong Toilet Paper"))
    assert reply.speech.startswith("Did you mean")


def dynamic_product_slot(console: Console, value: str, product_id: str, name: str) -> dict:
    """The Product slot as Alexa sends it when only a dynamic entity (sent at launch) matched what was heard."""
    skill_id = console.envelopes.skill_id
    dynamic = {
        "authority": f"amzn1.er-authority.echo-sdk.dynamic.{skill_id}.ProductType",
        "status": {"code": "ER_SUCCESS_MATCH"},
        "values": [{"value": {"name": name, "id": product_id}}],
    }
    static = {"authority": console.envelopes.authority("ProductType"), "status": {"code": "ER_SUCCESS_NO_MATCH"}}
    slot = slot_json("Product", value)
    slot["resolutions"] = {"resolutionsPerAuthority": [dynamic, static]}
    return {"Product": slot}


@pytest.fixture
def bought_once(console: Console, services: Services, clock: SimulatedClock) -> None:
    """The shopper's usual milk and bread are Horizon 2% and Dave's; they once bought other ones, 160 days ago."""
    usual = [regular(product, every=7, times=6, last_days_ago=3) for product in ("pp-0164", "pp-0188")]
    seed_orders(services, clock, console.envelopes.user_id, [*usual[0], *usual[1], (160, {"pp-0165": 1, "pp-0186": 1})])


@pytest.mark.parametrize(
    ("said", "once", "usual"),
    [
        ("milk", ("pp-0165", "Good & Gather Whole Milk"), "Horizon Organic 2% Milk, one carton"),
        ("bread", ("pp-0186", "Nature's Own Honey Wheat Bread"), "Dave's Killer Bread 21 Whole Grains and Seeds"),
        ("gallon of whole milk", ("pp-0165", "Good & Gather Whole Milk"), "Good & Gather Whole Milk"),
    ],
    ids=["milk", "bread", "its-own-name"],
)
@pytest.mark.parametrize("intent", ["OrderItemIntent", "ReorderIntent"])  # "order milk", "order milk again"
@pytest.mark.usefixtures("bought_once")
def test_a_generic_word_resolved_to_a_product_bought_once_does_not_override_the_usual_one(
    console: Console, said: str, once: tuple[str, str], usual: str, intent: str
) -> None:
    # GIVEN the launch sent the products bought as dynamic entities, with only the forms naming them alone
    (directive,) = console.say("open pantry pal").directives
    entities = {value["id"]: value["name"] for value in directive["types"][0]["values"]}
    assert not {"milk", "whole milk", "bread"} & {*entities["pp-0165"]["synonyms"], *entities["pp-0186"]["synonyms"]}
    assert "gallon of whole milk" in entities["pp-0165"]["synonyms"]
    # WHEN Alexa resolves what was said to the product bought once (its dynamic entity) and to nothing else
    reply = console.send(console.envelopes.intent(intent, dynamic_product_slot(console, said, *once)))
    # THEN a generic word gets the shopper's usual product, and a form naming that product alone gets it
    assert reply.speech.startswith(usual)
    assert reply.speech.endswith("Should I order it?")


def test_a_misheard_product_is_still_found(console: Console) -> None:
    console.say("open pantry pal")
    reply = order(console, "county select a size paper towel")
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels")


def test_a_quantity_said_inside_the_product_phrase_is_honoured(console: Console) -> None:
    console.say("open pantry pal")
    reply = order(console, "three bottles of dawn ultra dish soap")
    assert "Dawn Ultra Dish Soap" in reply.speech and "three bottles" in reply.speech


@pytest.mark.parametrize(
    ("said", "product"),
    [("order two huggies little movers size four", "Huggies Little Movers Diapers Size 4"),
     ("order duracell triple a batteries", "Duracell Coppertop AAA Batteries"),
     ("order starbucks pike place k cups", "Starbucks Pike Place Roast K-Cup Pods")],
)
def test_a_size_or_variant_said_in_the_phrase_picks_that_product(console: Console, said: str, product: str) -> None:
    console.say("open pantry pal")
    reply = console.say(said)
    assert reply.speech.startswith(product)
    if said.startswith("order two"):
        assert "two boxes" in reply.speech  # "size four" is a size, not a quantity


@pytest.mark.parametrize(
    ("said", "heard"),
    [("order coke zero", "coke zero"), ("order two coke zero", "coke zero"), ("order pepsi zero", "pepsi zero"),
     ("order one percent milk", "1 percent milk"), ("order size 2 diapers", "size 2 diapers")],
)
def test_a_number_no_product_holds_is_not_found_rather_than_another_products(
    console: Console, store: FakeShopperStore, said: str, heard: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks for a variant the catalog does not carry, told by its number
    reply = console.say(said)
    # THEN they hear it was not found: no read-back of the sugared cola, no choice between 2% milks
    assert reply.speech.startswith(f"Sorry, I couldn't find {heard}.")
    assert "Should I order it?" not in reply.speech and "Did you mean" not in reply.speech
    assert not reply.ends_session
    console.say("yes")
    assert store.orders == {}


def test_the_quantity_slot_wins_over_a_number_inside_the_phrase(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("order two packs of bounty select a size paper towels")
    assert "two packs" in reply.speech


def test_an_unknown_product_is_said_and_nothing_is_ordered(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    reply = order(console, "xylophone grease")
    assert reply.speech.startswith("Sorry, I couldn't find xylophone grease.")
    assert not reply.ends_session
    console.say("yes")
    assert store.orders == {}


def test_a_near_miss_offers_the_nearest_product_and_yes_takes_it(console: Console) -> None:
    # GIVEN a product the catalog does not carry, with a close one that it does
    console.say("open pantry pal")
    reply = order(console, "colgate mouthwash")
    # THEN the skill says so and offers the nearest; yes goes on to the usual confirmation
    assert reply.speech.startswith("Sorry, I couldn't find colgate mouthwash. The closest I have is Crest")
    assert reply.speech.endswith("Would you like that?")
    confirm = console.say("yes")
    assert confirm.speech.startswith("Crest Pro-Health") and confirm.speech.endswith("Should I order it?")


@pytest.mark.parametrize("value", ["tell me a joke", "purple elephant saddle", "loo roll"])
def test_a_far_fetched_nearest_product_is_not_offered(console: Console, value: str) -> None:
    console.say("open pantry pal")
    # WHEN nothing in the catalog comes near what was asked for
    reply = order(console, value)
    # THEN the shopper is asked what they want instead, not offered whatever scored highest
    assert reply.speech == f"Sorry, I couldn't find {value}. What would you like instead?"
    assert not reply.ends_session


@pytest.mark.parametrize("said", ["sour cream", "heavy cream", "bananas", "two bananas", "sprite", "cottage cheese"])
def test_a_product_of_another_kind_is_not_offered_as_the_nearest(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    console.say("open pantry pal")
    # WHEN the nearest product only shares a word with what was asked for (shaving cream, Banana Boat sunscreen)
    reply = console.say(f"order {said}")
    # THEN the shopper hears it was not found and is asked what they would like, with nothing offered
    assert reply.speech == f"Sorry, I couldn't find {said.removeprefix('two ')}. What would you like instead?"
    assert reply.reprompt == "Tell me the product, for example, paper towels."
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("size 2 diapers", "size 2 diapers"),
        ("diapers size two", "diapers size two"),
        ("one percent milk", "1 percent milk"),
    ],
)
def test_a_product_of_another_size_stage_or_percent_is_not_offered_as_the_nearest(
    console: Console, store: FakeShopperStore, said: str, heard: str
) -> None:
    # GIVEN diapers in sizes 1, 3, 4 and 5 (no size 2) and milk in 2% and whole (no 1%)
    console.say("open pantry pal")
    # WHEN the shopper asks for the size or percent not carried
    reply = console.say(f"order {said}")
    # THEN they hear it was not found and are asked what they would like: never offered size 3 or 2% instead
    assert reply.speech == f"Sorry, I couldn't find {heard}. What would you like instead?"
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


@pytest.mark.parametrize(
    ("said", "nearest", "read_back"),
    [
        ("organic eggs", "Vital Farms Pasture-Raised Large Brown Eggs", "one carton, at $7.99"),
        ("two coke zero", "Coca-Cola Classic", "two packs, at $8.99 each. That's $19.58 with tax"),
    ],
)
def test_the_nearest_offered_is_of_the_kind_said_and_yes_reads_it_back_with_its_price(
    console: Console, store: FakeShopperStore, said: str, nearest: str, read_back: str
) -> None:
    console.say("open pantry pal")
    # WHEN something not carried is asked for (no organic eggs, but eggs; no zero-sugar coke, but coke)
    offer = console.say(f"order {said}")
    # THEN the nearest product of that kind is offered (eggs, not the organic milk that scored higher)
    heard = said.removeprefix("two ")
    assert offer.speech == f"Sorry, I couldn't find {heard}. The closest I have is {nearest}. Would you like that?"
    # AND a yes reads it back with its price, for a yes of its own
    confirm = console.say("yes")
    assert confirm.speech.startswith(f"{nearest}, {read_back}")
    assert confirm.speech.endswith("Should I order it?")
    assert store.orders == {}


def test_what_was_not_found_is_said_back_without_the_count_and_unit(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("add two tubs of cottage cheese to my cart")
    assert reply.speech == "Sorry, I couldn't find cottage cheese. What would you like instead?"


def test_no_to_the_nearest_product_orders_nothing(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    order(console, "colgate mouthwash")
    assert console.say("no").speech == "Okay. What would you like instead?"
    console.say("yes")
    assert store.orders == {}


@pytest.mark.parametrize(
    ("before", "value", "ssml"),
    [
        ([], "zebra & <b> 2% juice", "Sorry, I couldn't find zebra &amp; &lt;b&gt; 2% juice. What would"),
        ([], "2% zebra & <juice>", "Sorry, I couldn't find 2% zebra &amp; &lt;juice&gt;. The closest I have is"),
        (["order dawn"], "1 percent zebra & <b>", "Sorry, I couldn't find 1 percent zebra &amp; &lt;b&gt;. Dawn Ultra"),
        (
            [],
            "dawn and head & zebra <b> and jif creamy peanut butter",
            "Next, head &amp; zebra &lt;b&gt;. Sorry, I couldn't find head &amp; zebra &lt;b&gt;. Next, jif",
        ),
    ],
    ids=["not-found", "suggested", "at-a-question", "in-a-list"],
)
def test_what_was_not_found_is_read_back_as_said_with_its_markup_escaped_once(
    console: Console, before: list[str], value: str, ssml: str
) -> None:
    # GIVEN the shopper names a product no one sells, with "&", "<" and a "2%" or "1 percent" in it
    console.say("open pantry pal")
    for phrase in before:
        console.say(phrase)
    reply = order(console, value)
    if value.startswith("dawn and"):
        reply = console.say("yes")  # the list's next product is the one not found
    # THEN it is read back with the markup escaped once (Alexa reads "&amp;" as "and"), digits and "%" as they
    # are (Alexa reads "2%" as "two percent"), and the response is well-formed SSML
    assert ssml in reply.ssml
    assert ElementTree.fromstring(reply.ssml).text == reply.speech


@pytest.mark.parametrize(
    "value",
    ["", "   ", "paper " * 2000, "🧻🧻🧻", "مناديل ورقية", "<speak><audio src='x'/>towels</speak>",
     "&amp; ; DROP TABLE"],
    ids=["empty", "whitespace", "10000-chars", "emoji", "arabic", "ssml", "markup"],
)
def test_hostile_product_phrases_get_a_spoken_answer_and_a_reprompt(
    console: Console, store: FakeShopperStore, value: str
) -> None:
    console.say("open pantry pal")
    reply = order(console, value)
    assert reply.speech and reply.reprompt and not reply.ends_session
    assert "something went wrong" not in reply.speech
    assert reply.ssml.count("<speak>") == 1 and "<audio" not in reply.ssml
    assert len(reply.speech) < 400  # a long phrase is not read back
    assert store.orders == {}


@pytest.mark.parametrize(
    ("value", "read_back"),
    [("zebra\x00stripes", "zebra stripes"), ("zebra\x1b[31m", "zebra [31m"), ("zeb\ufffera", "zeb ra")],
    ids=["nul", "escape", "non-character"],
)
def test_control_characters_in_a_slot_are_not_read_back_into_the_ssml(
    console: Console, value: str, read_back: str
) -> None:
    console.say("open pantry pal")
    # WHEN the Product slot holds characters XML forbids
    reply = order(console, value)
    # THEN the phrase is read back without them, and the speech is a well-formed SSML document
    assert f"couldn't find {read_back}." in reply.speech
    ElementTree.fromstring(reply.ssml)
    ElementTree.fromstring(reply.raw["response"]["reprompt"]["outputSpeech"]["ssml"])
