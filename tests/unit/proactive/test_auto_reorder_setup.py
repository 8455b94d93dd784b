"""Setting up an automatic reorder by voice: the voice code guards it like an order, a vague product is
asked about (and stays an automatic reorder), and the monthly cap can be said as a bare amount; a cap more
than an order every day would cost is said back and asked for again."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest

from orders import VoiceCodeLockedError
from skill.bootstrap import Services
from skill.local.console import Console, Reply
from skill.local.envelopes import slot_json
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.unit.proactive.test_scheduler_and_notifier import permit

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
JIF = "pp-0120"  # Jif Creamy Peanut Butter


def auto_of(reorder_store: FakeReorderStore, shopper: str, product_id: str) -> object:
    state = reorder_store.items.get((shopper, product_id))
    return state.auto if state is not None else None


def test_the_voice_code_is_asked_before_an_automatic_reorder_is_set_up(
    console: Console, shopper: str, services: Services, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a shopper whose orders need a voice code, and the terms of an automatic reorder read back
    services.shopping.set_voice_code(shopper, "4321")
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    # WHEN they say yes
    asked = console.say("yes")
    # THEN the code is asked for and nothing is set up; a wrong code sets nothing up, the right one does
    assert asked.speech == "Please say your four digit voice code."
    assert auto_of(reorder_store, shopper, TOWELS) is None
    console.say("1234")
    assert auto_of(reorder_store, shopper, TOWELS) is None
    done = console.say("4321")
    assert done.speech.startswith("Okay. I'll reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert auto_of(reorder_store, shopper, TOWELS) is not None


def test_the_agreed_terms_state_the_cancel_window_of_automatic_orders(
    console: Console, services: Services, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN the terms of an automatic reorder read back, to a shopper who allows notifications
    permit(services, shopper)
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    # WHEN the shopper says yes
    done = console.say("yes")
    # THEN they hear how long they will have to cancel each automatic order: not the 30 minutes of an order
    # they place themselves
    assert done.speech.endswith("I'll tell you each time, and you can cancel within 24 hours.")
    assert auto_of(reorder_store, shopper, TOWELS) is not None


def test_no_instead_of_the_voice_code_sets_no_automatic_reorder_up(
    console: Console, shopper: str, services: Services, reorder_store: FakeReorderStore
) -> None:
    # GIVEN the voice code asked for an automatic reorder's terms
    services.shopping.set_voice_code(shopper, "4321")
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    console.say("yes")
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN they hear the automatic reorder is not set up, and it is not
    assert reply.speech == "Okay, I won't reorder it automatically. What else can I do?"
    assert auto_of(reorder_store, shopper, TOWELS) is None


def test_a_locked_voice_ordering_sets_no_automatic_reorder_up(
    console: Console, shopper: str, services: Services, reorder_store: FakeReorderStore
) -> None:
    # GIVEN an automatic reorder's terms read back, then voice ordering locked after three wrong codes
    # (on another device, say)
    services.shopping.set_voice_code(shopper, "4321")
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    for attempt in ("1111", "2222", "3333"):
        with contextlib.suppress(VoiceCodeLockedError):  # the third wrong code locks
            services.shopping.check_voice_code(shopper, attempt)
    assert services.shopping.profile(shopper).voice_ordering_locked
    # WHEN the shopper says yes to the terms
    reply = console.say("yes")
    # THEN they are told voice ordering is locked, the session goes on, and nothing is set up
    assert "locked" in reply.speech
    assert reply.reprompt and not reply.ends_session
    assert auto_of(reorder_store, shopper, TOWELS) is None


@pytest.mark.usefixtures("ordered_before")
def test_a_vague_product_is_asked_about_and_the_pick_is_set_up_to_reorder_automatically(
    console: Console, shopper: str, reorder_store: FakeReorderStore, store: FakeShopperStore
) -> None:
    # GIVEN an automatic reorder of "peanut butter", which fits two products the shopper has ordered
    console.say("open pantry pal")
    asked = console.say("reorder peanut butter automatically")
    assert asked.speech.startswith("Did you mean ")
    orders_before = len(store.orders)
    # WHEN the shopper picks Jif, says the cap as a bare amount, and says yes
    cap = console.say("jif")
    terms = console.say("thirty")
    done = console.say("yes")
    # THEN the cap is asked for Jif (no one-off order is read back), thirty is the cap, and Jif is set up
    assert cap.speech == "What's the most I should spend on Jif Creamy Peanut Butter each month?"
    assert terms.speech.startswith("Should I reorder one jar of Jif Creamy Peanut Butter automatically")
    assert "up to $30.00 a month" in terms.speech
    assert done.speech.startswith("Okay. I'll reorder one jar of Jif Creamy Peanut Butter automatically")
    auto = auto_of(reorder_store, shopper, JIF)
    assert auto is not None and auto.monthly_cap == Decimal("30")  # type: ignore[attr-defined]
    assert len(store.orders) == orders_before


@pytest.mark.parametrize(
    ("said", "cap"),
    [
        ("reorder bounty select a size paper towels automatically up to forty dollars", "$40.00"),
        ("reorder bounty select a size paper towels automatically up to twenty five a month", "$25.00"),
    ],
)
def test_the_cap_said_without_a_month_or_without_dollars_reads_the_terms_back(
    console: Console, shopper: str, said: str, cap: str
) -> None:
    # GIVEN an open session, WHEN the shopper states the automatic reorder with a cap in a short form
    console.say("open pantry pal")
    terms = console.say(said)
    # THEN the terms are read back with that cap
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert f"up to {cap} a month" in terms.speech


def test_an_answer_to_the_cap_question_that_is_no_amount_asks_for_the_amount_again(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN the cap question
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    # WHEN the shopper answers "the first one", then "forty five"
    unclear = console.say("the first one")
    terms = console.say("forty five dollars")
    # THEN the amount is asked for again, and then the terms are read back with $45
    assert unclear.speech.endswith("Please say an amount in dollars.")
    assert "up to $45.00 a month" in terms.speech
    assert auto_of(reorder_store, shopper, TOWELS) is None


def test_a_monthly_cap_below_one_order_is_refused_and_asked_for_again(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN paper towels at $19.99 a pack ($21.76 with tax)
    console.say("open pantry pal")
    # WHEN the shopper sets a cap of $20 a month (above the price, below the taxed total), then $50
    low = console.say("reorder bounty select a size paper towels automatically up to twenty dollars a month")
    terms = console.say("fifty dollars")
    # THEN the $20 cap is refused as too low for one order, and $50 is read back for a yes
    assert low.speech.startswith(
        "$20.00 a month wouldn't cover one order of Bounty Select-A-Size Paper Towels, which costs $21.76 with tax."
    )
    assert low.reprompt and not low.ends_session
    assert "up to $50.00 a month" in terms.speech
    assert auto_of(reorder_store, shopper, TOWELS) is None


def test_the_terms_say_how_much_each_automatic_order_buys(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a shopper whose last order of paper towels was five packs
    console.say("open pantry pal")
    console.say("order five packs of bounty select a size paper towels")
    console.say("yes")
    # WHEN they ask for an automatic reorder, and agree to the terms read back
    terms = console.say("reorder bounty select a size paper towels automatically up to two hundred dollars a month")
    done = console.say("yes")
    # THEN they heard, before agreeing, that each automatic order is five packs, and that is what is set up
    assert terms.speech.startswith("Should I reorder five packs of Bounty Select-A-Size Paper Towels automatically")
    assert done.speech.startswith("Okay. I'll reorder five packs of Bounty Select-A-Size Paper Towels")
    assert reorder_store.items[(shopper, TOWELS)].auto.quantity == 5


def _cap_answer(console: Console, intent: str, **values: str) -> Reply:
    """The answer to the cap question as Alexa delivers it: ``intent`` with these slot values."""
    slots = {
        name: slot_json(name, value, authority=console.envelopes.authority("ProductType") if name == "Product" else "")
        for name, value in values.items()
    }
    return console.send(console.envelopes.intent(intent, slots))


@pytest.mark.parametrize(
    ("intent", "slots"),
    [
        ("MonthlyCapIntent", {"Cap": "45", "Cents": "67"}),  # "forty five dollars and sixty seven cents"
        ("MonthlyCapIntent", {"Cap": "45.67"}),  # a decimal, should Alexa's NUMBER slot carry one
        ("OrderItemIntent", {"Quantity": "45", "Product": "sixty seven"}),  # "forty five sixty seven"
        ("OrderItemIntent", {"Product": "forty five sixty seven"}),
        ("OrderItemIntent", {"Quantity": "45", "Product": "point six seven"}),  # "forty five point six seven"
        ("ChooseIntent", {"Choice": "45 67"}),  # "forty five sixty seven" heard as a choice
        ("ChooseIntent", {"Choice": "forty five sixty seven"}),
    ],
)
def test_a_monthly_cap_said_with_cents_keeps_the_cents(
    console: Console, shopper: str, reorder_store: FakeReorderStore, intent: str, slots: dict[str, str]
) -> None:
    # GIVEN the cap question about paper towels
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    # WHEN the shopper says an amount with cents, in one of the ways Alexa delivers it
    terms = _cap_answer(console, intent, **slots)
    # THEN the terms read back keep the cents, and a yes sets up exactly that cap
    assert "up to $45.67 a month" in terms.speech
    console.say("yes")
    assert reorder_store.items[(shopper, TOWELS)].auto.monthly_cap == Decimal("45.67")


@pytest.mark.parametrize("said", ["45.67", "forty five sixty seven", "forty five dollars and sixty seven cents"])
def test_a_monthly_cap_typed_with_cents_in_the_console_keeps_the_cents(
    console: Console, shopper: str, said: str
) -> None:
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    assert "up to $45.67 a month" in console.say(said).speech


@pytest.mark.parametrize(
    ("intent", "slots"),
    [
        ("OrderItemIntent", {"Product": "twenty one seventy six"}),
        ("OrderItemIntent", {"Quantity": "21", "Product": "seventy six"}),
        ("ChooseIntent", {"Choice": "21 76"}),
        ("MonthlyCapIntent", {"Cap": "21", "Cents": "76"}),
    ],
)
def test_an_amount_said_at_the_terms_is_a_new_cap_read_back_in_new_terms(
    console: Console, shopper: str, reorder_store: FakeReorderStore, intent: str, slots: dict[str, str]
) -> None:
    # GIVEN an automatic reorder's terms read back with a $40.00 cap
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    # WHEN the shopper says another amount, with cents, in one of the ways Alexa delivers it
    terms = _cap_answer(console, intent, **slots)
    # THEN the terms are read back with that cap, and a yes sets up exactly that cap
    assert terms.speech == (
        "Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically when you're running low, "
        "up to $21.76 a month, never above $19.99 each?"
    )
    assert auto_of(reorder_store, shopper, TOWELS) is None
    console.say("yes")
    assert reorder_store.items[(shopper, TOWELS)].auto.monthly_cap == Decimal("21.76")


def test_an_automatic_reorder_asked_for_with_a_cap_in_cents_keeps_them(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    terms = console.say(
        "reorder bounty select a size paper towels automatically up to forty five dollars and sixty seven cents a month"
    )
    assert "up to $45.67 a month" in terms.speech


def test_cents_that_are_no_cents_are_refused_and_the_cap_asked_for_again(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    # WHEN the cents heard are no cents ("forty five dollars and a hundred fifty cents")
    reply = _cap_answer(console, "MonthlyCapIntent", Cap="45", Cents="150")
    # THEN no amount is guessed: the shopper hears what was understood and is asked for the amount again
    assert reply.speech == (
        "Sorry, 45 dollars and 150 cents isn't a monthly limit I can use. Please say an amount in dollars."
    )
    assert reply.reprompt == "What's the most I should spend each month, in dollars?"
    assert auto_of(reorder_store, shopper, TOWELS) is None


def test_a_monthly_cap_far_above_what_the_product_costs_is_said_back_and_asked_for_again(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN the cap question about paper towels ($21.76 an order with tax)
    console.say("open pantry pal")
    asked = console.say("reorder bounty select a size paper towels automatically")
    # WHEN "twenty one seventy six dollars" reaches the skill as Alexa's NUMBER reads it: 2176
    heard = _cap_answer(console, "MonthlyCapIntent", Cap="2176")
    # THEN no terms are read back for a yes: the amount heard is said, and the cap is asked for again
    assert heard.speech == (
        "I heard $2,176.00 a month. That's more than Bounty Select-A-Size Paper Towels would cost even ordered "
        "every day, at $21.76 an order with tax, so I may have misheard. What's the most I should spend on it "
        "each month? You can say, for example, twenty dollars and fifty cents, or $2,176.00 again if that's what "
        "you meant."
    )
    assert heard.reprompt == asked.reprompt
    assert not heard.ends_session
    # AND a yes agrees to nothing: the cap is asked for again
    assert console.say("yes").speech.startswith("I need an amount of money for that")
    assert auto_of(reorder_store, shopper, TOWELS) is None


def test_after_a_cap_far_too_high_the_set_up_is_kept_for_the_amount_said_again(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN an automatic reorder asked for with a cap Alexa heard as 2176 dollars
    console.say("open pantry pal")
    too_high = console.say("reorder bounty select a size paper towels automatically up to 2176 dollars a month")
    assert too_high.speech.startswith("I heard $2,176.00 a month.")
    # WHEN the shopper says the amount again, with its cents
    terms = _cap_answer(console, "MonthlyCapIntent", Cap="21", Cents="76")
    done = console.say("yes")
    # THEN the terms are read back for paper towels with that cap, and a yes sets it up
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert "up to $21.76 a month" in terms.speech
    assert done.speech.startswith("Okay. I'll reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert reorder_store.items[(shopper, TOWELS)].auto.monthly_cap == Decimal("21.76")


@pytest.mark.parametrize("answer", ["yes", "no"])
@pytest.mark.parametrize("first", ["", "2176"], ids=["asked", "after-too-high"])
def test_yes_or_no_to_the_cap_question_asks_for_the_amount_again_and_keeps_the_set_up(
    console: Console, shopper: str, reorder_store: FakeReorderStore, first: str, answer: str
) -> None:
    # GIVEN the cap question about paper towels (asked, or asked again after an amount far too high)
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    if first:
        _cap_answer(console, "MonthlyCapIntent", Cap=first)
    # WHEN the shopper says yes or no
    reply = console.say(answer)
    # THEN no amount was said: they hear so, how to stop, and the cap question again; nothing is set up
    assert reply.speech == (
        "I need an amount of money for that, or say cancel if you've changed your mind. "
        "What's the most I should spend each month, in dollars?"
    )
    assert reply.reprompt == "What's the most I should spend each month, in dollars?"
    assert not reply.ends_session
    assert auto_of(reorder_store, shopper, TOWELS) is None
    # AND the amount then said reads the terms back for paper towels
    terms = console.say("forty dollars")
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert "up to $40.00 a month" in terms.speech


def test_a_cap_far_too_high_said_again_is_meant_and_read_back_for_a_yes(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a cap far above what paper towels could cost, said back as maybe misheard
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    assert _cap_answer(console, "MonthlyCapIntent", Cap="2176").speech.startswith("I heard $2,176.00 a month.")
    # WHEN the shopper says yes, then the same amount again
    console.say("yes")
    terms = console.say("twenty one hundred seventy six dollars")
    # THEN it is taken as meant: the terms are read back with it, and only a yes sets it up
    assert terms.speech == (
        "Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically when you're running low, "
        "up to $2,176.00 a month, never above $19.99 each?"
    )
    assert auto_of(reorder_store, shopper, TOWELS) is None
    console.say("yes")
    assert reorder_store.items[(shopper, TOWELS)].auto.monthly_cap == Decimal("2176")


def test_a_different_cap_far_too_high_is_still_said_back_and_asked_for_again(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    _cap_answer(console, "MonthlyCapIntent", Cap="2176")
    again = _cap_answer(console, "MonthlyCapIntent", Cap="1050")
    assert again.speech.startswith("I heard $1,050.00 a month.")
    assert console.say("yes").speech.startswith("I need an amount of money for that")


@pytest.mark.parametrize(
    ("cap", "taken"),
    [("674.56", True), ("674.57", False)],  # 31 orders of $21.76: one every day of a month
)
def test_the_highest_monthly_cap_taken_is_an_order_every_day_of_a_month(
    console: Console, shopper: str, cap: str, taken: bool
) -> None:
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    reply = _cap_answer(console, "MonthlyCapIntent", Cap=cap)
    assert reply.speech.startswith("Should I reorder") is taken
    assert reply.speech.startswith("I heard ") is not taken
