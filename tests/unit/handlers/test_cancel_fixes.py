"""Cancelling: by product (the order just placed, not the shopper's usual product), a pending read-back,
and "cancel it" as the yes to a pending cancel. Conversations through the real skill entry point."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from orders import Order, OrderStatus, new_order_id
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore

HORIZON_MILK = "pp-0164"  # Horizon Organic 2% Milk
WHOLE_MILK = "pp-0165"  # Good & Gather Whole Milk
BOUNTY = "pp-0001"  # Bounty Select-A-Size Paper Towels
BRAWNY = "pp-0003"  # Brawny Tear-A-Square Paper Towels
SUNSCREEN = "pp-0062"  # Banana Boat Sport Ultra Sunscreen Lotion SPF 50
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent


Seed = Callable[[float, str], Order]


@pytest.fixture
def seed(console: Console, services: Services, clock: SimulatedClock) -> Seed:
    """Place a past order of one product, ``days_ago``, for the console's shopper."""

    def place(days_ago: float, product_id: str) -> Order:
        clock.advance(-timedelta(days=days_ago))
        try:
            order_id = new_order_id(clock.now())
            return services.shopping.place(console.envelopes.user_id, order_id, [(product_id, 1)]).order
        finally:
            clock.advance(timedelta(days=days_ago))

    return place


def status_of(store: FakeShopperStore) -> dict[str, OrderStatus]:
    return {order.lines[0].product_id: order.status for order in store.orders.values()}


@pytest.mark.parametrize(
    "case",
    [
        (HORIZON_MILK, WHOLE_MILK, "order good and gather whole milk", "cancel my milk order", "one jug of Good"),
        (BOUNTY, BRAWNY, "order brawny paper towels", "cancel my paper towels order", "one pack of Brawny"),
    ],
)
def test_cancelling_by_product_finds_the_order_just_placed_not_an_old_order_of_the_usual_product(
    console: Console, store: FakeShopperStore, seed: Seed, case: tuple[str, str, str, str, str]
) -> None:
    usual, ordered, order_phrase, cancel_phrase, read_back = case
    # GIVEN the shopper usually buys another product of the kind, and just ordered this one
    seed(10, usual)
    console.say("open pantry pal")
    console.say(order_phrase)
    console.say("yes")
    # WHEN they cancel "my <kind> order"
    confirm = console.say(cancel_phrase)
    # THEN the order just placed is read back, and only the yes cancels it
    assert confirm.speech.startswith(f"I found your order of {read_back}")
    assert status_of(store) == {usual: OrderStatus.PLACED, ordered: OrderStatus.PLACED}
    console.say("yes")
    assert status_of(store) == {usual: OrderStatus.PLACED, ordered: OrderStatus.CANCELLED}


def test_a_phrase_that_names_no_product_well_finds_no_order_even_if_a_product_shares_a_word(
    console: Console, store: FakeShopperStore, seed: Seed
) -> None:
    # GIVEN a Banana Boat sunscreen order long ago and a milk order just now
    seed(143, SUNSCREEN)
    console.say("open pantry pal")
    console.say("order good and gather whole milk")
    console.say("yes")
    # WHEN the shopper cancels a bananas order, then a yes
    reply = console.say("cancel my bananas order")
    console.say("yes")
    # THEN they hear that no order holds bananas, and nothing is cancelled
    assert reply.speech == "I can't find a recent order with bananas in it."
    assert set(status_of(store).values()) == {OrderStatus.PLACED}


def test_cancelling_a_product_whose_only_order_is_old_says_it_is_too_late(
    console: Console, store: FakeShopperStore, seed: Seed
) -> None:
    # GIVEN a sunscreen order 143 days ago
    seed(143, SUNSCREEN)
    console.say("open pantry pal")
    # WHEN the shopper cancels their sunscreen order
    reply = console.say("cancel my sunscreen order")
    # THEN it can't be cancelled any more
    assert reply.speech.startswith("Sorry, that order can't be cancelled any more")
    assert status_of(store) == {SUNSCREEN: OrderStatus.PLACED}


@pytest.mark.parametrize("said", ["cancel my order", "cancel it", "cancel my milk order"])
def test_cancel_while_an_order_is_read_back_drops_that_order_not_an_old_one(
    console: Console, store: FakeShopperStore, seed: Seed, said: str
) -> None:
    # GIVEN an old order of the same milk, and a milk order read back now
    seed(10, HORIZON_MILK)
    console.say("open pantry pal")
    console.say("order horizon organic two percent milk")
    # WHEN the shopper cancels, then says yes
    reply = console.say(said)
    after = console.say("yes")
    # THEN the read-back is dropped: nothing is ordered and the old order is untouched
    assert reply.speech == "Okay, I won't order it. What else can I do?"
    assert after.speech.startswith("There's nothing waiting for a yes")
    assert status_of(store) == {HORIZON_MILK: OrderStatus.PLACED}
    assert len(store.orders) == 1


@pytest.mark.parametrize("said", ["cancel it", "yes cancel it", "cancel that", "yes cancel that"])
def test_cancel_it_while_a_cancel_is_asked_is_its_yes(console: Console, store: FakeShopperStore, said: str) -> None:
    # GIVEN the shopper is asked whether to cancel the order just placed
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("cancel my last order")
    # WHEN they answer "cancel it"
    reply = console.say(said)
    # THEN the order is cancelled
    assert reply.speech.startswith("Okay, I've cancelled that order.")
    assert set(status_of(store).values()) == {OrderStatus.CANCELLED}


@pytest.mark.parametrize("older_dawn_days_ago", [None, 3], ids=["no-older-order", "older-order-3-days-ago"])
def test_cancelling_a_product_of_an_order_just_cancelled_says_it_is_already_cancelled(
    console: Console, store: FakeShopperStore, seed: Seed, older_dawn_days_ago: float | None
) -> None:
    # GIVEN one order of peanut butter and dish soap (and maybe an older dish soap order), cancelled by
    # naming the peanut butter
    if older_dawn_days_ago is not None:
        older = seed(older_dawn_days_ago, DAWN)
    console.say("open pantry pal")
    console.say("order jif peanut butter and dawn dish soap")
    console.say("yes")
    console.say("cancel my peanut butter order")
    assert console.say("yes").speech.startswith("Okay, I've cancelled that order.")
    # WHEN the shopper cancels their dish soap order
    reply = console.say("cancel my dawn order")
    # THEN the latest order holding it decides: it is already cancelled (not "can't be cancelled any more"
    # about an older one, nor "no recent order"), and a yes changes nothing
    assert reply.speech == "That order is already cancelled."
    assert reply.reprompt == "What else can I do?"
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes")
    if older_dawn_days_ago is not None:
        assert [o.status for o in store.orders.values() if o.order_id == older.order_id] == [OrderStatus.PLACED]
