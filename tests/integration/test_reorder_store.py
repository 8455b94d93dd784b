"""DynamoReorderStore against moto, on the table template.yaml defines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from reorder import Feedback, FeedbackKind
from reorder.exceptions import StateConflictError
from reorder.policy import bucket_of
from reorder.ports import DueState, NotifyOutcome
from reorder.state import Announcement, AutoReorder, ReorderState
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.dynamodb import to_item
from skill.reorder_store import DynamoReorderStore
from tests.conftest import NOW
from tests.integration.conftest import PANTRY_TABLE
from tests.seed import regular, seed_orders

SHOPPER = "amzn1.ask.account.A"


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
    # THEN it is the same state, saved once, and it is in the due index bucket of its due time
    assert read == {"pp-0001": state.model_copy(update={"version": 1})}
    assert list(store.due_in(bucket_of(now + timedelta(days=7)))) == [
        DueState(shopper_id="amzn1.ask.account.A", product_id="pp-0001", due_at=now + timedelta(days=7))
    ]


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


def test_a_state_saved_by_someone_else_since_it_was_read_is_not_overwritten(dynamodb: Any) -> None:
    # GIVEN a stored state that the skill and a notifier run have both read
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001")])
    skill_copy = store.states(SHOPPER)["pp-0001"]
    notifier_copy = store.states(SHOPPER)["pp-0001"]
    # WHEN the skill saves its change first, then the notifier saves its own
    store.save_states([skill_copy.model_copy(update={"never_ask": True})])
    with pytest.raises(StateConflictError):
        store.save_states([notifier_copy.model_copy(update={"notified_cycle": 7})])
    # THEN the notifier's save is refused and the skill's change stays
    stored = store.states(SHOPPER)["pp-0001"]
    assert (stored.never_ask, stored.notified_cycle, stored.version) == (True, None, 2)


def test_a_hold_moves_only_a_state_still_due_when_the_index_was_read_and_overwrites_no_other_field(
    dynamodb: Any,
) -> None:
    # GIVEN a state due now, as the due index gives it, and a notifier that read the state before the hold
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    now, until = NOW, NOW + timedelta(hours=4)
    store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001", due_at=now)])
    (due,) = store.due_in(bucket_of(now))
    notifier_copy = store.states(SHOPPER)["pp-0001"]
    # AND a conversation that saved another field meanwhile, keeping the due time
    store.save_states([notifier_copy.model_copy(update={"never_ask": True})])
    # WHEN the scheduler holds it
    assert store.hold(due, until) is True
    # THEN it is due at the hold's end, in that hour's bucket, with the conversation's change kept and its version
    # counted up, so that the notifier's save from its earlier read is refused (and redone on a fresh read)
    held = store.states(SHOPPER)["pp-0001"]
    assert (held.due_at, held.never_ask, held.version) == (until, True, 3)
    assert [d.shopper_id for d in store.due_in(bucket_of(until))] == [SHOPPER]
    assert list(store.due_in(bucket_of(now))) == []
    with pytest.raises(StateConflictError):
        store.save_states([notifier_copy.model_copy(update={"notified_cycle": 7})])
    # AND WHEN a notifier schedules it anew and a hold comes from an index read before that
    rescheduled = held.model_copy(update={"due_at": now + timedelta(days=14), "notified_cycle": 7})
    store.save_states([rescheduled])
    # THEN that hold is refused and the notifier's schedule stays; a state that is gone is not made again
    assert store.hold(DueState(shopper_id=SHOPPER, product_id="pp-0001", due_at=until), until) is False
    assert store.states(SHOPPER)["pp-0001"].due_at == now + timedelta(days=14)
    assert store.hold(DueState(shopper_id=SHOPPER, product_id="pp-0002", due_at=now), until) is False
    assert set(store.states(SHOPPER)) == {"pp-0001"}


class _Calls:
    """The moto client, counting the operations called on it."""

    def __init__(self, client: Any) -> None:
        self._client, self.names = client, []  # type: list[str]

    def __getattr__(self, name: str) -> Any:
        self.names.append(name)
        return getattr(self._client, name)


def test_one_state_is_saved_by_one_conditional_put_and_several_by_one_transaction(dynamodb: Any) -> None:
    # GIVEN a store whose client calls are counted
    calls = _Calls(dynamodb)
    store = DynamoReorderStore(calls, PANTRY_TABLE)
    (stale,) = store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001")])
    store.save_states([stale])
    # WHEN one state is saved from a stale read, then two states together
    with pytest.raises(StateConflictError):
        store.save_states([stale.model_copy(update={"never_ask": True})])
    store.save_states([ReorderState(shopper_id=SHOPPER, product_id=p) for p in ("pp-0002", "pp-0003")])
    # THEN a state alone is a PutItem (half a transaction's cost), still refused when stale; two are a transaction
    assert calls.names == ["put_item", "put_item", "put_item", "transact_write_items"]
    assert store.states(SHOPPER)["pp-0001"].never_ask is False


def test_two_first_saves_of_the_same_state_do_not_overwrite_each_other(dynamodb: Any) -> None:
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001", never_ask=True)])
    with pytest.raises(StateConflictError):
        store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001", notified_cycle=7)])
    assert store.states(SHOPPER)["pp-0001"].never_ask is True


def test_a_refused_save_writes_none_of_its_states(dynamodb: Any) -> None:
    # GIVEN one state read before someone else saved it, and a new one
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    (stale,) = store.save_states([ReorderState(shopper_id=SHOPPER, product_id="pp-0001")])
    store.save_states([stale])
    new = ReorderState(shopper_id=SHOPPER, product_id="pp-0002", due_at=datetime(2026, 11, 22, 16, tzinfo=UTC))
    # WHEN both are saved together
    with pytest.raises(StateConflictError):
        store.save_states([new, stale.model_copy(update={"never_ask": True})])
    # THEN neither is written
    assert set(store.states(SHOPPER)) == {"pp-0001"}
    assert store.states(SHOPPER)["pp-0001"].never_ask is False


def test_a_state_stored_before_versions_were_kept_is_saved_over_once(dynamodb: Any) -> None:
    # GIVEN a state item written without a version
    store = DynamoReorderStore(dynamodb, PANTRY_TABLE)
    dynamodb.put_item(TableName=PANTRY_TABLE, Item=to_item({
        "pk": f"SHOPPER#{SHOPPER}", "sk": "REORDER#pp-0001", "shopper_id": SHOPPER, "product_id": "pp-0001",
    }))
    (read,) = store.states(SHOPPER).values()
    # WHEN it is saved from what was read, and then again from that same stale read
    store.save_states([read.model_copy(update={"never_ask": True})])
    # THEN the first save is written, the second refused
    with pytest.raises(StateConflictError):
        store.save_states([read.model_copy(update={"notified_cycle": 7})])
    assert (read.version, store.states(SHOPPER)["pp-0001"].never_ask) == (0, True)


def test_what_the_shopper_says_while_the_notifier_is_sending_is_kept(dynamodb: Any, demo_catalog) -> None:
    # GIVEN a shopper running low on paper towels, on the real DynamoDB adapters
    clock = SimulatedClock(frozen_at=NOW)
    services = build_services(Settings(table_name=PANTRY_TABLE), dynamodb=dynamodb, clock=clock, catalog=demo_catalog)
    seed_orders(services, clock, SHOPPER, regular("pp-0001", every=14, times=6, last_days_ago=15))
    profile = services.shopping.profile(SHOPPER, alexa_user_id=SHOPPER)
    services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": True}))

    class ShopperAnswersMeanwhile:
        """While Alexa takes the notification, the shopper tells the skill never to ask about paper towels."""

        def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
            services.reorder.answer(SHOPPER, "pp-0001", FeedbackKind.NEVER)
            return NotifyOutcome.SENT

    # WHEN the notifier notifies them
    assert services.reorder.notify([SHOPPER], ShopperAnswersMeanwhile()) == {SHOPPER: "sent"}
    # THEN the shopper's answer is kept, and so is the notifier's record of the notification
    state = services.reorder_store.states(SHOPPER)["pp-0001"]
    assert state.never_ask is True
    assert [answer.kind for answer in state.feedback] == [FeedbackKind.NEVER]
    assert state.notified_cycle is not None and state.due_at is None
