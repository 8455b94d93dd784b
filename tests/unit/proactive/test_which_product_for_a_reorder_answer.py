"""A reorder answer ("I don't need ...", "never ask me about ...", "stop reordering ... automatically") that
names no product sure: at a reorder prompt, a phrase naming nothing is about the product asked about;
elsewhere the shopper is asked which product, and the answer gets that reorder answer, never an order."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS, COFFEE = "pp-0001", "pp-0098"
TOWELS_NAME, COFFEE_NAME = "Bounty Select-A-Size Paper Towels", "Starbucks Pike Place Roast Whole Bean Coffee"
WHICH = "Which product do you mean?"


def send(console: Console, intent: str, product: str | None = None, when: tuple[str, str] | None = None) -> Reply:
    """``intent`` as Alexa sends it: ``product`` unmatched by entity resolution, ``when`` as (id, name) resolved."""
    slots: dict[str, Any] = {}
    if product is not None:
        slots["Product"] = slot_json("Product", product, authority=console.envelopes.authority("ProductType"))
    if when is not None:
        slots["When"] = slot_json(
            "When", when[1], resolved=(when,), authority=console.envelopes.authority("SnoozeTime")
        )
    return console.send(console.envelopes.intent(intent, slots), intent=intent)


def as_a_product(console: Console, said: str) -> Reply:
    """An answer as Alexa delivers it through OrderItemIntent's bare {Product} sample."""
    return send(console, "OrderItemIntent", said)


# --- at a reorder prompt: the product asked about ----------------------------------------------------------


NAMING_NOTHING = pytest.mark.parametrize(
    "said", [("SnoozeIntent", "the stuff"), ("NeverAskIntent", "that thing")], ids=["snooze", "never"]
)


@NAMING_NOTHING
def test_a_reorder_answer_naming_nothing_at_a_prompt_is_about_the_product_asked_about(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper: str, said: tuple[str, str]
) -> None:
    intent, phrase = said
    # GIVEN the launch prompt about towels
    console.say("open pantry pal")
    orders = len(store.orders)
    # WHEN the shopper answers it about "the stuff" / "that thing"
    reply = send(console, intent, phrase)
    # THEN that answers the prompt about the towels: recorded, said, and no order is proposed
    state = reorder_store.items[(shopper, TOWELS)]
    if intent == "NeverAskIntent":
        assert reply.speech == f"Okay, I won't remind you about {TOWELS_NAME} again."
        assert state.never_ask
    else:
        assert reply.speech.startswith("Okay, I'll ask again in about ")
        assert state.feedback[-1].kind == "snooze"
    assert "nothing waiting for a yes" in console.say("yes").speech
    assert len(store.orders) == orders


# --- elsewhere: which product, and the answer gets the reorder answer ---------------------------------------


@NAMING_NOTHING
def test_a_reorder_answer_naming_nothing_asks_which_product_and_the_answer_gets_it_not_an_order(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper: str, said: tuple[str, str]
) -> None:
    intent, phrase = said
    # GIVEN nothing is being asked
    console.say("ask pantry pal what's in my cart")  # one shot: no reorder prompt set aside, asked again after
    orders = len(store.orders)
    # WHEN the shopper gives a reorder answer about a phrase naming no product
    asked = send(console, intent, phrase)
    # THEN they are asked which product; something not found, or not caught, keeps that question
    assert asked.speech == WHICH
    assert as_a_product(console, "flubberwidgets").speech.startswith("Sorry, I couldn't find flubberwidgets.")
    assert console.say("huh").speech.endswith(asked.reprompt)
    # AND the product named then gets that answer: no order is read back or placed
    reply = as_a_product(console, "bounty select a size paper towels")
    state = reorder_store.items[(shopper, TOWELS)]
    if intent == "NeverAskIntent":
        assert reply.speech == f"Okay, I won't remind you about {TOWELS_NAME} again."
        assert state.never_ask
    else:
        assert reply.speech.startswith(f"Okay, I'll ask about {TOWELS_NAME} again in about ")
        assert state.feedback[-1].kind == "snooze"
    assert "nothing waiting for a yes" in console.say("yes").speech
    assert len(store.orders) == orders


def test_the_time_said_with_a_snooze_is_kept_for_the_product_named_after(
    console: Console, clock: SimulatedClock, reorder_store: FakeReorderStore, shopper: str
) -> None:
    # GIVEN nothing is being asked
    console.say("ask pantry pal what's in my cart")  # one shot: no reorder prompt set aside, asked again after
    # WHEN the shopper says "remind me about the stuff next week", then which product
    assert send(console, "SnoozeIntent", "the stuff", when=("P7D", "next week")).speech == WHICH
    reply = as_a_product(console, "bounty select a size paper towels")
    # THEN the towels are not asked about before next week
    assert reply.speech == f"Okay, I'll ask about {TOWELS_NAME} again in about 7 days."
    due_at = reorder_store.items[(shopper, TOWELS)].due_at
    assert due_at is not None and due_at >= clock.now() + timedelta(days=7) - timedelta(minutes=1)


def test_no_to_which_product_leaves_everything_as_it_is(
    console: Console, reorder_store: FakeReorderStore, shopper: str
) -> None:
    console.say("ask pantry pal what's in my cart")  # one shot: no reorder prompt set aside, asked again after
    send(console, "NeverAskIntent", "that thing")
    assert console.say("no").speech == "Okay, I'll leave it as it is. What else can I do?"
    assert not any(state.never_ask or state.feedback for state in reorder_store.items.values())


# --- stopping automatic reorder with no product named -------------------------------------------------------


@pytest.fixture
def towels_on_auto(services: Services, shopper: str) -> str:
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal(50))
    return shopper


@pytest.fixture
def coffee_on_auto_too(services: Services, clock: SimulatedClock, towels_on_auto: str) -> None:
    seed_orders(services, clock, towels_on_auto, regular(COFFEE, every=10, times=6, last_days_ago=12))
    services.reorder.set_auto(towels_on_auto, COFFEE, monthly_cap=Decimal(50))


def test_stop_automatic_reorder_with_none_on_says_so(console: Console, shopper: str) -> None:
    prompt = console.say("open pantry pal")
    reply = send(console, "StopAutoReorderIntent")
    # (the launch's reorder prompt, set aside by the request, is asked again after it)
    assert reply.speech.startswith("You don't have any automatic reorders, so there's nothing to stop. What about ")
    assert reply.reprompt == prompt.reprompt


@pytest.mark.parametrize("answer", ["yes", "bounty select a size paper towels"])
def test_stop_automatic_reorder_with_no_product_offers_to_stop_the_one_on(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, towels_on_auto: str, answer: str
) -> None:
    console.say("open pantry pal")
    orders = len(store.orders)
    # WHEN the shopper says "stop reordering automatically", naming no product
    offered = send(console, "StopAutoReorderIntent")
    # THEN the one product on automatic reorder is named, and stopping it offered
    assert offered.speech == f"{TOWELS_NAME} is set to reorder automatically. Should I stop reordering it?"
    assert offered.reprompt == f"Should I stop reordering {TOWELS_NAME} automatically? Please say yes or no."
    # AND a yes (or the product named) stops it; nothing is ordered
    reply = console.say("yes") if answer == "yes" else as_a_product(console, answer)
    assert reply.speech == f"Okay, I won't reorder {TOWELS_NAME} automatically any more."
    assert reorder_store.items[(towels_on_auto, TOWELS)].auto is None
    assert len(store.orders) == orders


def test_no_to_stopping_automatic_reorder_keeps_it(
    console: Console, reorder_store: FakeReorderStore, towels_on_auto: str
) -> None:
    console.say("open pantry pal")
    send(console, "StopAutoReorderIntent")
    assert console.say("no").speech == "Okay, I'll leave it as it is. What else can I do?"
    assert reorder_store.items[(towels_on_auto, TOWELS)].auto is not None


@pytest.mark.parametrize(
    ("answer", "stopped"),
    [
        ("the first one", {TOWELS}),
        ("the second one", {COFFEE}),
        ("both", {TOWELS, COFFEE}),
        ("starbucks coffee beans", {COFFEE}),
    ],
)
@pytest.mark.usefixtures("coffee_on_auto_too")
def test_stop_automatic_reorder_with_several_on_asks_which_one(
    console: Console, reorder_store: FakeReorderStore, answer: str, stopped: set[str]
) -> None:
    # GIVEN towels and coffee on automatic reorder
    console.say("ask pantry pal what's in my cart")  # one shot: no reorder prompt set aside, asked again after
    # WHEN the shopper says "stop reordering automatically", naming no product
    asked = send(console, "StopAutoReorderIntent")
    # THEN both are named, and which one asked; "yes" asks again
    assert asked.speech == (
        f"{TOWELS_NAME} and {COFFEE_NAME} are set to reorder automatically. Which one should I stop reordering?"
    )
    assert console.say("yes").speech == asked.reprompt
    # AND the answer stops the one (or both) picked, and no other
    reply = console.say(answer)
    assert reply.speech.startswith("Okay, I won't reorder ")
    on_auto = {product for (_, product), state in reorder_store.items.items() if state.auto is not None}
    assert on_auto == {TOWELS, COFFEE} - stopped
