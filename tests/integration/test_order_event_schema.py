"""The order event a fulfilment system subscribes to: its documented schema and its content."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from orders import Order, OrderLine, OrderStatus
from skill import events_app
from skill.dynamodb import to_item
from skill.events_app import EVENT_SOURCE, OrderEvent, events_for, publish, schema
from skill.metrics import metrics
from tests.integration.conftest import emitted_metrics

DOC = Path(__file__).resolve().parents[2] / "docs" / "order-event.schema.json"
PLACED = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


def an_order(**changes) -> Order:
    line = OrderLine(product_id="pp-0001", name="Bounty Select-A-Size Paper Towels", quantity=2, unit="pack",
                     unit_price=Decimal("19.99"))
    values = {"order_id": "20261122T170000-abc", "shopper_id": "amzn1.ask.account.X", "lines": (line,),
              "subtotal": Decimal("39.98"), "tax": Decimal("3.55"), "total": Decimal("43.53"), "placed_at": PLACED,
              "cancellable_until": PLACED + timedelta(minutes=30)}
    return Order(**{**values, **changes})


def record(event_name: str, new: Order, old: Order | None = None, sequence: str = "1") -> dict:
    def image(order: Order) -> dict:
        return to_item({"pk": f"SHOPPER#{order.shopper_id}", "sk": f"ORDER#{order.order_id}", **order.model_dump()})

    change = {"NewImage": image(new), "SequenceNumber": sequence}
    if old is not None:
        change["OldImage"] = image(old)
    return {"eventName": event_name, "dynamodb": change}


def test_the_documented_schema_is_the_event_models_schema() -> None:
    assert json.loads(DOC.read_text()) == json.loads(schema()), "regenerate docs/order-event.schema.json"


def test_a_new_order_becomes_one_order_placed_event_with_lines_and_totals() -> None:
    event = events_for(record("INSERT", an_order()))
    assert isinstance(event, OrderEvent) and event.detail_type == "OrderPlaced"
    assert event.total == Decimal("43.53") and event.lines[0].line_total == Decimal("39.98")


def test_only_the_change_to_cancelled_becomes_an_order_cancelled_event() -> None:
    placed, cancelled = an_order(), an_order(status=OrderStatus.CANCELLED, cancelled_at=PLACED)
    assert events_for(record("MODIFY", cancelled, placed)).detail_type == "OrderCancelled"
    assert events_for(record("MODIFY", cancelled, cancelled)) is None  # a re-delivered modification
    assert events_for({"eventName": "INSERT", "dynamodb": {"NewImage": to_item({"pk": "x", "sk": "CART"})}}) is None


def test_publishing_reports_the_records_eventbridge_refused() -> None:
    sent = []

    class Bus:
        def put_events(self, Entries):
            sent.extend(Entries)
            return {"FailedEntryCount": 1 if len(sent) > 1 else 0}

    outcome = publish([record("INSERT", an_order()), record("INSERT", an_order(order_id="second"), sequence="2")],
                      Bus(), "bus")
    assert [entry["Source"] for entry in sent] == [EVENT_SOURCE, EVENT_SOURCE]
    assert json.loads(sent[0]["Detail"])["order_id"] == "20261122T170000-abc"
    assert outcome.failed == ["2"]
    assert [event.order_id for event in outcome.events] == ["20261122T170000-abc"]


class RefusingBus:
    """EventBridge that refuses (or cannot be reached for) the calls numbered in ``refuse`` (1-based)."""

    def __init__(self, refuse: set[int], *, unreachable: bool = False) -> None:
        self.refuse, self.unreachable = refuse, unreachable
        self.calls = 0
        self.published: list[tuple[str, str]] = []

    def put_events(self, Entries):
        self.calls += 1
        if self.calls in self.refuse:
            if self.unreachable:
                raise ConnectionError("could not connect to the endpoint URL")
            return {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "ThrottlingException", "ErrorMessage": "slow"}]}
        (entry,) = Entries
        self.published.append((json.loads(entry["Detail"])["order_id"], entry["DetailType"]))
        return {"FailedEntryCount": 0, "Entries": [{"EventId": str(self.calls)}]}


def placed_then_cancelled_then_another() -> list[dict]:
    placed, cancelled = an_order(), an_order(status=OrderStatus.CANCELLED, cancelled_at=PLACED)
    return [record("INSERT", placed, sequence="11"), record("MODIFY", cancelled, placed, sequence="12"),
            record("INSERT", an_order(order_id="other"), sequence="13")]


def retried_as_lambda_does(records: list[dict], failed: list[str]) -> list[dict]:
    """Lambda retries a stream batch from the lowest sequence number reported as an item failure."""
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    return records[min(sequences.index(sequence) for sequence in failed):]


@pytest.mark.parametrize("unreachable", [False, True], ids=["refused", "unreachable"])
def test_a_batch_stops_at_an_event_the_bus_did_not_take_so_its_retry_publishes_each_event_once_in_order(
    unreachable: bool,
) -> None:
    # GIVEN an order placed, then cancelled, then another order, and a bus that fails the first put
    records = placed_then_cancelled_then_another()
    bus = RefusingBus({1}, unreachable=unreachable)
    # WHEN the batch is published, and retried from what it reported
    first = publish(records, bus, "bus")
    second = publish(retried_as_lambda_does(records, first.failed), bus, "bus")
    # THEN the first run published nothing past the failure and reported it and everything after it
    assert first.events == [] and first.failed == ["11", "12", "13"]
    # AND the retry published each event once, the cancellation after the placement
    assert second.failed == []
    assert bus.published == [("20261122T170000-abc", "OrderPlaced"), ("20261122T170000-abc", "OrderCancelled"),
                             ("other", "OrderPlaced")]


def test_events_before_a_failure_are_published_and_not_reported_again() -> None:
    # GIVEN a bus that fails the second put
    records = placed_then_cancelled_then_another()
    bus = RefusingBus({2})
    # WHEN the batch is published
    outcome = publish(records, bus, "bus")
    # THEN the placement went out, the cancellation and what follows are reported, untried
    assert [event.detail_type for event in outcome.events] == ["OrderPlaced"]
    assert outcome.failed == ["12", "13"] and bus.calls == 2


def test_an_unreadable_order_record_is_reported_and_stops_the_batch_instead_of_failing_it_whole() -> None:
    # GIVEN a batch whose second record is an order item that does not read as an order
    placed = record("INSERT", an_order(), sequence="21")
    broken = record("INSERT", an_order(order_id="broken"), sequence="22")
    del broken["dynamodb"]["NewImage"]["total"]
    later = record("INSERT", an_order(order_id="later"), sequence="23")
    bus = RefusingBus(set())
    # WHEN it is published
    outcome = publish([placed, broken, later], bus, "bus")
    # THEN the record before it went out; it and the one after are reported (retried, then kept for redrive)
    assert bus.published == [("20261122T170000-abc", "OrderPlaced")]
    assert outcome.failed == ["22", "23"]


def test_each_event_carries_the_orders_version_so_consumers_can_order_and_deduplicate_them() -> None:
    placed, cancelled = an_order(), an_order(status=OrderStatus.CANCELLED, cancelled_at=PLACED)
    assert events_for(record("INSERT", placed)).version == 1
    assert events_for(record("MODIFY", cancelled, placed)).version == 2
    assert "version" in json.loads(schema())["required"]


@dataclass
class LambdaContext:
    function_name: str = "order-events"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:order-events"
    aws_request_id: str = "11111111-2222-3333-4444-555555555555"


def test_the_stream_function_reports_its_failures_and_counts_orders_placed_cancelled_and_published(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN the stream function with a bus that refuses its third put
    monkeypatch.setattr(events_app, "_events_client", RefusingBus({3}))
    monkeypatch.setenv("ORDER_EVENT_BUS", "bus")
    metrics.clear_metrics()
    capsys.readouterr()
    # WHEN a batch of a placement, its cancellation and another placement arrives
    response = events_app.lambda_handler({"Records": placed_then_cancelled_then_another()}, LambdaContext())
    # THEN it reports the failed record, and its log carries the counts as metrics (no extra AWS call)
    assert response == {"batchItemFailures": [{"itemIdentifier": "13"}]}
    assert emitted_metrics(capsys.readouterr().out) == {
        "OrdersPlaced": 1, "OrdersCancelled": 1, "OrderEventsPublished": 2, "OrderEventPublishFailures": 1}
