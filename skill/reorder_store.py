"""DynamoDB adapter of ``reorder.ports.ReorderStore``, and the SQS adapter of ``ShopperQueue``.

Items, in the same table as the shopper's orders:

=======================  ========================  =====================================================
pk                       sk                        item
=======================  ========================  =====================================================
``SHOPPER#<id>``         ``REORDER#<product>``     :class:`reorder.ReorderState`, with the ``version``
                                                   each save checks and counts up; when due, also
                                                   ``due_bucket`` (the UTC hour) and ``due_key``, which
                                                   put it in the sparse ``DueIndex``
``SHOPPER#<id>``         ``NOTIFIED#<local day>``  the once-a-day notification record (expires by TTL)
``SCHEDULER``            ``CURSOR``                the last hour the scheduler finished
=======================  ========================  =====================================================
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from reorder.exceptions import StateConflictError
from reorder.policy import bucket_of
from reorder.ports import DueState
from reorder.state import ReorderState
from skill.dynamodb import (
    _is_conditional_failure,
    batch_write,
    from_item,
    partition_keys,
    shopper_key,
    storage_errors,
    to_item,
)

__all__ = ["DynamoReorderStore", "SqsShopperQueue", "state_item"]

INDEX = "DueIndex"
TRANSACTION_ITEMS = 100  # DynamoDB's most in one TransactWriteItems


def state_item(state: ReorderState) -> dict[str, Any]:
    """The table item of a reorder state as saved (its keys, and the due-hour index keys when it is due)."""
    attributes: dict[str, Any] = {
        "pk": f"SHOPPER#{state.shopper_id}",
        "sk": f"REORDER#{state.product_id}",
        **state.model_dump(),
    }
    if state.due_at is not None:
        attributes.update(_due_keys(state.shopper_id, state.product_id, state.due_at))
    return to_item(attributes)


def _due_keys(shopper_id: str, product_id: str, due_at: datetime) -> dict[str, str]:
    """The ``DueIndex`` keys of a state due at ``due_at``: its UTC hour, and the moment, shopper and product."""
    return {"due_bucket": bucket_of(due_at), "due_key": f"{due_at.isoformat()}#{shopper_id}#{product_id}"}


def _saved_meanwhile(error: ClientError) -> bool:
    """The write was refused because a state was saved since it was read: its version moved on, or another
    transaction was writing it at that moment."""
    reasons = error.response.get("CancellationReasons") or []
    return _is_conditional_failure(error) or any(reason.get("Code") == "TransactionConflict" for reason in reasons)


class DynamoReorderStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def states(self, shopper_id: str) -> dict[str, ReorderState]:
        with storage_errors("read reorder states"):
            pages = self._client.get_paginator("query").paginate(
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues={":pk": {"S": f"SHOPPER#{shopper_id}"}, ":prefix": {"S": "REORDER#"}},
            )
            items = [from_item(item) for page in pages for item in page.get("Items", [])]
        return {item["product_id"]: ReorderState.model_validate(item) for item in items}

    def save_states(self, states: Sequence[ReorderState]) -> list[ReorderState]:
        """Conditional puts, in transactions of up to 100 (each all or none): a state is written only if the
        stored one is still at the version it was read at (an item saved before versions counts as 0). One
        state alone is one conditional PutItem: the same guarantee, at half a transaction's write cost (the
        scheduler's hold of a queued shopper is most often one state)."""
        saved = [state.model_copy(update={"version": state.version + 1}) for state in states]
        puts = []
        for state in saved:
            put: dict[str, Any] = {"TableName": self._table, "Item": state_item(state),
                                   "ExpressionAttributeNames": {"#version": "version"}}
            if read := state.version - 1:
                put["ConditionExpression"] = "#version = :read"
                put["ExpressionAttributeValues"] = {":read": {"N": str(read)}}
            else:
                put["ConditionExpression"] = "attribute_not_exists(#version)"
            puts.append({"Put": put})
        with storage_errors("save reorder states"):
            for start in range(0, len(puts), TRANSACTION_ITEMS):
                try:
                    if len(puts) == 1:
                        self._client.put_item(**puts[0]["Put"])
                    else:
                        self._client.transact_write_items(TransactItems=puts[start : start + TRANSACTION_ITEMS])
                except ClientError as error:
                    if _saved_meanwhile(error):
                        raise StateConflictError("reorder state saved since it was read") from error
                    raise
        return saved

    def due_in(self, bucket: str) -> Iterator[DueState]:
        with storage_errors("read due index"):
            pages = self._client.get_paginator("query").paginate(
                TableName=self._table,
                IndexName=INDEX,
                KeyConditionExpression="due_bucket = :bucket",
                ExpressionAttributeValues={":bucket": {"S": bucket}},
                ProjectionExpression="shopper_id, product_id, due_at",
            )
            for page in pages:
                for item in page.get("Items", []):
                    shopper_id, product_id = item["shopper_id"]["S"], item["product_id"]["S"]
                    yield DueState(shopper_id, product_id, datetime.fromisoformat(item["due_at"]["S"]))

    def hold(self, due: DueState, until: datetime) -> bool:
        """One conditional UpdateItem, no read: the state's due time and index keys move to ``until`` and its
        version counts up (from 0 for an item saved before versions), if its ``due_at`` is still the one the
        index gave. The fields a notifier or a conversation saves are not written, so none is overwritten; one
        that saved a new due time meanwhile makes the condition fail; one that read the state before finds its
        version moved on and reads it again (``save_states``)."""
        keys = _due_keys(due.shopper_id, due.product_id, until)
        with storage_errors("hold reorder state"):
            try:
                self._client.update_item(
                    TableName=self._table,
                    Key=shopper_key(due.shopper_id, f"REORDER#{due.product_id}"),
                    UpdateExpression=(
                        "SET due_at = :until, due_bucket = :bucket, due_key = :key, "
                        "#version = if_not_exists(#version, :zero) + :one"
                    ),
                    ConditionExpression="due_at = :read",
                    ExpressionAttributeNames={"#version": "version"},
                    ExpressionAttributeValues={
                        ":until": {"S": until.isoformat()},
                        ":bucket": {"S": keys["due_bucket"]},
                        ":key": {"S": keys["due_key"]},
                        ":read": {"S": due.due_at.isoformat()},
                        ":zero": {"N": "0"},
                        ":one": {"N": "1"},
                    },
                )
            except ClientError as error:
                if _is_conditional_failure(error):
                    return False
                raise
        return True

    def cursor(self) -> datetime | None:
        with storage_errors("read scheduler cursor"):
            item = self._client.get_item(
                TableName=self._table, Key={"pk": {"S": "SCHEDULER"}, "sk": {"S": "CURSOR"}}, ConsistentRead=True
            ).get("Item")
        return datetime.fromisoformat(item["at"]["S"]) if item else None

    def set_cursor(self, moment: datetime) -> None:
        with storage_errors("save scheduler cursor"):
            self._client.put_item(
                TableName=self._table, Item=to_item({"pk": "SCHEDULER", "sk": "CURSOR", "at": moment})
            )

    def claim_notification(self, shopper_id: str, local_day: str) -> bool:
        expires = int(time.time() + timedelta(days=3).total_seconds())
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_item({"pk": f"SHOPPER#{shopper_id}", "sk": f"NOTIFIED#{local_day}", "expires_at": expires}),
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def release_notification(self, shopper_id: str, local_day: str) -> None:
        with storage_errors("release notification"):
            self._client.delete_item(TableName=self._table, Key=shopper_key(shopper_id, f"NOTIFIED#{local_day}"))

    def delete_shopper(self, shopper_id: str, *, everything: bool = False) -> int:
        """Delete the shopper's reorder and notification items (``everything``: the whole partition)."""
        keys = [
            key
            for key in partition_keys(self._client, self._table, shopper_id)
            if everything or key["sk"]["S"].startswith(("REORDER#", "NOTIFIED#"))
        ]
        batch_write(self._client, self._table, [{"DeleteRequest": {"Key": key}} for key in keys])
        return len(keys)


class SqsShopperQueue:
    """One SQS message per batch of due shoppers; the notifier consumes them."""

    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._url = queue_url

    def enqueue(self, shopper_ids: Sequence[str]) -> None:
        with storage_errors("enqueue due shoppers"):
            self._client.send_message(QueueUrl=self._url, MessageBody=json.dumps({"shopper_ids": list(shopper_ids)}))
