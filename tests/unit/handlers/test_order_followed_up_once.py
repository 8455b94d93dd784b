"""An order's follow-up (the order listeners: the reorder model hears of the order) runs exactly once,
whichever call finds the order placed: the yes whose write was answered, the read-back after an answer was
lost, the yes again that finds it, or a write the client retried after its first attempt landed. A yes
delivered again, or said again, finds the order followed up and runs nothing more."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from orders import Cart, Order, new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.handlers.test_storage_faults_after_an_order import write_then_lose_the_answer

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent


def listened(services: Services) -> list[str]:
    """The order ids the order listeners are told of from now on, in order."""
    heard: list[str] = []
    services.order_listeners.append(lambda order: heard.append(order.order_id))
    return heard


def dawn_orders(store: FakeShopperStore) -> list[Order]:
    return [order for order in store.orders.values() if order.lines[0].product_id == DAWN]


@pytest.mark.parametrize(
    "fault",
    ["none", "answer-lost", "answer-lost-then-unreadable", "not-landed-then-unreadable"],
)
def test_the_order_listeners_hear_of_a_voice_order_once_whichever_yes_finds_it_placed(
    console: Console, services: Services, store: FakeShopperStore, fault: str
) -> None:
    # GIVEN dawn read back, and the order write answered, or its answer lost (and the read just after failing)
    console.say("open pantry pal")
    console.say("order dawn")
    heard = listened(services)
    if fault != "none":
        write_then_lose_the_answer(store, lands=fault != "not-landed-then-unreadable", then_unreadable="then" in fault)
    # WHEN the shopper says yes, and yes again if they were told the outcome is unknown
    reply = console.say("yes")
    if "unreadable" in fault:
        assert reply.speech.startswith("Sorry, I couldn't confirm whether your order went through.")
        assert heard == []
        reply = console.say("yes")
    # THEN the listeners heard of the one order once
    (order,) = dawn_orders(store)
    assert heard == [order.order_id]
    # AND that yes delivered again by Alexa (same request, same session), then said again, adds nothing
    assert console.last_envelope is not None
    again = console.send(copy.deepcopy(console.last_envelope))
    assert again.speech.startswith("That order is already placed: one bottle of Dawn")
    console.say("yes")
    assert heard == [order.order_id]
    assert len(dawn_orders(store)) == 1


def test_the_reorder_model_learns_of_an_order_found_by_the_yes_again(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    reorder_store: FakeReorderStore,
    clock: SimulatedClock,
) -> None:
    # GIVEN a shopper who buys dawn every 14 days, last 15 days ago: it is due for a reminder now
    console.say("open pantry pal")
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(DAWN, every=14, times=5, last_days_ago=15))
    due = reorder_store.items[(shopper, DAWN)].due_at
    assert due is not None and due <= clock.now()
    # AND dawn ordered by voice, its write landing but its answer lost and the order unreadable just after
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=True, then_unreadable=True)
    console.say("yes")
    # WHEN the shopper says yes again and the order is found
    console.say("yes")
    # THEN the reorder model heard of it: dawn is not due for a reminder until it runs low again
    due = reorder_store.items[(shopper, DAWN)].due_at
    assert due is None or due > clock.now() + timedelta(days=7)


def test_a_write_the_client_retried_after_its_first_attempt_landed_is_followed_up_by_its_yes(
    console: Console, services: Services, store: FakeShopperStore
) -> None:
    # GIVEN dawn read back, and a store whose first attempt of the order write lands but whose answer is
    # lost, so the client retries it, and the retry is refused (an order with that id exists)
    console.say("open pantry pal")
    console.say("order dawn")
    heard = listened(services)
    write = store.place_order

    def retried(order: Order, *, cart: Cart | None = None) -> bool:
        store.place_order = write  # type: ignore[method-assign]
        write(order, cart=cart)
        return write(order, cart=cart)

    store.place_order = retried  # type: ignore[method-assign]
    # WHEN the shopper says yes
    console.say("yes")
    # THEN the listeners heard of the order: the refused retry was this yes's own write
    (order,) = dawn_orders(store)
    assert heard == [order.order_id]
    # AND placing the same id again is not told to follow it up
    again = services.shopping.place(order.shopper_id, order.order_id, [(DAWN, 1)])
    assert (again.created, again.follow_up) == (False, False)


def test_a_claim_that_cannot_be_written_leaves_the_follow_up_to_the_call_that_placed_the_order_only(
    services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN a store that fails the write claiming the follow-up
    store.fail_next.add("claim_follow_up")
    order_id = new_order_id(clock.now())
    # WHEN the order is placed (its write answered)
    placed = services.shopping.place("shopper-1", order_id, [(DAWN, 1)])
    # THEN that call follows it up all the same: no other call can have
    assert (placed.created, placed.follow_up) == (True, True)
    # AND a later call that finds it, and also fails to claim it, lets it go rather than report it twice
    store.fail_next.add("claim_follow_up")
    again = services.shopping.place("shopper-1", order_id, [(DAWN, 1)])
    assert (again.created, again.follow_up) == (False, False)
