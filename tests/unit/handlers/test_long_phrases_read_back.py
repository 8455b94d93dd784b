"""A very long phrase in any slot is never read back in full: Alexa refuses speech over 8,000 characters, and
no one wants a minute of their own words. Every intent of the interaction model, each of its slots filled with
10,000 characters, sent as Alexa would, in a few situations: the answer stays short, and has a reprompt."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from skill.local.console import Console
from skill.local.nlu import Reading, SlotReading
from tests.conftest import ROOT

MODEL = json.loads(Path(ROOT / "interaction_models" / "en-US.json").read_text())["interactionModel"]["languageModel"]
SLOTS = [
    (intent["name"], slot["name"])
    for intent in MODEL["intents"]
    for slot in intent.get("slots", [])
]
PHRASES = {
    "one-word": "a" * 10_000,
    "many-words": ("banana " * 1_429)[:10_000],
}
MOST = 600  # characters of SSML: the longest ordinary answer is well under this


def fresh(console: Console) -> None:
    console.say("open pantry pal")


def shopping(console: Console) -> None:
    """Milk in the cart and an order just placed: "remove", "change" and "cancel" look for the phrase."""
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("add horizon whole milk to my cart")


def at_the_cap_question(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")  # automatic reorder is set up for a product ordered before
    assert console.say("reorder dawn automatically").speech.startswith("What's the most")


def in_a_list(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")


SITUATIONS: dict[str, Callable[[Console], None]] = {
    "fresh": fresh,
    "shopping": shopping,
    "cap-question": at_the_cap_question,
    "list": in_a_list,
}


def test_every_slot_of_the_model_is_covered() -> None:
    assert ("CancelOrderIntent", "Product") in SLOTS
    assert ("RemoveFromCartIntent", "Product") in SLOTS
    assert ("ChangeQuantityIntent", "Product") in SLOTS
    assert ("ReorderIntent", "Product") in SLOTS
    assert len(SLOTS) >= 20


@pytest.mark.parametrize("phrase", PHRASES.values(), ids=PHRASES.keys())
@pytest.mark.parametrize("situation", SITUATIONS.values(), ids=SITUATIONS.keys())
@pytest.mark.parametrize(("intent", "slot"), SLOTS, ids=[f"{i}.{s}" for i, s in SLOTS])
def test_a_ten_thousand_character_slot_is_not_read_back(
    console: Console, intent: str, slot: str, situation: Callable[[Console], None], phrase: str
) -> None:
    # GIVEN the shopper in a situation
    situation(console)
    # WHEN Alexa sends the intent with the slot holding 10,000 characters ("change ... to two": with its count)
    slots = {slot: SlotReading(phrase)}
    if intent == "ChangeQuantityIntent" and slot == "Product":
        slots["Quantity"] = SlotReading("2")
    reply = console.send_reading(Reading(kind="intent", intent=intent, slots=slots))
    # THEN the answer is short, does not hold the phrase, and asks again (or ends, as it may)
    assert reply.ssml
    assert len(reply.ssml) < MOST, reply.speech[:200]
    assert phrase[:100] not in reply.speech
    assert reply.ends_session or (reply.reprompt and len(reply.reprompt) < MOST)
