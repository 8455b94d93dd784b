"""Answers that do not fit the moment: a voice code with nothing to confirm, a cancel at an automatic reorder's
set-up, help after "that's already the cheapest", an unrelated phrase at a question about one product of a
spoken list, and an order offered or confirmed while voice ordering is locked."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.local.console import Console, Reply
from skill.local.nlu import Reading, SlotReading
from tests.fakes import FakeReorderStore, FakeShopperStore

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
CODE = "4321"
REPROMPT_MAIN = "You can say, order coffee, or, what am I running low on. What would you like?"


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def send(console: Console, intent: str, **slots: str) -> Reply:
    """``intent`` with these slot values, as Alexa sends it (the routing matters, not the console's NLU)."""
    reading = Reading(kind="intent", intent=intent, slots={k: SlotReading(v) for k, v in slots.items()})
    return console.send_reading(reading)


def ordered(store: FakeShopperStore) -> list[str]:
    return [line.product_id for order in store.orders.values() for line in order.lines]


# --- a voice code with nothing pending ----------------------------------------------------------------------


def test_a_voice_code_with_nothing_pending_says_there_is_nothing_to_confirm_and_how_to_go_on(
    console: Console, services: Services, shopper_id: str
) -> None:
    # GIVEN a shopper with a voice code, and nothing waiting for an answer
    services.shopping.set_voice_code(shopper_id, CODE)
    console.say("open pantry pal")
    console.say("what's in my cart")
    # WHEN they say their code (VoiceCodeIntent)
    reply = send(console, "VoiceCodeIntent", Code=CODE)
    # THEN they hear there is nothing to confirm, and what they can do; the session stays open
    assert reply.speech == (
        "There's nothing to confirm right now, so I don't need your voice code. You can say, order coffee, or, "
        "what am I running low on. What would you like?"
    )
    assert reply.reprompt == REPROMPT_MAIN
    assert not reply.ends_session
    # AND the code was not checked: no try is used up
    assert services.shopping.profile(shopper_id).failed_code_attempts == 0


# --- cancel at an automatic reorder's set-up ------------------------------------------------------------------

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
TOWELS_NAME = "Bounty Select-A-Size Paper Towels"


@pytest.mark.parametrize(
    "steps",
    [
        ["reorder bounty paper towels automatically"],  # the monthly cap asked for
        ["reorder bounty paper towels automatically", "five thousand dollars"],  # a cap too high: asked again
        ["reorder bounty paper towels automatically up to forty dollars a month"],  # the terms read back
        [":voicecode 4321", "reorder bounty paper towels automatically up to forty dollars a month", "yes"],  # code
    ],
    ids=["cap", "cap-too-high", "terms", "voice-code"],
)
@pytest.mark.parametrize("cancel", ["cancel", "never mind"])
@pytest.mark.usefixtures("ordered_before")
def test_cancel_at_an_automatic_reorder_set_up_cancels_only_the_set_up_and_keeps_the_session(
    console: Console, services: Services, reorder_store: FakeReorderStore, steps: list[str], cancel: str
) -> None:
    # GIVEN an automatic reorder being set up, at one of its questions
    shopper_id = console.envelopes.user_id
    console.say("open pantry pal")
    for step in steps:
        if step.startswith(":voicecode "):
            services.shopping.set_voice_code(shopper_id, step.split()[1])
        else:
            console.say(step)
    # WHEN the shopper says "cancel" or "never mind" (AMAZON.CancelIntent)
    reply = console.say(cancel)
    assert reply.intent == "AMAZON.CancelIntent"
    # THEN only the set-up is cancelled, by name, and the session stays open
    assert reply.speech == f"Okay, I won't set up automatic reorder for {TOWELS_NAME}. What else can I do?"
    assert reply.reprompt == "What else can I do?"
    assert not reply.ends_session
    # AND nothing was set up, and a yes now confirms nothing
    state = reorder_store.items.get((shopper_id, TOWELS))
    assert state is None or state.auto is None
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")


def test_cancel_while_the_product_of_an_automatic_reorder_is_chosen_cancels_the_set_up(console: Console) -> None:
    # GIVEN "reorder peanut butter automatically": which peanut butter is asked
    console.say("open pantry pal")
    assert console.say("reorder peanut butter automatically").speech.startswith("Did you mean ")
    # WHEN the shopper cancels
    reply = send(console, "AMAZON.CancelIntent")
    # THEN the set-up is cancelled and the session stays open
    assert reply.speech == "Okay, I won't set up automatic reorder. What else can I do?"
    assert not reply.ends_session


@pytest.mark.usefixtures("ordered_before")
def test_stop_at_an_automatic_reorder_set_up_ends_the_session_saying_nothing_was_set_up(
    console: Console, reorder_store: FakeReorderStore, shopper_id: str
) -> None:
    # GIVEN an automatic reorder's monthly cap asked for
    console.say("open pantry pal")
    console.say("reorder bounty paper towels automatically")
    # WHEN the shopper says "stop" (AMAZON.StopIntent: leave the skill)
    reply = send(console, "AMAZON.StopIntent")
    # THEN the session ends, saying the set-up was not done
    assert reply.speech == f"Okay, I haven't set up automatic reorder for {TOWELS_NAME}. Goodbye."
    assert reply.ends_session
    assert (shopper_id, TOWELS) not in reorder_store.items or reorder_store.items[(shopper_id, TOWELS)].auto is None


# --- help after "that's already the cheapest" -------------------------------------------------------------------

HELP_LEAD = "You can answer my question, or ask for something else, like, what's in my cart."
DAWN_NAME = "Dawn Ultra Dish Soap Original Scent"


@pytest.mark.parametrize(
    ("request_", "asked_in_full"),
    [
        ("how much is dawn", f"{DAWN_NAME} is $3.79 for one bottle. Would you like to order it?"),
        ("order dawn", f"{DAWN_NAME}, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"),
    ],
    ids=["price-offer", "read-back"],
)
@pytest.mark.parametrize("aside", ["anything cheaper", "hello"])
def test_help_after_an_aside_at_an_offer_asks_it_in_full_and_says_yes_or_no_once(
    console: Console, store: FakeShopperStore, request_: str, asked_in_full: str, aside: str
) -> None:
    # GIVEN dawn offered (its price, or its read-back), then an aside that keeps the offer: "anything cheaper?"
    # (it already is the cheapest) or "hello" (the question asked again)
    console.say("open pantry pal")
    assert console.say(request_).speech == asked_in_full
    kept = console.say(aside)
    if aside == "hello":
        assert kept.speech == f"{asked_in_full} Please say yes or no." and not kept.ends_session
    else:
        assert kept.speech.endswith(kept.reprompt) and not kept.ends_session
    # WHEN the shopper asks for help
    reply = send(console, "AMAZON.HelpIntent")
    # THEN the offer is asked again as first asked, with its price, and how to answer it, once
    assert reply.speech == f"{HELP_LEAD} {asked_in_full} Please say yes or no."
    assert reply.speech.count("Please say yes or no.") == 1
    # AND the offer still stands: a yes answers it, and nothing is ordered until the read-back's own yes
    assert console.say("yes").speech.startswith("Done. I've ordered" if request_ == "order dawn" else DAWN_NAME)
    assert ordered(store) == ([DAWN] if request_ == "order dawn" else [])


# --- an aside at a question about one product of a spoken list ---------------------------------------------------

SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter, $3.29
SKIPPY_READ_BACK = "Skippy Creamy Peanut Butter, one jar, at $3.29 each. That's $3.58 with tax. Should I order it?"


def skippy_read_back_in_a_list(console: Console) -> Reply:
    """ "order peanut butter and dawn dish soap": taken one at a time; Skippy picked and read back."""
    console.say("open pantry pal")
    offered = console.say("order peanut butter and dawn dish soap")
    assert offered.speech.startswith("Let's take those one at a time, starting with peanut butter. Did you mean ")
    read_back = console.say("the second one")
    assert read_back.speech == SKIPPY_READ_BACK
    return read_back


def yes_to_the_rest_of_the_list(console: Console) -> list[Reply]:
    """Yes to each read-back until the list is done."""
    replies = [console.say("yes")]
    while "Next, " in replies[-1].speech:
        replies.append(console.say("yes"))
    return replies


@pytest.mark.parametrize("phrase", ["what's the weather", "bananas"])
def test_a_phrase_that_finds_no_product_at_a_read_back_in_a_list_keeps_it_and_the_list(
    console: Console, store: FakeShopperStore, phrase: str
) -> None:
    # GIVEN Skippy of a list read back, dawn dish soap still to come
    read_back = skippy_read_back_in_a_list(console)
    # WHEN the shopper says something that finds no product (Alexa's bare {Product} sample takes any phrase)
    reply = send(console, "OrderItemIntent", Product=phrase)
    # THEN no product search starts: they hear it was not found, and the read-back again, still waiting
    assert reply.speech == f"Sorry, I couldn't find {phrase}. {SKIPPY_READ_BACK} Please say yes or no."
    assert reply.reprompt == read_back.reprompt
    assert not reply.ends_session
    # AND a yes orders Skippy, and the rest of the list follows with its own yes
    replies = yes_to_the_rest_of_the_list(console)
    assert replies[0].speech.startswith("Done. I've ordered one jar of Skippy Creamy Peanut Butter")
    assert ordered(store) == [SKIPPY, DAWN]


@pytest.mark.parametrize(
    "slots",
    [{"Product": "bounty"}, {"Product": "bounty paper towels"}, {"Quantity": "2", "Product": "bounty paper towels"}],
    ids=["product", "named-in-full", "with-a-count"],
)
def test_another_product_at_a_read_back_in_a_list_joins_its_end_and_the_read_back_stays(
    console: Console, store: FakeShopperStore, slots: dict[str, str]
) -> None:
    # GIVEN Skippy of a list read back, dawn dish soap still to come
    read_back = skippy_read_back_in_a_list(console)
    # WHEN the shopper asks for another product
    reply = send(console, "OrderItemIntent", **slots)
    # THEN it joins the end of the list, and Skippy is read back again, still waiting for the yes
    added = " ".join(slots[name] for name in ("Quantity", "Product") if name in slots)
    assert reply.speech == (
        f"Okay, I've added {added} to the end of your list. {SKIPPY_READ_BACK} Please say yes or no."
    )
    assert reply.reprompt == read_back.reprompt
    # AND the list goes on in its order: Skippy, the dish soap, then the paper towels, each with its own yes
    replies = yes_to_the_rest_of_the_list(console)
    assert f"Next, {added}. Bounty Select-A-Size Paper Towels, " in replies[-2].speech
    assert [(line.product_id, line.quantity) for o in store.orders.values() for line in o.lines] == [
        (SKIPPY, 1), (DAWN, 1), (TOWELS, 2 if "Quantity" in slots else 1)
    ]


def test_the_product_read_back_named_again_with_a_count_is_read_back_anew_and_the_list_stays(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Skippy of a list read back (one jar)
    skippy_read_back_in_a_list(console)
    # WHEN the shopper asks for two jars of it
    reply = send(console, "OrderItemIntent", Product="two jars of skippy peanut butter")
    # THEN Skippy is read back with the new count, and the rest of the list still follows
    assert reply.speech.startswith("Skippy Creamy Peanut Butter, two jars, at $3.29 each.")
    yes_to_the_rest_of_the_list(console)
    assert [(line.product_id, line.quantity) for o in store.orders.values() for line in o.lines] == [
        (SKIPPY, 2), (DAWN, 1)
    ]


# --- while voice ordering is locked ---------------------------------------------------------------------------

COKE = "pp-0159"  # Coca-Cola Classic, packs of 12
LOCKED_NOW = (
    "That code isn't right, and voice ordering is now locked to keep your account safe. You can reset your "
    "voice code in the Pantry Pal app."
)


def lock_at_the_code(console: Console) -> Reply:
    """Three wrong codes where the code is asked for: the third locks voice ordering."""
    for wrong in ("1111", "2222"):
        assert console.say(wrong).speech.startswith("That code isn't right. You have")
    return console.say("3333")


def test_locked_at_the_code_in_a_list_a_product_whose_packs_do_not_fit_is_offered_for_the_cart_at_once(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN a list taken one at a time (a six pack of coke: Coca-Cola comes in 12s), dawn waiting for the code
    services.shopping.set_voice_code(shopper_id, CODE)
    console.say("open pantry pal")
    assert console.say("order dawn dish soap and a six pack of coke").speech.startswith(
        "Let's take those one at a time, starting with dawn dish soap."
    )
    console.say("yes")
    # WHEN three wrong codes lock voice ordering
    locked = lock_at_the_code(console)
    # THEN dawn is named and offered for the cart, with the rest of the list said
    assert locked.speech == (
        f"{LOCKED_NOW} I haven't ordered one bottle of {DAWN_NAME}, or the rest of your list: a six pack of coke. "
        f"Should I add {DAWN_NAME} to your cart instead?"
    )
    # AND after a no, the coke is offered for the cart in one question, as the packs it comes in
    declined = console.say("no")
    assert declined.speech == (
        "Okay, I'll skip that one. Next, a six pack of coke. I have Coca-Cola Classic only in packs of 12. "
        "Should I add one pack to your cart?"
    )
    assert declined.reprompt == "Should I add one pack of Coca-Cola Classic to your cart? Please say yes or no."
    # AND a yes adds it, with nothing ordered
    assert console.say("yes").speech.startswith("I've added one pack of Coca-Cola Classic to your cart.")
    assert services.shopping.cart(shopper_id).quantity_of(COKE) == 1
    assert services.shopping.cart(shopper_id).quantity_of(DAWN) == 0
    assert store.orders == {}
