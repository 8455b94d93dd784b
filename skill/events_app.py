"""Order events: from the table's stream to the order event bus (a transactional outbox).

An order is published because it was written, and it is written once (a conditional put keyed by its
idempotency key), so a retried "yes" produces one order and one event. The Lambda entry point below is
triggered by the DynamoDB stream; the local runner feeds the same function from the embedded endpoint.

Event (``source`` "pantry-pal.orders", ``detail-type`` "OrderPlaced" or "OrderCancelled"); its ``detail``
is :class:`OrderEvent`, whose JSON schema is kept in ``docs/order-event.schema.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict

from orders import Order, OrderStatus
from skill.dynamodb import from_item

__all__ = ["EVENT_SOURCE", "OrderEvent", "events_for", "lambda_handler", "publish"]

EVENT_SOURCE = "pantry-pal.orders"
logger = Logger(service="pantry-pal", logger_name="pantry_pal")


class OrderEventLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class OrderEvent(BaseModel):
    """What a fulfilment system receives for each placed or cancelled order."""

    model_config = ConfigDict(frozen=True)

    order_id: str
    shopper_id: str
    status: OrderStatus
    source: str
    lines: tuple[OrderEventLine, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    currency: str
    placed_at: datetime
    cancellable_until: datetime
    cancelled_at: datetime | None = None

    @classmethod
    def of(cls, order: Order) -> OrderEvent:
        lines = tuple(
            OrderEventLine(
                product_id=line.product_id,
                name=line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=line.line_total,
            )
            for line in order.lines
        )
        return cls(**order.model_dump(exclude={"lines"}), lines=lines)

    @property
    def detail_type(self) -> str:
        return "OrderCancelled" if self.status is OrderStatus.CANCELLED else "OrderPlaced"


def _order(image: Mapping[str, Any] | None) -> Order | None:
    if not image:
        return None
    item = from_item(image)
    if not str(item.get("sk", "")).startswith("ORDER#"):
        return None
    return Order.model_validate({k: v for k, v in item.items() if k in Order.model_fields})


def events_for(record: Mapping[str, Any]) -> OrderEvent | None:
    """The event a stream record stands for: a new order, or an order that became cancelled."""
    change = record.get("dynamodb", {})
    new, old = _order(change.get("NewImage")), _order(change.get("OldImage"))
    if record.get("eventName") == "INSERT" and new is not None:
        return OrderEvent.of(new)
    if (
        record.get("eventName") == "MODIFY"
        and new is not None
        and new.status is OrderStatus.CANCELLED
        and (old is None or old.status is not OrderStatus.CANCELLED)
    ):
        return OrderEvent.of(new)
    return None


def publish(records: Iterable[Mapping[str, Any]], events_client: Any, bus: str) -> list[str]:
    """Publish the order events of ``records``; returns the sequence numbers whose publishing failed."""
    failed = []
    for record in records:
        event = events_for(record)
        if event is None:
            continue
        entry = {
            "Source": EVENT_SOURCE,
            "DetailType": event.detail_type,
            "Detail": event.model_dump_json(),
            "EventBusName": bus,
        }
        result = events_client.put_events(Entries=[entry])
        if result.get("FailedEntryCount"):
            failed.append(record.get("dynamodb", {}).get("SequenceNumber", ""))
    return failed


_events_client: Any = None


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _events_client  # noqa: PLW0603 - one client per Lambda container
    if _events_client is None:
        import boto3

        _events_client = boto3.client("events")
    failed = publish(event.get("Records", []), _events_client, os.environ["ORDER_EVENT_BUS"])
    return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in failed]}


def schema() -> str:
    return json.dumps(OrderEvent.model_json_schema(), indent=2) + "\n"
