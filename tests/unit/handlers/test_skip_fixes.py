""""Skip" or "next" at a question about one product that is not part of a spoken list means "no, not this
one", as "no" does there: nothing is ordered, and no other conversation starts."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99


@pytest.fixture
def running_low(console: Console, services: Services, clock: SimulatedClock) -> None:
    """The shopper is running low on paper towels, so "what am I running low on?" has an answer."""
    seed_orders(services, clock, console.envelopes.user_id, regular(TOWELS, every=14, times=6, last_days_ago=15))


@pytest.mark.usefixtures("running_low")
@pytest.mark.parametrize("said", ["skip", "next"])
@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("order dawn", "Okay, I won't order it. What else can I do?"),
        ("order peanut butter", "Okay, neither. What would you like instead?"),
        ("order organic eggs", "Okay. What would you like instead?"),  # "the closest I have is ..."
        ("how much is dawn", "What else can I do?"),
    ],
    ids=["read-back", "did-you-mean", "suggestion", "price-offer"],
)
def test_skip_at_a_question_about_one_product_declines_it_as_no_does(
    console: Console, store: FakeShopperStore, said: str, question: str, declined: str
) -> None:
    # GIVEN a question about one product (or a choice of products), not part of a spoken list (the launch's
    # reorder prompt answered first: asked in its place, it would be asked again after the order said)
    console.say("open pantry pal")
    console.say("not yet")
    orders_before = len(store.orders)
    console.say(question)
    # WHEN the shopper says "skip" (or "next")
    reply = console.say(said)
    # THEN they hear what "no" says there, not what is running low; the session goes on
    assert reply.speech == declined
    assert "running low" not in reply.speech
    assert not reply.ends_session
    # AND nothing is left waiting for a yes, and nothing is ordered
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert len(store.orders) == orders_before


@pytest.mark.usefixtures("running_low")
def test_skip_at_the_reorder_prompt_still_passes_over_the_product(console: Console) -> None:
    # GIVEN the launch asks whether to reorder paper towels
    assert console.say("open pantry pal").speech.endswith("Shall I order one pack for $19.99?")
    # WHEN the shopper says "skip"
    reply = console.say("skip")
    # THEN the product is passed over, with nothing recorded and nothing else low to ask about
    assert reply.speech == "That's everything that looks low right now. What else can I do for you?"


@pytest.mark.usefixtures("running_low")
def test_skip_with_nothing_asked_still_lists_what_is_running_low(console: Console) -> None:
    # (a one-shot request: the launch's reorder prompt, set aside by a request, would be asked again after it)
    console.say("ask pantry pal what's in my cart")
    reply = console.say("skip")
    assert reply.speech.startswith("You're probably running low on Bounty Select-A-Size Paper Towels.")
