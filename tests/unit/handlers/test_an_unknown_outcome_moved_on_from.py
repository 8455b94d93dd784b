"""An order whose write went unanswered ("I couldn't confirm whether your order went through") and which landed is
followed up (order listeners, receipt card) exactly once, wherever the skill finds it: the shopper's next request
of any kind, their next launch, or "where's my order"; and the shopper hears that it went through."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orders import Order
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.deadline import SKILL_TIMEOUT_SECONDS
from skill.local.console import Console
from skill.tables import read_template
from tests.conftest import ROOT
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_declining_an_order_of_unknown_outcome import (
    NOT_PLACED,
    WENT_THROUGH,
    unknown_outcome_of_dawn,
)
from tests.unit.handlers.test_storage_faults_after_an_order import DAWN, ordered


@pytest.fixture
def heard(services: Services) -> list[Order]:
    """The orders the order listeners (the reorder schedule among them) heard of."""
    orders: list[Order] = []
    services.order_listeners.append(orders.append)
    return orders


def test_moving_on_after_an_unknown_outcome_follows_up_the_order_that_landed_and_says_so(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order whose write landed, its answer lost, and the shopper told its outcome is unknown
    unknown_outcome_of_dawn(console, store, lands=True)
    # WHEN the shopper moves on to something else
    reply = console.say("what's in my cart")
    # THEN they first hear the order went through, with its receipt, and then the answer they asked for
    assert reply.speech == f"{WENT_THROUGH} Your cart is empty."
    assert reply.card is not None
    # AND the listeners heard of it once, and never again: not at order status, nor at the next launch
    assert [order.lines[0].product_id for order in heard] == [DAWN]
    console.say("where's my order")
    console.end_session()
    clock.advance(timedelta(minutes=5))
    assert not console.say("open pantry pal").speech.startswith("Your order did go through")
    assert len(heard) == 1
    # AND a yes now orders nothing more
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert ordered(store) == [(DAWN, 1)]


def test_moving_on_after_an_unknown_outcome_of_an_order_that_did_not_land_says_nothing_was_ordered(
    console: Console, store: FakeShopperStore, heard: list[Order]
) -> None:
    unknown_outcome_of_dawn(console, store, lands=False)
    reply = console.say("what's in my cart")
    assert reply.speech == f"{NOT_PLACED} Your cart is empty."
    assert heard == [] and ordered(store) == []


def test_the_next_launch_follows_up_an_order_that_landed_while_its_outcome_was_unknown(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order of unknown outcome that landed, and a session that then ended without another word
    unknown_outcome_of_dawn(console, store, lands=True)
    console.end_session()
    assert heard == []
    # WHEN the shopper opens the skill again later
    clock.advance(timedelta(minutes=5))
    reply = console.say("open pantry pal")
    # THEN they hear it went through, with its receipt, and its listeners run, once
    assert reply.speech.startswith(WENT_THROUGH)
    assert reply.card is not None
    assert [order.lines[0].product_id for order in heard] == [DAWN]
    console.end_session()
    assert not console.say("open pantry pal").speech.startswith("Your order did go through")
    assert len(heard) == 1


def test_a_launch_that_finds_several_orders_to_tell_of_sends_one_receipt_card_listing_them_all(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN two orders that landed while their outcome was unknown, and the session ended
    unknown_outcome_of_dawn(console, store, lands=True)
    console.end_session()
    (key, first), = store.orders.items()
    second = first.model_copy(update={"order_id": f"{first.order_id}-2", "placed_at": first.placed_at})
    store.orders[(key[0], second.order_id)] = second
    # WHEN the shopper opens the skill again later
    clock.advance(timedelta(minutes=5))
    reply = console.say("open pantry pal")
    # THEN both are followed up, and the one card of the response carries both receipts
    assert len(heard) == 2
    assert reply.card is not None and reply.card["title"] == "Pantry Pal orders"
    content = reply.card["content"]
    assert f"Pantry Pal order {first.order_id}\n" in content and f"Pantry Pal order {second.order_id}\n" in content
    assert content.count("Total") == 2


def test_order_status_follows_up_an_order_that_landed_while_its_outcome_was_unknown(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order of unknown outcome that landed, and a session that ended
    unknown_outcome_of_dawn(console, store, lands=True)
    console.end_session()
    clock.advance(timedelta(minutes=1))
    # WHEN the shopper, in a new session, asks where their order is
    reply = console.say("ask pantry pal where's my order")
    # THEN it is listed as placed, with its receipt, and its listeners run once
    assert "Placed today: one bottle of Dawn Ultra Dish Soap Original Scent" in reply.speech
    assert reply.card is not None
    assert len(heard) == 1
    console.say("where's my order")
    assert len(heard) == 1


def test_an_order_just_placed_is_left_to_the_call_placing_it(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order that landed, not yet followed up, placed moments ago (its call may still be running)
    unknown_outcome_of_dawn(console, store, lands=True)
    console.end_session()
    clock.advance(timedelta(seconds=2))
    # WHEN the shopper opens the skill at that same moment, THEN it is not taken from that call
    assert not console.say("open pantry pal").speech.startswith("Your order did go through")
    assert heard == []


def test_moving_on_while_the_order_still_cannot_be_read_leaves_it_to_the_next_launch(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order of unknown outcome that landed, and the store still failing to read it
    unknown_outcome_of_dawn(console, store, lands=True)
    store.fail_next.add("get_order")
    # WHEN the shopper moves on, THEN they get their answer, and nothing untrue about the order
    assert console.say("what's in my cart").speech == "Your cart is empty."
    assert heard == []
    # AND their next launch finds it, follows it up and says so
    console.end_session()
    clock.advance(timedelta(minutes=5))
    assert console.say("open pantry pal").speech.startswith(WENT_THROUGH)
    assert len(heard) == 1


def test_an_order_placed_longer_ago_than_any_turn_lasts_is_followed_up_at_launch(
    console: Console, store: FakeShopperStore, heard: list[Order], clock: SimulatedClock
) -> None:
    # GIVEN an order that landed, not yet followed up, placed longer ago than the skill Lambda's timeout and a
    # second of clock difference: no call placing it can still be running
    unknown_outcome_of_dawn(console, store, lands=True)
    console.end_session()
    clock.advance(timedelta(seconds=SKILL_TIMEOUT_SECONDS + 1.5))
    # WHEN the shopper opens the skill, THEN it is followed up there, and said
    assert console.say("open pantry pal").speech.startswith(WENT_THROUGH)
    assert len(heard) == 1


def test_the_skill_timeout_the_follow_up_counts_on_is_the_deployed_one() -> None:
    template = read_template(ROOT / "template.yaml")
    skill = template["Resources"]["SkillFunction"]["Properties"]
    assert skill.get("Timeout", template["Globals"]["Function"]["Timeout"]) == SKILL_TIMEOUT_SECONDS
