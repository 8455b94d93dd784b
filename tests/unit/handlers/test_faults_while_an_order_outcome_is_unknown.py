"""While an order's outcome is unknown (its write went unanswered: "I couldn't confirm whether your order went
through"), a fault never says nothing was ordered: it says again that the outcome is unknown, and the order stays
pending, so a yes still finds it, or places it, exactly once."""

from __future__ import annotations

import pytest

from orders import Order
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_storage_faults_after_an_order import DAWN, UNKNOWN, ordered, write_then_lose_the_answer

NOTHING = "nothing was"


def unknown_outcome_of_dawn(console: Console, store: FakeShopperStore, *, lands: bool) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=lands, then_unreadable=True)
    assert console.say("yes").speech == UNKNOWN


@pytest.mark.parametrize("lands", [True, False], ids=["landed", "not-landed"])
def test_a_yes_again_whose_read_fails_says_the_outcome_is_still_unknown_and_keeps_the_order(
    console: Console, store: FakeShopperStore, lands: bool
) -> None:
    # GIVEN an order whose write went unanswered
    unknown_outcome_of_dawn(console, store, lands=lands)
    # WHEN the shopper says yes again, and the read that would find the order fails
    store.fail_next.add("get_order")
    reply = console.say("yes")
    # THEN they hear the outcome is still unknown, never that nothing was ordered, and the order stays pending
    assert reply.speech == UNKNOWN
    assert NOTHING not in reply.speech
    assert console.envelopes.attributes.get("awaiting") == "order_confirmation"
    # AND a yes once the store answers finds it, or places it, exactly once
    again = console.say("yes")
    assert again.speech.startswith("Your order did go through" if lands else "Done. I've ordered one bottle")
    assert ordered(store) == [(DAWN, 1)]


def test_another_request_failing_while_the_outcome_is_unknown_does_not_say_nothing_was_ordered(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order whose write landed unanswered, and the order (still) and the order history failing to read
    unknown_outcome_of_dawn(console, store, lands=True)
    store.fail_next.update({"get_order", "recent_orders"})
    # WHEN the shopper asks where their order is, as they were told to
    reply = console.say("where's my order")
    # THEN the fault says the outcome is unknown, not that nothing was ordered, and the order stays pending
    assert reply.speech == UNKNOWN
    assert console.envelopes.attributes.get("awaiting") == "order_confirmation"
    assert console.say("yes").speech.startswith("Your order did go through")
    assert ordered(store) == [(DAWN, 1)]


def test_an_unexpected_error_while_the_outcome_is_unknown_does_not_say_nothing_was_ordered(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order whose write landed unanswered
    unknown_outcome_of_dawn(console, store, lands=True)
    read = store.get_order

    def broken(shopper_id: str, order_id: str) -> Order | None:
        store.get_order = read  # type: ignore[method-assign]
        raise RuntimeError("a bug")

    store.get_order = broken  # type: ignore[method-assign]
    # WHEN the yes again meets an unexpected error
    reply = console.say("yes")
    # THEN the catch-all says the outcome is unknown, not "something went wrong ... nothing was ordered"
    assert reply.speech == UNKNOWN
    assert console.say("yes").speech.startswith("Your order did go through")
    assert ordered(store) == [(DAWN, 1)]
