"""An answer Alexa routes to the fallback intent while a question is pending: the question is asked again,
and a yes that follows still answers it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent


def fallback(console: Console) -> Reply:
    """AMAZON.FallbackIntent, as Alexa sends it for speech that fits no sample (no slots)."""
    return console.send(console.envelopes.intent("AMAZON.FallbackIntent"))


def ordered(store: FakeShopperStore) -> list[list[tuple[str, int]]]:
    return [[(line.product_id, line.quantity) for line in order.lines] for order in store.orders.values()]


@pytest.mark.parametrize(
    ("question", "then"),
    [
        ("order dawn", "Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent"),
        ("how much is dawn", "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each."),
        (
            "reorder dawn automatically up to forty dollars a month",
            "Okay. I'll reorder one bottle of Dawn Ultra Dish Soap Original Scent automatically",
        ),
    ],
    ids=["read-back", "price-offer", "automatic-reorder-terms"],
)
@pytest.mark.usefixtures("ordered_before")
def test_the_fallback_at_a_yes_or_no_question_asks_it_again_in_full_and_a_yes_answers_it(
    console: Console, question: str, then: str
) -> None:
    # GIVEN a question waiting for a yes or no
    console.say("open pantry pal")
    asked = console.say(question)
    # WHEN Alexa routes the shopper's answer to the fallback intent
    reply = fallback(console)
    # THEN they hear it was not caught, and the question again as it was asked, with how to answer
    assert reply.speech == f"Sorry, I didn't catch that. {asked.speech} Please say yes or no."
    assert reply.reprompt == asked.reprompt
    assert not reply.ends_session
    # AND a yes answers that question
    assert console.say("yes").speech.startswith(then)


def test_the_fallback_at_a_read_back_keeps_the_order_for_the_yes_and_orders_it_once(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN an answer reaches the fallback intent, then the shopper says yes
    fallback(console)
    console.say("yes")
    # THEN that order is placed, once
    assert ordered(store) == [[(DAWN, 1)]]


def test_the_fallback_at_a_reorder_prompt_asks_it_again_and_a_yes_reads_the_order_back(
    console: Console, services: Services, clock: SimulatedClock, store: FakeShopperStore
) -> None:
    # GIVEN a shopper running low on paper towels, asked at launch whether to order them
    seed_orders(services, clock, console.envelopes.user_id, regular(TOWELS, every=14, times=6, last_days_ago=15))
    prompt = console.say("open pantry pal")
    assert prompt.speech.endswith("Shall I order one pack for $19.99?")
    # WHEN an answer reaches the fallback intent
    reply = fallback(console)
    # THEN the prompt is asked again, and a yes reads the order back for its own yes
    assert reply.speech == (
        "Sorry, I didn't catch that. Should I order Bounty Select-A-Size Paper Towels? "
        "You can say yes, not yet, or never ask about this."
    )
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")


def test_the_fallback_at_did_you_mean_asks_which_one_and_keeps_the_choice(console: Console) -> None:
    # GIVEN a choice between two peanut butters
    console.say("open pantry pal")
    console.say("order peanut butter")
    # WHEN an answer reaches the fallback intent
    reply = fallback(console)
    # THEN the names are said again, and a pick still answers the choice
    assert reply.speech == (
        "Sorry, which one? You can say Jif Creamy Peanut Butter or Skippy Creamy Peanut Butter, or neither."
    )
    assert console.say("the second one").speech.startswith("Skippy Creamy Peanut Butter, one jar")


@pytest.mark.parametrize(
    "answer",
    [fallback, lambda console: console.send(console.envelopes.intent("SomethingNobodyDeclaredIntent"))],
    ids=["fallback-intent", "unknown-intent"],
)
def test_the_fallback_with_nothing_pending_says_how_to_go_on(
    console: Console, answer: Callable[[Console], Reply]
) -> None:
    # GIVEN nothing asked
    console.say("open pantry pal")
    console.say("what's in my cart")
    # WHEN an answer reaches the fallback
    reply = answer(console)
    # THEN the shopper hears the usual fallback, and a yes finds nothing waiting
    assert reply.speech == (
        "Sorry, I didn't catch that. You can say, order paper towels, or, help. What would you like?"
    )
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
