"""The order event a fulfilment system subscribes to: its documented schema and its content."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from orders import Order, OrderLine, OrderStatus
from skill.dynamodb import to_item
from skill.events_app import EVENT_SOURCE, OrderEvent, events_for, publish, schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "order-event.schema.json"
PLACED = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


def an_order(**changes) -> Order:
    line = OrderLine(product_id="pp-0001", name="Bounty Select-A-Size Paper Towels", quantity=2, unit="pack",
                     unit_price=Decimal("19.99"))
    values = {"order_id": "20261122T170000-abc", "shopper_id": "amzn1.ask.account.X", "lines": (line,),
              "subtotal": Decimal("39.98"), "tax": Decimal("3.55"), "total": Decimal("43.53"), "placed_at": PLACED,
              "cancellable_until": PLACED + timedelta(minutes=30)}
    return Order(**{**values, **changes})


def record(event_name: str, new: Order, old: Order | None = None) -> dict:
    def image(order: Order) -> dict:
        return to_item({"pk": f"SHOPPER#{order.shopper_id}", "sk": f"ORDER#{order.order_id}", **order.model_dump()})

    change = {"NewImage": image(new), "SequenceNumber": "1"}
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

    failed = publish([record("INSERT", an_order()), record("INSERT", an_order(order_id="second"))], Bus(), "bus")
    assert [entry["Source"] for entry in sent] == [EVENT_SOURCE, EVENT_SOURCE]
    assert json.loads(sent[0]["Detail"])["order_id"] == "20261122T170000-abc"
    assert failed == ["1"]
