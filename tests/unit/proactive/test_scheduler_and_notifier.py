"""The scheduled side of predictive reorder, on in-memory fakes: who is due, and who gets told how."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from orders import OrderSource, StorageError
from reorder import FeedbackKind
from reorder.policy import bucket_of
from reorder.ports import NotifyOutcome, RetryLaterError
from reorder.service import REQUEUE_AFTER
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS, COFFEE, MILK = "pp-0001", "pp-0098", "pp-0163"


class RecordingQueue:
    def __init__(self) -> None:
        self.messages: list[list[str]] = []

    def enqueue(self, shopper_ids):
        self.messages.append(list(shopper_ids))


class ScriptedNotifier:
    """Answers like Alexa would, from a script; records what was sent."""

    def __init__(self, *outcomes: NotifyOutcome) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[tuple[str, str]] = []

    def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
        outcome = self.outcomes.pop(0) if self.outcomes else NotifyOutcome.SENT
        if outcome in (NotifyOutcome.SENT, NotifyOutcome.ALREADY_SENT):
            self.sent.append((user_id, reference_id))
        return outcome


def permit(services: Services, shopper_id: str, *, timezone: str = "America/New_York") -> None:
    profile = services.shopping.profile(shopper_id, alexa_user_id=shopper_id)
    services.shopping.save_profile(
        profile.model_copy(update={"notifications_permitted": True, "timezone": timezone})
    )


@pytest.fixture
def due_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper who buys paper towels every 14 days, last 15 days ago: running low now (noon in New York)."""
    seed_orders(services, clock, "shopper-due", regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, "shopper-due")
    return "shopper-due"


def run(services: Services, notifier: ScriptedNotifier) -> dict[str, str]:
    queue = RecordingQueue()
    services.reorder.schedule(queue)
    results: dict[str, str] = {}
    for message in queue.messages:
        results.update(services.reorder.notify(message, notifier))
    return results


def test_the_scheduler_reads_only_due_buckets_and_enqueues_only_due_shoppers(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # GIVEN many shoppers whose products come due weeks from now, and one due now
    for n in range(40):
        seed_orders(services, clock, f"later-{n}", regular(COFFEE, every=30, times=3, last_days_ago=2))
    queue = RecordingQueue()
    # WHEN the scheduler runs
    result = services.reorder.schedule(queue, batch_size=10)
    # THEN it read only what was due, and queued only the due shopper
    assert queue.messages == [[due_shopper]]
    assert result.items_read == 1
    assert all(b.startswith("DUE#") for b in reorder_store.bucket_reads)


def test_shoppers_are_fanned_out_in_batches(services: Services, clock: SimulatedClock) -> None:
    for n in range(25):
        seed_orders(services, clock, f"due-{n}", regular(TOWELS, every=14, times=4, last_days_ago=15))
    queue = RecordingQueue()
    services.reorder.schedule(queue, batch_size=10)
    assert [len(m) for m in queue.messages] == [10, 10, 5]


def test_a_scheduler_run_repeated_twice_notifies_once(services: Services, due_shopper: str) -> None:
    notifier = ScriptedNotifier()
    first = run(services, notifier)
    second = run(services, notifier)
    assert first == {due_shopper: "sent"}
    assert second == {}  # nothing is due any more: the product was marked notified for this cycle
    assert len(notifier.sent) == 1


def test_the_same_shopper_queued_twice_is_notified_once(services: Services, due_shopper: str) -> None:
    notifier = ScriptedNotifier()
    assert services.reorder.notify([due_shopper, due_shopper], notifier) == {due_shopper: "nothing due"}
    assert len(notifier.sent) == 1


def test_a_product_snoozed_to_next_week_is_not_notified_before_then(
    services: Services, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN the due shopper said "remind me next week" about their paper towels
    services.reorder.answer(due_shopper, TOWELS, FeedbackKind.SNOOZE, not_before_days=7)
    notifier = ScriptedNotifier()
    # WHEN the scheduler runs each day of the week, and again once it is over
    during = []
    for _ in range(6):
        clock.advance(timedelta(days=1))
        during.append(run(services, notifier))
    clock.advance(timedelta(days=1, hours=1))
    after = run(services, notifier)
    # THEN nobody is notified during the week, and the shopper is once it is over
    assert all(result == {} for result in during)
    assert after == {due_shopper: "sent"}


def test_quiet_hours_defer_the_notification_to_the_morning(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # GIVEN it is 23:00 in New York
    clock.advance(timedelta(hours=11))
    notifier = ScriptedNotifier()
    # WHEN the notifier considers the shopper
    results = services.reorder.notify([due_shopper], notifier)
    # THEN nothing is sent, and the product is due again at 08:00 local time
    assert results == {due_shopper: "quiet hours"}
    assert notifier.sent == []
    (state,) = [s for s in reorder_store.items.values() if s.product_id == TOWELS]
    assert state.due_at is not None and state.due_at.hour == 13  # 08:00 New York = 13:00 UTC
    # AND at 08:00 the scheduler finds it and it is sent
    clock.advance(timedelta(hours=9))
    assert run(services, notifier) == {due_shopper: "sent"}


def test_at_most_one_notification_per_shopper_per_day(
    services: Services, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN a second product that comes due a few hours after the first was notified
    notifier = ScriptedNotifier()
    assert run(services, notifier) == {due_shopper: "sent"}
    seed_orders(services, clock, due_shopper, regular(COFFEE, every=10, times=5, last_days_ago=11))
    clock.advance(timedelta(hours=3))
    # WHEN the notifier runs again that day
    again = run(services, notifier)
    # THEN the shopper is not told twice today, but tomorrow
    assert again == {due_shopper: "notified today"}
    assert len(notifier.sent) == 1
    clock.advance(timedelta(days=1))
    assert run(services, notifier) == {due_shopper: "sent"}
    assert len(notifier.sent) == 2


def test_a_shopper_without_notification_permission_is_not_notified(
    services: Services, clock: SimulatedClock
) -> None:
    seed_orders(services, clock, "no-permission", regular(TOWELS, every=14, times=5, last_days_ago=15))
    notifier = ScriptedNotifier()
    assert services.reorder.notify(["no-permission"], notifier) == {"no-permission": "no notification permission"}
    assert notifier.sent == []


def test_a_403_turns_the_shoppers_notifications_off_and_is_not_retried(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    notifier = ScriptedNotifier(NotifyOutcome.NOT_SUBSCRIBED)
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "not_subscribed"}
    assert store.profiles[due_shopper].notifications_permitted is False


def test_a_409_counts_as_already_sent(services: Services, due_shopper: str) -> None:
    notifier = ScriptedNotifier(NotifyOutcome.ALREADY_SENT)
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "already_sent"}
    assert run(services, notifier) == {}


@pytest.mark.parametrize("outcome", [NotifyOutcome.THROTTLED, NotifyOutcome.FAILED])
def test_throttling_or_alexa_failures_are_retried_later_without_losing_the_prompt(
    services: Services, reorder_store: FakeReorderStore, due_shopper: str, outcome: NotifyOutcome
) -> None:
    # GIVEN Alexa throttles (429/432) or fails (5xx after the client's retries) the first try
    notifier = ScriptedNotifier(outcome)
    # WHEN the notifier handles the shopper
    with pytest.raises(RetryLaterError):
        services.reorder.notify([due_shopper], notifier)
    # THEN the day's claim was released and the product is still due, so the retried message sends it
    assert reorder_store.claims == set()
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "sent"}
    assert len(notifier.sent) == 1


def test_a_retry_of_a_sent_notification_reuses_the_reference_id(services: Services, due_shopper: str) -> None:
    first, second = ScriptedNotifier(NotifyOutcome.FAILED), ScriptedNotifier()
    attempts: list[str] = []

    class Spy:
        def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
            attempts.append(reference_id)
            return (first if len(attempts) == 1 else second).notify(user_id=user_id, reference_id=reference_id)

    with pytest.raises(RetryLaterError):
        services.reorder.notify([due_shopper], Spy())
    services.reorder.notify([due_shopper], Spy())
    assert len(attempts) == 2 and attempts[0] == attempts[1]


def test_an_auto_reorder_within_the_cap_is_placed_and_announced(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    # GIVEN the shopper opted paper towels into automatic reorder with a $50 monthly cap
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    # WHEN the notifier handles them while towels are running low
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN one automatic order exists, cancellable, and it is announced once at the next session
    auto = [o for o in store.orders.values() if o.source is OrderSource.AUTO]
    assert len(auto) == 1 and auto[0].lines[0].product_id == TOWELS
    announced = services.reorder.announcements(due_shopper)
    assert [o.order_id for o in announced.placed] == [auto[0].order_id]
    assert services.reorder.announcements(due_shopper).placed == []


def test_an_auto_reorder_that_would_exceed_the_cap_is_not_placed_and_is_announced(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("10"))  # one pack is $21.76 with tax
    before = len(store.orders)
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert len(store.orders) == before
    announced = services.reorder.announcements(due_shopper)
    assert [(s.product.id, s.terms.monthly_cap) for s in announced.skipped] == [(TOWELS, Decimal("10"))]


def test_an_auto_reorder_is_not_placed_above_the_last_confirmed_price(
    services: Services, store: FakeShopperStore, due_shopper: str, monkeypatch
) -> None:
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("500"))
    towels = services.catalog.get(TOWELS)
    dearer = towels.model_copy(update={"price": towels.price + Decimal("5")})
    monkeypatch.setattr(services.catalog, "get", lambda pid: dearer if pid == TOWELS else None)
    before = len(store.orders)
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert len(store.orders) == before


def test_the_automatic_reorder_is_idempotent_across_retries(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert len([o for o in store.orders.values() if o.source is OrderSource.AUTO]) == 1


def test_disabling_the_skill_deletes_the_shoppers_data(
    services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    services.forget(due_shopper)
    assert due_shopper not in store.profiles
    assert not [o for (s, _), o in store.orders.items() if s == due_shopper]
    assert not reorder_store.states(due_shopper)


def test_no_notification_is_sent_about_a_product_already_in_the_cart(
    services: Services, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # GIVEN the due shopper already put paper towels, the only product due, in their cart
    services.shopping.add_to_cart(due_shopper, TOWELS, 1)
    notifier = ScriptedNotifier()
    # WHEN the notifier handles them
    result = services.reorder.notify([due_shopper], notifier)
    # THEN nothing is sent, and the towels are not marked as notified this cycle
    assert result == {due_shopper: "nothing due"}
    assert notifier.sent == []
    assert reorder_store.items[(due_shopper, TOWELS)].notified_cycle is None
    # AND once they are out of the cart again, the next run notifies about them
    services.shopping.set_cart_quantity(due_shopper, TOWELS, 0)
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "sent"}


def test_a_product_in_the_cart_is_not_looked_at_again_every_hour(
    services: Services, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN the due product is in the cart and the notifier found nothing to say
    services.shopping.add_to_cart(due_shopper, TOWELS, 1)
    assert run(services, ScriptedNotifier()) == {due_shopper: "nothing due"}
    # WHEN the scheduler runs over the following hours
    later = []
    for _ in range(5):
        clock.advance(timedelta(hours=1))
        later.append(run(services, ScriptedNotifier()))
    # THEN the shopper is not queued again each hour
    assert later == [{}] * 5


def test_a_shopper_the_notifier_could_not_finish_is_queued_once_while_its_message_lasts_then_again(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # GIVEN Alexa fails every notification while the scheduler runs every 15 minutes, until the message queued
    # and its retries are over (the queue dead-letters it)
    outage = ScriptedNotifier(*[NotifyOutcome.FAILED] * 100)
    queued: list[list[str]] = []
    runs = int(REQUEUE_AFTER / timedelta(minutes=15))
    for _ in range(runs):
        queue = RecordingQueue()
        services.reorder.schedule(queue)
        queued += queue.messages
        for message in queue.messages:
            with pytest.raises(RetryLaterError):
                services.reorder.notify(message, outage)
        clock.advance(timedelta(minutes=15))
    # THEN the shopper was queued once in all those runs, not on every run
    assert queued == [[due_shopper]]
    # WHEN the scheduler runs once the message is over and Alexa is back
    notifier = ScriptedNotifier()
    after = run(services, notifier)
    # THEN the shopper is queued again and notified
    assert after == {due_shopper: "sent"}
    assert len(notifier.sent) == 1
    # AND once it finds those hours empty, the scheduler reads only the current hour again
    clock.advance(timedelta(minutes=15))
    assert run(services, notifier) == {}
    reorder_store.bucket_reads.clear()
    clock.advance(timedelta(minutes=15))
    assert run(services, notifier) == {}
    assert reorder_store.bucket_reads == [bucket_of(clock.now())]


def test_a_shopper_without_a_profile_is_not_queued_again_on_every_run(
    services: Services, clock: SimulatedClock, store: FakeShopperStore
) -> None:
    # GIVEN a shopper whose paper towels are due, and who has no profile (so no Alexa user to notify)
    seed_orders(services, clock, "no-profile", regular(TOWELS, every=14, times=6, last_days_ago=15))
    store.profiles.pop("no-profile", None)
    # WHEN the scheduler and the notifier run every 15 minutes for a day
    results = []
    for _ in range(96):
        results.append(run(services, ScriptedNotifier()))
        clock.advance(timedelta(minutes=15))
    # THEN the notifier found them unknown once, and they were not queued again
    assert [r for r in results if r] == [{"no-profile": "unknown shopper"}]


def test_a_state_due_later_in_the_hour_is_not_held_with_the_shopper_queued_now(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a shopper whose paper towels are due now, and whose coffee comes due 30 minutes from now, in the
    # same hour
    seed_orders(services, clock, "s", regular(TOWELS, every=14, times=6, last_days_ago=15))
    seed_orders(services, clock, "s", regular(COFFEE, every=30, times=3, last_days_ago=2))
    permit(services, "s")
    clock.advance(timedelta(minutes=10))
    coffee_due = clock.now() + timedelta(minutes=30)
    coffee = reorder_store.items[("s", COFFEE)]
    reorder_store.items[("s", COFFEE)] = coffee.model_copy(update={"due_at": coffee_due})
    # WHEN the scheduler queues the shopper and the notifier handles the paper towels
    run(services, ScriptedNotifier())
    # THEN the coffee is still looked at when it comes due, not when the message's retries are over
    assert reorder_store.items[("s", COFFEE)].due_at == coffee_due


class FailingQueue:
    def enqueue(self, shopper_ids):
        raise StorageError("enqueue due shoppers failed: injected")


def test_a_shopper_whose_message_could_not_be_sent_is_queued_on_the_next_run(
    services: Services, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN a scheduler run whose send to the queue fails
    with pytest.raises(StorageError):
        services.reorder.schedule(FailingQueue())
    # WHEN the scheduler runs again 15 minutes later
    clock.advance(timedelta(minutes=15))
    queue = RecordingQueue()
    services.reorder.schedule(queue)
    # THEN the shopper is queued then, not held for hours with no message
    assert queue.messages == [[due_shopper]]


class NotifyingQueue:
    """A queue whose message the notifier handles before the scheduler's send returns."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def enqueue(self, shopper_ids):
        self.services.reorder.notify(shopper_ids, ScriptedNotifier())


def test_a_shopper_notified_before_the_send_returns_keeps_the_schedule_the_notifier_set(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # WHEN the scheduler queues the due shopper and the notifier handles them at once
    services.reorder.schedule(NotifyingQueue(services))
    scheduled = reorder_store.items[(due_shopper, TOWELS)]
    # THEN the scheduler's hold leaves alone what the notifier scheduled, and the shopper is not queued again
    assert scheduled.due_at is None or scheduled.due_at > clock.now() + REQUEUE_AFTER
    assert run(services, ScriptedNotifier()) == {}


def test_a_hold_that_fails_neither_stops_the_run_nor_the_messages_after_it(
    services: Services, clock: SimulatedClock, reorder_store: FakeReorderStore, due_shopper: str
) -> None:
    # GIVEN two due shoppers, queued in batches of one, and the reorder store failing to hold their states
    seed_orders(services, clock, "other", regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, "other")

    def failing(due, until):
        raise StorageError("update failed: injected")

    reorder_store.hold = failing  # type: ignore[method-assign]
    # WHEN the scheduler runs
    queue = RecordingQueue()
    result = services.reorder.schedule(queue, batch_size=1)
    # THEN both shoppers were queued all the same
    assert sorted(queue.messages) == [["other"], [due_shopper]] and result.messages == 2


class Deadline:
    """``out_of_time`` answering from a script: no once the answers run out."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)

    def __call__(self) -> bool:
        return self.answers.pop(0) if self.answers else False


@pytest.mark.parametrize(
    "deadline",
    [Deadline(False, True), Deadline(False, False, True)],
    ids=["after the first message is sent", "after the first shopper is held"],
)
def test_a_run_out_of_time_sends_and_holds_no_more_and_the_next_run_queues_the_shoppers_left(
    services: Services, clock: SimulatedClock, deadline: Deadline
) -> None:
    # GIVEN three due shoppers, queued in batches of one
    shoppers = [f"due-{n}" for n in range(3)]
    for shopper in shoppers:
        seed_orders(services, clock, shopper, regular(TOWELS, every=14, times=6, last_days_ago=15))
        permit(services, shopper)
    # WHEN the scheduler's time runs out once it has sent the first message
    first = RecordingQueue()
    cut_short = services.reorder.schedule(first, batch_size=1, out_of_time=deadline)
    # THEN it sent no more messages, and says how many shoppers it left
    assert len(first.messages) == 1 and (cut_short.messages, cut_short.left) == (1, 2)
    # WHEN the scheduler runs again 15 minutes later, with time enough, and the notifier handles every message
    clock.advance(timedelta(minutes=15))
    second = RecordingQueue()
    services.reorder.schedule(second, batch_size=1)
    notifier = ScriptedNotifier()
    for message in first.messages + second.messages:
        services.reorder.notify(message, notifier)
    # THEN the shoppers left were queued by the next run (and the first again only if it was not held), and
    # every shopper was notified once
    queued = sorted(shopper for message in first.messages + second.messages for shopper in message)
    assert set(queued) == set(shoppers) and len(queued) == 3 + (cut_short.held == 0)
    assert sorted(user for user, _ in notifier.sent) == shoppers


def test_time_is_asked_before_each_of_a_shoppers_holds_one_write_each(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock
) -> None:
    # GIVEN a shopper with three products due (three holds, one write each), and the reorder store counting them
    seed_orders(
        services,
        clock,
        "three",
        regular(TOWELS, every=14, times=6, last_days_ago=15)
        + regular(COFFEE, every=14, times=6, last_days_ago=15)
        + regular(MILK, every=14, times=6, last_days_ago=15),
    )
    permit(services, "three")
    writes: list[str] = []
    hold = reorder_store.hold

    def counted(due, until):  # type: ignore[no-untyped-def]
        writes.append(due.product_id)
        return hold(due, until)

    reorder_store.hold = counted  # type: ignore[method-assign]
    # WHEN the scheduler's time runs out after the message is sent and one state is held
    run = services.reorder.schedule(RecordingQueue(), batch_size=10, out_of_time=Deadline(False, False, True))
    # THEN no second hold was started: the reserve covers one write, not a shopper's every state
    assert len(writes) == 1 and run.held == 1 and run.messages == 1


def test_a_queued_shoppers_states_are_held_without_reading_them_again(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN the reorder store counting the reads of a shopper's states
    reads: list[str] = []
    states = reorder_store.states

    def counted(shopper_id: str):
        reads.append(shopper_id)
        return states(shopper_id)

    reorder_store.states = counted  # type: ignore[method-assign]
    # WHEN the scheduler queues the due shopper
    result = services.reorder.schedule(RecordingQueue())
    # THEN their due state is held from what the due index gave, with no read of their states
    assert result.held == 1 and reads == []
    assert reorder_store.items[(due_shopper, TOWELS)].due_at == clock.now() + REQUEUE_AFTER


@pytest.mark.parametrize("gone", [False, True], ids=["out of stock", "no longer sold"])
def test_a_due_product_that_cannot_be_offered_is_not_looked_at_again_every_run(
    services: Services, clock: SimulatedClock, due_shopper: str, monkeypatch, gone: bool
) -> None:
    # GIVEN the due shopper's only product due is out of stock, or no longer sold
    towels = services.catalog.get(TOWELS)
    unavailable = None if gone else towels.model_copy(update={"in_stock": False})
    real_get = services.catalog.get
    monkeypatch.setattr(services.catalog, "get", lambda pid: unavailable if pid == TOWELS else real_get(pid))
    assert run(services, ScriptedNotifier()) == {due_shopper: "nothing due"}
    # WHEN the scheduler runs every 15 minutes over the following hours
    later = []
    for _ in range(8):
        clock.advance(timedelta(minutes=15))
        later.append(run(services, ScriptedNotifier()))
    # THEN the shopper is not queued again each run
    assert later == [{}] * 8
    # AND once the product is back the next day, the shopper is told about it
    monkeypatch.setattr(services.catalog, "get", real_get)
    clock.advance(timedelta(days=1))
    assert run(services, ScriptedNotifier()) == {due_shopper: "sent"}


def test_an_automatic_reorder_skipped_as_out_of_stock_is_not_looked_at_again_every_run(
    services: Services, clock: SimulatedClock, store: FakeShopperStore, due_shopper: str, monkeypatch
) -> None:
    # GIVEN paper towels reorder automatically, and are out of stock when they come due
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    towels = services.catalog.get(TOWELS)
    real_get = services.catalog.get
    out = towels.model_copy(update={"in_stock": False})
    monkeypatch.setattr(services.catalog, "get", lambda pid: out if pid == TOWELS else real_get(pid))
    notifier = ScriptedNotifier()
    assert run(services, notifier) == {due_shopper: "sent"}  # the skipped order is told of
    # WHEN the scheduler runs every 15 minutes over the following hours
    later = []
    for _ in range(8):
        clock.advance(timedelta(minutes=15))
        later.append(run(services, notifier))
    # THEN the shopper is not queued again each run
    assert later == [{}] * 8
    # AND once the towels are back the next day, they are ordered
    monkeypatch.setattr(services.catalog, "get", real_get)
    clock.advance(timedelta(days=1))
    run(services, notifier)
    assert [o.lines[0].product_id for o in store.orders.values() if o.source is OrderSource.AUTO] == [TOWELS]
