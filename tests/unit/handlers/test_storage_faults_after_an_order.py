"""A storage fault never says "nothing was ordered" once the order is placed, or when it may have been:
the order is said first and the rest apologised for, or the shopper hears that the outcome is unknown, and a
yes again finds the same order by its id instead of placing a second."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orders import Cart, Order, OrderOutcomeUnknownError, StorageError
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore

JIF = "pp-0120"  # Jif Creamy Peanut Butter
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
NOTHING = "nothing was"
PLACED_JIF = "Done. I've ordered one jar of Jif Creamy Peanut Butter, for $3.80."
UNKNOWN = (
    "Sorry, I couldn't confirm whether your order went through. In a moment, say, where's my order, to check, "
    "or say yes to try again. It won't be ordered twice."
)


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


def jif_read_back_of_a_list(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    read_back = console.say("the first")
    assert read_back.speech.startswith("Jif Creamy Peanut Butter, one jar")


def write_then_lose_the_answer(store: FakeShopperStore, *, lands: bool, then_unreadable: bool = False) -> None:
    """The next order write is sent and (``lands``) applied, but its answer is lost on the way back; with
    ``then_unreadable``, the read that would find it fails too."""
    write = store.place_order

    def timed_out(order: Order, *, cart: Cart | None = None) -> bool:
        store.place_order = write  # type: ignore[method-assign]
        if lands:
            write(order, cart=cart)
        if then_unreadable:
            store.fail_next.add("get_order")
        raise OrderOutcomeUnknownError("place order failed: ReadTimeoutError")

    store.place_order = timed_out  # type: ignore[method-assign]


@pytest.mark.parametrize("fault", [StorageError("list orders failed: throttled"), RuntimeError("a bug")])
def test_a_fault_after_the_order_is_placed_says_the_order_then_what_could_not_be_done(
    console: Console, store: FakeShopperStore, fault: Exception
) -> None:
    # GIVEN the first product of a list read back, and a store whose order history then fails to read
    jif_read_back_of_a_list(console)
    history = store.recent_orders

    def failing(shopper_id: str, *, limit: int) -> list[Order]:
        raise fault

    store.recent_orders = failing  # type: ignore[method-assign]
    # WHEN the shopper says yes (the order is placed, then the list's next product cannot be looked up)
    reply = console.say("yes")
    # THEN they hear the order placed, and that the rest of the list could not be gone on to; never "nothing"
    assert reply.speech.startswith(PLACED_JIF)
    assert reply.speech.endswith("Sorry, I couldn't go on to dawn dish soap just now. Please ask again in a moment.")
    assert NOTHING not in reply.speech
    assert reply.reprompt == "What else can I do?"
    assert ordered(store) == [(JIF, 1)]
    # AND a yes again orders nothing more
    store.recent_orders = history  # type: ignore[method-assign]
    console.say("yes")
    assert ordered(store) == [(JIF, 1)]


def test_an_error_about_the_next_product_after_an_order_is_placed_says_the_order_first(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN the first product of a list read back, the next one over the per-item limit
    console.say("open pantry pal")
    console.say("order peanut butter and fifty dawn dish soap")
    console.say("the first")
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN the order is said before the limit, not lost behind it
    assert reply.speech.startswith(PLACED_JIF)
    assert "Sorry, I can't order 50 of Dawn Ultra Dish Soap Original Scent" in reply.speech
    assert ordered(store) == [(JIF, 1)]


def test_an_order_write_whose_answer_is_lost_but_which_landed_is_said_as_placed(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order read back, and a store that applies the write but loses its answer
    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=True)
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN the order is found by its id and confirmed
    assert reply.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert ordered(store) == [(DAWN, 1)]


@pytest.mark.parametrize("lands", [True, False], ids=["landed", "not-landed"])
def test_an_order_write_with_an_unknown_outcome_says_so_and_a_yes_again_orders_exactly_once(
    console: Console, store: FakeShopperStore, lands: bool
) -> None:
    # GIVEN an order read back, and a store that loses the write's answer and cannot be read just after
    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=lands, then_unreadable=True)
    # WHEN the shopper says yes
    reply = console.say("yes")
    # THEN they hear that it may or may not have gone through, never that nothing was ordered
    assert reply.speech == UNKNOWN
    assert reply.reprompt == "Say yes to try that order again, or, where's my order, to check."
    assert console.envelopes.attributes.get("awaiting") == "order_confirmation"
    # WHEN they say yes again
    again = console.say("yes")
    # THEN the same order id is placed once: found if it landed, placed now if it did not; either way said for
    # the first time, with how to cancel it, and its receipt
    placed = "Your order did go through: one bottle" if lands else "Done. I've ordered one bottle"
    assert again.speech.startswith(placed)
    assert again.speech.endswith("by saying, cancel my last order.")
    assert again.card is not None and again.card["title"] == f"Pantry Pal order {next(iter(store.orders))[1]}"
    assert ordered(store) == [(DAWN, 1)]


def test_a_yes_again_once_the_found_orders_cancel_window_has_passed_does_not_offer_to_cancel_it(
    console: Console, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an order whose write landed but whose outcome the shopper was told is unknown
    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=True, then_unreadable=True)
    assert console.say("yes").speech == UNKNOWN
    # WHEN they say yes again only after its cancel window (30 minutes) has passed
    clock.advance(timedelta(minutes=31))
    again = console.say("yes")
    # THEN they hear it went through, with its receipt, and are not told they can still cancel it
    assert again.speech == "Your order did go through: one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13."
    assert again.card is not None and "Cancel by 5:30 PM UTC" in again.card["content"]
    assert ordered(store) == [(DAWN, 1)]
