"""Publish again the order events of stream batches the publisher gave up on.

When ``OrderEventsFunction`` cannot publish a batch within its retries (or the batch grows older than the
event source mapping's maximum record age), Lambda writes the batch, its full stream records included, to
the ``OrderEventsFailureBucketName`` bucket, and the alarm topic hears of it. Once the cause is fixed::

    python -m skill.redrive_order_events --bucket <OrderEventsFailureBucketName> --bus <OrderEventBusName>

publishes each kept batch's events through the same :func:`skill.events_app.publish`, oldest batch first,
and deletes a batch once all of its events went out (the bucket is versioned: the deleted batch stays
readable as a noncurrent version for 90 days). A batch with an event that still fails stays, and is named
with the record it stopped at; the command exits non-zero. Redriven events arrive after newer events of the
same orders: consumers order them by ``version`` (see ``OrderEvent``).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

from skill.events_app import publish

__all__ = ["Redriven", "batch_records", "main", "redrive"]


class Redriven(NamedTuple):
    """What a redrive came to: events published, and the batches kept (key -> why)."""

    published: int
    kept: dict[str, str]


def batch_records(kept: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream records of a failed batch as Lambda wrote it to S3 (metadata and the invocation's payload)."""
    payload = kept.get("payload")
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except json.JSONDecodeError:
            try:
                payload = json.loads(base64.b64decode(payload, validate=True))
            except (binascii.Error, ValueError) as error:
                raise ValueError("the batch's payload is neither JSON nor base64 JSON") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("Records"), list):
        raise ValueError("the batch holds no stream records (only its metadata)")
    records: list[dict[str, Any]] = payload["Records"]
    return records


def redrive(s3: Any, events_client: Any, *, bucket: str, bus: str) -> Redriven:
    """Publish the events of every batch kept in ``bucket``, oldest first; delete each one fully published."""
    objects = [item for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
               for item in page.get("Contents", [])]
    published, kept = 0, {}
    for item in sorted(objects, key=lambda item: (item["LastModified"], item["Key"])):
        key = item["Key"]
        try:
            records = batch_records(json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
        except ValueError as error:
            kept[key] = str(error)
            continue
        outcome = publish(records, events_client, bus)
        published += len(outcome.events)
        if outcome.failed:
            kept[key] = f"not published from stream record {outcome.failed[0]} on (see the log line before)"
            continue
        s3.delete_object(Bucket=bucket, Key=key)
    return Redriven(published=published, kept=kept)


def main(argv: Sequence[str] | None = None, *, s3: Any = None, events_client: Any = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m skill.redrive_order_events", description="Publish again the order events of failed batches."
    )
    parser.add_argument("--bucket", required=True, help="the stack's OrderEventsFailureBucketName output")
    parser.add_argument("--bus", required=True, help="the stack's OrderEventBusName output")
    args = parser.parse_args(argv)
    if s3 is None or events_client is None:
        import boto3

        s3, events_client = s3 or boto3.client("s3"), events_client or boto3.client("events")
    outcome = redrive(s3, events_client, bucket=args.bucket, bus=args.bus)
    print(f"published {outcome.published} order events; {len(outcome.kept)} batches kept")
    for key, reason in outcome.kept.items():
        print(f"kept {key}: {reason}")
    return 1 if outcome.kept else 0


if __name__ == "__main__":
    sys.exit(main())
