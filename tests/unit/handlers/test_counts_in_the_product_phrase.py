"""Counts and pack sizes said inside the product phrase: "a 12 pack of coke" is one 12-pack, "twelve cans of
coke" one pack of 12 cans, and "half a dozen eggs", which cartons of 12 cannot hold, is answered with what
the cartons hold and an offer of one, never silently six cartons. Through the real skill entry point with
in-memory fakes; every phrase is a sample (or a sample's slot filled in) of interaction_models/en-US.json,
and the requests the console cannot type are Alexa request envelopes with the slots Alexa fills.
"""

from __future__ import annotations

import pytest

from catalog import Catalog
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from skill.local.envelopes import slot_json
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_shopping_conversations import lines_of, only_order, seed_order

COKE = "pp-0159"  # Coca-Cola Classic, 12 pk 12 fl oz cans, $8.99 a pack
DIET_COKE = "pp-0160"  # Diet Coke, 12 pk 12 fl oz cans
LACROIX = "pp-0148"  # LaCroix Pamplemousse Sparkling Water, 12 pk 12 fl oz cans
POLAND_SPRING = "pp-0152"  # Poland Spring Natural Spring Water, 24 pk 16.9 fl oz bottles
EGGS = "pp-0173"  # Eggland's Best Large White Eggs, 12 ct, a carton
EIGHTEEN_EGGS = "pp-0175"  # Good & Gather Grade A Large Eggs, 18 ct

ONE_CARTON_OF_EGGS = "I have Eggland's Best Large White Eggs only in cartons of 12."


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def cart_lines(store: FakeShopperStore, shopper_id: str) -> list[tuple[str, int]]:
    cart = store.carts.get(shopper_id)
    return [(line.product_id, line.quantity) for line in cart.lines] if cart else []


# --- a pack size said: "a 12 pack of" -------------------------------------------------------------------


def product_said(console: Console, value: str) -> str:
    """``value`` in OrderItemIntent's Product slot, as Alexa (or a typed console line) may carry it."""
    slots = {"Product": slot_json("Product", value, authority=console.envelopes.authority("ProductType"))}
    return console.send(console.envelopes.intent("OrderItemIntent", slots)).speech


@pytest.mark.parametrize(
    ("typed", "spoken"),
    [
        ("two 12pks of coke", "two twelve packs of coke"),
        ("coke 2 12pk", "coke two twelve packs"),
        ("a 2l coke", "a two liter coke"),
        ("2l coke", "two liter coke"),
    ],
)
def test_a_pack_or_size_typed_with_its_count_is_answered_as_said_aloud(
    console: Console, store: FakeShopperStore, typed: str, spoken: str
) -> None:
    # GIVEN a count typed with its pack or measure ("12pk", "2l")
    console.say("open pantry pal")
    heard_typed = product_said(console, typed)
    console.say("stop")
    console.say("open pantry pal")
    # WHEN it is read, THEN the shopper hears what the same count said aloud gets: two 12-packs, and a 2-liter
    # offered as the packs of cans coke comes in
    assert heard_typed == product_said(console, spoken)
    assert heard_typed in (
        "Coca-Cola Classic, two packs, at $8.99 each. That's $19.58 with tax. Should I order it?",
        "I have Coca-Cola Classic only in packs of 12 12-ounce cans. Would you like one pack?",
    )
    assert store.orders == {}


def test_a_12_pack_of_coke_is_one_pack_of_the_12_pack_and_only_the_yes_orders_it(
    console: Console, store: FakeShopperStore, demo_catalog: Catalog
) -> None:
    # GIVEN Coca-Cola sold in packs of 12 cans
    coke = demo_catalog.get(COKE)
    assert coke is not None and coke.pack_count == 12
    console.say("open pantry pal")
    # WHEN the shopper orders a 12 pack of coke
    reply = console.say("order a 12 pack of coke")
    # THEN one pack is read back (not twelve packs, which the per-item limit would refuse)
    assert reply.speech == "Coca-Cola Classic, one pack, at $8.99 each. That's $9.79 with tax. Should I order it?"
    # AND only the yes orders it
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(COKE, 1)]


@pytest.mark.parametrize(
    "slots",
    [{"Product": "two coke twelve packs"}, {"Quantity": "2", "Product": "coke twelve packs"}],
    ids=["all-in-product", "quantity-apart"],
)
def test_two_coke_twelve_packs_is_two_of_the_12_pack(
    console: Console, store: FakeShopperStore, slots: dict[str, str]
) -> None:
    console.say("open pantry pal")
    console.say("not yet")
    # WHEN the shopper says the count before the product and the pack size after it, as Alexa may fill the slots
    reading = Reading(kind="intent", intent="OrderItemIntent", slots={k: SlotReading(v) for k, v in slots.items()})
    reply = console.send_reading(reading)
    # THEN two 12-packs are read back, and the yes orders them
    assert reply.speech.startswith("Coca-Cola Classic, two packs, at $8.99 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [(COKE, 2)]


def test_a_twelve_pack_added_to_the_cart_is_one_pack(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN an open session
    console.say("open pantry pal")
    # WHEN the shopper adds a twelve pack of diet coke to the cart (there is no read-back for an add)
    reply = console.say("add a twelve pack of diet coke to my cart")
    # THEN one pack of Diet Coke is added, and they hear so
    assert reply.speech.startswith("I've added one pack of Diet Coke to your cart.")
    assert cart_lines(store, shopper_id) == [(DIET_COKE, 1)]


@pytest.mark.parametrize(
    ("quantity", "product", "packs"),
    [
        ("12", "pack of coke", "one pack"),
        ("2", "12 packs of coke", "two packs"),
        ("2", "twelve packs of coke", "two packs"),
    ],
)
def test_a_pack_size_alexa_heard_as_the_quantity_still_counts_packs_of_that_size(
    console: Console, quantity: str, product: str, packs: str
) -> None:
    # GIVEN Alexa's reading of "order twelve pack of coke" / "order two 12 packs of coke": the first number
    # in the Quantity slot, the rest in the Product slot
    console.say("open pantry pal")
    slots = {"Quantity": slot_json("Quantity", quantity), "Product": slot_json("Product", product)}
    # WHEN that request arrives
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    # THEN the number before "pack" is the pack's size, and the count is of packs of it
    assert reply.speech.startswith(f"Coca-Cola Classic, {packs}, at $8.99 each.")


def test_a_pack_size_the_product_is_not_sold_in_is_answered_with_an_offer_of_its_own_pack(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Coca-Cola sold only in packs of 12
    console.say("open pantry pal")
    # WHEN the shopper orders a six pack of coke
    reply = console.say("order a six pack of coke")
    # THEN they hear the size it comes in and are offered one pack; nothing is ordered or read back yet
    assert reply.speech == "I have Coca-Cola Classic only in packs of 12. Would you like one pack?"
    assert reply.reprompt == "Would you like one pack of Coca-Cola Classic? Please say yes or no."
    assert store.orders == {}


# --- a count of the items a pack holds: "twelve cans of" ------------------------------------------------


@pytest.mark.parametrize(
    ("said", "amount"), [("order 12 cans of coke", "one pack"), ("order twenty four cans of coke", "two packs")]
)
def test_cans_counted_in_whole_packs_of_cans_are_that_many_packs(
    console: Console, store: FakeShopperStore, said: str, amount: str
) -> None:
    # GIVEN Coca-Cola sold in packs of 12 cans
    console.say("open pantry pal")
    # WHEN the shopper counts cans
    reply = console.say(said)
    # THEN the packs holding them are read back, and only a yes orders them
    assert reply.speech.startswith(f"Coca-Cola Classic, {amount}, at $8.99 each.")
    assert store.orders == {}


def test_cans_that_fill_no_whole_number_of_packs_are_offered_as_the_packs_that_hold_them(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Coca-Cola sold in packs of 12 cans
    console.say("open pantry pal")
    # WHEN the shopper orders thirty cans
    offer = console.say("order thirty cans of coke")
    # THEN they hear what a pack holds and are offered the three packs that hold thirty cans
    assert offer.speech == "I have Coca-Cola Classic only in packs of 12. Would you like three packs?"
    # AND a yes reads the order back, which still needs its own yes
    read_back = console.say("yes")
    assert read_back.speech.startswith("Coca-Cola Classic, three packs, at $8.99 each.")
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(COKE, 3)]


def test_bottles_of_water_are_the_water_sold_in_bottles_even_when_the_shopper_usually_buys_cans(
    console: Console, store: FakeShopperStore, services: Services, clock: SimulatedClock, shopper_id: str
) -> None:
    # GIVEN a shopper who keeps buying sparkling water in cans, and water also sold in 24-packs of bottles
    for days_ago in (40, 25, 10):
        seed_order(services, clock, shopper_id, days_ago=days_ago, items=[(LACROIX, 2)])
    orders_before = dict(store.orders)
    console.say("open pantry pal")
    # WHEN they order six bottles of water
    reply = console.say("order six bottles of water")
    # THEN the bottled water is offered as the pack of 24 it comes in, not six packs of their canned water
    assert reply.speech == "I have Poland Spring Natural Spring Water only in packs of 24. Would you like one pack?"
    assert store.orders == orders_before


# --- a count of items packs cannot hold: "half a dozen eggs" --------------------------------------------


def test_half_a_dozen_eggs_sold_by_the_dozen_is_an_offer_of_one_carton_never_six_cartons(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN eggs sold in cartons of 12
    console.say("open pantry pal")
    # WHEN the shopper orders half a dozen of them
    offer = console.say("order half a dozen egglands best large white eggs")
    # THEN they hear that the eggs come in cartons of 12 and are offered one carton; nothing is ordered
    assert offer.speech == f"{ONE_CARTON_OF_EGGS} Would you like one carton?"
    assert store.orders == {}
    # AND a yes reads one carton back, and only the second yes orders it
    read_back = console.say("yes")
    assert read_back.speech.startswith("Eggland's Best Large White Eggs, one carton, at $4.79 each.")
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(EGGS, 1)]


def test_half_a_dozen_eggs_added_to_the_cart_asks_before_adding_and_no_adds_nothing(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN eggs sold in cartons of 12
    console.say("open pantry pal")
    # WHEN the shopper adds half a dozen eggs to the cart
    offer = console.say("add half a dozen egglands best large white eggs to my cart")
    # THEN nothing is added yet: they hear what a carton holds and are asked about one carton
    assert offer.speech == f"{ONE_CARTON_OF_EGGS} Should I add one carton to your cart?"
    assert cart_lines(store, shopper_id) == []
    # WHEN they say no, THEN the cart stays empty
    declined = console.say("no")
    assert declined.speech == "Okay. What would you like instead?"
    assert cart_lines(store, shopper_id) == []
    # WHEN they ask again and say yes, THEN one carton is added
    console.say("add half a dozen egglands best large white eggs to my cart")
    added = console.say("yes")
    assert added.speech.startswith("I've added one carton of Eggland's Best Large White Eggs to your cart.")
    assert cart_lines(store, shopper_id) == [(EGGS, 1)]


def test_half_a_dozen_eggs_is_read_as_packs_of_the_eggs_picked_when_asked_which(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN eggs of two brands, neither sold by the half dozen
    console.say("open pantry pal")
    asked = console.say("order half a dozen eggs")
    assert asked.speech.startswith("Did you mean Eggland's Best Large White Eggs or ")
    # WHEN the shopper picks the first
    offer = console.say("the first one")
    # THEN the half dozen is answered for the eggs picked, not taken as six cartons
    assert offer.speech == f"{ONE_CARTON_OF_EGGS} Would you like one carton?"
    assert store.orders == {}


def test_a_half_dozen_said_as_the_answer_to_how_many_is_offered_as_one_carton(console: Console) -> None:
    # GIVEN "how many would you like?" about eggs sold by the dozen
    console.say("open pantry pal")
    console.say("order egglands best large white eggs")
    asked = console.say("make it zero")
    assert asked.speech.endswith("How many would you like?")
    # WHEN the shopper answers half a dozen
    reply = console.send(console.envelopes.intent("ChooseIntent", {"Choice": slot_json("Choice", "half a dozen")}))
    # THEN they hear what a carton holds and are offered one
    assert reply.speech == f"{ONE_CARTON_OF_EGGS} Would you like one carton?"


def test_a_bare_count_that_fills_one_pack_of_another_size_picks_that_size(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN eggs in cartons of 12 and of 18
    console.say("open pantry pal")
    # WHEN the shopper orders eighteen eggs
    reply = console.say("order eighteen eggs")
    # THEN the carton of 18 is read back, once (not eighteen cartons of 12)
    assert reply.speech.startswith("Good & Gather Grade A Large Eggs, one carton, at $4.49 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [(EIGHTEEN_EGGS, 1)]


def test_a_count_said_of_packs_stays_packs_whatever_the_pack_holds(console: Console) -> None:
    # GIVEN paper towels in packs of 6 rolls
    console.say("open pantry pal")
    # WHEN the shopper orders six packs of them
    reply = console.say("order six packs of bounty select a size paper towels")
    # THEN six packs are read back (not one pack because six is what a pack holds)
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, six packs, at $19.99 each.")


def test_rolls_counted_below_one_pack_are_offered_as_one_pack(console: Console, store: FakeShopperStore) -> None:
    # GIVEN paper towels in packs of 6 rolls
    console.say("open pantry pal")
    # WHEN the shopper orders two rolls
    reply = console.say("order two rolls of bounty select a size paper towels")
    # THEN they hear the pack holds 6 and are offered one pack
    assert reply.speech == "I have Bounty Select-A-Size Paper Towels only in packs of 6. Would you like one pack?"
    assert store.orders == {}


def test_a_list_holding_a_count_its_packs_cannot_hold_takes_the_products_one_at_a_time(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN eggs sold in cartons of 12
    console.say("open pantry pal")
    # WHEN the shopper orders half a dozen of them with another product in one breath
    reply = console.say("order half a dozen egglands best large white eggs and dawn dish soap")
    # THEN no read-back of six cartons: the products come one at a time, the eggs with their offer
    assert reply.speech.startswith("Let's take those one at a time, starting with half a dozen ")
    assert reply.speech.endswith(f"{ONE_CARTON_OF_EGGS} Would you like one carton?")
    assert store.orders == {}


# --- a size said: "a gallon of milk", "a half gallon of milk" -------------------------------------------

GALLON_WHOLE_MILK = "pp-0165"  # Good & Gather Whole Milk, 1 gal jug, $3.99
HALF_GALLON_WHOLE_MILK = "pp-0163"  # Horizon Organic Whole Milk, 0.5 gal carton, $5.79
HALF_GALLON_TWO_PERCENT = "pp-0164"  # Horizon Organic 2% Milk, 0.5 gal carton, $5.79


def test_a_gallon_of_milk_is_the_gallon_jug_and_is_read_back_with_its_size(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper orders a gallon of whole milk (sold in gallon jugs and in half-gallon cartons)
    reply = console.say("order a gallon of whole milk")
    # THEN the gallon jug is read back, saying its size, and only the yes orders one
    assert reply.speech == (
        "Good & Gather Whole Milk, one gallon jug, at $3.99 each. That's $4.34 with tax. Should I order it?"
    )
    console.say("yes")
    assert lines_of(only_order(store)) == [(GALLON_WHOLE_MILK, 1)]


def test_gallons_of_a_milk_sold_in_half_gallons_are_offered_as_the_cartons_that_hold_them(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper orders two gallons of a milk sold only in half-gallon cartons
    offer = console.say("order two gallons of horizon whole milk")
    # THEN they hear the size it comes in and are offered four cartons; nothing is ordered
    assert offer.speech == (
        "I have Horizon Organic Whole Milk only in half-gallon cartons. Would you like four cartons?"
    )
    assert store.orders == {}
    # WHEN they say yes, THEN the four cartons are read back with their size, for their own yes
    read_back = console.say("yes")
    assert read_back.speech == (
        "Horizon Organic Whole Milk, four half-gallon cartons, at $5.79 each. That's $25.22 with tax. "
        "Should I order it?"
    )
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(HALF_GALLON_WHOLE_MILK, 4)]


def test_the_shoppers_usual_half_gallon_milk_is_their_half_gallon_and_never_one_carton_for_a_gallon(
    console: Console, services: Services, clock: SimulatedClock, shopper_id: str
) -> None:
    # GIVEN a shopper who usually buys Horizon 2% milk, in half-gallon cartons
    for days_ago in (3, 10, 17):
        seed_order(services, clock, shopper_id, days_ago=days_ago, items=[(HALF_GALLON_TWO_PERCENT, 1)])
    console.say("open pantry pal")
    # WHEN they order a half gallon of milk, THEN it is their milk, one carton, said with its size
    half = console.say("order a half gallon of milk")
    assert half.speech.startswith("Horizon Organic 2% Milk, one half-gallon carton, at $5.79 each.")
    console.say("no")
    # WHEN they order a gallon of milk, THEN they are offered two cartons of it, not one
    gallon = console.say("order a gallon of milk")
    assert gallon.speech == "I have Horizon Organic 2% Milk only in half-gallon cartons. Would you like two cartons?"


def test_a_half_gallon_of_milk_is_never_not_found(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN a shopper with no history orders a half gallon of milk
    reply = console.say("order a half gallon of milk")
    # THEN the skill asks which milk, rather than saying it found nothing
    assert reply.speech.startswith("Did you mean ")
    assert "couldn't find" not in reply.speech


HALF_GALLON_MILKS = (
    "Did you mean Oatly Original Oatmilk, Horizon Organic Whole Milk or Horizon Organic 2% Milk?"
)


@pytest.mark.parametrize(
    "send",
    [
        lambda console: console.say("order a half gallon of milk"),
        lambda console: console.send(
            console.envelopes.intent("OrderItemIntent", {"Product": slot_json("Product", "half gallon of milk")})
        ),
    ],
    ids=["said", "alexa-slot"],
)
def test_a_half_gallon_of_milk_asks_among_the_half_gallons_never_the_gallon_jugs_called_milk(
    console: Console, store: FakeShopperStore, send: object
) -> None:
    # GIVEN a shopper with no history, and the gallon jugs that "milk" alone means (their synonym) far above
    # the half-gallon milks
    console.say("open pantry pal")
    # WHEN they order a half gallon of milk
    asked = send(console)  # type: ignore[operator]
    # THEN they are asked among the milks sold by the half gallon, and no gallon jug is offered
    assert asked.speech == HALF_GALLON_MILKS
    assert "Good & Gather" not in asked.speech
    # AND the one they pick is read back as one half-gallon carton, for its own yes
    read_back = console.say("the second one")
    assert read_back.speech.startswith("Horizon Organic Whole Milk, one half-gallon carton, at $5.79 each.")
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(HALF_GALLON_WHOLE_MILK, 1)]


def test_two_half_gallons_of_milk_are_two_half_gallon_cartons_never_one_gallon_jug(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN the shopper orders two half gallons of milk, THEN the half-gallon milks are asked about
    assert console.say("order two half gallons of milk").speech == HALF_GALLON_MILKS
    # AND the one picked is two cartons
    read_back = console.say("horizon organic 2% milk")
    assert read_back.speech.startswith("Horizon Organic 2% Milk, two half-gallon cartons, at $5.79 each.")


@pytest.mark.parametrize(
    ("quantity", "product", "read_back"),
    [
        ("2", "gallons of whole milk", "Good & Gather Whole Milk, two gallon jugs, at $3.99 each."),
        (None, "gallon of whole milk", "Good & Gather Whole Milk, one gallon jug, at $3.99 each."),
        (None, "half gallon of whole milk", "Horizon Organic Whole Milk, one half-gallon carton, at $5.79 each."),
    ],
)
def test_a_size_in_alexas_slots_is_read_as_said(
    console: Console, quantity: str | None, product: str, read_back: str
) -> None:
    # GIVEN Alexa's reading of "order two gallons of whole milk" / "order a gallon of whole milk": the number
    # in the Quantity slot, the rest (without "a") in the Product slot
    console.say("open pantry pal")
    slots = {"Product": slot_json("Product", product)}
    if quantity is not None:
        slots["Quantity"] = slot_json("Quantity", quantity)
    # WHEN that request arrives
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    # THEN the size said picks the milk of that size, read back with it
    assert reply.speech.startswith(read_back)


def test_a_size_said_in_a_list_is_read_back_with_the_others(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    # WHEN a gallon of milk is ordered with another product
    reply = console.say("order a gallon of whole milk and dawn dish soap")
    # THEN the one read-back says the milk's size, and only what was said has a size
    assert reply.speech.startswith(
        "Your order would be one gallon jug of Good & Gather Whole Milk and one bottle of Dawn Ultra Dish Soap "
    )
    console.say("yes")
    assert sorted(lines_of(only_order(store))) == sorted([(GALLON_WHOLE_MILK, 1), ("pp-0014", 1)])


# --- a size said of a product sold in packs of cans: "a liter of coke", "a 2 liter of coke" ---------------

COKE_IN_CANS = "I have Coca-Cola Classic only in packs of 12 12-ounce cans."


@pytest.mark.parametrize(
    "said", ["order a liter of coke", "order a 2 liter of coke", "order a two liter coke", "order two liter coke"]
)
def test_a_liter_of_coke_sold_in_packs_of_cans_is_answered_with_the_cans_and_an_offer_of_one_pack(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # GIVEN Coca-Cola sold only in 12-packs of 12-ounce cans (no bottle of a liter or two)
    console.say("open pantry pal")
    # WHEN the shopper orders a liter of it, or a 2 liter (one bottle of two liters), or two liter coke (two
    # liters, never two of the product)
    offer = console.say(said)
    # THEN the size said is not dropped (one pack read back as if nothing was said) nor read as a count of
    # two: they hear what the packs hold and are offered one pack; nothing is ordered
    assert offer.speech == f"{COKE_IN_CANS} Would you like one pack?"
    assert store.orders == {}
    # AND a yes reads one pack back, for its own yes
    read_back = console.say("yes")
    assert read_back.speech.startswith("Coca-Cola Classic, one pack, at $8.99 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [(COKE, 1)]


@pytest.mark.parametrize("product", ["a 2 liter of coke", "a two liter coke", "a 2 liter bottle of coke"])
def test_a_2_liter_in_alexas_product_slot_is_one_of_that_size(console: Console, product: str) -> None:
    # GIVEN Alexa's reading of "order a two liter coke": no sample takes the "a" before a Quantity, so the
    # whole phrase is the Product slot
    console.say("open pantry pal")
    reply = console.send(console.envelopes.intent("OrderItemIntent", {"Product": slot_json("Product", product)}))
    # THEN it is one 2-liter, which the cans' packs are not: an offer of one pack, never two packs read back
    assert reply.speech == f"{COKE_IN_CANS} Would you like one pack?"


def test_a_2_liter_bottle_with_its_count_in_alexas_quantity_slot_keeps_the_count_and_the_size(
    console: Console,
) -> None:
    # GIVEN Alexa's reading of "order two 2 liter bottles of coke": the count in the Quantity slot
    console.say("open pantry pal")
    slots = {"Quantity": slot_json("Quantity", "2"), "Product": slot_json("Product", "2 liter bottles of coke")}
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    # THEN four liters are offered as the one pack of cans that holds them, not "couldn't find"
    assert reply.speech == f"{COKE_IN_CANS} Would you like one pack?"


def test_two_liter_coke_with_the_two_in_alexas_quantity_slot_is_two_liters_not_two_packs(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Alexa's reading of "order two liter coke" ("order {Quantity} {Product}"): 2, and "liter coke"
    console.say("open pantry pal")
    slots = {"Quantity": slot_json("Quantity", "2"), "Product": slot_json("Product", "liter coke")}
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    # THEN the two is of liters, which one pack of cans holds: an offer of one pack, never two packs read back
    assert reply.speech == f"{COKE_IN_CANS} Would you like one pack?"
    assert store.orders == {}


# --- a bare count of a product sold by the count: "eight batteries", "six eggs" -------------------------

AA_BATTERIES = "pp-0208"  # Duracell Coppertop AA Batteries, 20 ct, a pack


BATTERY_PACK = "Duracell Coppertop AA Batteries only in packs of 20."
EGG_CARTON = "Eggland's Best Large White Eggs only in cartons of 12."


@pytest.mark.parametrize(
    ("utterance", "offer"),
    [
        ("order eight double a batteries", f"{BATTERY_PACK} Would you like one pack?"),
        ("order ten aa batteries", f"{BATTERY_PACK} Would you like one pack?"),
        ("order six egglands best eggs", f"{EGG_CARTON} Would you like one carton?"),
        ("order two egglands best eggs", f"{EGG_CARTON} Would you like one carton?"),
        ("order thirty egglands best eggs", f"{EGG_CARTON} Would you like three cartons?"),
    ],
)
def test_a_bare_count_of_a_product_sold_by_the_count_is_offered_as_the_packs_holding_it(
    console: Console, store: FakeShopperStore, utterance: str, offer: str
) -> None:
    # GIVEN batteries in packs of 20 and eggs in cartons of 12
    console.say("open pantry pal")
    # WHEN the shopper orders a number of them that is no whole number of packs
    reply = console.say(utterance)
    # THEN they hear what a pack holds and are offered the packs that hold it, not that many packs
    assert reply.speech == f"I have {offer}"
    assert store.orders == {}


def test_the_packs_offered_for_a_bare_count_are_read_back_after_the_yes(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN eight batteries offered as one pack of 20
    console.say("open pantry pal")
    console.say("order eight double a batteries")
    # WHEN the shopper accepts, THEN one pack is read back for its own yes, and that yes orders one pack
    assert console.say("yes").speech.startswith("Duracell Coppertop AA Batteries, one pack, at $19.99 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [(AA_BATTERIES, 1)]


def test_a_bare_count_alexa_heard_apart_for_a_resolved_product_is_offered_as_packs(console: Console) -> None:
    # GIVEN Alexa's reading of "order eighteen egglands best eggs": 18 in the Quantity slot, the product resolved
    # (a name of Eggland's Best alone: a generic "eggs" is left to the matcher and the shopper's usual)
    console.say("open pantry pal")
    authority = console.envelopes.authority("ProductType")
    resolved = ((EGGS, "Eggland's Best Large White Eggs"),)
    product = slot_json("Product", "egglands best eggs", resolved=resolved, authority=authority)
    slots = {"Quantity": slot_json("Quantity", "18"), "Product": product}
    # WHEN that request arrives
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    # THEN the eighteen eggs are offered as two cartons of 12, not refused as eighteen cartons
    assert reply.speech == f"{ONE_CARTON_OF_EGGS} Would you like two cartons?"


def test_a_bare_count_far_below_a_pack_stays_packs(console: Console) -> None:
    # GIVEN Advil in bottles of 100 tablets, WHEN the shopper orders two advil
    console.say("open pantry pal")
    reply = console.say("order two advil")
    # THEN two bottles are read back (no one orders two tablets)
    assert reply.speech.startswith("Advil Ibuprofen 200 mg Coated Tablets, two bottles, at $14.99 each.")


def test_a_number_alone_answering_how_many_is_packs(console: Console) -> None:
    # GIVEN eggs read back, WHEN the shopper answers with a number alone
    console.say("open pantry pal")
    console.say("order egglands best eggs")
    reply = console.say("two")
    # THEN it is that many cartons, as the question asked
    assert reply.speech.startswith("Eggland's Best Large White Eggs, two cartons, at $4.79 each.")


def test_a_bare_count_needing_more_packs_than_the_limit_is_refused_not_offered(console: Console) -> None:
    # GIVEN the per-item limit of 10, WHEN the shopper orders more eggs than ten cartons hold
    console.say("open pantry pal")
    reply = console.say("order two hundred egglands best eggs")
    # THEN the limit is explained at once, rather than an offer a yes could only be refused for
    assert reply.speech.startswith("Sorry, I can't order 200 of Eggland's Best Large White Eggs: your limit is 10 per")
    assert reply.reprompt == "How many would you like?"


def test_another_pack_of_a_product_is_one_pack_of_it(console: Console) -> None:
    # WHEN the shopper orders "another pack of" a product
    console.say("open pantry pal")
    reply = console.say("order another pack of bounty")
    # THEN one pack of it is read back (not "I couldn't find another pack of bounty")
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")


def test_a_count_of_packs_said_after_the_product_is_read_back(console: Console, store: FakeShopperStore) -> None:
    # WHEN the shopper says the count of packs after the product
    console.say("open pantry pal")
    reply = console.say("order bounty paper towels two packs")
    # THEN that many packs are read back, and the yes orders them
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, two packs, at $19.99 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [("pp-0001", 2)]


# --- a decimal size said: "a 16.5 pound bag of", "sixteen point five pound" --------------------------------

PURINA_ONE = "pp-0084"  # Purina ONE Chicken & Rice Formula Dry Dog Food, a 16.5 lb bag, $31.99
FRESH_STEP = "pp-0093"  # Fresh Step Clean Paws Clumping Cat Litter, a 22.5 lb box, $18.99


@pytest.mark.parametrize(
    ("slots", "product_id", "read_back"),
    [
        (
            {"Product": "a 16.5 pound bag of purina one dog food"},
            PURINA_ONE,
            "Purina ONE Chicken & Rice Formula Dry Dog Food, one 16.5-pound bag, at $31.99 each.",
        ),
        (
            {"Product": "sixteen point five pound bag of purina one dog food"},
            PURINA_ONE,
            "Purina ONE Chicken & Rice Formula Dry Dog Food, one 16.5-pound bag, at $31.99 each.",
        ),
        (
            {"Quantity": "16", "Product": "point five pound bag of purina one dog food"},
            PURINA_ONE,
            "Purina ONE Chicken & Rice Formula Dry Dog Food, one 16.5-pound bag, at $31.99 each.",
        ),
        (
            {"Product": "22.5 pounds of fresh step cat litter"},
            FRESH_STEP,
            "Fresh Step Clean Paws Clumping Cat Litter, one 22.5-pound box, at $18.99 each.",
        ),
    ],
    ids=["typed-decimal", "said-in-words", "whole-in-quantity", "pounds-of"],
)
def test_a_decimal_size_is_one_pack_of_that_size_and_only_the_yes_orders_it(
    console: Console, store: FakeShopperStore, slots: dict[str, str], product_id: str, read_back: str
) -> None:
    # GIVEN an open session
    console.say("open pantry pal")
    # WHEN the shopper orders by a decimal size, as Alexa fills OrderItemIntent's slots ("16.5", "sixteen point
    # five", or "16" in the Quantity slot and the rest in the Product slot)
    envelope = console.envelopes.intent("OrderItemIntent", {name: slot_json(name, v) for name, v in slots.items()})
    reply = console.send(envelope).speech
    # THEN one pack of that size is read back (not five, nor sixteen, nor "not found"), and only the yes orders it
    assert reply.startswith(read_back)
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == [(product_id, 1)]


# --- a count of no whole number of packs: "2.5 bags of" ---------------------------------------------------

WHOLE_BAGS_ONLY = (
    "Sorry, I can only order whole bags of Purina ONE Chicken & Rice Formula Dry Dog Food. "
    "How many bags would you like?"
)


@pytest.mark.parametrize(
    "slots",
    [
        {"Product": "2.5 bags of purina one dog food"},
        {"Product": "two point five bags of purina one dog food"},
        {"Quantity": "2", "Product": "point five bags of purina one dog food"},
        {"Product": "purina one dog food 2.5 bags"},
    ],
    ids=["typed-decimal", "said-in-words", "whole-in-quantity", "said-after"],
)
def test_a_count_of_no_whole_bags_is_asked_about_and_nothing_is_read_back(
    console: Console, store: FakeShopperStore, slots: dict[str, str]
) -> None:
    # GIVEN an open session
    console.say("open pantry pal")
    # WHEN the shopper orders two and a half bags, as Alexa fills OrderItemIntent's slots (AMAZON.NUMBER cannot
    # hold 2.5: the Product slot holds it, or "point five" of it after the Quantity slot's "2")
    envelope = console.envelopes.intent("OrderItemIntent", {name: slot_json(name, v) for name, v in slots.items()})
    reply = console.send(envelope)
    # THEN no count is read back (neither one bag nor two): the shopper is asked how many bags
    assert reply.speech == WHOLE_BAGS_ONLY
    assert reply.reprompt == "How many bags would you like?"
    # AND a yes orders nothing: how many is asked again
    assert console.say("yes").speech == "How many would you like?"
    assert store.orders == {}
    # AND a whole count answers it, read back for its own yes
    assert console.say("three").speech.startswith("Purina ONE Chicken & Rice Formula Dry Dog Food, three bags,")
    console.say("yes")
    assert lines_of(only_order(store)) == [(PURINA_ONE, 3)]


def test_a_count_of_no_whole_bags_answered_at_how_many_is_asked_about_again(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN the shopper asked how many bags of dog food, after ordering "2.5 bags"
    console.say("open pantry pal")
    console.send(
        console.envelopes.intent(
            "OrderItemIntent", {"Product": slot_json("Product", "2.5 bags of purina one dog food")}
        )
    )
    # WHEN they answer with no whole number of bags
    reply = console.send(console.envelopes.intent("OrderItemIntent", {"Product": slot_json("Product", "1.5")}))
    # THEN they are asked again, and nothing is ordered
    assert reply.speech == WHOLE_BAGS_ONLY
    assert store.orders == {}


def test_a_count_of_no_whole_packs_of_a_product_picked_from_a_choice_is_asked_about(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN "2.5 eggs", which two cartons of eggs fit
    console.say("open pantry pal")
    reply = product_said(console, "2.5 eggs")
    assert reply.startswith("Did you mean Eggland's Best Large White Eggs or")
    # WHEN the shopper picks one
    reply = console.say("the first one").speech
    # THEN nothing is read back: they are asked how many cartons of it
    assert reply == (
        "Sorry, I can only order whole cartons of Eggland's Best Large White Eggs. How many cartons would you like?"
    )
    assert store.orders == {}
