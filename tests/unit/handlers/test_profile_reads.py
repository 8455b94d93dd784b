"""A turn reads the shopper's profile once, however many of its steps ask about it."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from handlers.base import Turn
from skill.bootstrap import Services
from skill.local.console import Console
from tests.fakes import FakeShopperStore


@pytest.fixture
def profile_reads(store: FakeShopperStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shopper ids of every profile read from the store, in order."""
    reads: list[str] = []
    read = store.get_profile

    def counted(shopper_id: str) -> object:
        reads.append(shopper_id)
        return read(shopper_id)

    monkeypatch.setattr(store, "get_profile", counted)
    return reads


@pytest.mark.usefixtures("ordered_before")
def test_yes_at_the_automatic_reorder_terms_reads_the_profile_once_in_the_skill(
    console: Console, profile_reads: list[str]
) -> None:
    # GIVEN the terms of an automatic reorder of paper towels read back
    console.say("reorder bounty paper towels automatically")
    assert "Should I reorder" in console.say("fifty dollars").speech
    profile_reads.clear()
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN it is set up, and the profile was read once by the skill (the lock and the voice code, then whether a
    # notification can tell of its orders) and once by the reorder service as it saves the terms
    assert "I'll reorder" in reply.speech
    assert len(profile_reads) == 2, profile_reads


def test_a_profile_written_in_the_turn_is_read_again_and_not_before(
    services: Services, console: Console, profile_reads: list[str]
) -> None:
    # GIVEN a shopper with reminders on, and a turn that has read their profile twice
    turn = Turn(_handler_input(console), services)
    assert services.shopping.profile(turn.shopper_id).reminders_enabled
    profile_reads.clear()
    assert turn.profile is not None and turn.profile.reminders_enabled
    assert turn.profile is turn.profile
    assert len(profile_reads) == 1
    # WHEN reminders are turned off in the same turn
    services.reorder.set_reminders(turn.shopper_id, enabled=False)
    profile_reads.clear()
    # THEN the turn reads the profile written, once
    assert turn.profile is not None and not turn.profile.reminders_enabled
    assert len(profile_reads) == 1


def _handler_input(console: Console) -> HandlerInput:
    envelope = DefaultSerializer().deserialize(json.dumps(console.envelopes.launch()), RequestEnvelope)
    return HandlerInput(request_envelope=envelope, attributes_manager=AttributesManager(request_envelope=envelope))
