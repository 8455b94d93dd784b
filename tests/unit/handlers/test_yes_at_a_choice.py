"""A "yes" to a question that asks which one (a choice between products, the usual items, a cart line, the
product after "order two") asks which one, by name, and keeps the question: the pick that follows answers it."""

from __future__ import annotations

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.seed import seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


def test_yes_to_did_you_mean_asks_which_one_and_keeps_the_choice(console: Console, store: FakeShopperStore) -> None:
    # GIVEN "did you mean A or B?"
    console.say("open pantry pal")
    asked = console.say("order peanut butter")
    assert asked.speech == "Did you mean Jif Creamy Peanut Butter or Skippy Creamy Peanut Butter?"
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN they are asked which one, by name, with the same reprompt
    assert reply.speech == "Which one: Jif Creamy Peanut Butter or Skippy Creamy Peanut Butter?"
    assert reply.reprompt == asked.reprompt
    # AND the pick that follows still answers the choice
    assert console.say("the second one").speech.startswith("Skippy Creamy Peanut Butter, one jar")
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1)]


def test_yes_to_a_choice_in_a_list_taken_one_at_a_time_keeps_the_rest_of_the_list(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    assert console.say("yes").speech.startswith("Which one: Jif Creamy Peanut Butter or Skippy")
    console.say("the second one")
    done = console.say("yes")
    assert "Next, dawn dish soap." in done.speech
    console.say("yes")
    assert ordered(store) == [(SKIPPY, 1), (DAWN, 1)]


def test_yes_to_the_usual_items_asks_which_one(
    console: Console, services: Services, clock: SimulatedClock, store: FakeShopperStore
) -> None:
    # GIVEN a shopper who usually buys towels and dawn
    seed_orders(services, clock, console.envelopes.user_id, [(20, {TOWELS: 1, DAWN: 1}), (10, {TOWELS: 1})])
    console.say("open pantry pal")
    usual = console.say("what do i usually buy")
    assert usual.speech.endswith("Would you like one of them?")
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN they are asked which one, and a pick orders it (read back for its own yes)
    assert reply.speech == "Which one: Bounty Select-A-Size Paper Towels or Dawn Ultra Dish Soap Original Scent?"
    assert console.say("the second one").speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle")


def test_yes_to_which_cart_line_asks_which_one_and_keeps_the_change(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("add horizon whole milk to my cart")
    console.say("add good and gather whole milk to my cart")
    console.say("remove whole milk")
    reply = console.say("yes")
    assert reply.speech == "Which one: Horizon Organic Whole Milk or Good & Gather Whole Milk?"
    assert console.say("the second one").speech == "I've removed Good & Gather Whole Milk from your cart."


def test_yes_to_which_product_after_a_count_asks_again_and_keeps_the_count(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order two")
    assert console.say("yes").speech == "Which product would you like?"
    assert console.say("order dawn").speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles")
