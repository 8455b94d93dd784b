"""Answers to a reorder prompt when no prompt is pending: said plainly, and nothing is recorded."""

from __future__ import annotations

import pytest

from skill.local.console import Console
from tests.fakes import FakeReorderStore


@pytest.mark.parametrize("said", ["not yet", "never ask about this"])
def test_a_prompt_answer_with_no_prompt_pending_says_nothing_was_asked_and_records_nothing(
    console: Console, reorder_store: FakeReorderStore, said: str
) -> None:
    # GIVEN a session where nothing has been asked about
    console.say("what's in my cart")
    # WHEN the shopper answers as if a reorder prompt were pending
    reply = console.say(said)
    # THEN they hear that nothing was asked and how to ask, the session goes on, and no answer is stored
    assert reply.speech.startswith("I haven't asked you about anything just now.")
    assert "what am I running low on" in reply.speech
    assert reply.reprompt and not reply.ends_session
    assert all(not state.feedback and not state.never_ask for state in reorder_store.items.values())
