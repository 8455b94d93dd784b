"""The batch refit of the reorder model's population priors, weekly, resumable.

Reads every placed order from the table (a parallel Scan, its segments read at once, each by its own
thread: this is the batch job, never the scheduler's path), fits :class:`reorder.ReorderModel` on the
shoppers' histories with the catalog's categories, and writes the small JSON model to S3, where the skill
and the notifier load it at cold start (:func:`load_model`). Without a fitted model they use the model's
built-in priors.

A large table is not read in one invocation: the schedule runs the refit hourly, and an invocation that
finds the model younger than ``RefitInput.every_days`` does nothing. A run that comes near the function's
timeout stops reading, saves the orders read so far (a part under ``RUN_PREFIX``) and where each segment
stopped (``RUN_KEY``), and the next invocation goes on from there; the one that reads the last page fits
and saves the model, and deletes the run.
"""

from __future__ import annotations

import gzip
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict, Field

from catalog import Catalog, load_catalog
from orders import OrderStatus
from reorder import ReorderError, ReorderModel
from reorder.policy import to_day
from skill.config import Settings
from skill.deadline import TurnDeadline
from skill.dynamodb import from_item, storage_errors

__all__ = [
    "MODEL_KEY",
    "RUN_KEY",
    "RefitInput",
    "histories_from_rows",
    "load_model",
    "refit",
    "refit_handler",
    "refit_step",
    "save_model",
    "scan_orders",
]

logger = Logger(service="pantry-pal", logger_name="pantry_pal")
MODEL_KEY = "reorder/model.json"
RUN_PREFIX = "reorder/refit/"
RUN_KEY = f"{RUN_PREFIX}run.json"  # the run in progress: where each segment stopped, and the parts saved
# The time an invocation keeps back when it reads: to save a part, or to read the parts, fit and save the model.
FIT_RESERVE = 180.0

#: One placed order, as the fit needs it: the shopper, the day it was placed, and ``{product: quantity}``.
OrderRow = tuple[str, float, dict[str, float]]
ScanKey = dict[str, Any]


class RefitInput(BaseModel):
    """The fixed ``Input`` of the refit schedule in template.yaml."""

    model_config = ConfigDict(extra="ignore")

    every_days: float = Field(default=7, gt=0)  # how old the model may get before a run starts
    segments: int = Field(default=8, ge=1, le=32)  # parallel-scan segments, each read by its own thread


class RefitRun(BaseModel):
    """A run in progress: where each segment not yet read to its end goes on (``None``: its start)."""

    started_at: datetime
    segments: int
    pending: dict[int, ScanKey | None]
    parts: list[str] = Field(default_factory=list)


def _order_row(item: Mapping[str, Any]) -> OrderRow | None:
    basket = {str(line["product_id"]): float(line["quantity"]) for line in item.get("lines", [])}
    if not basket:
        return None
    return str(item["shopper_id"]), to_day(datetime.fromisoformat(str(item["placed_at"]))), basket


def _scan_segment(
    client: Any, table: str, segment: int, *, segments: int, start: ScanKey | None, out_of_time: Callable[[], bool]
) -> tuple[list[OrderRow], ScanKey | None, bool]:
    """One segment's pages from ``start`` until its end or ``out_of_time``: its orders, where it stopped, done."""
    rows: list[OrderRow] = []
    key = start
    while not out_of_time():
        page = client.scan(
            TableName=table,
            Segment=segment,
            TotalSegments=segments,
            FilterExpression="begins_with(sk, :order) AND #status = :placed",
            ExpressionAttributeNames={"#status": "status", "#lines": "lines"},
            ExpressionAttributeValues={":order": {"S": "ORDER#"}, ":placed": {"S": OrderStatus.PLACED.value}},
            ProjectionExpression="shopper_id, placed_at, #lines",
            **({"ExclusiveStartKey": key} if key else {}),
        )
        rows.extend(row for item in page.get("Items", []) if (row := _order_row(from_item(item))) is not None)
        key = page.get("LastEvaluatedKey")
        if key is None:
            return rows, None, True
    return rows, key, False


def scan_orders(
    client: Any,
    table: str,
    pending: Mapping[int, ScanKey | None],
    segments: int,
    *,
    out_of_time: Callable[[], bool] = lambda: False,
) -> tuple[list[OrderRow], dict[int, ScanKey | None]]:
    """Read the ``pending`` segments (of ``segments``) at once, one thread each, from where each stopped, until
    each ends or ``out_of_time``: the placed orders read, and the segments not read to their end."""
    if not pending:
        return [], {}
    with storage_errors("scan orders"), ThreadPoolExecutor(max_workers=len(pending)) as pool:
        futures = {
            segment: pool.submit(
                _scan_segment, client, table, segment, segments=segments, start=start, out_of_time=out_of_time
            )
            for segment, start in pending.items()
        }
        rows: list[OrderRow] = []
        left: dict[int, ScanKey | None] = {}
        for segment, future in futures.items():
            read, key, done = future.result()
            rows.extend(read)
            if not done:
                left[segment] = key
    return rows, left


def histories_from_rows(rows: Iterable[OrderRow]) -> list[list[tuple[float, dict[str, float]]]]:
    """Per-shopper histories, ``(day, {product: quantity})`` sorted by day, as the model's ``fit`` takes; in
    shopper order, so the fit does not depend on the order the segments were read in."""
    shoppers: dict[str, list[tuple[float, dict[str, float]]]] = defaultdict(list)
    for shopper_id, day, basket in rows:
        shoppers[shopper_id].append((day, basket))
    return [sorted(shoppers[shopper_id], key=lambda order: order[0]) for shopper_id in sorted(shoppers)]


def _fit(rows: Iterable[OrderRow], catalog: Catalog) -> tuple[ReorderModel, int]:
    histories = histories_from_rows(rows)

    def category_of(product_id: str) -> str | None:
        product = catalog.get(product_id)
        return product.category if product is not None else None

    return ReorderModel.fit(histories, category_of=category_of), len(histories)


def refit(client: Any, table: str, catalog: Catalog, *, segments: int = 8) -> tuple[ReorderModel, int]:
    """Read every placed order (``segments`` at once, with no time limit) and fit the model on them."""
    rows, _ = scan_orders(client, table, dict.fromkeys(range(segments)), segments)
    return _fit(rows, catalog)


def refit_step(
    dynamodb: Any,
    s3: Any,
    bucket: str,
    table: str,
    catalog: Callable[[], Catalog],
    *,
    options: RefitInput,
    now: datetime,
    out_of_time: Callable[[], bool],
) -> dict[str, Any]:
    """One invocation of the resumable refit: start a run if the model is due, go on with the run in progress,
    and fit and save the model once every segment is read. Returns what it did, for the log."""
    run = _load_run(s3, bucket)
    if run is None:
        fitted_at = _model_saved_at(s3, bucket)
        if fitted_at is not None and now - fitted_at < timedelta(days=options.every_days):
            return {"status": "model fresh"}
        run = RefitRun(started_at=now, segments=options.segments, pending=dict.fromkeys(range(options.segments)))
    rows, left = scan_orders(dynamodb, table, run.pending, run.segments, out_of_time=out_of_time)
    if left:
        part = f"{RUN_PREFIX}part-{len(run.parts):05d}.json.gz"  # the same name again if this run is not saved
        s3.put_object(Bucket=bucket, Key=part, Body=gzip.compress(json.dumps(rows).encode()))
        run = run.model_copy(update={"pending": left, "parts": [*run.parts, part]})
        s3.put_object(Bucket=bucket, Key=RUN_KEY, Body=run.model_dump_json().encode())
        return {"status": "in progress", "segments_left": len(left), "orders_read": len(rows)}
    for part in run.parts:
        rows.extend(_load_part(s3, bucket, part))
    model, shoppers = _fit(rows, catalog())
    save_model(s3, bucket, model)
    for key in [*run.parts, RUN_KEY]:
        s3.delete_object(Bucket=bucket, Key=key)
    return {"status": "refitted", "shoppers": shoppers, "orders": len(rows), "invocations": len(run.parts) + 1}


def _load_run(s3: Any, bucket: str) -> RefitRun | None:
    try:
        body = s3.get_object(Bucket=bucket, Key=RUN_KEY)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    return RefitRun.model_validate_json(body)


def _load_part(s3: Any, bucket: str, key: str) -> list[OrderRow]:
    rows = json.loads(gzip.decompress(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
    return [(str(shopper_id), float(day), dict(basket)) for shopper_id, day, basket in rows]


def _model_saved_at(s3: Any, bucket: str) -> datetime | None:
    from botocore.exceptions import ClientError

    try:
        saved: datetime = s3.head_object(Bucket=bucket, Key=MODEL_KEY)["LastModified"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
    return saved


def save_model(s3: Any, bucket: str, model: ReorderModel) -> None:
    body = json.dumps(model.to_dict(), separators=(",", ":"), sort_keys=True).encode()
    s3.put_object(Bucket=bucket, Key=MODEL_KEY, Body=body, ContentType="application/json")


def load_model(s3: Any, bucket: str) -> ReorderModel | None:
    """The fitted model, or None when there is none yet or it cannot be read (the built-in priors serve)."""
    try:
        body = s3.get_object(Bucket=bucket, Key=MODEL_KEY)["Body"].read()
        return ReorderModel.from_dict(json.loads(body))
    except (ReorderError, ValueError) as error:
        logger.warning("fitted reorder model unreadable", extra={"error_type": type(error).__name__})
    except Exception as error:
        logger.info("no fitted reorder model", extra={"error_type": type(error).__name__})
    return None


@logger.inject_lambda_context(log_event=False)
def refit_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    import boto3

    from skill.bootstrap import dynamodb_client  # bootstrap imports this module (load_model)

    options = RefitInput.model_validate(event or {})
    settings = Settings.from_env()
    deadline = TurnDeadline()
    deadline.start(context)
    result = refit_step(
        dynamodb_client(settings, deadline=deadline, batch=True, connections=max(10, options.segments)),
        boto3.client("s3"),
        os.environ["MODEL_BUCKET"],
        settings.table_name,
        lambda: load_catalog(settings.catalog_path),
        options=options,
        now=datetime.now(UTC),
        out_of_time=lambda: not deadline.allows(FIT_RESERVE),
    )
    logger.info("reorder model refit", extra=result)
    return result
