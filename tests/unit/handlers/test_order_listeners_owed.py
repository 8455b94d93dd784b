"""An order's listeners (the reorder schedule) that did not all run in the turn that followed the order up (no time
left, one failed) are owed on the order itself (``Order.listeners_done``): the session's next request runs them,
and when the session ends first, the shopper's next launch or order status does. Once they have all run the order
is marked, so no later request runs them again; the mark also makes the order's follow-up claim, so an order
whose claim failed is not told of again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from handlers.session import SessionState
from orders import Order, new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.deadline import TurnDeadline
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, never bought before by the console's shopper
WENT_THROUGH = "Your order did go through"


def listened(services: Services, *, fails: int = 0) -> list[str]:
    """The order ids the order listeners are told of from now on, in order; the first ``fails`` calls raise."""
    heard: list[str] = []

    def listener(order: Order) -> None:
        heard.append(order.order_id)
        if len(heard) <= fails:
            raise RuntimeError("listener failed")

    services.order_listeners.append(listener)
    return heard


def out_of_time(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """A switch: while on, every turn is too short to start an order listener."""
    allows = TurnDeadline.allows

    def switch(on: bool) -> None:
        monkeypatch.setattr(TurnDeadline, "allows", (lambda self, seconds: False) if on else allows)

    return switch


def dawn_order(store: FakeShopperStore) -> Order:
    (order,) = [order for order in store.orders.values() if order.lines[0].product_id == DAWN]
    return order


def order_dawn(console: Console) -> None:
    console.say("open pantry pal")
    assert console.say("order dawn").speech.endswith("Should I order it?")


def launch_later(console: Console, clock: SimulatedClock) -> str:
    clock.advance(timedelta(hours=1))
    console.envelopes.new_session()
    return console.say("open pantry pal").speech


def test_listeners_skipped_at_the_order_and_again_at_the_stop_that_ends_the_session_run_at_the_next_launch(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    reorder_store: FakeReorderStore,
    *,
    clock: SimulatedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN dawn ordered by a yes whose turn had no time left for the order listeners, then a stop short of time too
    order_dawn(console)
    heard = listened(services)
    short = out_of_time(monkeypatch)
    short(True)
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert console.say("stop").ends_session
    short(False)
    assert heard == [] and not dawn_order(store).listeners_done
    assert (console.envelopes.user_id, DAWN) not in reorder_store.items
    # WHEN the shopper opens the skill later
    speech = launch_later(console, clock)
    # THEN the listeners run then: dawn has its reorder schedule; the order, told of at its yes, is not again
    assert heard == [dawn_order(store).order_id]
    assert (console.envelopes.user_id, DAWN) in reorder_store.items
    assert dawn_order(store).listeners_done
    assert WENT_THROUGH not in speech
    # AND the launch after that runs them no more
    launch_later(console, clock)
    assert len(heard) == 1


def test_a_listener_that_failed_at_the_order_runs_again_at_the_next_request_and_then_never_again(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN dawn ordered by a yes whose order listener failed
    order_dawn(console)
    heard = listened(services, fails=1)
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert not dawn_order(store).listeners_done
    # WHEN the shopper asks something else in the session
    assert console.say("what's in my cart").speech == "Your cart is empty."
    # THEN the listener ran again, and the order is marked
    order_id = dawn_order(store).order_id
    assert heard == [order_id, order_id]
    assert dawn_order(store).listeners_done
    # AND neither the session's end nor a later launch nor the order status runs it again
    console.say("what's in my cart")
    console.end_session()
    launch_later(console, clock)
    console.say("where's my order")
    assert heard == [order_id, order_id]


def test_a_listener_failing_until_the_session_ends_runs_at_the_order_status_asked_later(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN dawn ordered by a yes whose order listener failed, and failed again at the stop that ended the session
    order_dawn(console)
    heard = listened(services, fails=2)
    console.say("yes")
    assert console.say("stop").ends_session
    assert len(heard) == 2 and not dawn_order(store).listeners_done
    # WHEN the shopper later asks where their order is (a one-shot request: no launch first)
    clock.advance(timedelta(hours=1))
    console.envelopes.new_session()
    console.say("where's my order")
    # THEN the listener ran there, and the order is marked
    assert len(heard) == 3 and dawn_order(store).listeners_done


@pytest.mark.parametrize("mark_fails", [False, True], ids=["claim-failed", "claim-and-mark-failed"])
def test_an_order_whose_follow_up_claim_failed_is_not_told_of_again_at_a_later_launch(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, mark_fails: bool
) -> None:
    # GIVEN dawn ordered by a yes whose follow-up claim failed to be written (and, in turn, the mark of its
    # listeners done)
    order_dawn(console)
    heard = listened(services)
    store.fail_next |= {"claim_follow_up", *(["mark_listeners_done"] if mark_fails else [])}
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert store.fail_next == set()
    # WHEN the session goes on to its end, and the shopper opens the skill later
    console.say("what's in my cart")
    console.end_session()
    speech = launch_later(console, clock)
    # THEN the order is not told of again, nor followed up again: the mark of its listeners made its claim
    assert WENT_THROUGH not in speech
    assert dawn_order(store).followed_up and dawn_order(store).listeners_done
    assert heard == [dawn_order(store).order_id] * (2 if mark_fails else 1)


def test_an_order_whose_claim_failed_and_whose_listeners_never_had_time_in_the_session_is_not_told_of_again(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    clock: SimulatedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN dawn ordered by a yes whose follow-up claim failed, its listeners skipped for time there and again at
    # the stop that ends the session (so no mark of them made the claim either)
    order_dawn(console)
    listened(services)
    store.fail_next |= {"claim_follow_up"}
    short = out_of_time(monkeypatch)
    short(True)
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert console.say("stop").ends_session
    short(False)
    # WHEN the shopper opens the skill later
    speech = launch_later(console, clock)
    # THEN they are not told of the order again: the stop's read of the order claimed it
    assert WENT_THROUGH not in speech
    assert dawn_order(store).followed_up


@pytest.mark.parametrize("stored_before_the_mark", [False, True])
def test_a_session_from_before_keeps_the_orders_it_owed_listeners_to(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    monkeypatch: pytest.MonkeyPatch,
    *,
    stored_before_the_mark: bool,
) -> None:
    # GIVEN an order whose listeners were skipped, in a session whose attributes name it as sessions did before
    # (``owed_follow_up``); the order as written since the mark was kept, or before (no mark: read as done)
    order_dawn(console)
    heard = listened(services)
    short = out_of_time(monkeypatch)
    short(True)
    console.say("yes")
    short(False)
    order = dawn_order(store)
    if stored_before_the_mark:
        for key, stored in list(store.orders.items()):
            if stored.order_id == order.order_id:
                store.orders[key] = stored.model_copy(update={"listeners_done": True})
    assert console.envelopes.attributes.pop("listeners_pending") == [order.order_id]
    console.envelopes.attributes["owed_follow_up"] = [order.order_id]
    # WHEN the session's next request comes
    assert console.say("what's in my cart").speech == "Your cart is empty."
    # THEN the listeners run for it
    assert heard == [order.order_id] and dawn_order(store).listeners_done
    assert not console.envelopes.attributes.get("listeners_pending")


def test_session_attributes_from_before_are_read_whatever_their_owed_orders() -> None:
    # GIVEN session attributes from before, the owed orders as kept then, or unreadable
    kept = SessionState.load({"owed_follow_up": ["20261123T010000-abcde"], "asked_for": "dawn"})
    broken = SessionState.load({"owed_follow_up": "not a list"})
    # THEN they are read, the owed orders as orders whose listeners are pending; unreadable, a clean state
    assert kept.listeners_pending == ["20261123T010000-abcde"] and kept.asked_for == "dawn"
    assert "owed_follow_up" not in kept.dump()
    assert broken == SessionState()


@pytest.mark.parametrize("history", ["first-order", "regular"])
def test_the_reorder_listener_run_twice_for_one_order_changes_nothing_the_second_time(
    services: Services,
    store: FakeShopperStore,
    reorder_store: FakeReorderStore,
    *,
    clock: SimulatedClock,
    monkeypatch: pytest.MonkeyPatch,
    history: str,
) -> None:
    # GIVEN a shopper's order of dawn (their first, or one of a regular habit), its reorder listener run once
    shopper = "amzn1.ask.account.twice"
    if history == "regular":
        seed_orders(services, clock, shopper, regular(DAWN, every=14, times=4, last_days_ago=14))
    order = services.shopping.place(shopper, new_order_id(clock.now()), [(DAWN, 1)]).order
    assert services.reorder is not None
    services.reorder.on_order(order)
    states = dict(reorder_store.items)
    saved: list[object] = []
    save_states = reorder_store.save_states
    monkeypatch.setattr(reorder_store, "save_states", lambda states: saved.append(states) or save_states(states))
    # WHEN it runs again for the same order (a later request finds its listeners not marked done)
    services.reorder.on_order(order)
    # THEN nothing is written, and every reorder state is as the first run left it
    assert saved == []
    assert reorder_store.items == states and (shopper, DAWN) in states
