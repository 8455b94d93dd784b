"""The skill and the notifier (or two notifier runs) changing one shopper's reorder states at once: neither
overwrites what the other saved (each state carries the version it was read at; see tests/integration for
the DynamoDB conditional write)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest

from orders import OrderSource, StorageError
from reorder import FeedbackKind
from reorder.exceptions import StateConflictError
from reorder.ports import NotifyOutcome
from reorder.state import ReorderState
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"


class MeanwhileStore(FakeReorderStore):
    """A reorder store where another writer's save lands just before the next save (once)."""

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: Callable[[], None] | None = None

    def save_states(self, states: Sequence[ReorderState]) -> list[ReorderState]:
        other, self.meanwhile = self.meanwhile, None
        if other is not None:
            other()
        return super().save_states(states)


class Sent:
    def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
        return NotifyOutcome.SENT


@pytest.fixture
def reorder_store() -> MeanwhileStore:
    return MeanwhileStore()


@pytest.fixture
def shopper(services: Services, clock: SimulatedClock) -> str:
    """Buys paper towels every 14 days, the last 15 days ago: running low now; notifications allowed."""
    seed_orders(services, clock, "shopper", regular(TOWELS, every=14, times=6, last_days_ago=15))
    profile = services.shopping.profile("shopper", alexa_user_id="shopper")
    services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": True}))
    return "shopper"


def test_an_answer_saved_while_the_notifier_records_a_notification_keeps_both(
    services: Services, reorder_store: MeanwhileStore, shopper: str
) -> None:
    # GIVEN the notifier records a notification about paper towels just after the skill read their state
    def notified() -> None:
        state = reorder_store.states(shopper)[TOWELS]
        FakeReorderStore.save_states(reorder_store, [state.model_copy(update={"notified_cycle": 5})])

    reorder_store.meanwhile = notified
    # WHEN the shopper says never to ask about them
    services.reorder.answer(shopper, TOWELS, FeedbackKind.NEVER)
    # THEN their answer is saved once, and the notifier's record is kept
    state = reorder_store.states(shopper)[TOWELS]
    assert state.never_ask is True
    assert [answer.kind for answer in state.feedback] == [FeedbackKind.NEVER]
    assert state.notified_cycle == 5


def test_an_automatic_order_placed_while_the_shopper_changes_the_product_is_still_announced(
    services: Services, store: FakeShopperStore, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels reorder automatically, and the shopper turns that off while the notifier places one
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("50"))
    place = services.shopping.place

    def place_while_stopped(*args, **kwargs):
        services.reorder.stop_auto(shopper, TOWELS)
        return place(*args, **kwargs)

    monkeypatch.setattr(services.shopping, "place", place_while_stopped)
    # WHEN the notifier handles the shopper
    assert services.reorder.notify([shopper], Sent()) == {shopper: "sent"}
    # THEN the order placed is still told of at the next launch, and automatic reorder stays off
    (order,) = [o for o in store.orders.values() if o.source is OrderSource.AUTO]
    assert [o.order_id for o in services.reorder.announcements(shopper).placed] == [order.order_id]
    assert services.reorder_store.states(shopper)[TOWELS].auto is None


def test_a_state_that_keeps_changing_ends_in_a_storage_error_not_an_endless_retry(
    services: Services, reorder_store: MeanwhileStore, shopper: str
) -> None:
    # GIVEN another writer saves the paper towels' state before every save of the skill's
    saves = []

    def again() -> None:
        state = reorder_store.states(shopper)[TOWELS]
        FakeReorderStore.save_states(reorder_store, [state.model_copy(update={"notified_cycle": len(saves)})])
        saves.append(state)
        reorder_store.meanwhile = again

    reorder_store.meanwhile = again
    # WHEN the shopper answers, THEN after a few attempts the skill hears a storage fault (and says so)
    with pytest.raises(StorageError) as raised:
        services.reorder.answer(shopper, TOWELS, FeedbackKind.NEVER)
    assert not isinstance(raised.value, StateConflictError)
    assert len(saves) == 3
