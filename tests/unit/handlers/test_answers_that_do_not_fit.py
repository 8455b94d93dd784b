"""Answers that do not fit the moment: a voice code with nothing to confirm, a cancel at an automatic reorder's
set-up, help after "that's already the cheapest", an unrelated phrase at a question about one product of a
spoken list, and an order offered or confirmed while voice ordering is locked."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeReorderStore, FakeShopperStore

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
CODE = "4321"
REPROMPT_MAIN = "You can say, order coffee, or, what am I running low on. What would you like?"


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def send(console: Console, intent: str, **slots: str) -> Reply:
    """``intent`` with these slot values, as Alexa sends it (the routing matters, not the console's NLU)."""
    reading = Reading(kind="intent", intent=intent, slots={k: SlotReading(v) for k, v in slots.items()})
    return console.send_reading(reading)


def ordered(store: FakeShopperStore) -> list[str]:
    return [line.product_id for order in store.orders.values() for line in order.lines]


# --- a voice code with nothing pending ----------------------------------------------------------------------


def test_a_voice_code_with_nothing_pending_says_there_is_nothing_to_confirm_and_how_to_go_on(
    console: Console, services: Services, shopper_id: str
) -> None:
    # GIVEN a shopper with a voice code, and nothing waiting for an answer
    services.shopping.set_voice_code(shopper_id, CODE)
    console.say("open pantry pal")
    console.say("what's in my cart")
    # WHEN they say their code (VoiceCodeIntent)
    reply = send(console, "VoiceCodeIntent", Code=CODE)
    # THEN they hear there is nothing to confirm, and what they can do; the session stays open
    assert reply.speech == (
        "There's nothing to confirm right now, so I don't need your voice code. You can say, order coffee, or, "
        "what am I running low on. What would you like?"
    )
    assert reply.reprompt == REPROMPT_MAIN
    assert not reply.ends_session
    # AND the code was not checked: no try is used up
    assert services.shopping.profile(shopper_id).failed_code_attempts == 0
