"""The voice code said at a question that did not ask for it keeps that question."""

from __future__ import annotations

import pytest

from orders import OrderStatus
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
CODE = "4321"


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


@pytest.fixture
def with_code(services: Services, shopper_id: str) -> None:
    services.shopping.set_voice_code(shopper_id, CODE)


# --- F1: the code said at a yes/no question that did not ask for it ----------------------------------------


@pytest.fixture
def running_low_on_towels(services: Services, clock: SimulatedClock, shopper_id: str) -> None:
    """Bounty Select-A-Size bought every 14 days, the last 15 days ago: the launch asks to reorder it."""
    seed_orders(services, clock, shopper_id, regular(TOWELS, every=14, times=6, last_days_ago=15))


@pytest.mark.usefixtures("with_code", "running_low_on_towels")
@pytest.mark.parametrize(
    "case",
    [
        ([], "Bounty Select-A-Size Paper Towels, one pack"),  # the reorder prompt at the launch
        (["how much is dawn dish soap"], "Dawn Ultra Dish Soap Original Scent, one bottle"),  # a price offer
        (["order garbage sacks"], "Glad ForceFlex Tall Kitchen Trash Bags"),  # a suggestion
    ],
    ids=["reorder-prompt", "price-offer", "suggestion"],
)
def test_the_voice_code_at_a_question_that_leads_to_an_order_asks_for_the_yes_first_and_keeps_it(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str, case: tuple[list[str], str]
) -> None:
    # GIVEN orders need a voice code, and a question whose yes leads to an order
    asked, after_yes = case
    question = console.say("open pantry pal")
    for said in asked:
        question = console.say(said)
    orders_before = len(store.orders)
    # WHEN the shopper says their code instead of yes
    early = console.say(CODE)
    # THEN they hear to say yes first, and the question again; nothing is checked or ordered
    assert early.speech.startswith("Please say yes first, and then I'll ask for your voice code. ")
    assert early.reprompt == question.reprompt
    assert services.shopping.profile(shopper_id).failed_code_attempts == 0
    assert len(store.orders) == orders_before
    # AND the yes that follows still answers that question: the product is read back for its own yes
    assert console.say("yes").speech.startswith(after_yes)


@pytest.mark.usefixtures("with_code")
def test_the_voice_code_at_a_price_offer_asks_it_again_in_full(console: Console) -> None:
    console.say("open pantry pal")
    priced = console.say("how much is dawn dish soap")
    early = console.say(CODE)
    assert early.speech == (
        f"Please say yes first, and then I'll ask for your voice code. {priced.speech} Please say yes or no."
    )


@pytest.mark.usefixtures("with_code")
def test_the_voice_code_at_a_cancel_to_confirm_keeps_it_and_says_no_code_is_needed(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order just placed, and its cancel asked about
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    assert console.say(CODE).speech.startswith("Done. I've ordered")
    confirm = console.say("cancel my last order")
    assert confirm.speech.endswith("Should I cancel it?")
    # WHEN the shopper says their code
    early = console.say(CODE)
    # THEN the cancel is asked again, and the yes that follows cancels the order
    assert early.speech == f"I don't need your voice code for that. {confirm.speech} Please say yes or no."
    assert console.say("yes").speech.startswith("Okay, I've cancelled that order.")
    assert [order.status for order in store.orders.values()] == [OrderStatus.CANCELLED]
