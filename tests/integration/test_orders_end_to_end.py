"""The real skill on moto DynamoDB: one order and one event per confirmed order, whatever is retried, and
storage faults that leave neither a half-written order nor a changed cart behind."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from catalog import Catalog
from orders import Order, StorageError
from orders.model import RECENT_CART_REQUESTS
from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services, build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.dynamodb import DynamoShopperStore
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.conftest import NOW, SKILL_ID
from tests.integration.conftest import (
    PANTRY_TABLE,
    FaultyClient,
    OrderEvents,
    conditional_check_failed,
    scan_keys,
    throttled,
    timed_out,
)

DAWN = "pp-0014"
TOWELS = "pp-0001"
NOTHING_HAPPENED = "nothing was changed or ordered"
OUTCOME_UNKNOWN = "I couldn't confirm whether your order went through"


@dataclass
class Skill:
    console: Console
    services: Services
    client: FaultyClient
    clock: SimulatedClock

    @property
    def shopper_id(self) -> str:
        return self.console.envelopes.user_id

    def order_keys(self) -> list[str]:
        return [
            sk for pk, sk in scan_keys(self.client) if pk == f"SHOPPER#{self.shopper_id}" and sk.startswith("ORDER#")
        ]

    def cart(self) -> list[tuple[str, int]]:
        store = DynamoShopperStore(self.client, PANTRY_TABLE)
        return [(line.product_id, line.quantity) for line in store.get_cart(self.shopper_id).lines]


@pytest.fixture
def skill(faulty: FaultyClient, demo_catalog: Catalog, grammar: Grammar) -> Skill:
    """The real skill wired by build_services to the moto table through a client that can be made to fail."""
    clock = SimulatedClock(frozen_at=NOW)
    settings = Settings(skill_id=SKILL_ID, table_name=PANTRY_TABLE, order_event_bus="pantry-pal-orders-test")
    services = build_services(settings, dynamodb=faulty, clock=clock, catalog=demo_catalog)
    built = build_skill(services)
    console = Console(
        lambda envelope: handle(envelope, None, built), grammar, Envelopes(skill_id=SKILL_ID), now=clock.now
    )
    return Skill(console, services, faulty, clock)


def propose_dawn(skill: Skill) -> None:
    skill.console.say("open pantry pal")
    confirm = skill.console.say("order dawn")
    assert confirm.speech.endswith("Should I order it?")


# --- idempotency and the outbox -------------------------------------------------------------------------


def test_the_same_yes_envelope_delivered_twice_gives_one_order_item_and_one_order_placed_event(
    skill: Skill, order_events: OrderEvents
) -> None:
    # GIVEN a proposed order confirmed with yes
    propose_dawn(skill)
    done = skill.console.say("yes")
    assert done.speech.startswith("Done.")
    assert skill.console.last_envelope is not None
    # WHEN Alexa delivers exactly the same yes envelope again (a retry), and a copy of it once more
    retry = skill.console.send(skill.console.last_envelope)
    skill.console.send(copy.deepcopy(skill.console.last_envelope))
    # THEN the retry is told the order is already placed, the table holds one order, and one event went out
    assert retry.speech.startswith("That order is already placed")
    (order_key,) = skill.order_keys()
    (event,) = order_events.of_type("OrderPlaced")
    assert f"ORDER#{event['detail']['order_id']}" == order_key
    assert event["source"] == "pantry-pal.orders"
    assert event["detail"]["shopper_id"] == skill.shopper_id
    assert [(line["product_id"], line["quantity"]) for line in event["detail"]["lines"]] == [(DAWN, 1)]
    assert Decimal(str(event["detail"]["total"])) == Decimal("4.13")


def test_the_same_add_to_cart_envelope_delivered_twice_adds_once(skill: Skill) -> None:
    # GIVEN dawn added to the cart
    skill.console.say("open pantry pal")
    skill.console.say("add dawn to my cart")
    assert skill.console.last_envelope is not None
    # WHEN Alexa delivers the same envelope again
    skill.console.send(copy.deepcopy(skill.console.last_envelope))
    # THEN the request id stored with the cart item kept the cart at one bottle
    assert skill.cart() == [(DAWN, 1)]
    # AND a new request adds again
    skill.console.say("add dawn to my cart")
    assert skill.cart() == [(DAWN, 2)]


def test_an_older_add_to_cart_redelivered_after_newer_requests_adds_nothing(skill: Skill) -> None:
    # GIVEN dawn added (request A), then added again and towels added (newer requests)
    skill.console.say("open pantry pal")
    skill.console.say("add dawn to my cart")
    assert skill.console.last_envelope is not None
    older = copy.deepcopy(skill.console.last_envelope)
    skill.console.say("add dawn to my cart")
    skill.console.say("add bounty select a size paper towels to my cart")
    assert skill.cart() == [(DAWN, 2), (TOWELS, 1)]
    # WHEN Alexa delivers request A again
    skill.console.send(older)
    # THEN the request ids kept with the cart item know it: the cart is unchanged
    assert skill.cart() == [(DAWN, 2), (TOWELS, 1)]


def test_an_add_to_cart_redelivered_after_its_line_was_removed_adds_nothing(skill: Skill) -> None:
    # GIVEN dawn added (request A), then removed, which empties the cart
    skill.console.say("open pantry pal")
    skill.console.say("add dawn to my cart")
    assert skill.console.last_envelope is not None
    older = copy.deepcopy(skill.console.last_envelope)
    skill.console.say("remove dawn")
    assert skill.cart() == []
    # WHEN Alexa delivers request A again
    skill.console.send(older)
    # THEN the emptied cart still knew request A: nothing is added back
    assert skill.cart() == []


def test_an_add_to_cart_redelivered_after_the_cart_was_emptied_adds_nothing(skill: Skill) -> None:
    skill.console.say("open pantry pal")
    skill.console.say("add dawn to my cart")
    assert skill.console.last_envelope is not None
    older = copy.deepcopy(skill.console.last_envelope)
    skill.console.say("empty my cart")
    skill.console.say("yes")
    skill.console.send(older)
    assert skill.cart() == []


def test_an_add_to_cart_redelivered_after_the_cart_was_checked_out_adds_nothing(skill: Skill) -> None:
    # GIVEN dawn added to the cart (request A), then the cart checked out and ordered
    skill.console.say("open pantry pal")
    skill.console.say("add dawn to my cart")
    assert skill.console.last_envelope is not None
    older = copy.deepcopy(skill.console.last_envelope)
    skill.console.say("check out")
    assert skill.console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert skill.cart() == [] and len(skill.order_keys()) == 1
    # WHEN Alexa delivers request A again
    skill.console.send(older)
    # THEN the cart item the order's write left behind still knew request A: nothing is added back
    assert skill.cart() == []


def test_the_cart_keeps_only_its_most_recent_request_ids(skill: Skill) -> None:
    # GIVEN more cart requests than the cart item remembers
    skill.console.say("open pantry pal")
    for _ in range(RECENT_CART_REQUESTS + 5):
        skill.console.say("add dawn to my cart")
        skill.console.say("remove one dawn")
    # THEN the item holds a bounded list of request ids, the newest last
    store = DynamoShopperStore(skill.client, PANTRY_TABLE)
    remembered = store.get_cart(skill.shopper_id).requests
    assert len(remembered) == RECENT_CART_REQUESTS
    assert skill.console.last_envelope is not None
    assert remembered[-1].request_id == skill.console.last_envelope["request"]["requestId"]


def test_a_double_yes_gives_one_order_item_and_one_order_placed_event(skill: Skill, order_events: OrderEvents) -> None:
    propose_dawn(skill)
    skill.console.say("yes")
    second = skill.console.say("yes")
    assert "nothing waiting" in second.speech
    assert len(skill.order_keys()) == 1
    assert len(order_events.of_type("OrderPlaced")) == 1


def test_a_cancel_gives_one_order_cancelled_event_even_when_its_yes_is_retried(
    skill: Skill, order_events: OrderEvents
) -> None:
    # GIVEN a placed order
    propose_dawn(skill)
    skill.console.say("yes")
    # WHEN the shopper cancels it and the yes to cancel is delivered twice
    skill.console.say("cancel my last order")
    cancelled = skill.console.say("yes")
    assert skill.console.last_envelope is not None
    retry = skill.console.send(skill.console.last_envelope)
    # THEN one OrderCancelled event for that order went out, after its one OrderPlaced
    assert cancelled.speech.startswith("Okay, I've cancelled that order.")
    assert retry.speech == "Your last order is already cancelled."
    events = order_events.drain()
    assert [event["detail-type"] for event in events] == ["OrderPlaced", "OrderCancelled"]
    assert events[0]["detail"]["order_id"] == events[1]["detail"]["order_id"]
    assert events[1]["detail"]["status"] == "cancelled"


def test_a_put_the_bus_refused_is_retried_so_fulfilment_gets_the_placement_then_the_cancellation_once_each(
    skill: Skill, order_events: OrderEvents
) -> None:
    # GIVEN an order placed and then cancelled
    propose_dawn(skill)
    skill.console.say("yes")
    skill.console.say("cancel my last order")
    assert skill.console.say("yes").speech.startswith("Okay, I've cancelled that order.")

    # AND EventBridge refuses the first event the stream function puts
    class RefuseFirst:
        calls = 0

        def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
            RefuseFirst.calls += 1
            if RefuseFirst.calls == 1:
                return {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "ThrottlingException"}]}
            return order_events._events.put_events(Entries=Entries)

    # WHEN the stream batch is published, fails, and Lambda retries it from the failure it reported
    assert order_events.relay(events=RefuseFirst()) != []
    events = order_events.drain()
    # THEN fulfilment received the placement and then the cancellation, once each, with their versions
    assert [(event["detail-type"], event["detail"]["version"]) for event in events] == [
        ("OrderPlaced", 1), ("OrderCancelled", 2)]


def test_a_checkout_writes_one_order_and_empties_the_cart_in_the_same_transaction(
    skill: Skill, order_events: OrderEvents
) -> None:
    skill.console.say("open pantry pal")
    skill.console.say("add two bounty select a size paper towels to my cart")
    skill.console.say("add dawn to my cart")
    skill.console.say("check out")
    skill.console.say("yes")
    assert skill.cart() == []
    # the emptied cart item stays, with the requests that changed it (its redelivery guard)
    left = DynamoShopperStore(skill.client, PANTRY_TABLE).get_cart(skill.shopper_id)
    assert len(left.requests) == 2
    (event,) = order_events.of_type("OrderPlaced")
    assert [(line["product_id"], line["quantity"]) for line in event["detail"]["lines"]] == [(TOWELS, 2), (DAWN, 1)]


# --- storage faults at the yes --------------------------------------------------------------------------

FAULTS: list[Any] = [
    pytest.param("transact_write_items", throttled("TransactWriteItems"), NOTHING_HAPPENED, id="throttled-order-write"),
    # sent but not answered: the skill cannot know it was not placed, and says so
    pytest.param("transact_write_items", timed_out("TransactWriteItems"), OUTCOME_UNKNOWN, id="timed-out-order-write"),
    pytest.param("get_item", throttled("GetItem"), NOTHING_HAPPENED, id="throttled-read"),
    pytest.param("get_item", timed_out("GetItem"), NOTHING_HAPPENED, id="timed-out-read"),
    pytest.param(
        "transact_write_items",
        conditional_check_failed("TransactWriteItems"),
        NOTHING_HAPPENED,
        id="conditional-check-failed",
    ),
]


@pytest.mark.parametrize(("operation", "error", "heard"), FAULTS)
def test_a_storage_fault_at_the_yes_orders_nothing_and_a_later_yes_places_the_order_exactly_once(
    skill: Skill, order_events: OrderEvents, operation: str, error: Exception, heard: str
) -> None:
    # GIVEN a proposed order, and the store failing the chosen operation on the yes
    propose_dawn(skill)
    skill.client.fail(operation, error)
    # WHEN the shopper says yes
    failed = skill.console.say("yes")
    # THEN they hear that nothing went through (or that it may not have), the session keeps the proposal,
    # and no order item exists
    assert skill.client.failed == [operation]
    assert heard in failed.speech
    assert not failed.ends_session
    assert skill.console.envelopes.attributes.get("awaiting") == "order_confirmation"
    assert skill.order_keys() == []
    # WHEN they say yes again with the store healthy (and once more)
    done = skill.console.say("yes")
    skill.console.say("yes")
    # THEN the order is placed exactly once, with one event
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert len(skill.order_keys()) == 1
    assert len(order_events.of_type("OrderPlaced")) == 1


@pytest.mark.parametrize(
    ("error", "heard"),
    [
        pytest.param(throttled("TransactWriteItems"), NOTHING_HAPPENED, id="throttled"),
        pytest.param(timed_out("TransactWriteItems"), OUTCOME_UNKNOWN, id="timed-out"),
    ],
)
def test_a_failed_checkout_leaves_neither_an_order_nor_a_changed_cart_and_can_be_retried(
    skill: Skill, order_events: OrderEvents, error: Exception, heard: str
) -> None:
    # GIVEN a cart of two lines being checked out
    skill.console.say("open pantry pal")
    skill.console.say("add two bounty select a size paper towels to my cart")
    skill.console.say("add dawn to my cart")
    skill.console.say("check out")
    skill.client.fail("transact_write_items", error)
    # WHEN the yes hits the fault
    failed = skill.console.say("yes")
    # THEN no order was written and the cart is exactly as it was
    assert heard in failed.speech
    assert skill.order_keys() == []
    assert skill.cart() == [(TOWELS, 2), (DAWN, 1)]
    # WHEN the shopper says yes again
    skill.console.say("yes")
    # THEN one order holds the whole cart and the cart is gone
    assert len(skill.order_keys()) == 1
    assert skill.cart() == []
    assert len(order_events.of_type("OrderPlaced")) == 1


def test_a_timeout_after_the_write_landed_is_said_as_the_order_placed_and_a_yes_again_orders_nothing_more(
    skill: Skill, order_events: OrderEvents
) -> None:
    # GIVEN the order write succeeds but its answer times out on the way back
    propose_dawn(skill)
    skill.client.fail("transact_write_items", timed_out("TransactWriteItems"), after_call=True)
    # WHEN the shopper says yes
    first = skill.console.say("yes")
    # THEN the order is read back from the table and confirmed, never said to be unplaced
    assert first.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert NOTHING_HAPPENED not in first.speech
    # WHEN the shopper says yes again
    skill.console.say("yes")
    # THEN the order is not written twice, and one event went out
    assert len(skill.order_keys()) == 1
    assert len(order_events.of_type("OrderPlaced")) == 1


def test_an_order_whose_write_and_read_back_went_unanswered_is_followed_up_once_by_the_yes_that_finds_it(
    skill: Skill, order_events: OrderEvents
) -> None:
    # GIVEN the order write lands but its answer times out, and so does the read that would find it
    propose_dawn(skill)
    heard: list[str] = []
    skill.services.order_listeners.append(lambda order: heard.append(order.order_id))
    skill.client.fail("transact_write_items", timed_out("TransactWriteItems"), after_call=True)
    store = skill.services.store
    read = store.get_order

    def unreadable_once_written(shopper_id: str, order_id: str) -> Order | None:
        if skill.client.failed:
            store.get_order = read  # type: ignore[method-assign]
            raise StorageError("read failed: ReadTimeoutError")
        return read(shopper_id, order_id)

    store.get_order = unreadable_once_written  # type: ignore[method-assign]
    # WHEN the shopper says yes, hears the outcome is unknown, and says yes again, twice
    assert OUTCOME_UNKNOWN in skill.console.say("yes").speech
    assert heard == []
    skill.console.say("yes")
    skill.console.say("yes")
    # THEN the order listeners heard of the one order once, and one event went out
    (order_key,) = skill.order_keys()
    assert [f"ORDER#{order_id}" for order_id in heard] == [order_key]
    assert len(order_events.of_type("OrderPlaced")) == 1


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        pytest.param("put_item", throttled("PutItem"), id="throttled-write"),
        pytest.param("put_item", timed_out("PutItem"), id="timed-out-write"),
        pytest.param("get_item", throttled("GetItem"), id="throttled-read"),
    ],
)
def test_a_fault_while_adding_to_the_cart_leaves_the_cart_as_it_was(
    skill: Skill, operation: str, error: Exception
) -> None:
    # GIVEN a cart with one line
    skill.console.say("open pantry pal")
    skill.console.say("add two bounty select a size paper towels to my cart")
    skill.client.fail(operation, error)
    # WHEN adding another product fails
    reply = skill.console.say("add dawn to my cart")
    # THEN the shopper is told, and the cart holds exactly what it held
    assert NOTHING_HAPPENED in reply.speech
    assert skill.cart() == [(TOWELS, 2)]
    # AND the same request works once the store is healthy
    skill.console.say("add dawn to my cart")
    assert skill.cart() == [(TOWELS, 2), (DAWN, 1)]


def test_a_fault_while_cancelling_keeps_the_order_placed_and_the_cancel_can_be_repeated(
    skill: Skill, order_events: OrderEvents
) -> None:
    propose_dawn(skill)
    skill.console.say("yes")
    skill.console.say("cancel my last order")
    skill.client.fail("update_item", throttled("UpdateItem"))
    failed = skill.console.say("yes")
    assert NOTHING_HAPPENED in failed.speech
    assert [event["detail-type"] for event in order_events.drain()] == ["OrderPlaced"]
    skill.console.say("yes")
    assert [event["detail-type"] for event in order_events.drain()] == ["OrderPlaced", "OrderCancelled"]
