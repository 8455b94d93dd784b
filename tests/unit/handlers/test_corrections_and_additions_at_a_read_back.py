"""Corrections ("no, I meant oat milk", "actually eggs", "whole milk instead", "not milk, oat milk") and additions
("and eggs", "also eggs", "plus eggs") said at an order's read-back, and fillers before a product ("order like
milk"). Alexa sends each as OrderItemIntent, the whole phrase in the Product slot (its bare {Product} sample), as
the envelopes here do."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.demo import seed_demo_shopper
from skill.local.envelopes import slot_json
from tests.fakes import FakeShopperStore

HORIZON = "pp-0164"  # Horizon Organic 2% Milk, $5.79: the demo shopper's milk
EGGLANDS = "pp-0173"  # Eggland's Best Large White Eggs, $4.79: the demo shopper's eggs
OATLY = "pp-0170"  # Oatly Original Oatmilk, $5.49
SKIM = "pp-0167"  # Good & Gather Fat Free Skim Milk, $3.89
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
G_AND_G_EGGS = "pp-0175"  # Good & Gather Grade A Large Eggs, $4.49
JIF = "pp-0120"  # Jif Creamy Peanut Butter, $3.49

MILK_READ_BACK = "Horizon Organic 2% Milk, one carton, at $5.79 each. That's $6.30 with tax. Should I order it?"
DAWN_READ_BACK = (
    "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"
)


def send_product(console: Console, phrase: str) -> Reply:
    """OrderItemIntent with ``phrase`` in its Product slot, as Alexa sends it (entity resolution: no match)."""
    slot = slot_json("Product", phrase, authority=console.envelopes.authority("ProductType"))
    return console.send(console.envelopes.intent("OrderItemIntent", {"Product": slot}), intent="OrderItemIntent")


def new_orders(store: FakeShopperStore, before: set[tuple[str, str]]) -> list[list[tuple[str, int]]]:
    return [[(ln.product_id, ln.quantity) for ln in o.lines] for key, o in store.orders.items() if key not in before]


@pytest.fixture
def sam(console: Console, services: Services, clock: SimulatedClock, store: FakeShopperStore) -> set[tuple[str, str]]:
    """The demo shopper, whose milk is Horizon 2% and eggs Eggland's, past the launch's coffee prompt; the
    orders already placed."""
    seed_demo_shopper(services, console.envelopes.user_id, clock.now())
    console.say("open pantry pal")
    console.say("no")
    return set(store.orders)


@pytest.fixture
def milk_read_back(console: Console, sam: set[tuple[str, str]]) -> Reply:
    read_back = send_product(console, "milk")
    assert read_back.speech == MILK_READ_BACK
    return read_back


# --- additions ------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("milk_read_back")
@pytest.mark.parametrize("phrase", ["and eggs", "also eggs", "plus eggs", "oh and eggs", "and also eggs", "eggs too"])
def test_an_addition_at_a_read_back_joins_it_and_both_are_read_back_for_one_yes(
    console: Console, store: FakeShopperStore, sam: set[tuple[str, str]], phrase: str
) -> None:
    # GIVEN the milk read back for a yes
    # WHEN the shopper adds eggs
    reply = send_product(console, phrase)
    # THEN both are read back, with the total, for one yes: the milk is not dropped
    assert reply.speech == (
        "Your order would be one carton of Horizon Organic 2% Milk and one carton of Eggland's Best Large White "
        "Eggs, for $11.52 with tax. Should I order them?"
    )
    assert new_orders(store, sam) == []
    # AND the yes orders both, in one order
    assert console.say("yes").speech.startswith("Done. I've ordered one carton of Horizon Organic 2% Milk and one")
    assert new_orders(store, sam) == [[(HORIZON, 1), (EGGLANDS, 1)]]


def test_an_addition_that_needs_a_choice_comes_after_the_read_back_with_its_own_question(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a shopper with no history (two eggs fit "eggs"), and dawn read back
    console.say("open pantry pal")
    send_product(console, "dawn")
    # WHEN they add eggs
    reply = send_product(console, "and eggs")
    # THEN they hear the eggs come next, and the read-back again, still waiting for its yes
    assert reply.speech == f"Okay, I'll ask about eggs after this. {DAWN_READ_BACK} Please say yes or no."
    # AND the yes orders the dawn, then asks which eggs, and they get their own read-back and yes
    done = console.say("yes")
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert done.speech.endswith(
        "Next, eggs. Did you mean Eggland's Best Large White Eggs or Good & Gather Grade A Large Eggs?"
    )
    assert console.say("the second one").speech.startswith("Good & Gather Grade A Large Eggs, one carton")
    console.say("yes")
    assert new_orders(store, set()) == [[(DAWN, 1)], [(G_AND_G_EGGS, 1)]]


def test_an_addition_not_found_keeps_the_read_back(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    send_product(console, "dawn")
    reply = send_product(console, "and bananas")
    assert reply.speech == f"Sorry, I couldn't find bananas. {DAWN_READ_BACK} Please say yes or no."
    console.say("yes")
    assert new_orders(store, set()) == [[(DAWN, 1)]]


def test_an_addition_while_the_voice_code_is_awaited_reads_both_back_and_asks_the_code_after_the_yes(
    console: Console, services: Services, store: FakeShopperStore
) -> None:
    # GIVEN orders need a voice code, and the dawn's code is being asked for
    services.shopping.set_voice_code(console.envelopes.user_id, "4321")
    console.say("open pantry pal")
    send_product(console, "dawn")
    assert console.say("yes").speech == "Please say your four digit voice code."
    # WHEN the shopper adds oat milk
    reply = send_product(console, "and oat milk")
    # THEN both are read back for a yes, and the code follows it
    assert reply.speech.startswith("Your order would be one bottle of Dawn Ultra Dish Soap Original Scent and one "
                                   "carton of Oatly Original Oatmilk, for ")
    assert console.say("yes").speech == "Please say your four digit voice code."
    console.say("4321")
    assert new_orders(store, set()) == [[(DAWN, 1), (OATLY, 1)]]


# --- corrections ----------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("milk_read_back")
@pytest.mark.parametrize(
    "phrase",
    [
        "no i meant oat milk",
        "i meant oat milk",
        "actually oat milk",
        "oat milk instead",
        "i want oat milk instead",
        "not milk, oat milk",
        "not milk oat milk",
        "sorry i said oat milk",
        "wait oat milk",
        "actually make it oat milk",
    ],
)
def test_a_correction_at_a_read_back_replaces_the_product_and_reads_it_back(
    console: Console, store: FakeShopperStore, sam: set[tuple[str, str]], phrase: str
) -> None:
    # GIVEN the milk read back for a yes
    # WHEN the shopper corrects it
    reply = send_product(console, phrase)
    # THEN the oat milk is read back in its place, the shopper hearing the milk is not being ordered
    assert reply.speech == (
        "Okay, I won't order Horizon Organic 2% Milk. Oatly Original Oatmilk, one carton, at $5.49 each. "
        "That's $5.98 with tax. Should I order it?"
    )
    # AND the yes orders only the oat milk
    console.say("yes")
    assert new_orders(store, sam) == [[(OATLY, 1)]]


@pytest.mark.usefixtures("milk_read_back")
@pytest.mark.parametrize(
    ("phrase", "then"),
    [
        ("actually eggs", "Eggland's Best Large White Eggs, one carton, at $4.79 each."),
        ("i want whole milk instead", "Did you mean Horizon Organic Whole Milk or Good & Gather Whole Milk?"),
    ],
)
def test_a_correction_to_a_product_that_needs_no_guessing_is_found(console: Console, phrase: str, then: str) -> None:
    reply = send_product(console, phrase)
    assert reply.speech.startswith(f"Okay, I won't order Horizon Organic 2% Milk. {then}")


@pytest.mark.parametrize("phrase", ["actually oat milk", "not skim milk, oat milk", "no i meant oat milk"])
def test_a_correction_at_a_read_back_of_several_replaces_the_one_it_names(
    console: Console, store: FakeShopperStore, phrase: str
) -> None:
    # GIVEN three products read back at once
    console.say("open pantry pal")
    send_product(console, "skim milk and dawn and bounty paper towels")
    # WHEN the shopper corrects the milk
    reply = send_product(console, phrase)
    # THEN the oat milk takes the skim milk's place, the others stay, and all are read back again
    assert reply.speech == (
        "Your order would be one carton of Oatly Original Oatmilk, one bottle of Dawn Ultra Dish Soap Original "
        "Scent and one pack of Bounty Select-A-Size Paper Towels, for $31.87 with tax. Should I order them?"
    )
    console.say("yes")
    assert new_orders(store, set()) == [[(OATLY, 1), (DAWN, 1), (TOWELS, 1)]]


def test_a_correction_of_one_of_several_that_needs_a_choice_comes_after_the_rest(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN three products read back at once
    console.say("open pantry pal")
    send_product(console, "skim milk and dawn and bounty paper towels")
    # WHEN the shopper corrects the milk to one of two whole milks
    reply = send_product(console, "i meant whole milk")
    # THEN the other two are read back, and the whole milk comes after them, with its question
    assert reply.speech == (
        "Okay, I'll ask about whole milk after this. Your order would be one bottle of Dawn Ultra Dish Soap "
        "Original Scent and one pack of Bounty Select-A-Size Paper Towels, for $25.89 with tax. Should I order them?"
    )
    assert console.say("yes").speech.endswith(
        "Next, whole milk. Did you mean Horizon Organic Whole Milk or Good & Gather Whole Milk?"
    )
    assert new_orders(store, set()) == [[(DAWN, 1), (TOWELS, 1)]]


def test_a_correction_at_a_read_back_in_a_list_replaces_that_product_and_the_list_goes_on(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Skippy of a list read back, dawn dish soap still to come
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    assert console.say("the second one").speech.startswith("Skippy Creamy Peanut Butter, one jar")
    # WHEN the shopper corrects it
    reply = send_product(console, "actually jif")
    # THEN Jif is read back in its place, and the list goes on after it
    assert reply.speech.startswith("Jif Creamy Peanut Butter, one jar, at $3.49 each.")
    assert console.say("yes").speech.endswith(f"Next, dawn dish soap. {DAWN_READ_BACK}")
    console.say("yes")
    assert new_orders(store, set()) == [[(JIF, 1)], [(DAWN, 1)]]


# --- fillers before a product ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("sam")
@pytest.mark.parametrize("phrase", ["like milk", "oh milk", "um milk", "uh milk"])
def test_a_filler_before_a_product_is_not_a_product_word(console: Console, phrase: str) -> None:
    # GIVEN the demo shopper, whose milk is Horizon 2% ("order like milk" found Fairlife, "order oh milk" Oatly)
    # WHEN they order with a filler before the product
    reply = send_product(console, phrase)
    # THEN it is their milk
    assert reply.speech == MILK_READ_BACK


@pytest.mark.usefixtures("sam")
def test_a_filler_before_and_is_not_a_product_of_a_list(console: Console) -> None:
    reply = send_product(console, "oh and eggs")
    assert reply.speech == (
        "Eggland's Best Large White Eggs, one carton, at $4.79 each. That's $5.22 with tax. Should I order it?"
    )


# --- a long product phrase added is named, never "that" ---------------------------------------------------------

LONG_DEODORANT = "dove advanced care antiperspirant deodorant original clean scent"  # nine words: "heard" says "that"
LONG_DEODORANT_NAMED = "dove advanced care antiperspirant deodorant original clean"
LONG_JUICE = "tropicana pure premium orange juice for the kids this week"  # ten words; No Pulp or Some Pulp
LONG_JUICE_NAMED = "tropicana pure premium orange juice for the kids"


def test_a_long_product_added_at_a_read_back_is_named_by_its_first_words(console: Console) -> None:
    # GIVEN dawn read back
    console.say("open pantry pal")
    send_product(console, "dawn")
    # WHEN they add orange juice said in ten words (two fit it: asked about after the read-back)
    reply = send_product(console, f"and {LONG_JUICE}")
    # THEN they hear which product comes next, by its first words, never "that"
    assert reply.speech == f"Okay, I'll ask about {LONG_JUICE_NAMED} after this. {DAWN_READ_BACK} Please say yes or no."


def test_a_long_product_added_to_a_list_taken_one_at_a_time_is_named_by_its_first_words(console: Console) -> None:
    # GIVEN a list taken one at a time, its first product waiting for a choice
    console.say("open pantry pal")
    assert console.say("order eggs and dawn").speech.startswith("Let's take those one at a time, starting with eggs.")
    # WHEN the shopper adds a deodorant said in nine words
    reply = send_product(console, f"and {LONG_DEODORANT}")
    # THEN they hear it was added to their list, by its first words, never "that"
    assert reply.speech.startswith(f"Okay, I've added {LONG_DEODORANT_NAMED} to the end of your list. ")
