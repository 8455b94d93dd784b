"""The weekly batch refit of the reorder model's population priors.

Reads every placed order from the table (a parallel-segment Scan: this is the batch job, never the
scheduler's path), fits :class:`reorder.ReorderModel` on the shoppers' histories with the catalog's
categories, and writes the small JSON model to S3, where the skill and the notifier load it at cold
start (:func:`load_model`). Without a fitted model they use the model's built-in priors.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger

from catalog import Catalog, load_catalog
from orders import OrderStatus
from reorder import ReorderError, ReorderModel
from reorder.policy import to_day
from skill.config import Settings
from skill.dynamodb import from_item, storage_errors

__all__ = ["MODEL_KEY", "histories_from_orders", "load_model", "refit", "refit_handler", "save_model"]

logger = Logger(service="pantry-pal", logger_name="pantry_pal")
MODEL_KEY = "reorder/model.json"


def order_items(client: Any, table: str, *, segments: int = 4) -> Iterable[dict[str, Any]]:
    """Every order item of the table, read in ``segments`` parallel-scan segments (one after another)."""
    with storage_errors("scan orders"):
        for segment in range(segments):
            pages = client.get_paginator("scan").paginate(
                TableName=table,
                Segment=segment,
                TotalSegments=segments,
                FilterExpression="begins_with(sk, :order) AND #status = :placed",
                ExpressionAttributeNames={"#status": "status", "#lines": "lines"},
                ExpressionAttributeValues={":order": {"S": "ORDER#"}, ":placed": {"S": OrderStatus.PLACED.value}},
                ProjectionExpression="shopper_id, placed_at, #lines",
            )
            for page in pages:
                yield from (from_item(item) for item in page.get("Items", []))


def histories_from_orders(items: Iterable[Mapping[str, Any]]) -> list[list[tuple[float, dict[str, float]]]]:
    """Per-shopper histories, ``(day, {product: quantity})`` sorted by day, as the model's ``fit`` takes."""
    shoppers: dict[str, list[tuple[float, dict[str, float]]]] = defaultdict(list)
    for item in items:
        day = to_day(datetime.fromisoformat(str(item["placed_at"])))
        basket = {str(line["product_id"]): float(line["quantity"]) for line in item.get("lines", [])}
        if basket:
            shoppers[str(item["shopper_id"])].append((day, basket))
    return [sorted(history, key=lambda order: order[0]) for history in shoppers.values()]


def refit(client: Any, table: str, catalog: Catalog) -> tuple[ReorderModel, int]:
    histories = histories_from_orders(order_items(client, table))

    def category_of(product_id: str) -> str | None:
        product = catalog.get(product_id)
        return product.category if product is not None else None

    return ReorderModel.fit(histories, category_of=category_of), len(histories)


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
def refit_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    import boto3

    settings = Settings.from_env()
    model, shoppers = refit(boto3.client("dynamodb"), settings.table_name, load_catalog(settings.catalog_path))
    save_model(boto3.client("s3"), os.environ["MODEL_BUCKET"], model)
    logger.info("refitted reorder model", extra={"shoppers": shoppers})
    return {"shoppers": shoppers}
