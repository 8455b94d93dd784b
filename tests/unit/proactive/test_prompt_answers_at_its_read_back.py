"""A yes to a reorder prompt reads the order back; "not yet" or "never ask about this" said there still answer
the prompt: the order is dropped, the answer recorded for that product, and a list of products running low
goes on. Said at the read-back of an order the shopper asked for themselves, they answer no prompt."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS, COFFEE = "pp-0001", "pp-0098"
TOWELS_NAME = "Bounty Select-A-Size Paper Towels"


ANSWERED = {"never": f"Okay, I won't remind you about {TOWELS_NAME} again.", "snooze": "Okay, I'll ask again in about "}


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("never ask me about this", "never"),
        ("stop asking me about this", "never"),
        ("not yet", "snooze"),
        ("remind me later", "snooze"),
    ],
)
def test_a_prompt_answer_at_the_read_back_the_prompt_led_to_answers_that_prompt(
    console: Console, reorder_store: FakeReorderStore, shopper: str, said: str, kind: str
) -> None:
    # GIVEN the launch prompt about towels, answered yes: their order is read back
    console.say("open pantry pal")
    read_back = console.say("yes")
    assert read_back.speech.startswith(f"{TOWELS_NAME}, one pack")
    # WHEN the shopper answers the prompt after all
    reply = console.say(said)
    # THEN it answers the prompt: said so, and recorded for the towels
    assert reply.speech.startswith(ANSWERED[kind])
    state = reorder_store.items[(shopper, TOWELS)]
    assert state.never_ask if kind == "never" else state.feedback[-1].kind == "snooze"
    # AND the order is dropped: nothing is ordered, and a yes now confirms nothing
    assert not reply.ends_session
    assert "nothing waiting for a yes" in console.say("yes").speech


def test_never_ask_at_the_voice_code_of_a_prompted_order_answers_the_prompt(
    console: Console, services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper: str
) -> None:
    # GIVEN orders need a voice code, and a yes to the prompt, then to the read-back: the code is asked for
    services.shopping.set_voice_code(shopper, "4321")
    before = len(store.orders)
    console.say("open pantry pal")
    console.say("yes")
    assert console.say("yes").speech == "Please say your four digit voice code."
    # WHEN the shopper says never to ask about it
    reply = console.say("never ask me about this")
    # THEN that is recorded for the towels, and nothing is ordered
    assert reply.speech == f"Okay, I won't remind you about {TOWELS_NAME} again."
    assert reorder_store.items[(shopper, TOWELS)].never_ask
    assert "nothing waiting for a yes" in console.say("yes").speech
    console.say("4321")
    assert len(store.orders) == before


def test_not_yet_at_a_read_back_from_the_running_low_list_goes_on_to_the_next_product(
    console: Console, services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, shopper: str
) -> None:
    # GIVEN two products listed as running low, the first read back after a yes
    seed_orders(services, clock, shopper, regular(COFFEE, every=10, times=6, last_days_ago=12))
    console.say("open pantry pal")
    listed = console.say("what am i running low on")
    first = listed.speech.rsplit("Shall I order ", 1)[1].rstrip("?")
    console.say("yes")
    # WHEN the shopper says "not yet" at the read-back
    reply = console.say("not yet")
    # THEN the first is snoozed, and the other one is asked about
    assert reply.speech.startswith("Okay, I'll ask again in about ")
    assert "What about " in reply.speech and first not in reply.speech
    snoozed = TOWELS if first == TOWELS_NAME else COFFEE
    assert reorder_store.items[(shopper, snoozed)].feedback[-1].kind == "snooze"


@pytest.mark.parametrize("said", ["never ask me about this", "not yet"])
def test_a_prompt_answer_at_the_read_back_of_an_order_asked_for_answers_no_prompt(
    console: Console, reorder_store: FakeReorderStore, shopper: str, said: str
) -> None:
    # GIVEN the launch prompt about towels, and the shopper orders something else instead
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    assert read_back.speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle")
    # WHEN they answer as if to a reorder prompt
    reply = console.say(said)
    # THEN nothing is recorded for the towels (nor the dish soap)
    assert not any(state.never_ask or state.feedback for state in reorder_store.items.values())
    assert "remind you" not in reply.speech and "ask again" not in reply.speech
