"""Multi-turn shopping conversations through the real skill entry point, with in-memory fakes.

Covers ordering, the cart, reorder and usual items, order status, cancelling inside and outside the window,
the voice code, per-shopper limits, prices and stock read at the yes, account linking and retried requests.
Every phrase the shopper says is a sample (or a sample's slot filled in) from interaction_models/en-US.json.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from catalog import Catalog, Product
from orders import Limits, Order, OrderStatus, new_order_id
from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services, build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.console import Console, Reply
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.conftest import SKILL_ID
from tests.fakes import FakeReorderStore, FakeShopperStore

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99 a pack
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79 a bottle
STARBUCKS = "pp-0099"  # Starbucks Pike Place Roast Ground Coffee, $12.99 a bag
FOLGERS = "pp-0096"  # Folgers Classic Roast Ground Coffee


# --- helpers ------------------------------------------------------------------------------------------


def assert_reprompts(reply: Reply) -> None:
    assert reply.speech, "the shopper must hear something"
    assert reply.reprompt, "and be asked again"
    assert not reply.ends_session


def lines_of(order: Order) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for line in order.lines]


def only_order(store: FakeShopperStore) -> Order:
    (order,) = store.orders.values()
    return order


def only_the_next_yes_orders(console: Console, store: FakeShopperStore, lines: list[tuple[str, int]]) -> None:
    """Nothing is ordered yet; the shopper's yes then places exactly ``lines``."""
    assert store.orders == {}
    console.say("yes")
    assert lines_of(only_order(store)) == lines


def seed_order(
    services: Services, clock: SimulatedClock, shopper_id: str, *, days_ago: float, items: list[tuple[str, int]]
) -> Order:
    """Place a past order through the real service with the clock wound back, then restore the clock; its
    follow-up long done (its listeners marked run, as the skill marks them)."""
    clock.advance(-timedelta(days=days_ago))
    try:
        order = services.shopping.place(shopper_id, new_order_id(clock.now()), items).order
        services.shopping.listeners_ran(order)
        return order.model_copy(update={"listeners_done": True})
    finally:
        clock.advance(timedelta(days=days_ago))


class EditableCatalog:
    """The demo catalog, with products a test can reprice or take out of stock between two turns."""

    def __init__(self, base: Catalog) -> None:
        self._base = base
        self._changed: dict[str, Product] = {}

    def change(self, product_id: str, **update: Any) -> None:
        current = self.get(product_id)
        assert current is not None
        self._changed[product_id] = current.model_copy(update=update)

    def get(self, product_id: str) -> Product | None:
        return self._changed.get(product_id) or self._base.get(product_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


@dataclass
class Shop:
    """A skill built for one test (own settings, catalog or account directory) and a console talking to it."""

    console: Console
    services: Services
    store: FakeShopperStore
    invoke: Callable[[dict[str, Any]], dict[str, Any]]
    grammar: Grammar
    clock: SimulatedClock

    def console_for(self, *, user_id: str, access_token: str | None = None) -> Console:
        """Another Alexa user (or the same user after re-enabling the skill) talking to the same skill."""
        envelopes = Envelopes(skill_id=SKILL_ID, user_id=user_id, access_token=access_token)
        return Console(self.invoke, self.grammar, envelopes, now=self.clock.now)


@pytest.fixture
def shop(grammar: Grammar, clock: SimulatedClock, demo_catalog: Catalog) -> Callable[..., Shop]:
    def build(
        *,
        catalog: Any = None,
        directory: Any = None,
        user_id: str | None = None,
        access_token: str | None = None,
        **overrides: Any,
    ) -> Shop:
        store = FakeShopperStore()
        settings = Settings(skill_id=SKILL_ID, table_name="pantry-test", **overrides)
        services = build_services(
            settings,
            store=store,
            reorder_store=FakeReorderStore(),
            clock=clock,
            catalog=catalog or demo_catalog,
            directory=directory,
        )
        skill = build_skill(services)

        def invoke(envelope: dict[str, Any]) -> dict[str, Any]:
            return handle(envelope, None, skill)

        envelopes = Envelopes(skill_id=SKILL_ID, user_id=user_id, access_token=access_token)
        return Shop(Console(invoke, grammar, envelopes, now=clock.now), services, store, invoke, grammar, clock)

    return build


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


# --- ordering now -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "order two packs of bounty select a size paper towels",
        "buy two bounty select a size paper towels",
        "i need two bounty select a size paper towels",
    ],
)
def test_order_now_reads_back_product_quantity_unit_price_and_total_and_waits_for_yes(
    console: Console, store: FakeShopperStore, phrase: str
) -> None:
    # GIVEN an open session
    console.say("open pantry pal")
    # WHEN the shopper asks for two packs in any of the sample phrasings
    confirm = console.say(phrase)
    # THEN the read-back names product, quantity, unit price and tax-inclusive total, and nothing is ordered
    assert confirm.speech == (
        "Bounty Select-A-Size Paper Towels, two packs, at $19.99 each. That's $43.53 with tax. Should I order it?"
    )
    assert_reprompts(confirm)
    assert store.orders == {}
    # WHEN the shopper says yes
    console.say("yes")
    # THEN exactly that order exists
    assert lines_of(only_order(store)) == [(TOWELS, 2)]


def test_no_at_the_order_confirmation_orders_nothing_and_a_later_yes_finds_nothing_waiting(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a proposed order
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper says no, then yes
    declined = console.say("no")
    later = console.say("yes")
    # THEN the proposal is dropped: the no is acknowledged and the yes has nothing to confirm
    assert declined.speech == "Okay, I won't order it. What else can I do?"
    assert "nothing waiting for a yes" in later.speech
    assert store.orders == {}


def test_the_order_confirmation_speech_states_the_cancel_window_and_a_receipt_card_is_sent(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a proposed order of one bottle
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper confirms
    done = console.say("yes")
    # THEN they hear the summary, total and the 30 minute window, and a receipt card carries line and totals
    order = only_order(store)
    assert done.speech == (
        "Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13. "
        "You can cancel within 30 minutes by saying, cancel my last order."
    )
    assert done.card is not None
    assert done.card["title"] == f"Pantry Pal order {order.order_id}"
    assert done.card["content"].splitlines() == [
        "1 x Dawn Ultra Dish Soap Original Scent @ $3.79",
        "Subtotal $3.79",
        "Tax $0.34",
        "Total $4.13",
        "Cancel by 5:30 PM UTC",
    ]


# --- suggestions ----------------------------------------------------------------------------------------


def test_yes_to_a_suggestion_only_proposes_the_product_and_a_second_yes_orders_it(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN the skill offered the closest product to something it could not find
    console.say("open pantry pal")
    offer = console.say("order colgate mouthwash")
    assert "The closest I have is Crest Pro-Health Multi-Protection Mouthwash. Would you like that?" in offer.speech
    # WHEN the shopper says yes to the suggestion
    proposal = console.say("yes")
    # THEN that is not yet an order: the product is read back and needs its own yes
    assert proposal.speech.startswith("Crest Pro-Health Multi-Protection Mouthwash, one bottle, at $6.99 each.")
    only_the_next_yes_orders(console, store, [("pp-0073", 1)])


def test_no_to_a_suggestion_orders_nothing(console: Console, store: FakeShopperStore) -> None:
    # GIVEN a suggestion on the table
    console.say("open pantry pal")
    console.say("order colgate mouthwash")
    # WHEN the shopper declines it, then says yes
    declined = console.say("no")
    console.say("yes")
    # THEN nothing is ordered
    assert declined.speech == "Okay. What would you like instead?"
    assert store.orders == {}


def test_how_much_is_a_product_tells_its_price_and_only_two_yeses_order_it(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks a price
    price = console.say("how much is the bounty select a size paper towels")
    # THEN they hear the price of one pack and an offer, and nothing is ordered yet
    assert price.speech == "Bounty Select-A-Size Paper Towels is $19.99 for one pack. Would you like to order it?"
    assert_reprompts(price)
    # WHEN they say yes: the order is read back with its total and needs its own yes
    proposal = console.say("yes")
    assert proposal.speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")
    only_the_next_yes_orders(console, store, [(TOWELS, 1)])


def test_no_after_a_price_orders_nothing_and_moves_on(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("what's the price of dawn")
    # WHEN the shopper declines the offer, then says yes
    declined = console.say("no")
    later = console.say("yes")
    # THEN nothing is ordered, and the later yes finds nothing waiting
    assert declined.speech == "What else can I do?"
    assert later.speech.startswith("There's nothing waiting for a yes right now.")
    assert store.orders == {}


@pytest.mark.parametrize(
    ("offer", "count"),
    [("order dawn", "make it two"), ("order dawn", "actually make that two"), ("how much is dawn", "two please")],
)
def test_a_count_said_while_one_product_is_on_offer_reads_back_that_many_of_it(
    console: Console, store: FakeShopperStore, offer: str, count: str
) -> None:
    # GIVEN one product read back for a yes, or priced ("Would you like to order it?")
    console.say("open pantry pal")
    console.say(offer)
    # WHEN the shopper says a count before saying yes
    changed = console.say(count)
    # THEN that many are read back, and only the next yes orders them
    assert changed.speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles, at $3.79 each.")
    only_the_next_yes_orders(console, store, [(DAWN, 2)])


def test_after_a_count_over_the_limit_a_smaller_count_is_read_back_for_the_same_product(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    refused = console.say("order twenty dawn")
    again = console.say("say that again")
    # WHEN the shopper gives a count within the limit
    changed = console.say("make it five")
    # THEN the refusal could be heard again, and that count of the same product is read back for a yes
    assert refused.speech.startswith("Sorry, I can't order 20 of Dawn Ultra Dish Soap Original Scent")
    assert again.speech == refused.speech
    assert changed.speech.startswith("Dawn Ultra Dish Soap Original Scent, five bottles, at $3.79 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [(DAWN, 5)]


def test_make_it_two_with_nothing_proposed_asks_which_product(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("what's in my cart")
    reply = console.say("make it two")
    assert reply.speech == "Which product would you like?"
    assert_reprompts(reply)
    assert store.orders == {}


def test_add_them_to_my_cart_puts_every_product_of_the_order_read_back_in_the_cart(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn and bounty select a size paper towels")
    # WHEN the shopper would rather put them in the cart
    reply = console.say("add them to my cart")
    # THEN both lines go into the cart, and nothing is ordered or left waiting for a yes
    assert reply.speech.startswith(
        "I've added one bottle of Dawn Ultra Dish Soap Original Scent and one pack of Bounty Select-A-Size Paper "
        "Towels to your cart."
    )
    assert sorted((line.product_id, line.quantity) for line in store.carts[shopper_id].lines) == [
        (TOWELS, 1),
        (DAWN, 1),
    ]
    console.say("yes")
    assert store.orders == {}


def test_add_it_to_my_cart_adds_the_product_read_back_with_its_count(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("make it three")
    # WHEN the shopper would rather put it in the cart
    reply = console.say("add it to my cart")
    # THEN the three bottles go into the cart, and nothing is ordered
    assert reply.speech.startswith("I've added three bottles of Dawn Ultra Dish Soap Original Scent to your cart.")
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [(DAWN, 3)]
    assert store.orders == {}
    assert console.say("yes").speech.startswith("There's nothing waiting for a yes right now.")


@pytest.mark.parametrize("said", ["set my voice code to 1234", "turn off my voice code", "set my limit to 50 dollars"])
def test_limits_and_the_voice_code_are_read_out_but_never_changed_by_voice(
    console: Console, services: Services, shopper_id: str, store: FakeShopperStore, said: str
) -> None:
    # GIVEN a shopper whose orders need the voice code 4321
    services.shopping.set_voice_code(shopper_id, "4321")
    console.say("open pantry pal")
    # WHEN they ask to change a protection by voice
    reply = console.say(said)
    # THEN they hear their limits and where to change them; the code is neither said nor changed
    assert reply.speech == (
        "You can order up to 10 of any one product, and up to $250.00 in one order. Orders need your voice code. "
        "For your security, limits and the voice code can only be changed in the Pantry Pal app, not by voice."
    )
    assert "4321" not in reply.speech and "1234" not in reply.speech
    assert services.shopping.check_voice_code(shopper_id, "4321").ok
    assert services.shopping.limits(shopper_id).max_order_total == Decimal("250.00")
    assert store.carts.get(shopper_id) is None


@pytest.mark.parametrize(
    ("count", "done"),
    [
        ("order two", "Dawn Ultra Dish Soap Original Scent, two bottles, at $3.79 each."),
        ("add two to my cart", "I've added two bottles of Dawn Ultra Dish Soap Original Scent to your cart."),
    ],
)
def test_a_count_said_before_the_product_is_kept_for_the_answer_to_which_product(
    console: Console, count: str, done: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper says a count alone, is asked which product, and names it
    asked = console.say(count)
    reply = console.say("dawn")
    # THEN the count and what they wanted done (order, or cart) are both kept
    assert asked.speech == "Which product would you like?"
    assert reply.speech.startswith(done)


@pytest.mark.parametrize("count", ["order two packs", "order three bottles", "order a case", "order two gallons"])
def test_a_count_said_in_packs_or_a_measure_alone_asks_which_product(console: Console, count: str) -> None:
    console.say("open pantry pal")
    # WHEN the shopper says a count of packs, containers or a measure, with no product
    reply = console.say(count)
    # THEN they are asked which product (no product is guessed from the word "packs" or "gallons")
    assert reply.speech == "Which product would you like?"


def test_the_count_of_packs_said_alone_is_kept_through_the_choice_of_product(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper orders two packs, then names paper towels, then picks one of them
    console.say("order two packs")
    question = console.say("paper towels")
    reply = console.say("the first one")
    # THEN the two packs are read back, and the yes orders them
    assert question.speech.startswith("Did you mean Bounty Select-A-Size Paper Towels or ")
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, two packs, at $19.99 each.")
    console.say("yes")
    assert lines_of(only_order(store)) == [("pp-0001", 2)]


@pytest.mark.parametrize(
    ("setup", "answer", "read_back"),
    [
        ("order eight double a batteries", "two packs", "Duracell Coppertop AA Batteries, two packs, at $19.99 each."),
        ("order dawn", "make it three bottles", "Dawn Ultra Dish Soap Original Scent, three bottles, at $3.79 each."),
    ],
)
def test_a_count_of_packs_said_to_an_offer_or_a_read_back_is_a_count_of_it(
    console: Console, store: FakeShopperStore, setup: str, answer: str, read_back: str
) -> None:
    console.say("open pantry pal")
    console.say(setup)
    # WHEN the shopper answers the offer or read-back of one product with a count of packs
    reply = console.say(answer)
    # THEN that many of the product are read back for a yes, and nothing is ordered yet
    assert reply.speech.startswith(read_back)
    assert store.orders == {}


@pytest.mark.parametrize("again", ["say that again", "how much is that"])
def test_say_that_again_repeats_the_read_back_and_the_yes_still_answers_it(
    console: Console, store: FakeShopperStore, again: str
) -> None:
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper asks to hear it again
    repeated = console.say(again)
    # THEN the same read-back is said, and a yes orders it
    assert repeated.speech == read_back.speech
    assert_reprompts(repeated)
    console.say("yes")
    assert lines_of(only_order(store)) == [(DAWN, 1)]


def test_thanks_while_an_order_is_read_back_asks_the_question_again_and_orders_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper says thanks instead of yes or no
    reply = console.say("thanks")
    # THEN the question is asked again as first asked (no count is asked for, nothing is ordered), and a yes
    # answers it
    assert reply.speech == (
        "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"
        " Please say yes or no."
    )
    only_the_next_yes_orders(console, store, [(DAWN, 1)])


def test_hello_is_greeted_not_searched(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("hello")
    assert reply.speech.startswith("Hi! You can say, order coffee")
    assert_reprompts(reply)


@pytest.mark.parametrize(
    ("said", "count"), [("order two percent milk", "one carton"), ("order two 2% milk", "two cartons")]
)
def test_a_number_that_is_part_of_the_name_is_not_taken_as_the_count(
    console: Console, said: str, count: str
) -> None:
    # GIVEN Alexa's NUMBER slot takes "two" of "two percent milk", leaving "percent milk" as the product
    console.say("open pantry pal")
    # WHEN the shopper orders 2% milk (two are sold) and picks the first
    asked = console.say(said)
    reply = console.say("the first one")
    # THEN the number stays in the name: one carton of 2% milk (two only when a count is said too)
    assert asked.speech == "Did you mean Horizon Organic 2% Milk or Good & Gather 2% Reduced Fat Milk?"
    assert reply.speech.startswith(f"Horizon Organic 2% Milk, {count}, at $5.79 each.")


def test_a_choice_with_no_choice_offered_asks_the_read_back_again_and_a_yes_then_orders_it(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an order read back for a yes
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper answers as if choosing between products (ChooseIntent)
    aside = console.say("the second one")
    # THEN the read-back is not lost: it is said again in full, still waiting, and nothing is ordered
    assert aside.speech == f"Sorry, I didn't catch that. {read_back.speech} Please say yes or no."
    assert aside.reprompt == read_back.reprompt
    assert store.orders == {}
    # AND the yes that follows answers the read-back just heard
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")


# --- the cart -------------------------------------------------------------------------------------------


def test_the_cart_adds_changes_removes_and_reads_back_lines_and_total(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper adds two products
    first = console.say("add two bounty select a size paper towels to my cart")
    second = console.say("add dawn to my cart")
    # THEN each add reports the cart total with tax, and nothing is ordered
    assert first.speech == (
        "I've added two packs of Bounty Select-A-Size Paper Towels to your cart. Your cart comes to $43.53 with tax."
    )
    assert second.speech.endswith("Your cart comes to $47.65 with tax.")  # 39.98 + 3.79 = 43.77, + tax 3.88
    # WHEN they change a quantity and remove a line
    changed = console.say("change bounty select a size paper towels to 3")
    removed = console.say("remove dawn from my cart")
    read = console.say("what's in my cart")
    # THEN the cart holds exactly what is left, read back with its total
    assert changed.speech == "Your cart now has three packs of Bounty Select-A-Size Paper Towels."
    assert removed.speech == "I've removed Dawn Ultra Dish Soap Original Scent from your cart."
    assert read.speech == "Your cart has three packs of Bounty Select-A-Size Paper Towels. That's $65.29 with tax."
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [(TOWELS, 3)]
    assert store.orders == {}


def test_help_while_an_order_waits_asks_the_question_again_and_yes_then_orders(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    # WHEN the shopper asks for help instead of answering
    helped = console.say("help")
    # THEN the question is asked again, in full, and a yes now answers it
    assert helped.speech.endswith(
        "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. "
        "Should I order it? Please say yes or no."
    )
    assert_reprompts(helped)
    only_the_next_yes_orders(console, store, [("pp-0014", 1)])


def test_help_with_nothing_pending_says_what_the_skill_does(console: Console) -> None:
    console.say("open pantry pal")
    console.say("what's in my cart")
    # WHEN nothing is waiting for an answer, THEN help is the general help
    assert console.say("help").speech.startswith("Pantry Pal orders your household staples.")


@pytest.mark.parametrize(
    ("said", "heard", "ends"),
    [
        ("cancel", "Okay, I haven't ordered anything. What else can I do?", False),
        ("stop", "Okay, I haven't ordered anything. Goodbye.", True),
    ],
)
def test_cancel_or_stop_while_an_order_waits_says_nothing_was_ordered(
    console: Console, store: FakeShopperStore, said: str, heard: str, ends: bool
) -> None:
    console.say("open pantry pal")
    console.say("order dawn dish soap")
    # WHEN the shopper cancels or stops instead of answering
    reply = console.say(said)
    # THEN they hear that nothing was ordered; cancel cancels only the order, stop ends the session
    assert reply.speech == heard
    assert reply.ends_session is ends
    assert store.orders == {}


@pytest.mark.parametrize(
    ("answer", "read_back"),
    [("two", "two cartons"), ("5", "five cartons"), ("a couple", "two cartons"), ("a dozen", "one carton")],
)
def test_the_answer_to_how_many_orders_that_many_of_the_product_asked_about(
    console: Console, store: FakeShopperStore, answer: str, read_back: str
) -> None:
    console.say("open pantry pal")
    # GIVEN "how many would you like?" after a quantity the skill cannot order
    asked = console.say("order 0 eggland's best eggs")
    assert asked.speech == "Sorry, 0 isn't a quantity I can order. How many would you like?"
    # WHEN the shopper answers with a count
    reply = console.say(answer)
    # THEN the product they asked about is read back with that count (a dozen eggs is one carton of 12)
    assert reply.speech.startswith(f"Eggland's Best Large White Eggs, {read_back}, at $4.79 each.")
    assert store.orders == {}


@pytest.mark.parametrize("said", ["order", "order the", "order three", "add to my cart", "order some"])
def test_a_request_that_names_no_product_asks_which_product(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper says a command, a filler or a count, and no product
    reply = console.say(said)
    # THEN the skill asks which product, rather than searching the catalog for "order" or "three"
    assert reply.speech == "Which product would you like?"
    assert_reprompts(reply)
    assert store.orders == {}


@pytest.mark.parametrize(
    ("said", "read_back"),
    [
        ("order a dozen eggs", "Eggland's Best Large White Eggs, one carton, at $4.79 each."),
        ("order two dozen eggland's best eggs", "Eggland's Best Large White Eggs, two cartons, at $4.79 each."),
        ("order two cartons of eggland's best eggs", "Eggland's Best Large White Eggs, two cartons, at $4.79 each."),
    ],
)
def test_a_dozen_eggs_is_one_carton_of_twelve_not_twelve_cartons(console: Console, said: str, read_back: str) -> None:
    # GIVEN Eggland's Best eggs come in cartons of 12 (size "12 ct")
    console.say("open pantry pal")
    # WHEN the shopper counts eggs ("a dozen eggs") or cartons ("two cartons of")
    reply = console.say(said)
    # THEN the order read back counts cartons the way they meant
    assert reply.speech.startswith(read_back)


def test_a_word_of_a_brand_is_not_added_to_the_cart_as_that_brand_s_product(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN the demo catalog sells Banana Boat sunscreen and no bananas
    console.say("open pantry pal")
    # WHEN the shopper asks for bananas
    reply = console.say("add bananas to my cart")
    # THEN the skill says it has none and asks what they would like: sunscreen is no suggestion for bananas
    assert reply.speech == "Sorry, I couldn't find bananas. What would you like instead?"
    assert_reprompts(reply)
    assert store.carts.get(shopper_id) is None or store.carts[shopper_id].lines == ()


def test_a_count_of_boxes_said_apart_from_the_product_still_adds_that_many_boxes(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN Alexa fills "add {Quantity} {Product} to my cart" with Product = "boxes of cheerios"
    console.say("open pantry pal")
    # WHEN the shopper adds two boxes of cheerios (two Cheerios cereals are close) and picks one
    asked = console.say("add two boxes of cheerios to my cart")
    added = console.say("the second one")
    # THEN the container word is no part of the product: they are asked which Cheerios, and two boxes go in
    assert asked.speech == "Did you mean Honey Nut Cheerios Cereal or Cheerios Original Cereal?"
    assert added.speech.startswith("I've added two boxes of Cheerios Original Cereal to your cart.")
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [("pp-0109", 2)]


def test_removing_a_product_that_is_not_in_the_cart_says_so(console: Console) -> None:
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    reply = console.say("remove bounty select a size paper towels from my cart")
    assert reply.speech == "Bounty Select-A-Size Paper Towels isn't in your cart."


def test_check_out_asks_once_for_the_whole_cart_and_yes_orders_every_line_and_empties_the_cart(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN a cart with two lines
    console.say("open pantry pal")
    console.say("add two bounty select a size paper towels to my cart")
    console.say("add dawn to my cart")
    # WHEN the shopper checks out
    confirm = console.say("check out")
    # THEN one question covers the whole cart, and nothing is ordered yet
    assert confirm.speech == (
        "Your cart has two packs of Bounty Select-A-Size Paper Towels and one bottle of Dawn Ultra Dish Soap "
        "Original Scent, for $47.65 with tax. Should I place the order?"
    )
    assert store.orders == {}
    # WHEN they say yes
    done = console.say("yes")
    # THEN one order holds both lines, the cart is empty, and the receipt card lists both lines
    assert lines_of(only_order(store)) == [(TOWELS, 2), (DAWN, 1)]
    assert store.carts[shopper_id].is_empty
    assert done.card is not None
    assert done.card["content"].splitlines()[:2] == [
        "2 x Bounty Select-A-Size Paper Towels @ $19.99",
        "1 x Dawn Ultra Dish Soap Original Scent @ $3.79",
    ]
    assert console.say("what's in my cart").speech == "Your cart is empty."


@pytest.mark.parametrize("answer", ["no", "no thanks"])
def test_no_at_check_out_orders_nothing_and_keeps_the_cart(
    console: Console, store: FakeShopperStore, shopper_id: str, answer: str
) -> None:
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("checkout")
    # WHEN the shopper declines the checkout
    console.say(answer)
    # THEN no order exists and the cart is untouched
    assert store.orders == {}
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [(DAWN, 1)]


def test_silence_at_check_out_ends_the_session_without_an_order_and_keeps_the_cart(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a checkout waiting for a yes
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("place my order")
    # WHEN the shopper says nothing and Alexa ends the session
    console.send(console.envelopes.session_ended("EXCEEDED_MAX_REPROMPTS"))
    # THEN nothing was ordered, a yes in the next session has nothing to confirm, and the cart is still there
    console.say("open pantry pal")
    assert "nothing waiting" in console.say("yes").speech
    assert store.orders == {}
    assert "one bottle of Dawn Ultra Dish Soap Original Scent" in console.say("what's in my cart").speech


def test_a_yes_after_changing_the_cart_during_check_out_does_not_order_the_removed_product(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a checkout of paper towels and Dawn waiting for a yes
    console.say("open pantry pal")
    console.say("add two bounty select a size paper towels to my cart")
    console.say("add dawn to my cart")
    console.say("check out")
    # WHEN the shopper removes Dawn from the cart (the check-out is read back again) and then says yes
    removed = console.say("remove dawn from my cart")
    assert removed.speech == (
        "I've removed Dawn Ultra Dish Soap Original Scent from your cart. Your cart has two packs of Bounty "
        "Select-A-Size Paper Towels, for $43.53 with tax. Should I place the order?"
    )
    console.say("yes")
    # THEN Dawn, which they just removed, is not ordered
    assert all(line.product_id != DAWN for order in store.orders.values() for line in order.lines)


def test_empty_the_cart_removes_everything_and_check_out_then_has_nothing_to_order(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("add bounty select a size paper towels to my cart")
    asked = console.say("empty my cart")
    emptied = console.say("yes")
    checkout = console.say("check out")
    assert asked.speech == "Empty your cart of two items?"
    assert emptied.speech == "I've emptied your cart."
    assert checkout.speech == "Your cart is empty."
    console.say("yes")
    assert store.orders == {}


def test_the_cart_survives_the_end_of_the_session(console: Console) -> None:
    # GIVEN a cart filled in one session that then ended
    console.say("open pantry pal")
    console.say("add two bounty select a size paper towels to my cart")
    console.end_session()
    # WHEN the shopper opens the skill again and asks about the cart
    console.say("open pantry pal")
    reply = console.say("what is in my cart")
    # THEN the cart is still there with its total
    assert reply.speech == "Your cart has two packs of Bounty Select-A-Size Paper Towels. That's $43.53 with tax."


def test_adding_above_the_quantity_limit_is_refused_and_leaves_the_cart_as_it_was(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN eight packs in the cart (limit 10 per item)
    console.say("open pantry pal")
    console.say("add eight bounty select a size paper towels to my cart")
    # WHEN the shopper adds three more
    reply = console.say("add three bounty select a size paper towels to my cart")
    # THEN the add is refused with the limit explained, not capped at ten
    assert reply.speech.startswith("Sorry, I can't order 11 of Bounty Select-A-Size Paper Towels")
    assert "your limit is 10 per item" in reply.speech
    assert [(line.product_id, line.quantity) for line in store.carts[shopper_id].lines] == [(TOWELS, 8)]


def test_an_absurd_count_said_in_words_is_refused_not_turned_into_one(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN Alexa puts the whole phrase in the Product slot ("order {Product}")
    console.say("open pantry pal")
    # WHEN the shopper asks for a thousand eggs, and picks the eggs they meant
    asked = console.say("order a thousand eggs")
    reply = console.say("the first one")
    # THEN the limit is explained for a thousand, and no carton is proposed
    assert asked.speech.startswith("Did you mean Eggland's Best Large White Eggs or ")
    assert reply.speech.startswith("Sorry, I can't order 1000 of Eggland's Best Large White Eggs")
    assert "Should I order" not in reply.speech
    assert store.orders == {}


# --- reorder and usual items ----------------------------------------------------------------------------


@pytest.fixture
def history(services: Services, clock: SimulatedClock, shopper_id: str) -> list[Order]:
    """Five past orders, oldest first: coffee is in four, paper towels in two (last time four packs)."""
    return [
        seed_order(services, clock, shopper_id, days_ago=60, items=[(STARBUCKS, 2), (TOWELS, 1)]),
        seed_order(services, clock, shopper_id, days_ago=40, items=[(STARBUCKS, 3)]),
        seed_order(services, clock, shopper_id, days_ago=20, items=[(TOWELS, 4), (DAWN, 1)]),
        seed_order(services, clock, shopper_id, days_ago=10, items=[(STARBUCKS, 1)]),
        seed_order(services, clock, shopper_id, days_ago=5, items=[(STARBUCKS, 2)]),
    ]


def test_order_paper_towels_again_replays_the_product_and_quantity_of_the_last_order_of_it(
    console: Console, store: FakeShopperStore, history: list[Order]
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks for paper towels again
    confirm = console.say("order paper towels again")
    # THEN the last paper towel order (four packs, 20 days ago) is proposed, not ordered
    assert confirm.speech.startswith("Bounty Select-A-Size Paper Towels, four packs, at $19.99 each.")
    assert len(store.orders) == len(history)
    # WHEN they confirm
    console.say("yes")
    # THEN a new order with that product and quantity exists
    newest = max(store.orders.values(), key=lambda order: order.order_id)
    assert lines_of(newest) == [(TOWELS, 4)]
    assert len(store.orders) == len(history) + 1


def test_reorder_my_usual_coffee_finds_the_coffee_the_shopper_buys_and_no_orders_nothing(
    console: Console, store: FakeShopperStore, history: list[Order]
) -> None:
    console.say("open pantry pal")
    confirm = console.say("reorder my usual coffee")
    # THEN their own coffee (not the catalog's most popular) with last time's two bags is proposed
    assert confirm.speech.startswith("Starbucks Pike Place Roast Ground Coffee, two bags, at $12.99 each.")
    console.say("no")
    assert len(store.orders) == len(history)


def test_reorder_skips_a_cancelled_order_and_uses_the_last_placed_quantity(
    console: Console, services: Services, clock: SimulatedClock, shopper_id: str, history: list[Order]
) -> None:
    # GIVEN a newer paper towel order of seven packs that was cancelled
    clock.advance(timedelta(minutes=-5))
    cancelled = services.shopping.place(shopper_id, new_order_id(clock.now()), [(TOWELS, 7)]).order
    services.shopping.cancel(shopper_id, cancelled.order_id)
    clock.advance(timedelta(minutes=5))
    console.say("open pantry pal")
    # WHEN the shopper orders paper towels again
    confirm = console.say("order paper towels again")
    # THEN the quantity comes from the last order that went through (four packs)
    assert "four packs" in confirm.speech


def test_reordering_a_product_never_bought_offers_it_and_still_needs_two_yeses(
    console: Console, store: FakeShopperStore, history: list[Order]
) -> None:
    console.say("open pantry pal")
    offer = console.say("order folgers again")
    assert offer.speech == (
        "I can't find Folgers Classic Roast Ground Coffee in your past orders. Would you like to order it now?"
    )
    proposal = console.say("yes")
    assert proposal.speech.startswith("Folgers Classic Roast Ground Coffee, one canister, at $16.99 each.")
    assert len(store.orders) == len(history)
    console.say("yes")
    assert len(store.orders) == len(history) + 1


CAT_FOOD = "pp-0090"  # Fancy Feast Classic Pate Variety Pack Wet Cat Food
DOG_FOOD = "pp-0084"  # Purina ONE Chicken & Rice Formula Dry Dog Food, $31.99 a bag


@pytest.fixture
def cat_food_history(services: Services, clock: SimulatedClock, shopper_id: str) -> list[Order]:
    """A shopper who buys cat food, and has never bought dog food."""
    return [seed_order(services, clock, shopper_id, days_ago=days, items=[(CAT_FOOD, 1)]) for days in (30, 15, 3)]


def test_ordering_again_a_product_never_bought_is_not_a_past_purchase_that_only_shares_a_word(
    console: Console, store: FakeShopperStore, cat_food_history: list[Order]
) -> None:
    console.say("open pantry pal")
    # WHEN a shopper who buys cat food asks for dog food again
    offer = console.say("order dog food again")
    # THEN they hear that dog food is not in their past orders, and it is offered: not their cat food
    assert offer.speech == (
        "I can't find Purina ONE Chicken & Rice Formula Dry Dog Food in your past orders. "
        "Would you like to order it now?"
    )
    assert offer.reprompt == (
        "Would you like to order Purina ONE Chicken & Rice Formula Dry Dog Food now? Please say yes or no."
    )
    # AND the yes that question asks for reads the dog food back; only its own yes orders it
    proposal = console.say("yes")
    assert proposal.speech.startswith("Purina ONE Chicken & Rice Formula Dry Dog Food, one bag, at $31.99 each.")
    console.say("yes")
    newest = max(store.orders.values(), key=lambda order: order.order_id)
    assert lines_of(newest) == [(DOG_FOOD, 1)]


def test_ordering_again_what_the_shopper_buys_still_reads_back_their_own(
    console: Console, cat_food_history: list[Order]
) -> None:
    console.say("open pantry pal")
    # WHEN the cat food buyer asks for cat food again, THEN it is their cat food
    reply = console.say("order cat food again")
    assert reply.speech.startswith("Fancy Feast Classic Pate Variety Pack Wet Cat Food, one pack, at $23.49 each.")


def test_ordering_again_a_product_the_catalog_does_not_have_asks_no_question_nothing_answers(
    console: Console, store: FakeShopperStore, cat_food_history: list[Order]
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper reorders something no product is named like
    reply = console.say("reorder flubberwidgets")
    # THEN they hear it was not found and are asked what they would like, not asked for a yes
    assert reply.speech == "Sorry, I couldn't find flubberwidgets. What would you like instead?"
    assert reply.reprompt == "Tell me the product, for example, paper towels."
    assert len(store.orders) == len(cat_food_history)


def test_never_ask_about_a_product_never_bought_is_not_about_a_past_purchase_that_only_shares_a_word(
    console: Console, cat_food_history: list[Order]
) -> None:
    console.say("open pantry pal")
    # WHEN the cat food buyer says never to ask about dog food
    reply = console.say("never ask me about dog food")
    # THEN the answer is about dog food, not about the cat food they buy
    assert "Cat Food" not in reply.speech and "Dog Food" in reply.speech


def test_what_do_i_usually_buy_lists_the_most_repeated_products_most_first(
    console: Console, history: list[Order]
) -> None:
    console.say("open pantry pal")
    reply = console.say("what do i usually buy")
    assert reply.speech == (
        "You usually buy Starbucks Pike Place Roast Ground Coffee, Bounty Select-A-Size Paper Towels and "
        "Dawn Ultra Dish Soap Original Scent. Would you like one of them?"
    )
    # AND "the second one" then reads that product back for a yes; "no" to all three is "none of those"
    picked = console.say("the second one")
    assert picked.speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")
    console.say("what do i usually buy")
    assert console.say("no").speech == "Okay, none of those. What would you like instead?"


def test_usual_items_without_any_history_says_it_does_not_know_yet(console: Console) -> None:
    console.say("open pantry pal")
    reply = console.say("what are my usual items")
    assert reply.speech.startswith("I don't know your usual items yet.")


# --- order status ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["where is my order", "what did i order last"])
def test_order_status_without_orders_says_there_are_none(console: Console, question: str) -> None:
    console.say("open pantry pal")
    assert console.say(question).speech == "You haven't placed any orders with Pantry Pal yet."


@pytest.mark.parametrize("question", ["where is my order", "what did i order last"])
def test_order_status_lists_the_latest_orders_newest_first_with_their_state(
    console: Console, services: Services, clock: SimulatedClock, shopper_id: str, question: str
) -> None:
    # GIVEN an order from yesterday that was cancelled, one from 3 days ago, and one placed just now
    seed_order(services, clock, shopper_id, days_ago=3, items=[(STARBUCKS, 2)])
    cancelled = seed_order(services, clock, shopper_id, days_ago=1, items=[(TOWELS, 1)])
    services.store.mark_cancelled(cancelled, at=clock.now())
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    # WHEN the shopper asks
    reply = console.say(question)
    # THEN the three orders are read newest first, each with when and where it stands
    assert reply.speech == (
        "Here are your latest orders. Placed today: one bottle of Dawn Ultra Dish Soap Original Scent; you can "
        "still cancel it. Placed yesterday: one pack of Bounty Select-A-Size Paper Towels; it was cancelled. "
        "Placed 3 days ago: two bags of Starbucks Pike Place Roast Ground Coffee; it's with the store."
    )


# --- cancel ---------------------------------------------------------------------------------------------


def place_dawn(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")


def test_cancel_my_last_order_inside_the_window_asks_first_and_yes_cancels_it(
    console: Console, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an order placed 29 minutes ago
    place_dawn(console)
    clock.advance(timedelta(minutes=29))
    # WHEN the shopper asks to cancel it
    confirm = console.say("cancel my last order")
    # THEN they are asked first, and the order is still placed
    assert confirm.speech == (
        "Your last order was one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13. Should I cancel it?"
    )
    assert only_order(store).status is OrderStatus.PLACED
    # WHEN they say yes
    done = console.say("yes")
    # THEN the order is cancelled
    assert done.speech.startswith("Okay, I've cancelled that order.")
    assert only_order(store).status is OrderStatus.CANCELLED
    assert only_order(store).cancelled_at == clock.now()


def test_cancel_my_coffee_order_cancels_the_order_holding_it_not_the_latest(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a coffee order, then a later dish soap order, both inside the cancel window
    console.say("open pantry pal")
    console.say("order starbucks pike place roast ground coffee")
    console.say("yes")
    place_dawn(console)
    # WHEN the shopper cancels "my coffee order", then a product they never ordered
    confirm = console.say("cancel my starbucks pike place roast ground coffee order")
    done = console.say("yes")
    missing = console.say("cancel my bounty select a size paper towels order")
    # THEN the coffee order is read back and cancelled; the dish soap order stays placed
    assert confirm.speech == (
        "I found your order of one bag of Starbucks Pike Place Roast Ground Coffee, for $14.14. Should I cancel it?"
    )
    assert done.speech.startswith("Okay, I've cancelled that order.")
    status = {lines_of(order)[0][0]: order.status for order in store.orders.values()}
    assert status == {STARBUCKS: OrderStatus.CANCELLED, DAWN: OrderStatus.PLACED}
    assert missing.speech.startswith("I can't find a recent order with bounty select a size paper towels in it.")


def test_no_to_cancel_keeps_the_order(console: Console, store: FakeShopperStore) -> None:
    place_dawn(console)
    console.say("cancel my order")
    reply = console.say("no")
    assert reply.speech == "Okay, your order stays as it is."
    assert only_order(store).status is OrderStatus.PLACED


def test_cancel_outside_the_window_is_refused_with_the_window_stated(
    console: Console, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN an order placed 31 minutes ago
    place_dawn(console)
    clock.advance(timedelta(minutes=31))
    # WHEN the shopper asks to cancel it
    reply = console.say("cancel my last order")
    # THEN it is refused, the 30 minute window is stated, and a yes changes nothing
    assert reply.speech == (
        "Sorry, your last order can't be cancelled any more: orders can be cancelled within 30 minutes of "
        "placing them, and it's already being prepared."
    )
    console.say("yes")
    assert only_order(store).status is OrderStatus.PLACED


def test_the_window_is_checked_again_at_the_yes_to_cancel(
    console: Console, store: FakeShopperStore, clock: SimulatedClock
) -> None:
    # GIVEN the cancel question was asked inside the window
    place_dawn(console)
    clock.advance(timedelta(minutes=29))
    console.say("cancel my last order")
    # WHEN the yes comes after the window closed
    clock.advance(timedelta(minutes=2))
    reply = console.say("yes")
    # THEN the cancel is refused and the order stands
    assert "within 30 minutes" in reply.speech
    assert only_order(store).status is OrderStatus.PLACED


def test_the_cancel_window_is_configurable_and_every_message_states_it(shop: Callable[..., Shop]) -> None:
    # GIVEN a skill configured with a 10 minute cancel window
    s = shop(cancel_window=timedelta(minutes=10))
    s.console.say("open pantry pal")
    s.console.say("order dawn")
    # WHEN an order is placed
    done = s.console.say("yes")
    # THEN the confirmation and the receipt state the 10 minute window
    assert "You can cancel within ten minutes" in done.speech
    assert done.card is not None and "Cancel by 5:10 PM UTC" in done.card["content"]
    # AND 11 minutes later the cancel is refused, naming the same window
    s.clock.advance(timedelta(minutes=11))
    refused = s.console.say("cancel my last order")
    assert "orders can be cancelled within ten minutes of placing them" in refused.speech
    assert only_order(s.store).status is OrderStatus.PLACED


def test_a_big_order_is_summarised_in_the_status(
    console: Console, services: Services, shopper_id: str
) -> None:
    # GIVEN an order of four different products
    items = [("pp-0001", 1), ("pp-0014", 1), ("pp-0098", 2), ("pp-0163", 1)]
    services.shopping.place(shopper_id, "20261122T120000-big", items)
    console.say("open pantry pal")
    # WHEN the shopper asks where it is
    status = console.say("where is my order")
    # THEN two examples stand for the rest, instead of every line being read out
    assert status.speech == (
        "Here are your latest orders. Placed today: 4 items, including Bounty Select-A-Size Paper Towels and "
        "Dawn Ultra Dish Soap Original Scent; you can still cancel it."
    )


def test_cancelling_an_already_cancelled_order_says_so(console: Console, store: FakeShopperStore) -> None:
    place_dawn(console)
    console.say("cancel my last order")
    console.say("yes")
    again = console.say("cancel my last order")
    assert again.speech == "Your last order is already cancelled."


def test_cancel_with_no_orders_says_there_is_nothing_to_cancel(console: Console) -> None:
    console.say("open pantry pal")
    assert console.say("cancel my last order").speech == "You don't have an order to cancel."


# --- the voice code -------------------------------------------------------------------------------------


@pytest.fixture
def voice_code(services: Services, shopper_id: str) -> str:
    services.shopping.set_voice_code(shopper_id, "1234")
    return "1234"


def test_with_a_voice_code_the_yes_asks_for_the_code_and_the_right_code_orders(
    console: Console, store: FakeShopperStore, voice_code: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper says yes
    ask = console.say("yes")
    # THEN the code is asked for before anything is ordered
    assert ask.speech == "Please say your four digit voice code."
    assert store.orders == {}
    # WHEN they say the right code
    done = console.say(f"my code is {voice_code}")
    # THEN the order is placed
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert lines_of(only_order(store)) == [(DAWN, 1)]


def test_with_a_voice_code_check_out_also_asks_for_the_code_before_ordering(
    console: Console, store: FakeShopperStore, shopper_id: str, voice_code: str
) -> None:
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("check out")
    ask = console.say("yes")
    assert ask.speech == "Please say your four digit voice code."
    assert store.orders == {}
    console.say(f"my code is {voice_code}")
    assert lines_of(only_order(store)) == [(DAWN, 1)]
    assert store.carts[shopper_id].is_empty


def test_a_wrong_voice_code_says_how_many_tries_are_left_and_orders_nothing(
    console: Console, store: FakeShopperStore, voice_code: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    first = console.say("my code is 1111")
    second = console.say("the code is 2222")
    assert first.speech == "That code isn't right. You have two tries left. What's your voice code?"
    assert second.speech == "That code isn't right. You have one try left. What's your voice code?"
    assert store.orders == {}
    # AND the right code on the last try still orders
    console.say("my code is one two three four")
    assert len(store.orders) == 1


def test_a_retried_delivery_of_a_wrong_code_counts_as_one_try(
    console: Console, store: FakeShopperStore, voice_code: str, shopper_id: str
) -> None:
    # GIVEN a wrong code whose request Alexa (or Lambda) delivers twice
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("my code is 1111")
    retried = copy.deepcopy(console.last_envelope)
    retried["session"]["attributes"] = {"awaiting": "voice_code", **retried["session"]["attributes"]}
    again = console.send(retried)
    # THEN it still counts as one wrong try
    assert store.profiles[shopper_id].failed_code_attempts == 1
    assert "two tries left" in again.speech


def test_no_at_the_voice_code_prompt_orders_nothing(console: Console, store: FakeShopperStore, voice_code: str) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    reply = console.say("no")
    console.say(f"my code is {voice_code}")
    assert reply.speech == "Okay, I won't order it. What else can I do?"
    assert store.orders == {}


def test_three_wrong_codes_lock_voice_ordering_even_for_the_right_code_and_later_sessions(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str, voice_code: str
) -> None:
    # GIVEN three wrong codes
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("my code is 1111")
    console.say("my code is 2222")
    locked = console.say("my code is 3333")
    # THEN voice ordering is locked and said to be
    assert "voice ordering is now locked" in locked.speech
    # WHEN the shopper then says the right code in the same session
    console.say(f"my code is {voice_code}")
    # AND tries again in a later session
    console.end_session()
    console.say("open pantry pal")
    later = console.say("order dawn")
    console.say("yes")
    console.say(f"my code is {voice_code}")
    # THEN nothing was ordered, and the later order is told at once that ordering is locked
    assert "Voice ordering is locked after three wrong voice codes" in later.speech
    assert store.orders == {}
    # AND once the code is reset, ordering works again
    services.shopping.set_voice_code(shopper_id, "5678")
    console.say("order dawn")
    console.say("yes")
    console.say("my code is 5678")
    assert len(store.orders) == 1


def test_a_right_code_resets_the_count_of_wrong_tries(
    console: Console, store: FakeShopperStore, shopper_id: str, voice_code: str
) -> None:
    # GIVEN two wrong codes then the right one
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("my code is 1111")
    console.say("my code is 2222")
    console.say(f"my code is {voice_code}")
    # WHEN the next order gets one wrong code
    console.say("order bounty select a size paper towels")
    console.say("yes")
    reply = console.say("my code is 1111")
    # THEN the shopper again has two tries left, not a lock
    assert "You have two tries left" in reply.speech
    assert store.profiles[shopper_id].failed_code_attempts == 1


# --- limits ---------------------------------------------------------------------------------------------


def test_an_order_above_the_quantity_limit_is_refused_not_capped(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks for eleven packs (limit 10)
    reply = console.say("order eleven bounty select a size paper towels")
    # THEN the order is refused with the limit explained, and a yes does not order ten
    assert reply.speech == (
        "Sorry, I can't order 11 of Bounty Select-A-Size Paper Towels: your limit is 10 per item. "
        "You can order fewer, or change the limit in the Pantry Pal app."
    )
    assert_reprompts(reply)
    console.say("yes")
    assert store.orders == {}


def test_the_quantity_limit_is_per_shopper(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN this shopper's own limit of three per item
    console.say("open pantry pal")
    profile = services.shopping.profile(shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"limits": Limits(max_quantity_per_line=3)}))
    # WHEN they ask for four packs
    reply = console.say("order four bounty select a size paper towels")
    # THEN it is refused with their limit
    assert "your limit is 3 per item" in reply.speech
    console.say("yes")
    assert store.orders == {}


def test_an_order_above_the_total_limit_is_refused_with_the_total_and_the_limit(shop: Callable[..., Shop]) -> None:
    # GIVEN an order limit of $50
    s = shop(max_order_total=Decimal("50"))
    s.console.say("open pantry pal")
    # WHEN the shopper orders three packs ($65.29 with tax)
    reply = s.console.say("order three bounty select a size paper towels")
    # THEN it is refused, naming the total and the limit, and nothing is ordered
    assert reply.speech == (
        "Sorry, that comes to $65.29, which is over your order limit of $50.00, so I didn't order it. "
        "You can order less, or change the limit in the Pantry Pal app."
    )
    s.console.say("yes")
    assert s.store.orders == {}


def test_a_cart_over_the_total_limit_cannot_be_filled(shop: Callable[..., Shop]) -> None:
    s = shop(max_order_total=Decimal("50"))
    s.console.say("open pantry pal")
    s.console.say("add two bounty select a size paper towels to my cart")
    reply = s.console.say("add two folgers to my cart")
    assert "over your order limit of $50.00" in reply.speech
    assert s.console.say("what's in my cart").speech == (
        "Your cart has two packs of Bounty Select-A-Size Paper Towels. That's $43.53 with tax."
    )


def test_limits_are_checked_again_at_the_yes(
    console: Console, services: Services, store: FakeShopperStore, shopper_id: str
) -> None:
    # GIVEN four packs were proposed under the default limit
    console.say("open pantry pal")
    console.say("order four bounty select a size paper towels")
    # WHEN the shopper's limit drops to three before the yes
    profile = services.shopping.profile(shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"limits": Limits(max_quantity_per_line=3)}))
    reply = console.say("yes")
    # THEN the order is refused
    assert "your limit is 3 per item" in reply.speech
    assert store.orders == {}


def test_make_it_fewer_after_the_total_limit_refusal_reads_the_same_product_back(
    shop: Callable[..., Shop],
) -> None:
    # GIVEN a total limit of $50 and an order of three packs of towels ($65) refused for it
    s = shop(max_order_total=Decimal("50"))
    s.console.say("open pantry pal")
    refused = s.console.say("order three bounty select a size paper towels")
    assert "over your order limit of $50.00" in refused.speech
    # WHEN the shopper answers "make it two"
    reply = s.console.say("make it two")
    # THEN two packs of the same towels are read back, and only the next yes orders them
    assert reply.speech.startswith("Bounty Select-A-Size Paper Towels, two packs, at $19.99 each.")
    assert s.store.orders == {}
    s.console.say("yes")
    assert lines_of(only_order(s.store)) == [("pp-0001", 2)]


def test_a_refused_order_leaves_no_earlier_proposal_for_the_next_yes(
    shop: Callable[..., Shop],
) -> None:
    # GIVEN Dawn was proposed, then a second request was refused for being over the total limit
    s = shop(max_order_total=Decimal("50"))
    s.console.say("open pantry pal")
    s.console.say("order dawn")
    s.console.say("order three bounty select a size paper towels")
    # WHEN the shopper answers the refusal with yes
    reply = s.console.say("yes")
    # THEN nothing is ordered: the yes followed "I didn't order it" (which left "how many?" about the
    # towels open), not the Dawn question
    assert s.store.orders == {}
    assert reply.speech == "How many would you like?"


# --- prices and stock are read at the yes ---------------------------------------------------------------


@pytest.fixture
def editable(demo_catalog: Catalog) -> EditableCatalog:
    return EditableCatalog(demo_catalog)


def test_a_price_change_between_the_quote_and_the_yes_uses_the_catalog_price_at_the_yes(
    shop: Callable[..., Shop], editable: EditableCatalog
) -> None:
    # GIVEN two packs quoted at $19.99
    s = shop(catalog=editable)
    s.console.say("open pantry pal")
    quote = s.console.say("order two bounty select a size paper towels")
    assert "$19.99 each" in quote.speech
    # WHEN the catalog price changes to $21.00 before the yes
    editable.change(TOWELS, price=Decimal("21.00"))
    done = s.console.say("yes")
    # THEN the order is priced from the catalog at the yes: 42.00 + 3.73 tax
    order = only_order(s.store)
    assert order.lines[0].unit_price == Decimal("21.00")
    assert (order.subtotal, order.tax, order.total) == (Decimal("42.00"), Decimal("3.73"), Decimal("45.73"))
    assert "for $45.73" in done.speech


def test_prices_tampered_into_the_session_are_ignored(console: Console, store: FakeShopperStore) -> None:
    # GIVEN a proposal, and session attributes altered to carry a price and total of one cent
    console.say("open pantry pal")
    console.say("order two bounty select a size paper towels")
    attributes = console.envelopes.attributes
    attributes["items"] = [{"product_id": TOWELS, "quantity": 2, "unit_price": "0.01", "price": "0.01"}]
    attributes.update(total="0.01", subtotal="0.01", unit_price="0.01")
    # WHEN the shopper says yes
    console.say("yes")
    # THEN the order carries the catalog price
    order = only_order(store)
    assert order.lines[0].unit_price == Decimal("19.99")
    assert order.total == Decimal("43.53")


def test_a_quantity_tampered_into_the_session_above_the_limit_is_refused_at_the_yes(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.envelopes.attributes["items"] = [{"product_id": DAWN, "quantity": 500}]
    reply = console.say("yes")
    assert "I can't order 500" in reply.speech
    assert store.orders == {}


def test_a_product_out_of_stock_at_the_yes_is_refused(shop: Callable[..., Shop], editable: EditableCatalog) -> None:
    # GIVEN Dawn was quoted while in stock
    s = shop(catalog=editable)
    s.console.say("open pantry pal")
    s.console.say("order dawn")
    # WHEN it goes out of stock before the yes
    editable.change(DAWN, in_stock=False)
    reply = s.console.say("yes")
    # THEN nothing is ordered: the shopper hears why, and another dish soap in stock is offered instead
    assert reply.speech == (
        "Sorry, Dawn Ultra Dish Soap Original Scent is out of stock right now. "
        "Would you like Seventh Generation Free & Clear Dish Liquid instead?"
    )
    assert s.store.orders == {}


def test_check_out_with_a_product_gone_out_of_stock_orders_nothing_and_keeps_the_cart(
    shop: Callable[..., Shop], editable: EditableCatalog
) -> None:
    s = shop(catalog=editable)
    s.console.say("open pantry pal")
    s.console.say("add dawn to my cart")
    s.console.say("add bounty select a size paper towels to my cart")
    s.console.say("check out")
    editable.change(TOWELS, in_stock=False)
    reply = s.console.say("yes")
    assert "Bounty Select-A-Size Paper Towels is out of stock" in reply.speech
    assert s.store.orders == {}
    assert len(s.store.carts[s.console.envelopes.user_id].lines) == 2


def test_the_same_as_last_time_proposes_the_last_order_that_was_not_cancelled_line_for_line(
    shop: Callable[..., Shop], editable: EditableCatalog
) -> None:
    # GIVEN an order of coffee and towels, then a cancelled order of Dawn
    s = shop(catalog=editable)
    shopper_id = s.console.envelopes.user_id
    seed_order(s.services, s.clock, shopper_id, days_ago=3, items=[(STARBUCKS, 2), (TOWELS, 1)])
    cancelled = seed_order(s.services, s.clock, shopper_id, days_ago=1, items=[(DAWN, 1)])
    s.store.mark_cancelled(cancelled, at=s.clock.now())
    s.console.say("open pantry pal")
    # WHEN the shopper asks for the same as last time
    proposal = s.console.say("order the same as last time")
    # THEN the coffee and towels are read back for one yes, and the yes orders exactly those lines
    assert proposal.speech.startswith(
        "Your order would be two bags of Starbucks Pike Place Roast Ground Coffee and one pack of "
        "Bounty Select-A-Size Paper Towels, for "
    )
    orders_before = set(s.store.orders)
    s.console.say("yes")
    (new_id,) = set(s.store.orders) - orders_before
    assert lines_of(s.store.orders[new_id]) == [(STARBUCKS, 2), (TOWELS, 1)]


def test_the_same_as_last_time_leaves_out_what_is_out_of_stock_and_says_so(
    shop: Callable[..., Shop], editable: EditableCatalog
) -> None:
    s = shop(catalog=editable)
    seed_order(s.services, s.clock, s.console.envelopes.user_id, days_ago=3, items=[(STARBUCKS, 2), (TOWELS, 1)])
    editable.change(TOWELS, in_stock=False)
    s.console.say("open pantry pal")
    # WHEN the last order is repeated while the towels are out of stock
    reply = s.console.say("repeat my last order")
    # THEN the shopper hears that part is left out, and only the coffee is proposed
    assert reply.speech.startswith(
        "Some of your last order isn't available any more, so I've left it out. "
        "Starbucks Pike Place Roast Ground Coffee, two bags,"
    )


# --- account linking ------------------------------------------------------------------------------------


class FakeDirectory:
    """Linked accounts: access token -> store account id (the LWA profile endpoint's job)."""

    def __init__(self, accounts: dict[str, str]) -> None:
        self.accounts = accounts

    def account_id(self, access_token: str) -> str:
        return self.accounts[access_token]


@pytest.mark.parametrize("first_words", ["open pantry pal", "ask pantry pal to order dawn"])
def test_without_a_linked_account_the_skill_sends_a_link_account_card_and_says_why(
    shop: Callable[..., Shop], first_words: str
) -> None:
    # GIVEN a skill that requires account linking and a request without an access token
    s = shop(require_account_linking=True, directory=FakeDirectory({}))
    # WHEN the shopper opens it or asks to order
    reply = s.console.say(first_words)
    # THEN they hear why, get a LinkAccount card, and nothing is ordered
    assert reply.speech == (
        "To order with Pantry Pal, please link your store account. "
        "I've sent a card to the Alexa app to help you do that."
    )
    assert reply.card == {"type": "LinkAccount"}
    assert reply.ends_session
    assert s.store.orders == {}


def test_with_a_linked_account_orders_belong_to_the_account(shop: Callable[..., Shop]) -> None:
    s = shop(
        require_account_linking=True,
        directory=FakeDirectory({"token-1": "ACC-42"}),
        user_id="amzn1.ask.account.FIRST",
        access_token="token-1",
    )
    place_dawn(s.console)
    assert only_order(s.store).shopper_id == "acct:ACC-42"


def test_a_new_alexa_user_id_after_re_enabling_maps_to_the_same_account(shop: Callable[..., Shop]) -> None:
    # GIVEN a linked shopper who ordered, then disabled the skill
    s = shop(
        require_account_linking=True,
        directory=FakeDirectory({"token-1": "ACC-42", "token-2": "ACC-42"}),
        user_id="amzn1.ask.account.FIRST",
        access_token="token-1",
    )
    place_dawn(s.console)
    disabled = s.console.envelopes.intent("unused")
    del disabled["session"]
    disabled["request"] = {
        "type": "AlexaSkillEvent.SkillDisabled",
        "requestId": "amzn1.echo-api.request.disabled",
        "timestamp": "2026-11-22T17:05:00Z",
        "locale": "en-US",
        "eventCreationTime": "2026-11-22T17:05:00Z",
        "eventPublishingTime": "2026-11-22T17:05:00Z",
    }
    s.invoke(disabled)
    # WHEN they enable it again: Alexa gives a new user id, the account links again with a new token
    again = s.console_for(user_id="amzn1.ask.account.SECOND", access_token="token-2")
    again.say("open pantry pal")
    status = again.say("what did i order last")
    # THEN the account's order is still theirs, and the account now answers to the new user id
    assert status.speech.startswith("Here are your latest orders. Placed today: one bottle of Dawn Ultra Dish Soap")
    assert only_order(s.store).shopper_id == "acct:ACC-42"
    assert s.store.shopper_for_user("amzn1.ask.account.SECOND") == "acct:ACC-42"
    assert s.store.profiles["acct:ACC-42"].alexa_user_id == "amzn1.ask.account.SECOND"


# --- retried requests and storage faults ----------------------------------------------------------------


def test_the_same_yes_delivered_twice_places_one_order_and_tells_listeners_once(
    console: Console, services: Services, store: FakeShopperStore
) -> None:
    heard: list[Order] = []
    services.order_listeners.append(heard.append)
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    assert console.last_envelope is not None
    # WHEN Alexa delivers the same yes envelope again
    retry = console.send(copy.deepcopy(console.last_envelope))
    # THEN one order exists, the retry is told it is already placed, and listeners heard of it once
    assert len(store.orders) == 1
    assert retry.speech.startswith("That order is already placed: one bottle of Dawn Ultra Dish Soap Original Scent")
    assert [order.order_id for order in heard] == [only_order(store).order_id]


def test_the_right_voice_code_delivered_twice_places_one_order(
    console: Console, store: FakeShopperStore, voice_code: str
) -> None:
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say(f"my code is {voice_code}")
    assert console.last_envelope is not None
    console.send(copy.deepcopy(console.last_envelope))
    assert len(store.orders) == 1


def test_a_failed_write_at_the_yes_orders_nothing_and_a_later_yes_places_the_order_once(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a proposal, and a store that fails the next order write
    console.say("open pantry pal")
    console.say("order dawn")
    store.fail_next.add("place_order")
    # WHEN the shopper says yes
    failed = console.say("yes")
    # THEN they hear that nothing was changed or ordered, and the proposal is still waiting
    assert "nothing was changed or ordered" in failed.speech
    assert store.orders == {}
    # WHEN they say yes again with the store healthy
    console.say("yes")
    console.say("yes")
    # THEN the order is placed exactly once
    assert lines_of(only_order(store)) == [(DAWN, 1)]
