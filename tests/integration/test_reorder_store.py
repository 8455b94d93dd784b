"""DynamoReorderStore against moto, on the table template.yaml defines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from reorder import Feedback, FeedbackKind
from reorder.policy import bucket_of
from reorder.state import Announcement, AutoReorder, ReorderState
from skill.dynamodb import to_item
from skill.reorder_store import DynamoReorderStore
from tests.integration.conftest import PANTRY_TABLE


def test_a_reorder_state_with_every_field_set_reads_back_as_written(dynamodb: Any) -> None:
    # GIVEN a state using every field: due, snoozed to a set time, answers, automatic reorder, a notification
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    now = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    state = ReorderState(
        shopper_id="amzn1.ask.account.A",
        product_id="pp-0001",
        due_at=now + timedelta(days=7),
        snoozed_until=now + timedelta(days=7),
        feedback=(Feedback(product_id="pp-0001", day=20_000.5, kind=FeedbackKind.SNOOZE),),
        auto=AutoReorder(monthly_cap=Decimal("40"), max_unit_price=Decimal("19.99"), quantity=2),
        notified_cycle=3,
        announcement=Announcement.AUTO_PLACED,
        announcement_order_ids=("20261122T160000-aaaa", "20261206T160000-bbbb"),
    )
    # WHEN it is saved and read back
    store.save_states([state])
    read = store.states("amzn1.ask.account.A")
    # THEN it is the same state, and it is in the due index bucket of its due time
    assert read == {"pp-0001": state}
    assert list(store.due_in(bucket_of(now + timedelta(days=7)))) == ["amzn1.ask.account.A"]


def test_a_state_saved_with_one_untold_automatic_order_reads_back_with_that_order_still_to_tell(
    dynamodb: Any,
) -> None:
    # GIVEN a state saved before several untold automatic orders were kept: one ``announcement_order_id``
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    dynamodb.put_item(TableName=PANTRY_TABLE, Item=to_item({
        "pk": "SHOPPER#amzn1.ask.account.A", "sk": "REORDER#pp-0001", "shopper_id": "amzn1.ask.account.A",
        "product_id": "pp-0001", "announcement": "auto_placed", "announcement_order_id": "20261122T160000-aaaa",
    }))
    # WHEN it is read
    (state,) = store.states("amzn1.ask.account.A").values()
    # THEN that order is still to be told
    assert state.announcement_order_ids == ("20261122T160000-aaaa",)
