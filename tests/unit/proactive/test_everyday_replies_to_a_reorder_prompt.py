"""Everyday replies to a reorder prompt ("I already have it", "we're good") are answers, not product
searches; a reply the model does not know keeps the prompt, asked again, for a yes or a no."""

from __future__ import annotations

from typing import Any

import pytest

from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeReorderStore

TOWELS = "pp-0001"
PROMPT = (
    "Should I order Bounty Select-A-Size Paper Towels? You can say yes, not yet, or never ask about this."
)


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("i already have it", "snooze"),
        ("i've still got some", "snooze"),
        ("we still have some", "snooze"),
        ("i have it already", "snooze"),
        ("we're good", "decline"),
        ("i'm good thanks", "decline"),
    ],
)
def test_an_everyday_reply_to_a_reorder_prompt_answers_it(
    console: Console, reorder_store: FakeReorderStore, shopper: str, said: str, kind: str
) -> None:
    # GIVEN the launch prompt about towels
    console.say("open pantry pal")
    # WHEN the shopper says they have enough, in their own words
    reply = console.say(said)
    # THEN it answers the prompt ("not yet", or "no"): recorded for the towels, and nothing is searched or ordered
    assert reply.speech.startswith("Okay, I'll ask again in about ")
    assert reorder_store.items[(shopper, TOWELS)].feedback[-1].kind == kind
    assert "nothing waiting for a yes" in console.say("yes").speech


@pytest.mark.usefixtures("shopper")
@pytest.mark.parametrize("said", ["the pantry is full of those honestly", "we got loads at costco"])
def test_a_reply_the_model_does_not_know_keeps_the_reorder_prompt(console: Console, said: str) -> None:
    # GIVEN the launch prompt about towels
    console.say("open pantry pal")
    # WHEN the shopper replies with words Alexa's bare {Product} sample takes, naming no product
    slots: dict[str, Any] = {
        "Product": slot_json("Product", said, authority=console.envelopes.authority("ProductType"))
    }
    reply: Reply = console.send(console.envelopes.intent("OrderItemIntent", slots), intent="OrderItemIntent")
    # THEN the prompt is asked again, still open: a yes reads the towels back
    assert reply.speech.endswith(PROMPT)
    assert not reply.ends_session
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack")
