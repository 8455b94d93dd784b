"""The skeleton's order path, driven through the real skill entry point with real-shaped envelopes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from skill.alexa_app import SkillRefusedError, build_skill, handle
from skill.local.console import Console, Reply
from tests.fakes import FakeShopperStore

EVENTS = Path(__file__).resolve().parents[3] / "events"


def assert_reprompts(reply: Reply) -> None:
    assert reply.speech, "the shopper must hear something"
    assert reply.reprompt, "and be asked again"
    assert not reply.ends_session


def test_launch_welcomes_a_new_shopper_and_keeps_the_session_open(console: Console) -> None:
    # WHEN the shopper opens the skill
    reply = console.say("open pantry pal")
    # THEN they are welcomed and asked what they want
    assert "Welcome to Pantry Pal" in reply.speech
    assert_reprompts(reply)


def test_an_order_is_read_back_with_quantity_price_and_total_and_placed_only_after_yes(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an open session
    console.say("open pantry pal")
    # WHEN the shopper asks for two packs of a product
    confirm = console.say("order two bounty select a size paper towels")
    # THEN the skill reads back product, quantity, unit price and the tax-inclusive total, and orders nothing yet
    assert "Bounty Select-A-Size Paper Towels" in confirm.speech
    assert "two packs" in confirm.speech
    assert "$19.99 each" in confirm.speech
    assert "$43.53 with tax" in confirm.speech  # 2 x 19.99 = 39.98, + 8.875% tax = 3.55
    assert confirm.speech.endswith("Should I order it?")
    assert store.orders == {}
    # WHEN the shopper says yes
    done = console.say("yes")
    # THEN exactly one order with that line exists, and a receipt card came with it
    (order,) = store.orders.values()
    assert [(line.product_id, line.quantity) for line in order.lines] == [("pp-0001", 2)]
    assert order.total == Decimal("43.53")
    assert "I've ordered two packs of Bounty Select-A-Size Paper Towels" in done.speech
    assert "cancel within 30 minutes" in done.speech
    assert done.card is not None and order.order_id in done.card["title"]


def test_a_second_yes_after_an_order_does_not_order_again(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("order bounty select a size paper towels")
    console.say("yes")
    # WHEN the shopper says yes once more
    again = console.say("yes")
    # THEN nothing new is ordered
    assert len(store.orders) == 1
    assert "nothing waiting" in again.speech


@pytest.mark.parametrize("answer", ["no", "stop", "cancel"])
def test_no_stop_or_cancel_at_the_confirmation_orders_nothing(
    console: Console, store: FakeShopperStore, answer: str
) -> None:
    console.say("open pantry pal")
    console.say("order two bounty select a size paper towels")
    reply = console.say(answer)
    assert store.orders == {}
    assert reply.speech


def test_silence_at_the_confirmation_ends_the_session_without_an_order(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a pending confirmation
    console.say("open pantry pal")
    console.say("order bounty select a size paper towels")
    # WHEN the session ends because the shopper said nothing
    console.end_session()
    # THEN no order exists, and a later yes in a new session orders nothing either
    console.say("open pantry pal")
    console.say("yes")
    assert store.orders == {}


def test_the_product_name_is_escaped_for_ssml(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("order head and shoulders classic clean shampoo")
    assert "Head &amp; Shoulders" in reply.ssml
    assert "Head & Shoulders" in reply.speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "Pantry Pal orders your household staples"),
        ("blorp zzzz qwx", ""),
        ("what is the capital of france please tell me now", ""),
    ],
)
def test_help_and_out_of_domain_speech_get_an_answer_and_a_reprompt(
    console: Console, store: FakeShopperStore, text: str, expected: str
) -> None:
    console.say("open pantry pal")
    reply = console.say(text)
    assert expected in reply.speech
    assert_reprompts(reply)
    assert store.orders == {}


def test_navigate_home_and_stop_end_the_session(console: Console) -> None:
    console.say("open pantry pal")
    home = console.send(console.envelopes.intent("AMAZON.NavigateHomeIntent"))
    assert home.ends_session
    console.say("open pantry pal")
    assert console.say("stop").ends_session


def test_a_session_ended_request_gets_an_empty_response(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.end_session()
    assert reply.speech == ""


# --- bad input ----------------------------------------------------------------------------------------


def test_an_order_without_a_product_slot_asks_which_product(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    reply = console.send(console.envelopes.intent("OrderItemIntent", {}))
    assert "Which product" in reply.speech
    assert_reprompts(reply)
    assert store.orders == {}


def test_an_order_with_an_empty_product_value_asks_which_product(console: Console) -> None:
    console.say("open pantry pal")
    slots = {"Product": {"name": "Product", "value": "   ", "confirmationStatus": "NONE"}}
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    assert "Which product" in reply.speech
    assert_reprompts(reply)


def test_an_unknown_intent_gets_the_fallback_answer(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.send(console.envelopes.intent("SomethingNobodyDeclaredIntent"))
    assert "didn't catch that" in reply.speech
    assert_reprompts(reply)


@pytest.mark.parametrize(
    "body",
    [None, "not json at all", {}, [], {"request": {"type": "IntentRequest"}}, {"version": "1.0", "context": 5}],
)
def test_a_malformed_body_gets_a_spoken_answer_not_a_stack_trace(console: Console, services, body) -> None:
    skill = build_skill(services)
    response = handle(body, None, skill)
    assert "couldn't read that request" in response["response"]["outputSpeech"]["ssml"]
    assert response["response"]["shouldEndSession"] is False
    assert response["response"]["reprompt"]


def test_an_unknown_product_is_said_to_be_unknown_and_orders_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    reply = console.say("order xylophone grease")
    assert "couldn't find xylophone grease" in reply.speech
    assert_reprompts(reply)
    console.say("yes")
    assert all(line.product_id for order in store.orders.values() for line in order.lines)
    assert not [o for o in store.orders.values() if "xylophone" in o.lines[0].name.lower()]


def test_a_quantity_of_zero_is_refused_with_a_reprompt(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    reply = console.say("order zero bounty select a size paper towels")
    assert "0 isn't a quantity I can order" in reply.speech
    assert_reprompts(reply)
    console.say("yes")
    assert store.orders == {}


def test_a_quantity_of_ten_thousand_is_refused_with_the_limit_explained(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    reply = console.say("order ten thousand bounty select a size paper towels")
    assert "I can't order 10000" in reply.speech
    assert "limit is 10 per item" in reply.speech
    assert_reprompts(reply)
    console.say("yes")
    assert store.orders == {}


def test_a_non_numeric_quantity_slot_is_refused_with_a_reprompt(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    slots = {
        "Product": {"name": "Product", "value": "bounty select a size paper towels", "confirmationStatus": "NONE"},
        "Quantity": {"name": "Quantity", "value": "?", "confirmationStatus": "NONE"},
    }
    reply = console.send(console.envelopes.intent("OrderItemIntent", slots))
    assert "isn't a quantity" in reply.speech
    assert_reprompts(reply)


def test_a_request_for_another_skill_is_refused(services) -> None:
    skill = build_skill(services)
    envelope = json.loads((EVENTS / "launch_request.json").read_text())
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    with pytest.raises(SkillRefusedError):
        handle(envelope, None, skill)


def test_the_sample_events_are_accepted_by_the_skill(services, store: FakeShopperStore) -> None:
    # GIVEN the sample envelopes in events/, exactly as Alexa sends them
    skill = build_skill(services)
    launch = handle(json.loads((EVENTS / "launch_request.json").read_text()), None, skill)
    order = handle(json.loads((EVENTS / "order_item_intent.json").read_text()), None, skill)
    # THEN launch welcomes, and the order intent (entity-resolved to pp-0001) asks for confirmation
    assert "Welcome" in launch["response"]["outputSpeech"]["ssml"]
    assert "Bounty Select-A-Size Paper Towels, two packs" in order["response"]["outputSpeech"]["ssml"]
    assert order["sessionAttributes"]["awaiting"] == "order_confirmation"


def test_an_unexpected_error_gets_an_apology_and_is_logged_without_user_ids(
    console: Console, store: FakeShopperStore, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    # GIVEN a store that fails in a way nobody planned for
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    console.say("open pantry pal")
    monkeypatch.setattr(store, "recent_orders", explode)
    # WHEN the shopper asks for a product (the matcher reads their history)
    reply = console.say("order paper towels")
    # THEN they hear a short apology with a reprompt, and the log names the error but not the user
    assert "something went wrong" in reply.speech
    assert_reprompts(reply)
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "RuntimeError" in logged
    assert console.envelopes.user_id not in logged
