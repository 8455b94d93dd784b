"""The voice code: said at a question that did not ask for it, it keeps that question; a number that is not
a four-digit code keeps the order and uses up no try; while voice ordering is locked, a pick offers the cart,
and locking it partway through a list says what of the list was not ordered."""

from __future__ import annotations

import contextlib

import pytest

from orders import OrderStatus, VoiceCodeLockedError
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
JIF = "pp-0120"  # Jif Creamy Peanut Butter
CODE = "4321"
ASK_CODE = "Please say your four digit voice code."


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


@pytest.fixture
def with_code(services: Services, shopper_id: str) -> None:
    services.shopping.set_voice_code(shopper_id, CODE)


def send(console: Console, intent: str, **slots: SlotReading) -> Reply:
    """``intent`` with these slots, as Alexa may send a number heard while the voice code is awaited."""
    return console.send_reading(Reading(kind="intent", intent=intent, slots=slots))


def ordered(store: FakeShopperStore) -> list[str]:
    return [line.product_id for order in store.orders.values() for line in order.lines]


def lock_with_wrong_codes(console: Console) -> Reply:
    """Three wrong codes where the code is asked for: the third locks voice ordering."""
    for wrong in ("1111", "2222"):
        assert console.say(wrong).speech.startswith("That code isn't right. You have")
    return console.say("3333")


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
        (["no", "order colgate mouthwash"], "Crest Pro-Health Multi-Protection Mouthwash"),  # a suggestion
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


# --- F2: a number that is not the four-digit code, while the code is awaited ------------------------------


NUMBER = SlotReading  # a slot value as Alexa sends it, without entity resolution
MISHEARD = [
    ("OrderItemIntent", {"Quantity": NUMBER("12", slot_type="AMAZON.NUMBER"), "Product": NUMBER("three")}),
    ("OrderItemIntent", {"Product": NUMBER("1")}),
    ("OrderItemIntent", {"Quantity": NUMBER("1", slot_type="AMAZON.NUMBER")}),
    ("ChooseIntent", {"Choice": SlotReading("two", ("2",), ("second",), "ChoiceType")}),
    ("VoiceCodeIntent", {"Code": NUMBER("123", slot_type="AMAZON.FOUR_DIGIT_NUMBER")}),
    ("VoiceCodeIntent", {}),
]


@pytest.mark.usefixtures("with_code")
@pytest.mark.parametrize(
    "heard",
    MISHEARD,
    ids=["one-two-three-as-count", "one-as-product", "one-as-count", "two-as-choice", "short-code", "no-code"],
)
def test_a_number_that_is_not_four_digits_asks_for_the_code_again_and_keeps_the_order(
    console: Console,
    services: Services,
    store: FakeShopperStore,
    shopper_id: str,
    heard: tuple[str, dict[str, SlotReading]],
) -> None:
    # GIVEN an order waiting for the voice code
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    assert console.say("yes").speech == ASK_CODE
    # WHEN a number that is not four digits is heard, on whichever intent
    intent, slots = heard
    reply = send(console, intent, **slots)
    # THEN the code is asked for again; it is not a wrong try, and nothing is ordered
    assert reply.speech == ASK_CODE
    assert reply.reprompt == "What's your voice code?"
    assert services.shopping.profile(shopper_id).failed_code_attempts == 0
    assert store.orders == {}
    # AND the right code then places the order
    assert console.say(CODE).speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert ordered(store) == [DAWN]


@pytest.mark.usefixtures("with_code")
def test_something_not_understood_while_the_code_is_awaited_keeps_the_order(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    console.say("yes")
    reply = send(console, "AMAZON.FallbackIntent")
    assert reply.speech == "Sorry, I didn't catch that. What's your voice code?"
    assert console.say(CODE).speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert ordered(store) == [DAWN]


@pytest.mark.parametrize(
    "slots",
    [
        {"Product": NUMBER("forty three twenty one")},
        {"Quantity": NUMBER("43", slot_type="AMAZON.NUMBER"), "Product": NUMBER("twenty one")},
    ],
    ids=["in-words", "split-over-slots"],
)
@pytest.mark.usefixtures("with_code")
def test_the_code_said_in_pairs_is_read_as_its_four_digits(
    console: Console, store: FakeShopperStore, slots: dict[str, SlotReading]
) -> None:
    # GIVEN an order waiting for the voice code 4321
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    console.say("yes")
    # WHEN the shopper says "forty three twenty one", heard as an order request
    reply = send(console, "OrderItemIntent", **slots)
    # THEN that is the code: the order is placed
    assert reply.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert ordered(store) == [DAWN]


@pytest.mark.usefixtures("with_code")
def test_four_wrong_digits_heard_as_an_order_request_are_a_wrong_try(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    console.say("yes")
    reply = send(console, "OrderItemIntent", Product=NUMBER("twelve twelve"))
    assert reply.speech == "That code isn't right. You have two tries left. What's your voice code?"
    assert services.shopping.profile(shopper_id).failed_code_attempts == 1
    assert store.orders == {}


# --- F3: a pick while voice ordering is locked ------------------------------------------------------------


def lock_voice_ordering(services: Services, shopper_id: str) -> None:
    services.shopping.set_voice_code(shopper_id, CODE)
    for attempt in ("1111", "2222", "3333"):
        with contextlib.suppress(VoiceCodeLockedError):  # the third wrong code locks
            services.shopping.check_voice_code(shopper_id, attempt)
    assert services.shopping.profile(shopper_id).voice_ordering_locked


def test_a_price_picked_from_a_choice_while_locked_is_said_and_offers_the_cart(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN voice ordering locked, and a price asked of two close products
    lock_voice_ordering(services, shopper_id)
    console.say("open pantry pal")
    assert console.say("how much is peanut butter").speech.startswith("Did you mean Jif")
    # WHEN the shopper picks one
    priced = console.say("the second one")
    # THEN its price is said and adding it to the cart offered; a yes adds it, and nothing is ordered
    assert priced.speech == "Skippy Creamy Peanut Butter is $3.29 for one jar. Would you like to add it to your cart?"
    assert console.say("yes").speech.startswith("I've added one jar of Skippy Creamy Peanut Butter to your cart.")
    assert services.shopping.cart(shopper_id).lines
    assert store.orders == {}


def test_a_usual_product_picked_while_locked_offers_the_cart(
    console: Console, services: Services, clock: SimulatedClock, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN a shopper who usually buys dish soap, with voice ordering locked
    seed_orders(services, clock, shopper_id, regular(DAWN, every=20, times=3, last_days_ago=2))
    lock_voice_ordering(services, shopper_id)
    orders_before = len(store.orders)
    console.say("open pantry pal")
    assert console.say("what do i usually buy").speech.endswith("Would you like one of them?")
    # WHEN they pick one
    offer = console.say("the first one")
    # THEN adding it to the cart is offered, not an order refused
    assert offer.speech == (
        "Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. Would you like to add it to your cart?"
    )
    assert console.say("yes").speech.startswith("I've added one bottle of Dawn Ultra Dish Soap Original Scent")
    assert services.shopping.cart(shopper_id).quantity_of(DAWN) == 1
    assert len(store.orders) == orders_before


def test_a_price_picked_from_a_choice_while_unlocked_is_still_read_back_for_an_order(console: Console) -> None:
    console.say("open pantry pal")
    console.say("how much is peanut butter")
    picked = console.say("the second one")
    assert picked.speech.startswith("Skippy Creamy Peanut Butter, one jar, at $3.29 each.")
    assert picked.speech.endswith("Should I order it?")


# --- F4: locked partway through a list ----------------------------------------------------------------------


@pytest.mark.usefixtures("with_code")
def test_locking_partway_through_a_list_names_what_was_not_ordered_and_offers_the_cart(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN a list taken one at a time, its first product waiting for the voice code
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    assert console.say("yes").speech == ASK_CODE
    # WHEN three wrong codes lock voice ordering
    locked = lock_with_wrong_codes(console)
    # THEN the shopper hears the lock, what of the list was not ordered, by name, and the product read back
    # offered for the cart
    assert locked.speech == (
        "That code isn't right, and voice ordering is now locked to keep your account safe. You can reset your "
        "voice code in the Pantry Pal app. I haven't ordered one jar of Jif Creamy Peanut Butter, or the rest of "
        "your list: dawn dish soap. Should I add Jif Creamy Peanut Butter to your cart instead?"
    )
    # AND a yes adds it to the cart, and the next product is offered for the cart
    added = console.say("yes")
    assert added.speech.startswith("I've added one jar of Jif Creamy Peanut Butter to your cart.")
    assert added.speech.endswith(
        "Next, dawn dish soap. Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. "
        "Would you like to add it to your cart?"
    )
    # AND a yes adds that too; nothing is ordered
    assert console.say("yes").speech.startswith("I've added one bottle of Dawn Ultra Dish Soap Original Scent")
    assert services.shopping.cart(shopper_id).quantity_of(DAWN) == 1
    assert services.shopping.cart(shopper_id).quantity_of(JIF) == 1
    assert store.orders == {}


@pytest.mark.usefixtures("with_code")
def test_locking_outside_a_list_names_the_product_and_offers_it_for_the_cart(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN two bottles of dawn waiting for the voice code
    console.say("open pantry pal")
    console.say("order two bottles of dawn dish soap")
    console.say("yes")
    # WHEN three wrong codes lock voice ordering
    locked = lock_with_wrong_codes(console)
    # THEN the shopper hears the lock, what was not ordered, by name, and it is offered for the cart
    assert locked.speech == (
        "That code isn't right, and voice ordering is now locked to keep your account safe. You can reset your "
        "voice code in the Pantry Pal app. I haven't ordered two bottles of Dawn Ultra Dish Soap Original Scent. "
        "Should I add it to your cart instead?"
    )
    assert locked.reprompt == "Would you like to add Dawn Ultra Dish Soap Original Scent to your cart?"
    # AND help asks the offer again, without the lock's news
    assert console.say("help").speech == (
        "You can answer my question, or ask for something else, like, what's in my cart. I haven't ordered two "
        "bottles of Dawn Ultra Dish Soap Original Scent. Should I add it to your cart instead? Please say yes or no."
    )
    # AND a yes adds the two bottles to the cart; nothing is ordered
    assert console.say("yes").speech.startswith("I've added two bottles of Dawn Ultra Dish Soap Original Scent")
    assert services.shopping.cart(shopper_id).quantity_of(DAWN) == 2
    assert store.orders == {}


@pytest.mark.usefixtures("with_code")
def test_locking_at_an_order_of_several_products_names_them(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("order two tide pods and dawn dish soap")
    console.say("yes")
    locked = lock_with_wrong_codes(console)
    assert locked.speech.startswith("That code isn't right, and voice ordering is now locked")
    assert locked.speech.endswith(
        "I haven't ordered two tubs of Tide Pods Original Laundry Detergent Pacs and one bottle of Dawn Ultra "
        "Dish Soap Original Scent. What else can I do?"
    )
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}
