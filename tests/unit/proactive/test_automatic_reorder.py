"""Automatic reorder on the scheduled side: which order it places, against which limits, and what it says."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from orders import Limits, OrderSource, OrderStatus, new_order_id
from reorder import CapBelowOneOrderError
from reorder.feedback import FeedbackKind
from reorder.ports import NotifyOutcome, RetryLaterError
from reorder.state import AutoSkip
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit, run

TOWELS, COFFEE, MILK = "pp-0001", "pp-0098", "pp-0163"


@pytest.fixture
def due_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper who buys paper towels every 14 days, last 15 days ago, and milk now and then."""
    seed_orders(services, clock, "shopper-auto", regular(TOWELS, every=14, times=6, last_days_ago=15))
    seed_orders(services, clock, "shopper-auto", [(1, {MILK: 1})])
    permit(services, "shopper-auto")
    return "shopper-auto"


def towels_on_automatic_reorder(
    services: Services, clock: SimulatedClock, shopper: str, *, monthly_cap: Decimal = Decimal("50")
) -> None:
    """``shopper`` buys paper towels every 14 days (last 15 days ago), may be told by notification (an automatic
    order is placed only then), and has them on automatic reorder up to ``monthly_cap`` a month."""
    seed_orders(services, clock, shopper, regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, shopper)
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=monthly_cap)


def auto_orders(store: FakeShopperStore, shopper_id: str) -> list:
    return [o for (s, _), o in store.orders.items() if s == shopper_id and o.source is OrderSource.AUTO]


def test_an_automatic_order_is_listed_before_older_orders_and_after_newer_ones(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN paper towels on automatic reorder, placed by the notifier
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (auto,) = auto_orders(store, due_shopper)
    # THEN it is the newest order, ahead of yesterday's milk
    assert services.shopping.recent_orders(due_shopper, limit=1)[0].order_id == auto.order_id
    # WHEN the shopper orders milk an hour later
    clock.advance(timedelta(hours=1))
    milk = services.shopping.place(due_shopper, new_order_id(clock.now()), [(MILK, 1)]).order
    # THEN the milk is listed first, and "cancel my last order" finds the milk
    assert [o.order_id for o in services.shopping.recent_orders(due_shopper, limit=2)] == [milk.order_id, auto.order_id]
    assert services.shopping.last_cancellable_order(due_shopper).order_id == milk.order_id


def test_a_concurrent_or_retried_run_of_the_same_cycle_places_the_same_order_id(
    services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore, clock: SimulatedClock,
    due_shopper: str,
) -> None:
    # GIVEN paper towels on automatic reorder, and the stored state before the notifier ran
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    before = dict(reorder_store.items)
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (first,) = auto_orders(store, due_shopper)
    # WHEN another run, minutes later, starts from what the first one read (it ran alongside it)
    del store.orders[(due_shopper, first.order_id)]
    reorder_store.items = before
    clock.advance(timedelta(minutes=20))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN it chose the very same order id, which the store's conditional write places only once
    assert [o.order_id for o in auto_orders(store, due_shopper)] == [first.order_id]


def test_one_products_automatic_orders_do_not_use_up_another_products_monthly_cap(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN coffee, also running low, and paper towels both on automatic reorder, each with a cap one order fits
    seed_orders(services, clock, due_shopper, regular(COFFEE, every=10, times=5, last_days_ago=11))
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("25"))  # one pack is $21.76 with tax
    services.reorder.set_auto(due_shopper, COFFEE, monthly_cap=Decimal("25"))
    # WHEN the notifier handles the shopper
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN both were ordered: neither counted the other's order against its own cap
    ordered = sorted(line.product_id for o in auto_orders(store, due_shopper) for line in o.lines)
    assert ordered == sorted([TOWELS, COFFEE])
    assert services.reorder.announcements(due_shopper).skipped == []


def test_a_reorder_skipped_by_the_monthly_cap_is_retried_next_month_and_meanwhile_can_be_reminded(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN paper towels on automatic reorder with a cap one pack ($21.76 with tax) does not fit
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("20"))
    # WHEN the notifier handles the shopper
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN nothing is ordered, the cap is given as the reason, and the shopper can still be reminded of it
    assert auto_orders(store, due_shopper) == []
    (skipped,) = services.reorder.announcements(due_shopper).skipped
    assert skipped.reason is AutoSkip.MONTHLY_CAP
    assert [o.product.id for o in services.reorder.running_low(due_shopper)] == [TOWELS]
    # AND when the cap allows it again and the month has turned, the next run orders it
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("25"))
    clock.advance(timedelta(days=9))  # 2026-12-01
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert [o.lines[0].product_id for o in auto_orders(store, due_shopper)] == [TOWELS]


def test_a_skipped_reorder_is_not_retried_before_its_cause_may_have_cleared_and_is_told_once(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN a skip for the monthly cap, already told to the shopper
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("20"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert len(services.reorder.announcements(due_shopper).skipped) == 1
    # WHEN the notifier runs again later this month
    clock.advance(timedelta(days=2))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN nothing is ordered and nothing new is announced
    assert auto_orders(store, due_shopper) == []
    assert services.reorder.announcements(due_shopper).skipped == []


def lock_voice_ordering(services: Services, shopper_id: str) -> None:
    services.shopping.set_voice_code(shopper_id, "1234")
    profile = services.shopping.profile(shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"failed_code_attempts": 3}))


def set_limit(services: Services, shopper_id: str) -> None:
    profile = services.shopping.profile(shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"limits": Limits(max_order_total=Decimal("15"))}))


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        ("dearer", AutoSkip.PRICE),
        ("out of stock", AutoSkip.UNAVAILABLE),
        ("locked", AutoSkip.LOCKED),
        ("limit", AutoSkip.ORDER_LIMIT),
        ("in cart", AutoSkip.IN_CART),
    ],
)
def test_a_skipped_reorder_is_announced_with_its_real_cause(
    services: Services, due_shopper: str, monkeypatch, cause: str, reason: AutoSkip
) -> None:
    # GIVEN paper towels on automatic reorder with a cap it fits, and one thing that stops the order
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("100"))
    towels = services.catalog.get(TOWELS)
    changed = {"dearer": {"price": towels.price + Decimal("5")}, "out of stock": {"in_stock": False}}.get(cause)
    if changed is not None:
        other = services.catalog.get
        monkeypatch.setattr(services.catalog, "get", lambda pid: towels.model_copy(update=changed) if pid == TOWELS
                            else other(pid))
    if cause == "locked":
        lock_voice_ordering(services, due_shopper)
    if cause == "limit":
        set_limit(services, due_shopper)
    if cause == "in cart":
        services.shopping.add_to_cart(due_shopper, TOWELS, 1)
    # WHEN the notifier handles the shopper
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN nothing is ordered, and the announcement gives that cause
    assert [o for o in services.shopping.recent_orders(due_shopper) if o.source is OrderSource.AUTO] == []
    assert [s.reason for s in services.reorder.announcements(due_shopper).skipped] == [reason]


def test_a_reorder_skipped_because_it_was_in_the_cart_is_placed_once_the_cart_no_longer_holds_it(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN paper towels on automatic reorder, skipped because the shopper had put a pack in their cart
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("100"))
    services.shopping.add_to_cart(due_shopper, TOWELS, 1)
    services.reorder.notify([due_shopper], ScriptedNotifier())
    assert auto_orders(store, due_shopper) == []
    # WHEN they take it out of the cart, and the retry comes a day later
    services.shopping.set_cart_quantity(due_shopper, TOWELS, 0)
    clock.advance(timedelta(days=1, hours=1))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN it is ordered
    assert [o.lines[0].product_id for o in auto_orders(store, due_shopper)] == [TOWELS]


def test_a_cancelled_automatic_order_is_not_placed_again_in_the_same_cycle(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN an automatic order the shopper cancelled
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("100"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (auto,) = auto_orders(store, due_shopper)
    services.shopping.cancel(due_shopper, auto.order_id)
    # WHEN the notifier runs again
    clock.advance(timedelta(hours=2))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN no other automatic order was placed
    assert [o.order_id for o in auto_orders(store, due_shopper)] == [auto.order_id]


def test_the_announcement_offers_cancelling_only_while_the_automatic_order_can_be_cancelled(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN the console's shopper has paper towels on automatic reorder, ordered by the notifier
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    services.reorder.notify([shopper], ScriptedNotifier())
    # WHEN the shopper opens the skill after an automatic order's cancel window is over
    clock.advance(services.shopping.auto_cancel_window + timedelta(minutes=1))
    lead = console.say("open pantry pal")
    # THEN the order is announced without offering to cancel it
    assert "While you were away I reordered one pack of Bounty Select-A-Size Paper Towels." in lead.speech
    assert "cancel" not in lead.speech


def test_an_automatic_order_can_be_cancelled_when_the_shopper_hears_of_it_hours_after_it_was_placed(
    console: Console, services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore,
    clock: SimulatedClock,
) -> None:
    # GIVEN the console's shopper has paper towels on automatic reorder, ordered and notified by the scheduler
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    notifier = ScriptedNotifier()
    assert run(services, notifier) == {shopper: "sent"}
    # WHEN they open the skill three hours later, and cancel it as they are told they can
    for _ in range(3):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    lead = console.say("open pantry pal")
    assert lead.speech.startswith(
        "While you were away I reordered one pack of Bounty Select-A-Size Paper Towels. You can cancel by saying, "
        "cancel my last order."
    )
    assert "Should I cancel it?" in console.say("cancel my last order").speech
    done = console.say("yes")
    # THEN the order is cancelled
    assert done.speech.startswith("Okay, I've cancelled that order.")
    assert [o.status for o in auto_orders(store, shopper)] == [OrderStatus.CANCELLED]
    # AND the cancel is their "not this time" for the reorder model
    assert reorder_store.items[(shopper, TOWELS)].feedback[-1].kind is FeedbackKind.DECLINE


def test_an_automatic_order_past_its_own_cancel_window_is_refused_naming_that_window(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an automatic order of paper towels, placed a day and a minute ago
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    services.reorder.notify([shopper], ScriptedNotifier())
    clock.advance(timedelta(days=1, minutes=1))
    console.say("open pantry pal")
    # WHEN the shopper cancels it by name, and as their last order
    named = console.say("cancel my Bounty Select-A-Size Paper Towels order")
    last = console.say("cancel my last order")
    # THEN both are refused with the window automatic orders have, and the order stands
    assert named.speech.startswith(
        "Sorry, that order can't be cancelled any more: automatic orders can be cancelled within 24 hours of "
        "being placed"
    )
    assert last.speech.startswith(
        "Sorry, your last order can't be cancelled any more: automatic orders can be cancelled within 24 hours"
    )
    assert [o.status for o in auto_orders(store, shopper)] == [OrderStatus.PLACED]


def test_an_order_the_shopper_places_keeps_its_short_cancel_window_beside_automatic_ones(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an automatic order of paper towels, and milk the shopper orders by voice at the same time
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    services.reorder.notify([shopper], ScriptedNotifier())
    console.say("open pantry pal")
    console.say("order horizon organic two percent milk")
    assert "You can cancel within 30 minutes" in console.say("yes").speech
    # WHEN the shopper cancels both 31 minutes later
    clock.advance(timedelta(minutes=31))
    milk = console.say("cancel my last order")
    towels = console.say("cancel my Bounty Select-A-Size Paper Towels order")
    # THEN the milk can't be cancelled any more, with the 30 minutes they were told; the towels still can
    assert milk.speech.startswith(
        "Sorry, your last order can't be cancelled any more: orders can be cancelled within 30 minutes of placing"
    )
    assert "Should I cancel it?" in towels.speech


def test_automatic_orders_of_one_run_are_announced_together_with_a_way_to_cancel_each(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN the console's shopper has paper towels and coffee on automatic reorder, both ordered in one run
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, shopper)  # each automatic order is told by a notification
    seed_orders(services, clock, shopper, regular(COFFEE, every=10, times=5, last_days_ago=11))
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("50"))
    services.reorder.set_auto(shopper, COFFEE, monthly_cap=Decimal("50"))
    services.reorder.notify([shopper], ScriptedNotifier())
    assert len(auto_orders(store, shopper)) == 2
    # WHEN the shopper opens the skill
    lead = console.say("open pantry pal")
    # THEN one sentence tells of both, and "cancel my last order" (which reaches only the newer) is not offered
    assert lead.speech.startswith(
        "While you were away I reordered one bag of Starbucks Pike Place Roast Whole Bean Coffee and one pack "
        "of Bounty Select-A-Size Paper Towels. You can cancel each of them by name, for example by saying, "
        "cancel my Starbucks Pike Place Roast Whole Bean Coffee order."
    )
    assert "cancel my last order" not in lead.speech
    # AND saying so, for each of them, cancels each order
    for name in ("Bounty Select-A-Size Paper Towels", "Starbucks Pike Place Roast Whole Bean Coffee"):
        assert "Should I cancel it?" in console.say(f"cancel my {name} order").speech
        assert console.say("yes").speech.startswith("Okay, I've cancelled that order.")
    assert {o.status for o in auto_orders(store, shopper)} == {OrderStatus.CANCELLED}


def test_a_single_automatic_order_that_is_no_longer_the_last_order_is_cancelled_by_its_name(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an automatic order of paper towels, and a milk order placed after it (a one-shot request)
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    services.reorder.notify([shopper], ScriptedNotifier())
    clock.advance(timedelta(minutes=5))
    services.shopping.place(shopper, new_order_id(clock.now()), [(MILK, 1)])
    # WHEN the shopper opens the skill
    lead = console.say("open pantry pal")
    # THEN they are told to cancel it by its name: "cancel my last order" would cancel the milk
    assert lead.speech.startswith(
        "While you were away I reordered one pack of Bounty Select-A-Size Paper Towels. You can cancel it by "
        "saying, cancel my Bounty Select-A-Size Paper Towels order."
    )
    assert "one pack of Bounty" in console.say("cancel my Bounty Select-A-Size Paper Towels order").speech


def test_every_automatic_order_placed_between_visits_is_told_once_at_the_next_launch(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN the console's shopper has paper towels (bought every 14 days) on automatic reorder
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper)
    notifier = ScriptedNotifier()
    # WHEN the scheduler runs every hour for three weeks, and the shopper does not open the skill meanwhile
    for _ in range(21 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    placed = auto_orders(store, shopper)
    assert len(placed) == 2
    # THEN the next launch tells of both orders, not only the latest
    lead = console.say("open pantry pal")
    assert lead.speech.startswith(
        "While you were away I reordered one pack of Bounty Select-A-Size Paper Towels twice."
    )
    # AND each is told once
    console.say("stop")
    assert "While you were away" not in console.say("open pantry pal").speech


def test_an_automatic_order_and_a_later_skip_of_the_same_product_are_both_told(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str, monkeypatch
) -> None:
    # GIVEN paper towels on automatic reorder, ordered once while the shopper was away
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("100"))
    services.reorder.notify([due_shopper], ScriptedNotifier())
    (order,) = auto_orders(store, due_shopper)
    # WHEN, still before their next visit, towels cost more than agreed when the next order comes due
    towels, other = services.catalog.get(TOWELS), services.catalog.get
    dearer = towels.model_copy(update={"price": Decimal("24.99")})
    monkeypatch.setattr(services.catalog, "get", lambda pid: dearer if pid == TOWELS else other(pid))
    notifier = ScriptedNotifier()
    for _ in range(16 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN their next visit tells of the order placed and of the order skipped
    news = services.reorder.announcements(due_shopper)
    assert [o.order_id for o in news.placed] == [order.order_id]
    assert [s.reason for s in news.skipped] == [AutoSkip.PRICE]


def test_a_skip_for_a_higher_price_is_announced_as_such_not_as_the_monthly_limit(
    console: Console, services: Services, clock: SimulatedClock, monkeypatch
) -> None:
    # GIVEN paper towels on automatic reorder at most $19.99 each, now $24.99
    shopper = console.envelopes.user_id
    towels_on_automatic_reorder(services, clock, shopper, monthly_cap=Decimal("100"))
    towels, other = services.catalog.get(TOWELS), services.catalog.get
    dearer = towels.model_copy(update={"price": Decimal("24.99")})
    monkeypatch.setattr(services.catalog, "get", lambda pid: dearer if pid == TOWELS else other(pid))
    services.reorder.notify([shopper], ScriptedNotifier())
    # WHEN the shopper opens the skill
    lead = console.say("open pantry pal")
    # THEN they hear the real reason
    assert lead.speech.startswith(
        "I didn't reorder Bounty Select-A-Size Paper Towels automatically, because it costs $24.99 now, "
        "more than the $19.99 you agreed to."
    )
    assert "monthly limit" not in lead.speech


def test_terms_whose_monthly_cap_cannot_cover_one_order_are_refused_with_that_orders_cost(
    services: Services, due_shopper: str
) -> None:
    # GIVEN paper towels at $21.76 a pack with tax
    # WHEN terms are asked for with a $20 cap, and with a $25 cap
    # THEN the $20 cap is refused, naming the cost of one order; $25 gives terms
    with pytest.raises(CapBelowOneOrderError) as refused:
        services.reorder.auto_terms(due_shopper, TOWELS, monthly_cap=Decimal("20"))
    assert refused.value.one_order == Decimal("21.76")
    assert services.reorder.auto_terms(due_shopper, TOWELS, monthly_cap=Decimal("25")).monthly_cap == Decimal("25")


def test_the_shopper_is_notified_of_an_automatic_order_even_when_nothing_else_is_due(
    services: Services, store: FakeShopperStore, due_shopper: str
) -> None:
    # GIVEN paper towels, the only product running low, on automatic reorder
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    notifier = ScriptedNotifier()
    # WHEN the notifier places the order
    result = services.reorder.notify([due_shopper], notifier)
    # THEN one notification tells the shopper there is news, and a second run does not send another
    assert len(auto_orders(store, due_shopper)) == 1
    assert result == {due_shopper: "sent"} and len(notifier.sent) == 1
    assert services.reorder.notify([due_shopper], notifier) == {due_shopper: "nothing due"}
    assert len(notifier.sent) == 1
    # AND the news itself is what they hear when they next open the skill
    assert len(services.reorder.announcements(due_shopper).placed) == 1


def test_a_skipped_automatic_order_is_notified_too(services: Services, due_shopper: str) -> None:
    # GIVEN paper towels on automatic reorder with a cap one pack does not fit
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("20"))
    notifier = ScriptedNotifier()
    # WHEN the notifier skips it
    services.reorder.notify([due_shopper], notifier)
    # THEN the shopper is sent one notification, so they learn nothing was ordered
    assert len(notifier.sent) == 1
    assert [s.reason for s in services.reorder.announcements(due_shopper).skipped] == [AutoSkip.MONTHLY_CAP]


def test_an_automatic_order_due_at_night_is_placed_in_the_morning_with_its_notification_and_can_be_cancelled(
    services: Services, store: FakeShopperStore, reorder_store: FakeReorderStore, clock: SimulatedClock,
    due_shopper: str,
) -> None:
    # GIVEN paper towels on automatic reorder, running low, and it is 23:00 in New York
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    clock.advance(timedelta(hours=11))
    notifier = ScriptedNotifier()
    # WHEN the notifier handles the shopper, and the scheduler runs every hour until 07:00
    services.reorder.notify([due_shopper], notifier)
    for _ in range(8):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN nothing is ordered (the notification could not go out, and the cancel window would pass unheard),
    # and the scheduler comes back at 08:00, not every hour of the night
    assert auto_orders(store, due_shopper) == [] and notifier.sent == []
    assert reorder_store.items[(due_shopper, TOWELS)].due_at == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
    # AND at 08:00 the order is placed and notified in the same run, so the shopper can still cancel it
    clock.advance(timedelta(hours=1))
    assert run(services, notifier) == {due_shopper: "sent"}
    (order,) = auto_orders(store, due_shopper)
    assert order.placed_at == clock.now() and order.is_cancellable(clock.now())
    # AND the next day brings neither a second order nor a second notification
    for _ in range(24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    assert [o.order_id for o in auto_orders(store, due_shopper)] == [order.order_id] and len(notifier.sent) == 1


@pytest.fixture
def reminded_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper reminded of paper towels at noon in New York, with coffee on automatic reorder coming due
    at about 14:00 and milk (not automatic) running low at about 14:40."""
    seed_orders(services, clock, "shopper-busy", regular(TOWELS, every=14, times=6, last_days_ago=15))
    seed_orders(services, clock, "shopper-busy", regular(COFFEE, every=10, times=5, last_days_ago=9))
    seed_orders(services, clock, "shopper-busy", regular(MILK, every=7, times=8, last_days_ago=6.83))
    permit(services, "shopper-busy")
    services.reorder.set_auto("shopper-busy", COFFEE, monthly_cap=Decimal("50"))
    assert run(services, ScriptedNotifier()) == {"shopper-busy": "sent"}
    return "shopper-busy"


def test_an_automatic_order_placed_after_the_days_reminder_is_notified_at_once_and_other_reminders_wait(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, reminded_shopper: str
) -> None:
    # GIVEN the day's reminder went out at noon
    notifier = ScriptedNotifier()
    sent_at = []
    # WHEN the scheduler runs every hour until noon the next day
    for _ in range(24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
        sent_at += [clock.now()] * (len(notifier.sent) - len(sent_at))
    # THEN the coffee order is notified in the run that placed it, while it can still be cancelled
    (order,) = auto_orders(store, reminded_shopper)
    assert sent_at[0] == order.placed_at < datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 21:00 in New York
    # AND the milk reminder is not a second reminder that day: it waits for 08:00 the next morning
    assert sent_at == [order.placed_at, datetime(2026, 11, 23, 13, 0, tzinfo=UTC)]


def test_the_news_of_an_automatic_order_after_the_days_reminder_is_sent_once_across_retries(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock, reminded_shopper: str
) -> None:
    # GIVEN the day's reminder went out at noon, and at 15:00 the coffee order is due
    clock.advance(timedelta(hours=3))
    attempts: list[str] = []

    class Flaky(ScriptedNotifier):  # Alexa fails the first try, then takes every event
        def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
            attempts.append(reference_id)
            return NotifyOutcome.FAILED if len(attempts) == 1 else super().notify(user_id=user_id,
                                                                                 reference_id=reference_id)

    notifier = Flaky()
    # WHEN the first try fails, and the message is delivered again, twice
    with pytest.raises(RetryLaterError):
        services.reorder.notify([reminded_shopper], notifier)
    services.reorder.notify([reminded_shopper], notifier)
    services.reorder.notify([reminded_shopper], notifier)
    # THEN the retry sent the same event (Alexa takes a reference id once), and nothing was sent after it
    assert len(attempts) == 2 and attempts[0] == attempts[1] and len(notifier.sent) == 1
    # AND the day's reminder claim stayed in place: the failed try did not free the day for another reminder
    assert reorder_store.claims == {(reminded_shopper, "2026-11-22")}


@pytest.mark.parametrize(
    "case",
    [
        ({"notifications_permitted": False}, AutoSkip.NO_NOTIFICATIONS),
        ({"alexa_user_id": None}, AutoSkip.NO_NOTIFICATIONS),  # no Alexa user to send a notification to
        ({"reminders_enabled": False}, AutoSkip.REMINDERS_OFF),
    ],
    ids=["no-permission", "no-alexa-user", "reminders-off"],
)
def test_no_automatic_order_is_placed_when_no_notification_can_tell_of_it(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str, case: tuple[dict, AutoSkip]
) -> None:
    change, reason = case
    # GIVEN paper towels on automatic reorder, and a shopper no notification can reach
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    profile = services.shopping.profile(due_shopper)
    services.shopping.save_profile(profile.model_copy(update=change))
    notifier = ScriptedNotifier()
    # WHEN the notifier runs, and again over the next days
    services.reorder.notify([due_shopper], notifier)
    for _ in range(3 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN nothing is ordered nor sent, and the shopper hears why when they open the skill, once
    assert notifier.sent == [] and auto_orders(store, due_shopper) == []
    assert [s.reason for s in services.reorder.announcements(due_shopper).skipped] == [reason]
    assert services.reorder.announcements(due_shopper).skipped == []
    # AND the product is offered at launch instead
    offer = services.reorder.prompt_for(due_shopper)
    assert offer is not None and offer.product.id == TOWELS


def test_an_automatic_reorder_waiting_for_permission_is_placed_and_told_once_it_is_granted(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN a waiting automatic reorder of paper towels: the shopper had not allowed notifications
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    profile = services.shopping.profile(due_shopper)
    services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": False}))
    notifier = ScriptedNotifier()
    services.reorder.notify([due_shopper], notifier)
    assert auto_orders(store, due_shopper) == []
    # WHEN they allow notifications, and the scheduler runs through the next day
    permit(services, due_shopper)
    for _ in range(26):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN the order is placed, and a notification tells of it
    assert len(auto_orders(store, due_shopper)) == 1
    assert len(notifier.sent) == 1


@pytest.mark.parametrize(
    ("timezone", "month_turns"),
    [
        ("America/New_York", datetime(2026, 12, 1, 5, 0, tzinfo=UTC)),
        ("Europe/Berlin", datetime(2026, 11, 30, 23, 0, tzinfo=UTC)),
    ],
)
def test_a_reorder_skipped_by_the_monthly_cap_is_retried_when_the_shoppers_own_month_turns(
    services: Services, reorder_store: FakeReorderStore, due_shopper: str, timezone: str, month_turns: datetime
) -> None:
    # GIVEN a shopper in this time zone, with paper towels on automatic reorder under a cap one pack does not fit
    permit(services, due_shopper, timezone=timezone)
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("20"))
    # WHEN the notifier skips it
    services.reorder.notify([due_shopper], ScriptedNotifier())
    # THEN its cause clears at midnight on the 1st where the shopper lives, not at midnight UTC, and it is
    # tried again when that night's quiet hours are over (08:00 there)
    (state,) = [s for s in reorder_store.items.values() if s.product_id == TOWELS]
    assert state.auto_skip is AutoSkip.MONTHLY_CAP
    assert state.auto_retry_at == month_turns
    assert state.due_at == month_turns + timedelta(hours=8)


def test_a_weekly_product_on_automatic_reorder_is_ordered_about_once_a_week(
    services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN milk, bought every week and last 8 days ago, on automatic reorder, and nothing else to buy
    seed_orders(services, clock, "shopper-milk", regular(MILK, every=7, times=8, last_days_ago=8))
    permit(services, "shopper-milk")
    services.reorder.set_auto("shopper-milk", MILK, monthly_cap=Decimal("100"))
    notifier = ScriptedNotifier()
    # WHEN five weeks pass, with the scheduler and notifier running every hour as deployed
    for _ in range(35 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN milk was reordered every week or so, not once and then forgotten
    placed = sorted(o.placed_at for o in auto_orders(store, "shopper-milk"))
    assert 4 <= len(placed) <= 6
    assert all(timedelta(days=5) <= b - a <= timedelta(days=9) for a, b in itertools.pairwise(placed))


def test_cancelling_an_automatic_order_skips_this_time_and_automatic_reorder_goes_on(
    services: Services, store: FakeShopperStore, clock: SimulatedClock, due_shopper: str
) -> None:
    # GIVEN an automatic order of paper towels (bought every 14 days) that the shopper cancels, as they
    # would by voice ("cancel my last order": the skill tells its listeners)
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("100"))
    notifier = ScriptedNotifier()
    services.reorder.notify([due_shopper], notifier)
    (first,) = auto_orders(store, due_shopper)
    services.after_cancel(services.shopping.cancel(due_shopper, first.order_id))
    # WHEN the scheduler runs every hour for the next three days
    for _ in range(3 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN nothing is ordered meanwhile: they did not need it this time
    assert [o.order_id for o in auto_orders(store, due_shopper)] == [first.order_id]
    # AND within the next two weeks it is ordered again, once, as agreed
    for _ in range(14 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    again = [o for o in auto_orders(store, due_shopper) if o.order_id != first.order_id]
    assert len(again) == 1 and again[0].lines[0].product_id == TOWELS


@pytest.mark.parametrize("never_first", [True, False], ids=["never-ask-then-automatic", "automatic-then-never-ask"])
def test_never_ask_is_about_reminders_and_does_not_stop_an_automatic_reorder(
    services: Services, store: FakeShopperStore, due_shopper: str, never_first: bool
) -> None:
    # GIVEN paper towels on automatic reorder, and "never ask me about paper towels" said before or after
    if never_first:
        services.reorder.answer(due_shopper, TOWELS, FeedbackKind.NEVER)
    services.reorder.set_auto(due_shopper, TOWELS, monthly_cap=Decimal("50"))
    if not never_first:
        services.reorder.answer(due_shopper, TOWELS, FeedbackKind.NEVER)
    notifier = ScriptedNotifier()
    # WHEN the scheduler runs while towels are running low
    run(services, notifier)
    # THEN they are reordered as agreed, and never prompted about
    assert [o.lines[0].product_id for o in auto_orders(store, due_shopper)] == [TOWELS]
    assert services.reorder.running_low(due_shopper) == []


def test_a_product_bought_once_on_automatic_reorder_is_ordered_when_its_usual_interval_has_passed(
    services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN paper towels bought once, a week ago, and opted into automatic reorder
    seed_orders(services, clock, "shopper-once", [(7, {TOWELS: 1})])
    permit(services, "shopper-once")
    services.reorder.set_auto("shopper-once", TOWELS, monthly_cap=Decimal("50"))
    notifier = ScriptedNotifier()
    # WHEN the scheduler runs every hour for the next ten weeks
    for _ in range(70 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN they were reordered (on the usual interval of paper towels), not silently never
    assert auto_orders(store, "shopper-once") != []


def test_an_automatic_order_of_a_product_sold_by_the_item_is_told_as_its_count_and_name(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN the console's shopper has a deodorant sold by the "item" on automatic reorder, ordered by the notifier
    deodorant = "pp-0055"  # Old Spice High Endurance Deodorant Pure Sport
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(deodorant, every=14, times=6, last_days_ago=15))
    permit(services, shopper)  # each automatic order is told by a notification
    services.reorder.set_auto(shopper, deodorant, monthly_cap=Decimal("50"))
    services.reorder.notify([shopper], ScriptedNotifier())
    # WHEN they open the skill
    lead = console.say("open pantry pal")
    # THEN the order is told as the read-back and the cart say it ("one Old Spice ..."), not "one of Old Spice"
    assert lead.speech.startswith("While you were away I reordered one Old Spice High Endurance Deodorant Pure Sport.")
