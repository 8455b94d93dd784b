"""The terms an automatic reorder is set up on: the price limit read back is one today's price fits, new terms
clear the skip they fix, and a product never ordered is offered to order first (nothing says how often it is
needed)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from orders import Order, OrderSource, new_order_id
from reorder import NeverOrderedError
from reorder.state import AutoSkip
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit, run

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 ($21.76 with tax); the console's shopper last paid that


def auto_orders(services: Services, shopper_id: str) -> list[Order]:
    return [o for o in services.shopping.recent_orders(shopper_id) if o.source is OrderSource.AUTO]


def price_towels(services: Services, monkeypatch: pytest.MonkeyPatch, price: str) -> None:
    towels, other = services.catalog.get(TOWELS), services.catalog.get
    dearer = towels.model_copy(update={"price": Decimal(price)})
    monkeypatch.setattr(services.catalog, "get", lambda pid: dearer if pid == TOWELS else other(pid))


def test_terms_set_up_after_a_price_rise_quote_todays_price_and_the_reorder_is_placed(
    console: Console, services: Services, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels, last bought at $19.99, now $20.49
    permit(services, shopper)
    price_towels(services, monkeypatch, "20.49")
    console.say("open pantry pal")
    # WHEN the shopper sets up an automatic reorder and agrees to the terms read back
    terms = console.say("reorder bounty select a size paper towels automatically up to fifty dollars a month")
    done = console.say("yes")
    # THEN the limit they heard and agreed to is today's price, not the older one they paid
    assert "never above $20.49 each?" in terms.speech
    assert "never above $20.49 each." in done.speech
    # AND the order they agreed to is placed when the towels run low, not skipped for its price
    services.reorder.notify([shopper], ScriptedNotifier())
    assert [o.lines[0].product_id for o in auto_orders(services, shopper)] == [TOWELS]
    assert services.reorder.announcements(shopper).skipped == []


def test_terms_after_a_price_drop_keep_the_price_the_shopper_last_paid(
    services: Services, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels, last bought at $19.99, on sale at $17.99 today
    price_towels(services, monkeypatch, "17.99")
    # WHEN the terms of an automatic reorder are worked out
    terms = services.reorder.auto_terms(shopper, TOWELS, monthly_cap=Decimal("50"))
    # THEN the limit is what they paid before: the end of the sale does not stop their reorders
    assert terms.max_unit_price == Decimal("19.99")


# --- new terms clear the skip they fix, and only that ---------------------------------------------------


@pytest.fixture
def towels_due(services: Services, clock: SimulatedClock) -> str:
    """A shopper who buys paper towels every 14 days, last 15 days ago: running low now (noon in New York)."""
    seed_orders(services, clock, "shopper-terms", regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, "shopper-terms")
    return "shopper-terms"


def skip_of(reorder_store: FakeReorderStore, shopper_id: str, product_id: str) -> AutoSkip | None:
    return reorder_store.items[(shopper_id, product_id)].auto_skip


def run_for(services: Services, clock: SimulatedClock, notifier: ScriptedNotifier, *, hours: int) -> None:
    """The scheduler and notifier every hour, as deployed."""
    for _ in range(hours):
        clock.advance(timedelta(hours=1))
        run(services, notifier)


def test_raising_the_monthly_cap_after_a_monthly_limit_skip_orders_it_now_not_next_month(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock,
    towels_due: str,
) -> None:
    # GIVEN paper towels skipped this month because one pack ($21.76) goes over the $20 monthly cap
    services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("20"))
    notifier = ScriptedNotifier()
    services.reorder.notify([towels_due], notifier)
    assert skip_of(reorder_store, towels_due, TOWELS) is AutoSkip.MONTHLY_CAP
    # WHEN the shopper raises the cap to $25
    services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("25"))
    # THEN the skip the new cap fixed is neither kept nor told (it would name the new cap as too low)
    assert skip_of(reorder_store, towels_due, TOWELS) is None
    assert services.reorder.announcements(towels_due).skipped == []
    # AND the scheduler's next runs order the towels now, not next month, and that order is told
    run_for(services, clock, notifier, hours=3)
    assert [o.lines[0].product_id for o in auto_orders(services, towels_due)] == [TOWELS]
    assert [o.lines[0].product_id for o in services.reorder.announcements(towels_due).placed] == [TOWELS]


def test_a_raised_cap_this_months_orders_still_do_not_fit_keeps_the_skip_until_next_month(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock
) -> None:
    # GIVEN paper towels ($21.76 a pack with tax), bought every 14 days, the last pack by an automatic order on
    # 7 November: running low again now, and skipped because a second pack this month goes over the $25 cap
    shopper = "shopper-month"
    seed_orders(services, clock, shopper, regular(TOWELS, every=14, times=5, last_days_ago=29))
    now = clock.offset
    clock.offset = now - timedelta(days=15)
    services.shopping.place(shopper, new_order_id(clock.now()), [(TOWELS, 1)], source=OrderSource.AUTO)
    clock.offset = now
    permit(services, shopper)
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("25"))
    notifier = ScriptedNotifier()
    run_for(services, clock, notifier, hours=1)
    assert skip_of(reorder_store, shopper, TOWELS) is AutoSkip.MONTHLY_CAP
    # WHEN the shopper raises the cap to $40: two packs ($43.52) still do not fit
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("40"))
    run_for(services, clock, notifier, hours=3)
    # THEN the skip stays, and nothing more is ordered this month
    assert skip_of(reorder_store, shopper, TOWELS) is AutoSkip.MONTHLY_CAP
    assert len(auto_orders(services, shopper)) == 1
    # AND a cap two packs fit orders the second one now, in November
    services.reorder.set_auto(shopper, TOWELS, monthly_cap=Decimal("45"))
    run_for(services, clock, notifier, hours=3)
    assert sorted(o.placed_at.month for o in auto_orders(services, shopper)) == [11, 11]


def test_terms_set_up_again_after_a_price_skip_take_the_new_price_and_order_it(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock,
    towels_due: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN paper towels on automatic reorder at most $19.99 each, skipped since they cost $20.49
    services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("50"))
    price_towels(services, monkeypatch, "20.49")
    notifier = ScriptedNotifier()
    services.reorder.notify([towels_due], notifier)
    assert skip_of(reorder_store, towels_due, TOWELS) is AutoSkip.PRICE
    # WHEN the shopper sets the automatic reorder up again
    terms = services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("50"))
    run_for(services, clock, notifier, hours=3)
    # THEN its limit is today's price, and the towels are ordered now, not when the skip is retried tomorrow
    assert terms.max_unit_price == Decimal("20.49")
    assert [o.lines[0].product_id for o in auto_orders(services, towels_due)] == [TOWELS]
    assert services.reorder.announcements(towels_due).skipped == []


def test_new_terms_keep_a_skip_they_do_not_fix(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock,
    towels_due: str,
) -> None:
    # GIVEN paper towels skipped because they are in the shopper's cart (checkout would buy them twice)
    services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("50"))
    services.shopping.add_to_cart(towels_due, TOWELS, 1)
    notifier = ScriptedNotifier()
    services.reorder.notify([towels_due], notifier)
    assert skip_of(reorder_store, towels_due, TOWELS) is AutoSkip.IN_CART
    # WHEN the shopper sets new terms, a higher cap
    services.reorder.set_auto(towels_due, TOWELS, monthly_cap=Decimal("100"))
    run_for(services, clock, notifier, hours=3)
    # THEN the skip stays: the towels are still in the cart, and nothing is ordered
    assert skip_of(reorder_store, towels_due, TOWELS) is AutoSkip.IN_CART
    assert auto_orders(services, towels_due) == []


# --- a product never ordered --------------------------------------------------------------------------------

KLEENEX = "pp-0009"  # Kleenex Ultra Soft Facial Tissues, $8.49: the console's shopper never ordered it
NOT_YET_ORDERED = (
    "I can set up automatic reorder for Kleenex Ultra Soft Facial Tissues once you've ordered it, so I know how "
    "often you need it. It's $8.49 for one pack. Would you like to order it now?"
)


@pytest.mark.parametrize(
    "asked",
    ["reorder kleenex automatically up to twenty dollars a month", "reorder kleenex automatically"],
    ids=["with-cap", "without-cap"],
)
def test_automatic_reorder_of_a_product_never_ordered_is_not_set_up_and_ordering_it_is_offered(
    console: Console, services: Services, reorder_store: FakeReorderStore, shopper: str, asked: str
) -> None:
    # GIVEN a shopper who never ordered Kleenex
    console.say("open pantry pal")
    # WHEN they ask to reorder it automatically, with or without a monthly cap
    answer = console.say(asked)
    # THEN they hear why it cannot be set up yet (not asked for a cap, nor read terms back), and are offered it
    assert answer.speech == NOT_YET_ORDERED
    assert answer.reprompt == "Would you like to order Kleenex Ultra Soft Facial Tissues?"
    assert (shopper, KLEENEX) not in reorder_store.items
    # AND a yes reads the order back for its own yes; once ordered, the automatic reorder can be set up
    assert console.say("yes").speech.endswith("That's $9.24 with tax. Should I order it?")
    assert console.say("yes").speech.startswith("Done. I've ordered one pack of Kleenex Ultra Soft Facial Tissues")
    console.say("reorder kleenex automatically up to twenty dollars a month")
    assert console.say("yes").speech.startswith("Okay. I'll reorder one pack of Kleenex Ultra Soft Facial Tissues")
    assert reorder_store.items[(shopper, KLEENEX)].auto is not None


def test_no_to_ordering_a_product_never_ordered_orders_and_sets_up_nothing(
    console: Console, services: Services, reorder_store: FakeReorderStore, shopper: str
) -> None:
    console.say("open pantry pal")
    console.say("reorder kleenex automatically up to twenty dollars a month")
    console.say("no")
    assert not [o for o in services.shopping.recent_orders(shopper) if o.lines[0].product_id == KLEENEX]
    assert (shopper, KLEENEX) not in reorder_store.items


def test_the_service_refuses_terms_for_a_product_never_ordered_or_only_in_a_cancelled_order(
    services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock, towels_due: str
) -> None:
    # GIVEN a shopper who never ordered Kleenex, and then ordered it once and cancelled that order
    with pytest.raises(NeverOrderedError):
        services.reorder.auto_terms(towels_due, KLEENEX, monthly_cap=Decimal("20"))
    placed = services.shopping.place(towels_due, new_order_id(clock.now()), [(KLEENEX, 1)]).order
    services.after_cancel(services.shopping.cancel(towels_due, placed.order_id))
    # THEN automatic reorder of it is refused, and nothing is saved
    with pytest.raises(NeverOrderedError):
        services.reorder.set_auto(towels_due, KLEENEX, monthly_cap=Decimal("20"))
    assert services.reorder.ordered_before(towels_due, KLEENEX) is False
    state = reorder_store.items.get((towels_due, KLEENEX))
    assert state is None or state.auto is None


def test_a_yes_to_terms_whose_only_order_was_cancelled_since_offers_ordering_it_again(
    console: Console, services: Services, reorder_store: FakeReorderStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN the terms of an automatic reorder of Kleenex read back, after the shopper's one order of it
    placed = services.shopping.place(shopper, new_order_id(clock.now()), [(KLEENEX, 1)]).order
    console.say("open pantry pal")
    console.say("reorder kleenex automatically up to twenty dollars a month")
    # WHEN that order is cancelled before they say yes
    services.after_cancel(services.shopping.cancel(shopper, placed.order_id))
    answer = console.say("yes")
    # THEN nothing is set up, they hear why and are offered to order it: no stack trace, no silent set-up
    assert answer.speech == NOT_YET_ORDERED
    state = reorder_store.items.get((shopper, KLEENEX))
    assert state is None or state.auto is None


def test_a_cap_answer_reads_whether_the_product_was_ordered_with_its_terms_not_before_them(
    console: Console, services: Services, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels the shopper orders, their automatic reorder asking for its monthly cap
    console.say("open pantry pal")
    assert console.say("reorder bounty select a size paper towels automatically").speech.startswith("What's the most")
    asked: list[str] = []
    ordered_before = services.reorder.ordered_before
    monkeypatch.setattr(
        services.reorder, "ordered_before", lambda shopper_id, pid: asked.append(pid) or ordered_before(shopper_id, pid)
    )
    # WHEN they say a cap
    terms = console.say("fifty dollars")
    # THEN the terms are read back, the order history read once, for them: not first to ask if it was ever ordered
    assert "never above $19.99 each?" in terms.speech
    assert asked == []
