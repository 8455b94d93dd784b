"""Answers that do not confirm at an order read-back or an automatic reorder's terms keep what is pending,
and a locked voice ordering is said before an order is walked through; while it is locked, no order is offered."""

from __future__ import annotations

import contextlib

import pytest

from orders import VoiceCodeLockedError
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
LOCKED = "Voice ordering is locked after three wrong voice codes. Reset your code in the Pantry Pal app to order again."


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def auto_reorder_of(reorder_store: FakeReorderStore, shopper_id: str, product_id: str) -> object:
    state = reorder_store.items.get((shopper_id, product_id))
    return state.auto if state is not None else None


def lock_voice_ordering(services: Services, shopper_id: str) -> None:
    services.shopping.set_voice_code(shopper_id, "4321")
    for attempt in ("1111", "2222", "3333"):
        with contextlib.suppress(VoiceCodeLockedError):  # the third wrong code locks
            services.shopping.check_voice_code(shopper_id, attempt)
    assert services.shopping.profile(shopper_id).voice_ordering_locked


def order_item(console: Console, **slots: str) -> Reply:
    """OrderItemIntent with these slot values, as Alexa may send a bare number ("two") to it."""
    reading = Reading(kind="intent", intent="OrderItemIntent", slots={k: SlotReading(v) for k, v in slots.items()})
    return console.send_reading(reading)


# --- a bare number at the automatic reorder's terms -----------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        lambda console: console.say("two"),  # ChooseIntent, "two" resolved as "the second"
        lambda console: order_item(console, Product="two"),
        lambda console: order_item(console, Quantity="2"),
    ],
    ids=["choice", "product-slot", "quantity-slot"],
)
@pytest.mark.usefixtures("ordered_before")
def test_a_bare_number_at_the_automatic_reorder_terms_asks_for_yes_or_no_and_keeps_them(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper_id: str, answer: object
) -> None:
    # GIVEN an automatic reorder's terms read back for a yes
    console.say("open pantry pal")
    orders_before = dict(store.orders)
    console.say("reorder bounty paper towels automatically")
    terms = console.say("forty dollars")
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    # WHEN the shopper answers with a bare number
    reply = answer(console)  # type: ignore[operator]
    # THEN no order starts: they hear that a yes or no is needed, how to change the limit, and the terms again
    assert reply.speech == (
        "A number alone doesn't answer that. To change the monthly limit, say it in dollars, like thirty dollars "
        f"a month. {terms.speech} Please say yes or no."
    )
    assert reply.reprompt == terms.reprompt
    assert not reply.ends_session
    # AND "say that again" repeats the terms, and a yes still turns them on, with nothing ordered
    assert console.say("say that again").speech == terms.speech
    done = console.say("yes")
    assert done.speech.startswith("Okay. I'll reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    assert auto_reorder_of(reorder_store, shopper_id, TOWELS) is not None
    assert store.orders == orders_before


def test_a_count_with_a_product_at_the_automatic_reorder_terms_is_still_a_new_order(console: Console) -> None:
    # GIVEN an automatic reorder's terms read back
    console.say("open pantry pal")
    console.say("reorder bounty paper towels automatically up to forty dollars a month")
    # WHEN the shopper asks for something else instead, with a count
    reply = console.say("order two dawn")
    # THEN that is a request of its own, read back for its own yes
    assert reply.speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles")


# --- the voice code said before the yes -----------------------------------------------------------------


def test_the_voice_code_before_the_yes_keeps_the_order_and_asks_for_the_yes_first(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN orders need a voice code, and an order read back for a yes
    services.shopping.set_voice_code(shopper_id, "4321")
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper says their code instead of yes
    early = console.say("four three two one")
    # THEN the order stays waiting: they hear to say yes first, and the read-back again; nothing is ordered
    assert early.speech == (
        f"Please say yes first, and then I'll ask for your voice code. {read_back.speech} Please say yes or no."
    )
    assert early.reprompt == read_back.reprompt
    assert store.orders == {}
    # AND yes, then the code, places that order, once
    assert console.say("yes").speech == "Please say your four digit voice code."
    placed = console.say("4321")
    assert placed.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert [line.product_id for order in store.orders.values() for line in order.lines] == [DAWN]


def test_a_wrong_code_before_the_yes_is_not_counted_as_a_wrong_try(
    console: Console, services: Services, shopper_id: str
) -> None:
    # GIVEN orders need a voice code, and an order read back
    services.shopping.set_voice_code(shopper_id, "4321")
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper says a wrong code before any yes
    console.say("1111")
    # THEN it was not checked: no try is used up
    assert services.shopping.profile(shopper_id).failed_code_attempts == 0


@pytest.mark.usefixtures("ordered_before")
def test_the_voice_code_before_the_yes_to_automatic_reorder_terms_keeps_them(
    console: Console, services: Services, reorder_store: FakeReorderStore, shopper_id: str
) -> None:
    # GIVEN orders need a voice code, and an automatic reorder's terms read back
    services.shopping.set_voice_code(shopper_id, "4321")
    console.say("open pantry pal")
    terms = console.say("reorder bounty paper towels automatically up to forty dollars a month")
    # WHEN the shopper says the code first
    early = console.say("4321")
    # THEN the terms are asked again, and a yes then the code turns them on
    assert early.speech == (
        f"Please say yes first, and then I'll ask for your voice code. {terms.speech} Please say yes or no."
    )
    assert auto_reorder_of(reorder_store, shopper_id, TOWELS) is None
    console.say("yes")
    console.say("4321")
    assert auto_reorder_of(reorder_store, shopper_id, TOWELS) is not None


def test_four_digits_at_a_read_back_without_a_voice_code_ask_for_yes_or_no(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN no voice code, and an order read back
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper says four digits
    reply = console.say("1234")
    # THEN the read-back is asked again, yes or no, and the yes to what was just heard places it
    assert reply.speech == f"Your orders don't need a voice code. {read_back.speech} Please say yes or no."
    assert store.orders == {}
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert len(store.orders) == 1


# --- locked voice ordering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_",
    [
        "order dawn",
        "order peanut butter",  # a choice between two: not asked
        "order two",  # a count alone: "which product?" not asked
        "order dawn and eggs",
        "reorder bounty paper towels automatically",  # its monthly cap is not asked
    ],
)
def test_locked_voice_ordering_is_said_up_front_not_after_a_read_back(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str, request_: str
) -> None:
    # GIVEN voice ordering locked after three wrong codes
    lock_voice_ordering(services, shopper_id)
    console.say("open pantry pal")
    # WHEN the shopper asks for an order
    reply = console.say(request_)
    # THEN they hear at once that it is locked and how to unlock it; the session goes on
    assert reply.speech == LOCKED
    assert reply.reprompt and not reply.ends_session
    # AND no order is waiting for a yes
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


def test_locked_voice_ordering_still_adds_to_the_cart_but_checkout_says_it_is_locked(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN voice ordering locked
    lock_voice_ordering(services, shopper_id)
    console.say("open pantry pal")
    # WHEN the shopper adds to the cart, then checks out
    added = console.say("add dawn to my cart")
    checkout = console.say("check out")
    # THEN the cart add works, and the check-out says it is locked with no read-back
    assert added.speech.startswith("I've added one bottle of Dawn Ultra Dish Soap Original Scent to your cart.")
    assert checkout.speech == LOCKED
    assert store.orders == {}


# --- no order offered while voice ordering is locked ----------------------------------------------------


def test_a_price_while_voice_ordering_is_locked_offers_the_cart_not_an_order(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN voice ordering locked
    lock_voice_ordering(services, shopper_id)
    console.say("open pantry pal")
    # WHEN the shopper asks a price
    priced = console.say("how much is dawn")
    # THEN they hear the price and are offered to add it to the cart, not to order it
    assert priced.speech == (
        "Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. Would you like to add it to your cart?"
    )
    assert priced.reprompt == "Would you like to add Dawn Ultra Dish Soap Original Scent to your cart?"
    # AND a yes adds it to the cart, and nothing is ordered
    added = console.say("yes")
    assert added.speech.startswith("I've added one bottle of Dawn Ultra Dish Soap Original Scent to your cart.")
    assert services.shopping.cart(shopper_id).quantity_of(DAWN) == 1
    assert store.orders == {}


def test_a_price_with_voice_ordering_unlocked_still_offers_the_order(console: Console) -> None:
    console.say("open pantry pal")
    priced = console.say("how much is dawn")
    assert priced.speech == "Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. Would you like to order it?"
    assert console.say("yes").speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each.")


@pytest.fixture
def running_low_on_towels(services: Services, clock: SimulatedClock, shopper_id: str) -> None:
    """The shopper buys Bounty Select-A-Size every 14 days, the last 15 days ago: running low now."""
    seed_orders(services, clock, shopper_id, regular(TOWELS, every=14, times=6, last_days_ago=15))


@pytest.mark.usefixtures("running_low_on_towels")
def test_the_launch_while_voice_ordering_is_locked_says_what_is_low_and_offers_no_order(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN a shopper running low on paper towels, with voice ordering locked
    lock_voice_ordering(services, shopper_id)
    orders_before = len(store.orders)
    # WHEN they open the skill
    opened = console.say("open pantry pal")
    # THEN they hear what is running low and that ordering is locked, with how to unlock it; no order is offered
    assert opened.speech == (
        "You're probably running low on Bounty Select-A-Size Paper Towels; you usually buy it every 2 weeks. "
        f"{LOCKED} What would you like to do?"
    )
    assert not opened.ends_session
    # AND a yes finds nothing waiting, and nothing is ordered
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert len(store.orders) == orders_before


@pytest.mark.usefixtures("running_low_on_towels")
def test_what_is_running_low_while_voice_ordering_is_locked_offers_no_order(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN voice ordering locked
    lock_voice_ordering(services, shopper_id)
    orders_before = len(store.orders)
    console.say("open pantry pal")
    # WHEN the shopper asks what is running low
    listed = console.say("what am I running low on")
    # THEN they hear it, and that ordering is locked, not "Shall I order ...?"
    assert listed.speech.startswith("You're probably running low on Bounty Select-A-Size Paper Towels.")
    assert listed.speech.endswith(f"{LOCKED} What else can I do?")
    assert "Shall I order" not in listed.speech
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert len(store.orders) == orders_before


@pytest.mark.usefixtures("running_low_on_towels")
def test_the_launch_with_voice_ordering_unlocked_still_offers_the_reorder(console: Console) -> None:
    opened = console.say("open pantry pal")
    assert opened.speech.endswith("Shall I order one pack for $19.99?")
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")
