"""Answers that do not fit the question pending, or a request said in its place, lose nothing: an amount of money
at an order read back, another product or "stop reordering X automatically" at a reorder prompt, a correction or
an addition at a read-back or a choice, a product named after "order three bottles"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 a pack
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79 a bottle


def send(console: Console, intent: str, **slots: str) -> Reply:
    """``intent`` with these slot values, unresolved, as Alexa sends what its entity resolution did not match."""
    reading = Reading(kind="intent", intent=intent, slots={k: SlotReading(v) for k, v in slots.items()})
    return console.send_reading(reading)


def ordered(store: FakeShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines]


# --- an amount of money at an order read back -----------------------------------------------------------


def test_an_amount_of_money_at_an_order_read_back_keeps_the_read_back(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper says an amount of money (Alexa hears a monthly cap)
    reply = send(console, "MonthlyCapIntent", Cap="30")
    # THEN it answers nothing: they hear so, and the read-back again, still waiting for its yes
    assert reply.speech == f"An amount of money doesn't answer that. {read_back.speech} Please say yes or no."
    assert reply.reprompt == read_back.reprompt
    assert not reply.ends_session
    assert store.orders == {}
    # AND the yes places that order, as read back
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert ordered(store) == [(DAWN, 1)]


def test_an_amount_of_money_with_nothing_asked_says_how_to_set_up_automatic_reorder(console: Console) -> None:
    console.say("open pantry pal")
    reply = send(console, "MonthlyCapIntent", Cap="30")
    assert reply.speech.startswith("If you'd like me to reorder something automatically")
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")


# --- another request at a reorder prompt ----------------------------------------------------------------


@pytest.fixture
def towels_running_low(console: Console, services: Services, clock: SimulatedClock) -> None:
    """Paper towels bought every two weeks, the last fifteen days ago: launch asks whether to order them."""
    seed_orders(services, clock, console.envelopes.user_id, regular(TOWELS, every=14, times=6, last_days_ago=15))


TOWELS_AGAIN = "What about Bounty Select-A-Size Paper Towels? Shall I order one pack for $19.99?"


@pytest.mark.parametrize(
    ("answer", "done"),
    [("yes", "Done. I've ordered one bottle of Dawn Ultra Dish Soap"), ("no", "Okay, I won't order it.")],
)
@pytest.mark.usefixtures("towels_running_low")
def test_another_product_ordered_at_a_reorder_prompt_asks_the_prompt_again_after_it(
    console: Console, store: FakeShopperStore, answer: str, done: str
) -> None:
    # GIVEN a reorder prompt about paper towels
    prompt = console.say("open pantry pal")
    assert prompt.speech.endswith("Shall I order one pack for $19.99?")
    # WHEN the shopper asks for another product instead
    read_back = console.say("order dawn")
    # THEN that is a request of its own, read back for its own yes
    assert read_back.speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle")
    # AND once it is settled, ordered or not, the paper towels are asked about again, and a yes orders them
    settled = console.say(answer)
    assert settled.speech.startswith(done)
    assert settled.speech.endswith(TOWELS_AGAIN)
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack")
    console.say("yes")
    assert (TOWELS, 1) in ordered(store)


@pytest.mark.usefixtures("towels_running_low")
def test_the_product_of_the_reorder_prompt_ordered_by_name_is_not_asked_about_again(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order two packs of bounty paper towels")
    assert console.say("yes").speech.endswith("cancel my last order.")


@pytest.fixture
def dawn_on_automatic_reorder(console: Console, services: Services, clock: SimulatedClock) -> None:
    """Dawn, ordered once three weeks ago, is on automatic reorder up to $30.00 a month."""
    shopper_id = console.envelopes.user_id
    seed_orders(services, clock, shopper_id, [(21, {DAWN: 1})])
    services.reorder.set_auto(shopper_id, DAWN, monthly_cap=Decimal(30))


@pytest.mark.parametrize(
    ("said", "answers", "stopped"),
    [
        ("stop reordering dawn automatically", [], "Okay, I won't reorder Dawn Ultra Dish Soap Original Scent"),
        ("stop automatic reorder", ["yes"], "Okay, I won't reorder Dawn Ultra Dish Soap Original Scent"),
        ("stop automatic reorder", ["no"], "Okay, I'll leave it as it is."),
    ],
    ids=["named", "asked-which-yes", "asked-which-no"],
)
@pytest.mark.usefixtures("towels_running_low", "dawn_on_automatic_reorder")
def test_stopping_an_automatic_reorder_at_a_reorder_prompt_asks_the_prompt_again_after_it(
    console: Console, reorder_store: FakeReorderStore, said: str, answers: list[str], stopped: str
) -> None:
    # GIVEN a reorder prompt about paper towels
    prompt = console.say("open pantry pal")
    assert prompt.speech.endswith("Shall I order one pack for $19.99?")
    # WHEN the shopper asks to stop an automatic reorder instead (and answers "should I stop reordering it?")
    reply = console.say(said)
    for answer in answers:
        reply = console.say(answer)
    # THEN that is answered, and the paper towels are asked about again, a yes ordering them
    assert reply.speech.startswith(stopped)
    assert reply.speech.endswith(TOWELS_AGAIN)
    assert (reorder_store.items[(console.envelopes.user_id, DAWN)].auto is None) == (answers != ["no"])
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack")


@pytest.mark.usefixtures("towels_running_low")
def test_stopping_an_automatic_reorder_that_is_not_on_at_a_reorder_prompt_asks_the_prompt_again(
    console: Console,
) -> None:
    console.say("open pantry pal")
    reply = console.say("stop reordering dawn automatically")
    assert reply.speech == (
        f"Dawn Ultra Dish Soap Original Scent isn't set to reorder automatically, so there's nothing to stop. "
        f"{TOWELS_AGAIN}"
    )
    reply = console.say("stop automatic reorder")
    assert reply.speech == f"You don't have any automatic reorders, so there's nothing to stop. {TOWELS_AGAIN}"


# --- any other request at a reorder prompt ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "intent", "answer"),
    [
        ("what's in my cart", "ReadCartIntent", "Your cart is empty."),
        ("where is my order", "OrderStatusIntent", "Here are your latest orders."),
        ("add dawn to my cart", "AddToCartIntent", "I've added one bottle of Dawn Ultra Dish Soap Original Scent"),
        ("remove dawn from my cart", "RemoveFromCartIntent", "Dawn Ultra Dish Soap Original Scent isn't in your cart."),
        ("I don't need dawn", "SnoozeIntent", "Okay, I'll ask about Dawn Ultra Dish Soap Original Scent again in"),
        ("never ask me about dawn", "NeverAskIntent", "Okay, I won't remind you about Dawn Ultra Dish Soap"),
        ("cancel my last order", "CancelOrderIntent", "Sorry, your last order can't be cancelled any more"),
    ],
)
@pytest.mark.usefixtures("towels_running_low")
def test_a_request_answered_at_once_at_a_reorder_prompt_asks_the_prompt_again_after_it(
    console: Console, reorder_store: FakeReorderStore, said: str, intent: str, answer: str
) -> None:
    # GIVEN a reorder prompt about paper towels
    prompt = console.say("open pantry pal")
    # WHEN the shopper asks for something else, about another product or none
    reply = console.say(said)
    # THEN that is answered, and the paper towels are asked about again, in the same answer, nothing recorded
    assert reply.intent == intent
    assert reply.speech.startswith(answer)
    assert reply.speech.endswith(TOWELS_AGAIN)
    assert reply.reprompt == prompt.reprompt
    assert not reorder_store.items[(console.envelopes.user_id, TOWELS)].feedback
    # AND a yes answers the prompt
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack")


@pytest.mark.parametrize(
    ("answer", "done"), [("yes", "Done. I've ordered one bottle of Dawn"), ("no", "Okay, I'll skip that one.")]
)
@pytest.mark.usefixtures("towels_running_low")
def test_the_price_of_another_product_at_a_reorder_prompt_asks_the_prompt_again_once_its_offer_is_settled(
    console: Console, answer: str, done: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks the price of another product at the prompt about paper towels
    offer = console.say("how much is dawn")
    # THEN its price is offered; once that offer is settled, the paper towels are asked about again
    assert offer.speech == "Dawn Ultra Dish Soap Original Scent is $3.79 for one bottle. Would you like to order it?"
    if answer == "yes":
        console.say("yes")  # the order read back, for its own yes
    settled = console.say(answer)
    assert settled.speech.startswith(done)
    assert settled.speech.endswith(TOWELS_AGAIN)


@pytest.mark.usefixtures("towels_running_low")
def test_the_price_of_the_prompts_own_product_keeps_the_prompt(
    console: Console, reorder_store: FakeReorderStore
) -> None:
    prompt = console.say("open pantry pal")
    # WHEN the shopper asks the price of the product asked about
    reply = console.say("how much are bounty paper towels")
    # THEN they hear it, and the prompt is asked again, still pending: "not yet" answers it
    assert reply.intent == "PriceIntent"
    assert reply.speech == f"Bounty Select-A-Size Paper Towels is $19.99 for one pack. {prompt.reprompt}"
    assert console.say("not yet").speech.startswith("Okay, I'll ask again in about")
    assert reorder_store.items[(console.envelopes.user_id, TOWELS)].feedback


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("add paper towels to my cart", "I've added one pack of Bounty Select-A-Size Paper Towels to your cart."),
        ("I don't need paper towels", "Okay, I'll ask again in about 4 days."),
        ("stop reorder reminders", "Okay, I've turned off reorder reminders."),
    ],
)
@pytest.mark.usefixtures("towels_running_low")
def test_a_request_that_answers_the_reorder_prompt_does_not_ask_it_again(
    console: Console, said: str, answer: str
) -> None:
    console.say("open pantry pal")
    reply = console.say(said)
    assert reply.speech.startswith(answer)
    assert "Bounty Select-A-Size Paper Towels?" not in reply.speech
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")


# --- a correction keeps the count; an addition at a choice comes after it --------------------------------


@pytest.mark.parametrize(
    ("request_said", "correction", "expected"),
    [
        ("order two dawn", "no, I meant oat milk", "Oatly Original Oatmilk, two cartons"),  # the one read back
        ("order two peanut butter", "no, I meant oat milk", "Oatly Original Oatmilk, two cartons"),  # a choice
        ("order two dawn", "no, I meant three oat milk", "Oatly Original Oatmilk, three cartons"),  # its own count
        (
            "order two dawn and one oat milk",
            "not dawn, bounty paper towels",
            "Your order would be two packs of Bounty Select-A-Size Paper Towels and one carton of Oatly",
        ),
    ],
    ids=["read-back", "choice", "count-said", "one-of-several"],
)
def test_a_correction_without_a_count_keeps_the_count_of_what_it_replaces(
    console: Console, request_said: str, correction: str, expected: str
) -> None:
    # GIVEN a product asked for with a count (read back, or "did you mean ...?")
    console.say("open pantry pal")
    console.say(request_said)
    # WHEN the shopper corrects the product, without a count (Alexa resolves nothing of the phrase)
    reply = send(console, "OrderItemIntent", Product=correction)
    # THEN the product said is read back with the count first said (a count said with it wins)
    assert expected in reply.speech
    assert reply.speech.endswith(("Should I order it?", "Should I order them?"))


def test_an_addition_at_a_choice_comes_after_the_pick(console: Console, store: FakeShopperStore) -> None:
    # GIVEN "did you mean A or B?"
    console.say("open pantry pal")
    asked = console.say("order peanut butter")
    assert asked.speech == "Did you mean Jif Creamy Peanut Butter or Skippy Creamy Peanut Butter?"
    # WHEN the shopper adds a product ("and dawn")
    reply = send(console, "OrderItemIntent", Product="and dawn")
    # THEN the choice stays open, asked again, and the product added comes after it
    assert reply.speech == (
        f"Okay, I'll ask about dawn after this. {asked.speech} Say the first one, the second one, or neither."
    )
    assert console.say("the first one").speech.startswith("Jif Creamy Peanut Butter, one jar")
    placed = console.say("yes")
    assert placed.speech.startswith("Done. I've ordered one jar of Jif Creamy Peanut Butter")
    assert "Next, dawn. Dawn Ultra Dish Soap Original Scent, one bottle" in placed.speech
    console.say("yes")
    assert ordered(store) == [("pp-0120", 1), (DAWN, 1)]


# --- a product whose name starts with "no" ---------------------------------------------------------------


@pytest.mark.parametrize("request_said", [None, "order dawn", "order dawn and oat milk"])
def test_a_product_whose_name_starts_with_no_is_the_product_not_a_correction(
    console: Console, request_said: str | None
) -> None:
    # GIVEN nothing asked, or an order read back (of one product, or of several)
    console.say("open pantry pal")
    if request_said is not None:
        console.say(request_said)
    # WHEN the shopper names a product whose name starts with "no", unresolved by Alexa
    reply = send(console, "OrderItemIntent", Product="no pulp orange juice")
    # THEN it is that product, read back, not a correction to "pulp orange juice" (which fits two)
    assert "Tropicana Pure Premium Orange Juice No Pulp, one carton" in reply.speech
    assert "Some Pulp" not in reply.speech


def test_no_then_a_product_is_still_a_correction(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order two dawn")
    reply = send(console, "OrderItemIntent", Product="no, no pulp orange juice")
    assert "Tropicana Pure Premium Orange Juice No Pulp, two cartons" in reply.speech


# --- a count said with what it counts, before the product ------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        lambda console: console.say("order three bottles"),  # Quantity 3, Product "bottles"
        lambda console: send(console, "OrderItemIntent", Product="three bottles"),
    ],
    ids=["quantity-slot", "product-slot"],
)
@pytest.mark.parametrize("answer", ["water", "poland spring"])
def test_the_product_named_after_a_count_of_bottles_is_counted_in_bottles(
    console: Console, first: object, answer: str
) -> None:
    # GIVEN a count said with what it counts, and no product ("order three bottles")
    console.say("open pantry pal")
    asked = first(console)  # type: ignore[operator]
    assert asked.speech == "Which product would you like?"
    # WHEN the shopper names the product
    reply = send(console, "OrderItemIntent", Product=answer)
    # THEN it is three bottles of it, as "order three bottles of water" is: water comes in packs of 24 bottles,
    # so one pack is offered (never three packs, 72 bottles)
    console.say("open pantry pal")
    at_once = console.say(f"order three bottles of {answer}")
    assert reply.speech == at_once.speech
    if answer == "poland spring":
        assert reply.speech == "I have Poland Spring Natural Spring Water only in packs of 24. Would you like one pack?"


def test_a_bare_count_before_the_product_is_still_that_many_of_it(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order two")
    assert send(console, "OrderItemIntent", Product="dawn").speech.startswith(
        "Dawn Ultra Dish Soap Original Scent, two bottles"
    )
