"""DynamoDB adapters for the orders and reorder ports, and the item <-> model mapping.

One table (``PantryTable`` in template.yaml), partitioned by shopper:

=====================  ==========================  =============================================
pk                     sk                          item
=====================  ==========================  =============================================
``SHOPPER#<id>``       ``PROFILE``                 :class:`orders.ShopperProfile`
``SHOPPER#<id>``       ``CART``                    :class:`orders.Cart`
``SHOPPER#<id>``       ``ORDER#<order id>``        :class:`orders.Order` (order ids sort by time)
``ALEXAUSER#<user>``   ``ALIAS``                   the shopper id an Alexa user id belongs to
=====================  ==========================  =============================================

Every AWS failure (throttling, timeouts, a cancelled transaction) surfaces as :class:`orders.StorageError`,
so the skill can tell the shopper that nothing happened; an order write that was sent but not answered (a
timeout, a server error) as :class:`orders.OrderOutcomeUnknownError`, since it may have been placed.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from orders import (
    Cart,
    CartConflictError,
    Order,
    OrderNotCancellableError,
    OrderOutcomeUnknownError,
    OrderStatus,
    ShopperProfile,
    StorageError,
)

__all__ = ["DynamoShopperStore", "from_item", "to_item"]

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _plain(value: Any) -> Any:
    """Python values -> values DynamoDB's serializer accepts (Decimal numbers, ISO datetimes)."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump())
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_item(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Serialise a mapping of plain values and models to a DynamoDB item (``None`` values are dropped)."""
    return {key: _serializer.serialize(value) for key, value in _plain(attributes).items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _deserializer.deserialize(value) for key, value in item.items()}


def shopper_key(shopper_id: str, sort_key: str) -> dict[str, Any]:
    return {"pk": {"S": f"SHOPPER#{shopper_id}"}, "sk": {"S": sort_key}}


def _is_conditional_failure(error: ClientError) -> bool:
    code = error.response.get("Error", {}).get("Code", "")
    if code == "ConditionalCheckFailedException":
        return True
    if code == "TransactionCanceledException":
        reasons = error.response.get("CancellationReasons") or []
        if reasons:
            return any(r.get("Code") == "ConditionalCheckFailed" for r in reasons)
        return "ConditionalCheckFailed" in str(error)
    return False


@contextmanager
def storage_errors(operation: str) -> Iterator[None]:
    """Translate boto errors into :class:`orders.StorageError`."""
    try:
        yield
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "Unknown")
        raise StorageError(f"{operation} failed: {code}") from error
    except BotoCoreError as error:
        raise StorageError(f"{operation} failed: {type(error).__name__}") from error


def partition_keys(client: Any, table: str, shopper_id: str) -> list[dict[str, Any]]:
    """The keys of every item in a shopper's partition."""
    with storage_errors("read shopper partition"):
        pages = client.get_paginator("query").paginate(
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"SHOPPER#{shopper_id}"}},
            ProjectionExpression="pk, sk",
        )
        return [{"pk": item["pk"], "sk": item["sk"]} for page in pages for item in page.get("Items", [])]


def batch_write(client: Any, table: str, requests: list[dict[str, Any]], *, attempts: int = 6) -> None:
    """BatchWriteItem in chunks of 25, retrying unprocessed items with backoff; StorageError if they remain."""
    with storage_errors("batch write"):
        for start in range(0, len(requests), 25):
            pending: dict[str, Any] = {table: requests[start : start + 25]}
            for attempt in range(attempts):
                pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
                if not pending:
                    break
                time.sleep(0.05 * 2**attempt)
            else:
                raise StorageError("batch write left unprocessed items")


class DynamoShopperStore:
    """The :class:`orders.ports.ShopperStore` port on DynamoDB, with a low-level boto3 client injected."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    # --- profile ------------------------------------------------------------------------------------
    def get_profile(self, shopper_id: str) -> ShopperProfile | None:
        item = self._get(shopper_key(shopper_id, "PROFILE"))
        return ShopperProfile.model_validate(item) if item else None

    def save_profile(self, profile: ShopperProfile) -> None:
        with storage_errors("save profile"):
            puts = [{"Put": {"TableName": self._table, "Item": to_item(
                {"pk": f"SHOPPER#{profile.shopper_id}", "sk": "PROFILE", **profile.model_dump()}
            )}}]
            if profile.alexa_user_id:
                puts.append({"Put": {"TableName": self._table, "Item": to_item(
                    {"pk": f"ALEXAUSER#{profile.alexa_user_id}", "sk": "ALIAS", "shopper_id": profile.shopper_id}
                )}})
            self._client.transact_write_items(TransactItems=puts)

    def shopper_for_user(self, alexa_user_id: str) -> str | None:
        item = self._get({"pk": {"S": f"ALEXAUSER#{alexa_user_id}"}, "sk": {"S": "ALIAS"}})
        return str(item["shopper_id"]) if item else None

    def delete_shopper(self, shopper_id: str, *, alexa_user_id: str, keep_orders: bool) -> None:
        keys = [
            key
            for key in partition_keys(self._client, self._table, shopper_id)
            if not (keep_orders and key["sk"]["S"].startswith("ORDER#"))
        ]
        keys.append({"pk": {"S": f"ALEXAUSER#{alexa_user_id}"}, "sk": {"S": "ALIAS"}})
        batch_write(self._client, self._table, [{"DeleteRequest": {"Key": key}} for key in keys])

    # --- cart ---------------------------------------------------------------------------------------
    def get_cart(self, shopper_id: str) -> Cart:
        item = self._get(shopper_key(shopper_id, "CART"))
        if not item:
            return Cart()
        return Cart.model_validate({key: item[key] for key in ("lines", "requests", "version") if key in item})

    def save_cart(self, shopper_id: str, cart: Cart) -> None:
        """One conditional put of the lines with the requests that changed them, at the next version, over the
        cart still at the version it was read at; a cart with neither is deleted (on the same condition)."""
        write = _cart_write(shopper_id, cart, self._table)
        try:
            if "Delete" in write:
                self._client.delete_item(**write["Delete"])
            else:
                self._client.put_item(**write["Put"])
        except ClientError as error:
            if _is_conditional_failure(error):
                raise CartConflictError("cart saved since it was read") from error
            code = error.response.get("Error", {}).get("Code", "Unknown")
            raise StorageError(f"save cart failed: {code}") from error
        except BotoCoreError as error:
            raise StorageError(f"save cart failed: {type(error).__name__}") from error

    # --- orders -------------------------------------------------------------------------------------
    def place_order(self, order: Order, *, cart: Cart | None = None) -> bool:
        item = to_item({"pk": f"SHOPPER#{order.shopper_id}", "sk": f"ORDER#{order.order_id}", **order.model_dump()})
        write: list[dict[str, Any]] = [{"Put": {
            "TableName": self._table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(pk)",
        }}]
        if cart is not None:
            write.append(_cart_write(order.shopper_id, cart, self._table))
        try:
            self._client.transact_write_items(TransactItems=write)
        except ClientError as error:
            reasons = [reason.get("Code") for reason in error.response.get("CancellationReasons") or []]
            if len(reasons) == 2 and reasons[0] != "ConditionalCheckFailed" and reasons[1] == "ConditionalCheckFailed":
                raise CartConflictError("cart saved since it was read") from error  # the order was not written
            if _is_conditional_failure(error):
                return False
            code = error.response.get("Error", {}).get("Code", "Unknown")
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400) >= 500:
                # DynamoDB answered, but with a server error, not a refusal: the write may have been applied.
                raise OrderOutcomeUnknownError(f"place order failed: {code}") from error
            raise StorageError(f"place order failed: {code}") from error
        except BotoCoreError as error:
            # A timeout or a dropped connection: sent, perhaps applied, never answered.
            raise OrderOutcomeUnknownError(f"place order failed: {type(error).__name__}") from error
        return True

    def claim_follow_up(self, shopper_id: str, order_id: str) -> bool:
        update = "SET followed_up = :yes"
        return self._set_on_order(shopper_id, order_id, "followed_up", update, "claim order follow-up")

    def mark_listeners_done(self, shopper_id: str, order_id: str) -> None:
        # The follow-up's claim too: made here if its own write failed or was skipped.
        self._set_on_order(
            shopper_id,
            order_id,
            "listeners_done",
            "SET listeners_done = :yes, followed_up = :yes",
            "mark order listeners done",
        )

    def _set_on_order(self, shopper_id: str, order_id: str, flag: str, update: str, what: str) -> bool:
        """Set ``flag`` on the order (by ``update``, which may set more) where it is false: ``False`` when it was not
        (set already, or an order stored before the flag was kept, which lacks it); :class:`StorageError` else."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=shopper_key(shopper_id, f"ORDER#{order_id}"),
                UpdateExpression=update,
                # false only from the order's write to this update
                ConditionExpression=f"{flag} = :no",
                ExpressionAttributeValues={":yes": {"BOOL": True}, ":no": {"BOOL": False}},
            )
        except ClientError as error:
            if _is_conditional_failure(error):
                return False
            code = error.response.get("Error", {}).get("Code", "Unknown")
            raise StorageError(f"{what} failed: {code}") from error
        except BotoCoreError as error:
            raise StorageError(f"{what} failed: {type(error).__name__}") from error
        return True

    def get_order(self, shopper_id: str, order_id: str) -> Order | None:
        item = self._get(shopper_key(shopper_id, f"ORDER#{order_id}"))
        return _order(item) if item else None

    def recent_orders(self, shopper_id: str, *, limit: int) -> Sequence[Order]:
        with storage_errors("list orders"):
            pages = self._client.get_paginator("query").paginate(
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :order)",
                ExpressionAttributeValues={":pk": {"S": f"SHOPPER#{shopper_id}"}, ":order": {"S": "ORDER#"}},
                ScanIndexForward=False,
                ConsistentRead=True,
                PaginationConfig={"MaxItems": limit, "PageSize": min(limit, 100)},
            )
            return [_order(from_item(item)) for page in pages for item in page.get("Items", [])]

    def mark_cancelled(self, order: Order, *, at: datetime) -> Order:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=shopper_key(order.shopper_id, f"ORDER#{order.order_id}"),
                UpdateExpression="SET #status = :cancelled, cancelled_at = :at",
                ConditionExpression="#status = :placed",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":cancelled": {"S": OrderStatus.CANCELLED.value},
                    ":placed": {"S": OrderStatus.PLACED.value},
                    ":at": {"S": at.isoformat()},
                },
            )
        except ClientError as error:
            if _is_conditional_failure(error):
                raise OrderNotCancellableError("cancelled") from error
            raise StorageError("cancel order failed") from error
        except BotoCoreError as error:
            raise StorageError("cancel order failed") from error
        return order.model_copy(update={"status": OrderStatus.CANCELLED, "cancelled_at": at})

    # --- shared -------------------------------------------------------------------------------------
    def _get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        with storage_errors("read"):
            response = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True)
        item = response.get("Item")
        return from_item(item) if item else None


def _cart_item(shopper_id: str, cart: Cart) -> dict[str, Any]:
    return to_item({"pk": f"SHOPPER#{shopper_id}", "sk": "CART", **cart.model_dump()})


def _cart_write(shopper_id: str, cart: Cart, table: str) -> dict[str, Any]:
    """The write (a ``Put`` at the next version, or a ``Delete`` of a cart with no lines nor requests) of ``cart``,
    on the condition that the stored cart is still at the version ``cart`` was read at (a cart never saved, or
    saved before carts had versions, is at 0)."""
    condition: dict[str, Any] = {"TableName": table, "ExpressionAttributeNames": {"#version": "version"}}
    if cart.version:
        condition["ConditionExpression"] = "#version = :read"
        condition["ExpressionAttributeValues"] = {":read": {"N": str(cart.version)}}
    else:
        condition["ConditionExpression"] = "attribute_not_exists(#version)"
    if cart.is_empty and not cart.requests:
        return {"Delete": {**condition, "Key": shopper_key(shopper_id, "CART")}}
    saved = cart.model_copy(update={"version": cart.version + 1})
    return {"Put": {**condition, "Item": _cart_item(shopper_id, saved)}}


def _order(item: Mapping[str, Any]) -> Order:
    fields = {k: v for k, v in item.items() if k in Order.model_fields}
    return Order.model_validate(fields)
