"""After "I couldn't confirm whether your order went through", a "no" (or "stop") never says nothing was
ordered: one read tells whether the order went through (said with its receipt and how to cancel), did not, or
is still unknown (said, with how to check)."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.local.console import Console, Reply
from tests.fakes import FakeShopperStore
from tests.unit.handlers.test_storage_faults_after_an_order import DAWN, UNKNOWN, ordered, write_then_lose_the_answer

WENT_THROUGH = (
    "Your order did go through: one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13. You can still cancel "
    "it by saying, cancel my last order."
)
NOT_PLACED = "I've checked, and that order didn't go through, so nothing was ordered."
STILL_UNKNOWN = (
    "I still can't tell whether that order went through, so I can't say it wasn't ordered. In a moment, say, "
    "where's my order, to check."
)


def unknown_outcome_of_dawn(console: Console, store: FakeShopperStore, *, lands: bool) -> None:
    """Dawn read back, and the yes's order write (applied when ``lands``) answered by nothing, nor found."""
    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=lands, then_unreadable=True)
    assert console.say("yes").speech == UNKNOWN


@pytest.mark.parametrize(
    ("lands", "heard", "orders"),
    [(True, WENT_THROUGH, [(DAWN, 1)]), (False, NOT_PLACED, [])],
    ids=["landed", "not-landed"],
)
def test_no_after_an_unknown_outcome_says_whether_the_order_went_through(
    console: Console, store: FakeShopperStore, lands: bool, heard: str, orders: list[tuple[str, int]]
) -> None:
    # GIVEN an order whose write went unanswered
    unknown_outcome_of_dawn(console, store, lands=lands)
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN they hear what one read tells, not "I won't order it", and the session goes on
    assert reply.intent == "AMAZON.NoIntent"
    assert reply.speech == f"{heard} What else can I do?"
    assert reply.reprompt == "What else can I do?" and not reply.ends_session
    # AND an order that went through gets its receipt, as a yes that finds it does
    assert (reply.card is not None) is lands
    # AND nothing more is ordered, nor waits for a yes
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert ordered(store) == orders


def test_no_after_an_unknown_outcome_when_the_order_still_cannot_be_read_says_it_is_still_unknown(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order whose write landed unanswered, and a store that still cannot be read
    unknown_outcome_of_dawn(console, store, lands=True)
    store.fail_next.add("get_order")
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN they hear it is still unknown, and how to check; never that it was not ordered
    assert reply.speech == f"{STILL_UNKNOWN} What else can I do?"
    assert "won't order" not in reply.speech


def test_no_at_the_voice_code_after_an_unknown_outcome_says_whether_the_order_went_through(
    console: Console, store: FakeShopperStore, services: Services
) -> None:
    # GIVEN a shopper with a voice code, whose order's write, after the code, went unanswered
    services.shopping.set_voice_code(console.envelopes.user_id, "1234")
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    write_then_lose_the_answer(store, lands=True, then_unreadable=True)
    assert console.say("my code is 1234").speech == UNKNOWN
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN they hear it went through
    assert reply.speech == f"{WENT_THROUGH} What else can I do?"
    assert ordered(store) == [(DAWN, 1)]


@pytest.mark.parametrize(
    ("lands", "heard"), [(True, WENT_THROUGH), (False, NOT_PLACED)], ids=["landed", "not-landed"]
)
def test_stop_after_an_unknown_outcome_says_whether_the_order_went_through_then_goodbye(
    console: Console, store: FakeShopperStore, lands: bool, heard: str
) -> None:
    unknown_outcome_of_dawn(console, store, lands=lands)
    reply: Reply = console.say("stop")
    assert reply.intent == "AMAZON.StopIntent"
    assert reply.speech == f"{heard} Goodbye."
    assert reply.ends_session


@pytest.mark.parametrize(
    ("lands", "heard"), [(True, WENT_THROUGH), (False, NOT_PLACED)], ids=["landed", "not-landed"]
)
def test_going_home_after_an_unknown_outcome_says_whether_the_order_went_through_then_goodbye(
    console: Console, store: FakeShopperStore, services: Services, lands: bool, heard: str
) -> None:
    # GIVEN an order of unknown outcome
    followed_up: list[object] = []
    services.order_listeners.append(followed_up.append)
    unknown_outcome_of_dawn(console, store, lands=lands)
    # WHEN the shopper leaves by "go home", an answer that ends the session (told, not asked)
    reply = console.send(console.envelopes.intent("AMAZON.NavigateHomeIntent"))
    # THEN the one read of the order is said first, before the goodbye: its follow-up ran in this turn
    assert reply.speech == f"{heard} Goodbye."
    assert reply.ends_session
    assert len(followed_up) == (1 if lands else 0)
