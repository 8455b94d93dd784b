"""Order events: from the table's stream to the order event bus (a transactional outbox).

An order is written once (a conditional put keyed by its idempotency key), so a retried "yes" produces one
order; the table's stream then carries its INSERT (``OrderPlaced``) and, if it is cancelled, the MODIFY that
cancels it (``OrderCancelled``). The Lambda entry point below is triggered by that stream; the local runner
feeds the same function from the embedded endpoint.

Delivery is at least once, in order per order. Records are published one at a time in stream order; at the
first that cannot be published, the rest of the batch is left unpublished and reported, from that record
on, as the batch's item failures, so Lambda retries from there and no later event overtakes it. An event
can still reach the bus twice (a put whose answer was lost, or a batch that failed for good and was
published again later: see the README), and an event published again arrives after newer ones. So a
consumer keys events by ``order_id`` and ``version`` (1 placed, 2 cancelled): it drops a (order_id, version)
it has seen and never lets a lower version undo a higher one. A batch that keeps failing is written whole to
the failure bucket (template.yaml) and published again by ``python -m skill.redrive_order_events``.

Each invocation counts the orders placed and cancelled whose events it published, the events published and
a batch stopped by a failure, as CloudWatch metrics (``skill.metrics``).

Event (``source`` "pantry-pal.orders", ``detail-type`` "OrderPlaced" or "OrderCancelled"); its ``detail``
is :class:`OrderEvent`, whose JSON schema is kept in ``docs/order-event.schema.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from aws_lambda_powertools import Logger
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orders import Order, OrderStatus
from skill.dynamodb import from_item
from skill.metrics import (
    ORDER_EVENT_PUBLISH_FAILURES,
    ORDER_EVENTS_PUBLISHED,
    ORDERS_CANCELLED,
    ORDERS_PLACED,
    metrics,
)

__all__ = ["EVENT_SOURCE", "OrderEvent", "PublishError", "Published", "events_for", "lambda_handler", "publish"]

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
    """What a fulfilment system receives for each placed or cancelled order, at least once (see ``version``)."""

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
    version: int = Field(
        description="The order's state: 1 placed, 2 cancelled. Events are delivered at least once: keep the "
        "highest version per order_id, and drop a (order_id, version) already seen."
    )

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
        version = 2 if order.status is OrderStatus.CANCELLED else 1
        return cls(**order.model_dump(exclude={"lines"}), lines=lines, version=version)

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


class PublishError(Exception):
    """EventBridge did not take an event (its error code and message)."""


class Published(NamedTuple):
    """What publishing a batch of stream records came to."""

    events: list[OrderEvent]
    """The events published, in stream order."""
    failed: list[str]
    """The sequence numbers of the first record that could not be published and of every record after it."""


def publish(records: Iterable[Mapping[str, Any]], events_client: Any, bus: str) -> Published:
    """Publish the order events of ``records`` one at a time, in order, up to the first that fails.

    Once a record fails (EventBridge refused or could not be reached, or the record is not a readable
    order), the later ones are not tried. The failed record's sequence number and every later one's are the
    Lambda's batch item failures: Lambda retries from the first of them.
    """
    published: list[OrderEvent] = []
    batch = list(records)
    for position, record in enumerate(batch):
        try:
            event = events_for(record)
            if event is not None:
                _put(events_client, bus, event)
                published.append(event)
        except Exception as error:
            logger.warning(
                "order event not published; retried from this record",
                extra={
                    "sequence_number": _sequence_number(record),
                    "event_name": record.get("eventName"),
                    "error_type": type(error).__name__,
                    "error": _described(error),
                },
            )
            return Published(events=published, failed=[str(_sequence_number(later)) for later in batch[position:]])
    return Published(events=published, failed=[])


def _sequence_number(record: Mapping[str, Any]) -> str | None:
    """The stream record's sequence number: its id as a batch item failure."""
    stream_record = record.get("dynamodb")
    return None if stream_record is None else stream_record.get("SequenceNumber")


def _described(error: Exception) -> str:
    """What went wrong, without the record's values (a shopper id must not reach the log)."""
    if isinstance(error, ValidationError):
        return "invalid order fields: " + ", ".join(".".join(map(str, e["loc"])) for e in error.errors())
    return str(error)[:200]


def _put(events_client: Any, bus: str, event: OrderEvent) -> None:
    entry = {
        "Source": EVENT_SOURCE,
        "DetailType": event.detail_type,
        "Detail": event.model_dump_json(),
        "EventBusName": bus,
    }
    result = events_client.put_events(Entries=[entry])
    if result.get("FailedEntryCount"):
        answer = (result.get("Entries") or [{}])[0]
        raise PublishError(f"{answer.get('ErrorCode', 'unknown')}: {answer.get('ErrorMessage', '')}")


_events_client: Any = None


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _events_client  # noqa: PLW0603 - one client per Lambda container
    if _events_client is None:
        import boto3

        _events_client = boto3.client("events")
    outcome = publish(event.get("Records", []), _events_client, os.environ["ORDER_EVENT_BUS"])
    cancelled = sum(event.status is OrderStatus.CANCELLED for event in outcome.events)
    for name, value in (
        (ORDERS_PLACED, len(outcome.events) - cancelled),
        (ORDERS_CANCELLED, cancelled),
        (ORDER_EVENTS_PUBLISHED, len(outcome.events)),
        (ORDER_EVENT_PUBLISH_FAILURES, 1 if outcome.failed else 0),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in outcome.failed]}


def schema() -> str:
    return json.dumps(OrderEvent.model_json_schema(), indent=2) + "\n"
