"""Contracts between the code and the skill package: intents, slots, generated values, the manifest."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from catalog import later_in, load_catalog
from handlers.builtin import is_unsure
from handlers.skill_events import NOTIFICATIONS_SCOPE
from scripts.build_interaction_model import render
from skill.local.nlu import Grammar

ROOT = Path(__file__).resolve().parents[3]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
LANGUAGE = json.loads(MODEL_PATH.read_text())["interactionModel"]["languageModel"]
INTENTS = {intent["name"]: {slot["name"] for slot in intent.get("slots", [])} for intent in LANGUAGE["intents"]}
BUILT_IN = {"AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
            "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent"}


def _strings(call: ast.Call) -> list[str]:
    return [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]


def handler_contracts() -> list[tuple[str, set[str], set[str]]]:
    """(handler class, intents it handles, slots it reads) for every handler class in handlers/."""
    contracts = []
    for path in sorted((ROOT / "handlers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            intents, slots = set(), set()
            for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name == "is_intent":
                    intents.update(_strings(call))
                elif name == "slot":
                    slots.update(_strings(call))
            if intents:
                contracts.append((f"{path.stem}.{node.name}", intents, slots))
    return contracts


CONTRACTS = handler_contracts()


def test_the_contract_scan_finds_the_handlers() -> None:
    names = {name for name, _, _ in CONTRACTS}
    assert {"order.OrderItemHandler", "cart.AddToCartHandler", "history.CancelOrderHandler"} <= names


@pytest.mark.parametrize(("handler", "intents", "slots"), CONTRACTS, ids=[c[0] for c in CONTRACTS])
def test_every_intent_and_slot_a_handler_relies_on_exists_in_the_model(
    handler: str, intents: set[str], slots: set[str]
) -> None:
    assert intents <= set(INTENTS), f"{handler} handles intents missing from the model"
    declared = set().union(*(INTENTS[name] for name in intents))
    assert slots <= declared, f"{handler} reads slots none of its intents declare"


def test_the_required_built_in_intents_are_declared() -> None:
    assert set(INTENTS) >= BUILT_IN


def test_order_item_has_quantity_and_product_slots_and_at_least_twenty_varied_samples() -> None:
    order = next(i for i in LANGUAGE["intents"] if i["name"] == "OrderItemIntent")
    types = {slot["name"]: slot["type"] for slot in order["slots"]}
    assert types == {"Product": "ProductType", "Quantity": "AMAZON.NUMBER"}
    samples = order["samples"]
    assert len(samples) >= 20 and len(set(samples)) == len(samples)
    for expected in ["order {Quantity} {Product}", "buy {Product}", "i need {Product}",
                     "get me {Quantity} {Product}"]:
        assert expected in samples


def test_no_sample_hides_what_a_count_was_said_of() -> None:
    # GIVEN every sample of every intent
    samples = [sample for intent in LANGUAGE["intents"] for sample in intent.get("samples", [])]
    # WHEN a sample holds a count slot followed by a Product slot
    # THEN no word sits between them: "twelve cans of coke" and "twelve eggs" reach the handler with the
    # container in the Product slot, since Alexa does not say which sample's carrier words were heard
    hidden = [s for s in samples if re.search(r"\{Quantity\} (?!\{)\S+ (?:of )?\{Product\}", s)]
    assert hidden == []


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("never ask me about that", "NeverAskIntent"),
        ("don't ask me about this again", "NeverAskIntent"),
        ("what's my order status", "OrderStatusIntent"),
        ("is my order on the way", "OrderStatusIntent"),
        ("turn on automatic reorder for coffee", "AutoReorderIntent"),
        ("reorder my usual", "ReorderIntent"),
        ("ask me again later", "SnoozeIntent"),
        ("i don't need coffee", "SnoozeIntent"),
        ("i still have plenty of paper towels", "SnoozeIntent"),
        ("i already have it", "SnoozeIntent"),
        ("i've still got some", "SnoozeIntent"),
        ("we're good", "AMAZON.NoIntent"),
        ("remind me about coffee next week", "SnoozeIntent"),
        ("never ask me about coffee", "NeverAskIntent"),
        ("what else", "WhatElseIntent"),
        ("skip", "SkipIntent"),
        ("next", "SkipIntent"),
        ("how much is the dawn dish soap", "PriceIntent"),
        ("make it two", "ChangeQuantityIntent"),
        ("actually make that three", "ChangeQuantityIntent"),
        ("stop reordering coffee automatically", "StopAutoReorderIntent"),
        ("stop automatic reorder", "StopAutoReorderIntent"),
        ("cancel my subscription", "StopAutoReorderIntent"),
        ("cancel my automatic order", "CancelOrderIntent"),
        ("cancel the reorder", "CancelOrderIntent"),
        ("cancel the order", "CancelOrderIntent"),
        ("cancel the automatic reorder", "StopAutoReorderIntent"),
        ("cancel the order you placed", "CancelOrderIntent"),
        ("cancel my coffee order", "CancelOrderIntent"),
        ("what did i order last time", "OrderStatusIntent"),
        ("when will my order arrive", "OrderStatusIntent"),
        ("did my order go through", "OrderStatusIntent"),
        ("we're almost out of dish soap", "OrderItemIntent"),
        ("add it to my cart", "AddToCartIntent"),
        ("set my voice code to 1234", "SettingsIntent"),
        ("what's my order limit", "SettingsIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("hello", "GreetingIntent"),
        ("thank you alexa", "ThanksIntent"),
        ("do you have organic bananas", "PriceIntent"),
        ("what's the total", "PriceIntent"),
        ("maybe", "UnsureIntent"),
        ("i'm not sure", "UnsureIntent"),
        ("maybe next week", "SnoozeIntent"),
        ("how about tomorrow", "SnoozeIntent"),
    ],
)
def test_everyday_phrasings_reach_their_intent(said: str, intent: str) -> None:
    # GIVEN the interaction model, read by the local runner's grammar (exact samples, like a strict NLU)
    grammar = Grammar.from_file(MODEL_PATH)
    # WHEN a phrasing shoppers use is read
    reading = grammar.read(said)
    # THEN it reaches the intent that handles it, not a product search or the fallback
    assert reading.intent == intent


def test_every_snooze_time_of_the_model_reads_the_same_when_heard_as_a_product() -> None:
    # GIVEN the SnoozeTime values ("next week" is P7D), which a bare answer can reach the skill without
    values = next(t for t in LANGUAGE["types"] if t["name"] == "SnoozeTime")["values"]
    for value in values:
        days = float(value["id"].removeprefix("P").removesuffix("D"))
        # WHEN one of its phrasings is read as an answer that means "later"
        # THEN it means the same days as the model's id
        for said in [value["name"]["value"], *value["name"]["synonyms"]]:
            assert later_in(said) is not None and later_in(said).days == days, said


def test_every_unsure_sample_is_read_as_unsure_when_heard_as_a_product() -> None:
    unsure = next(i for i in LANGUAGE["intents"] if i["name"] == "UnsureIntent")
    assert [sample for sample in unsure["samples"] if not is_unsure(sample)] == []


def test_no_sample_utterance_is_claimed_by_two_intents() -> None:
    seen: dict[str, str] = {}
    for intent in LANGUAGE["intents"]:
        for sample in intent.get("samples", []):
            assert seen.setdefault(sample.lower(), intent["name"]) == intent["name"], sample


def test_the_product_slot_values_are_generated_from_the_catalog_and_up_to_date() -> None:
    # GIVEN the demo catalog, WHEN the generator runs, THEN it writes exactly what is committed
    catalog = load_catalog(ROOT / "catalog" / "data" / "demo_catalog.json")
    assert render(MODEL_PATH, catalog) == MODEL_PATH.read_text(), "run `make interaction-model`"
    values = next(t for t in LANGUAGE["types"] if t["name"] == "ProductType")["values"]
    assert {v["id"] for v in values} == {p.id for p in catalog}


def test_the_manifest_declares_the_permission_publication_and_events_the_code_uses() -> None:
    manifest = json.loads((ROOT / "interaction_models" / "skill.json").read_text())["manifest"]
    assert {"name": NOTIFICATIONS_SCOPE} in manifest["permissions"]
    assert {"eventName": "AMAZON.MessageAlert.Activated"} in manifest["events"]["publications"]
    subscribed = {s["eventName"] for s in manifest["events"]["subscriptions"]}
    assert {"SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED",
            "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED"} <= subscribed
    assert manifest["privacyAndCompliance"]["allowsPurchases"] is True
    assert manifest["privacyAndCompliance"]["containsAds"] is False
