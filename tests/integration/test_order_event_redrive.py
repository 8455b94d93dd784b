"""Order event batches the stream function gave up on are kept whole in S3 and published again by hand."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from catalog import Catalog
from orders import new_order_id
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.redrive_order_events import main
from tests.conftest import NOW
from tests.integration.conftest import ORDER_BUS, PANTRY_TABLE, REGION, OrderEvents

BUCKET = "pantry-failed-order-events"


@pytest.fixture
def s3(moto_aws: None) -> Any:
    client = boto3.client("s3", region_name=REGION)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    return client


def placed_and_cancelled(dynamodb: Any, demo_catalog: Catalog, order_events: OrderEvents) -> list[dict[str, Any]]:
    """An order placed and cancelled; the stream records the stream function would have been given."""
    clock = SimulatedClock(frozen_at=NOW)
    services = build_services(Settings(table_name=PANTRY_TABLE), dynamodb=dynamodb, clock=clock, catalog=demo_catalog)
    shopper = "amzn1.ask.account.REDRIVE"
    services.shopping.profile(shopper, alexa_user_id=shopper)
    placed = services.shopping.place(shopper, new_order_id(clock.now()), [("pp-0001", 1)])
    services.shopping.cancel(shopper, placed.order.order_id)
    # as the event source mapping's filter in template.yaml passes them: order items only
    return [r for r in order_events.take() if r["dynamodb"]["Keys"]["sk"]["S"].startswith("ORDER#")]


def kept_batch(records: list[dict[str, Any]], *, payload_as_text: bool) -> bytes:
    """A failed batch as Lambda writes it to an S3 on-failure destination: its metadata and its payload."""
    payload = {"Records": records}
    return json.dumps({
        "version": "1.0",
        "requestContext": {"condition": "RetryAttemptsExhausted", "approximateInvokeCount": 11},
        "DDBStreamBatchInfo": {"startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                               "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
                               "batchSize": len(records)},
        "payload": json.dumps(payload) if payload_as_text else payload,
    }).encode()


@pytest.mark.parametrize("payload_as_text", [True, False], ids=["payload-text", "payload-object"])
def test_a_kept_batch_is_published_again_in_order_and_then_deleted(
    dynamodb: Any, s3: Any, demo_catalog: Catalog, order_events: OrderEvents, payload_as_text: bool
) -> None:
    # GIVEN an order placed and cancelled whose batch the stream function gave up on, kept in the bucket
    records = placed_and_cancelled(dynamodb, demo_catalog, order_events)
    s3.put_object(Bucket=BUCKET, Key="aws/lambda/esm/shard/batch-1", Body=kept_batch(records,
                                                                                    payload_as_text=payload_as_text))
    # WHEN the operator redrives the bucket
    status = main(["--bucket", BUCKET, "--bus", ORDER_BUS], s3=s3, events_client=order_events._events)
    # THEN fulfilment gets the placement then the cancellation, and the batch leaves the bucket
    assert status == 0
    assert [(e["detail-type"], e["detail"]["version"]) for e in order_events.drain()] == [
        ("OrderPlaced", 1), ("OrderCancelled", 2)]
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_a_batch_the_bus_still_refuses_stays_in_the_bucket_and_is_named(
    dynamodb: Any, s3: Any, demo_catalog: Catalog, order_events: OrderEvents, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a kept batch, one batch holding only metadata, and a bus that still refuses
    records = placed_and_cancelled(dynamodb, demo_catalog, order_events)
    s3.put_object(Bucket=BUCKET, Key="batch-1", Body=kept_batch(records, payload_as_text=True))
    s3.put_object(Bucket=BUCKET, Key="batch-2", Body=json.dumps({"DDBStreamBatchInfo": {"batchSize": 1}}).encode())

    class Refusing:
        def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
            return {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "InternalFailure"}]}

    # WHEN the operator redrives the bucket
    status = main(["--bucket", BUCKET, "--bus", ORDER_BUS], s3=s3, events_client=Refusing())
    # THEN both batches stay, each named with why, and the command fails
    assert status == 1
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]) == ["batch-1", "batch-2"]
    printed = capsys.readouterr().out
    assert f"kept batch-1: not published from stream record {records[0]['dynamodb']['SequenceNumber']}" in printed
    assert "kept batch-2: the batch holds no stream records (only its metadata)" in printed
    assert order_events.drain() == []
