"""Products out of stock when asked for: an in-stock product the words fit as well is found instead; one named,
or the shopper's own, is said to be out of stock and the in-stock product most like it offered; the rest of a
spoken list is kept and still ordered; an order or reorder prompt whose product went out of stock before the yes
is read back again without it, or one like it offered. Nothing is ordered without its own read-back and yes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pytest

from catalog import Catalog
from skill.alexa_app import build_skill, handle
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.console import Console
from skill.local.envelopes import Envelopes, slot_json
from skill.local.nlu import Grammar
from tests.conftest import SKILL_ID
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders

CHARMIN_SOFT = "pp-0004"  # Charmin Ultra Soft Toilet Paper
CHARMIN_STRONG = "pp-0005"  # Charmin Ultra Strong Toilet Paper
TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
HORIZON_2 = "pp-0164"  # Horizon Organic 2% Milk
GOOD_GATHER_2 = "pp-0166"  # Good & Gather 2% Reduced Fat Milk
EGGS = "pp-0173"  # Eggland's Best Large White Eggs
BREAD = "pp-0186"  # Nature's Own Honey Wheat Bread


def without(catalog: Catalog, out: Iterable[str]) -> Catalog:
    """``catalog`` with the products ``out`` out of stock."""
    gone = set(out)
    return Catalog([p.model_copy(update={"in_stock": False}) if p.id in gone else p for p in catalog])


class Shop:
    """The real skill over one store, whose catalog a test can swap between two turns (the stock changed)."""

    def __init__(self, settings: Settings, clock: SimulatedClock, grammar: Grammar, catalog: Catalog) -> None:
        self.store, self.reorder_store = FakeShopperStore(), FakeReorderStore()
        self.settings, self.clock = settings, clock
        self.stock(catalog)
        self.console = Console(lambda e: handle(e, None, self._skill), grammar, Envelopes(skill_id=SKILL_ID),
                               now=clock.now)

    def services(self, catalog: Catalog) -> Any:
        return build_services(
            self.settings, store=self.store, reorder_store=self.reorder_store, clock=self.clock, catalog=catalog
        )

    def stock(self, catalog: Catalog) -> None:
        self._skill = build_skill(self.services(catalog))

    def bought(self, catalog: Catalog, orders: Sequence[tuple[float, Mapping[str, int]]]) -> None:
        """Past orders, placed while ``catalog`` had them in stock."""
        seed_orders(self.services(catalog), self.clock, self.console.envelopes.user_id, orders)

    def order_ids(self) -> set[str]:
        return {order.order_id for order in self.store.orders.values()}

    def orders_since(self, seen: Iterable[str]) -> list[list[tuple[str, int]]]:
        """The lines of each order placed since the orders ``seen`` (ids), in the order placed."""
        new = [order for order in self.store.orders.values() if order.order_id not in set(seen)]
        return [[(line.product_id, line.quantity) for line in order.lines] for order in new]


@pytest.fixture(scope="module")
def short_of_milk_and_charmin(demo_catalog: Catalog) -> Catalog:
    return without(demo_catalog, [HORIZON_2, CHARMIN_SOFT])


@pytest.fixture
def shop(settings: Settings, clock: SimulatedClock, grammar: Grammar) -> Callable[[Catalog], Shop]:
    return lambda catalog: Shop(settings, clock, grammar, catalog)


def regular_milk_eggs_and_bread() -> list[tuple[float, Mapping[str, int]]]:
    return [
        *regular(HORIZON_2, every=7, times=4, last_days_ago=2),
        *regular(EGGS, every=7, times=4, last_days_ago=2),
        *regular(BREAD, every=7, times=4, last_days_ago=2),
    ]


# --- asked for while out of stock ------------------------------------------------------------------------


def test_a_spoken_list_with_the_shoppers_usual_out_of_stock_offers_one_like_it_and_still_orders_the_rest(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog, short_of_milk_and_charmin: Catalog
) -> None:
    # GIVEN a shopper who buys Horizon 2% milk, eggs and bread, and the milk is out of stock
    s = shop(short_of_milk_and_charmin)
    s.bought(demo_catalog, regular_milk_eggs_and_bread())
    seen = s.order_ids()
    # WHEN they order all three
    first = s.console.say("order eggs and milk and bread")
    # THEN the list is taken one at a time, and nothing is dropped: the eggs are read back first
    assert first.speech.startswith("Let's take those one at a time, starting with eggs. Eggland's Best Large")
    # AND after their yes, the milk is said to be out of stock and another 2% milk offered instead
    milk = s.console.say("yes")
    assert milk.speech.endswith(
        "Next, milk. Sorry, your usual Horizon Organic 2% Milk is out of stock right now. "
        "Would you like Good & Gather 2% Reduced Fat Milk instead?"
    )
    assert milk.reprompt == "Would you like Good & Gather 2% Reduced Fat Milk instead? Please say yes or no."
    # AND a yes reads that one back for its own yes, then the bread comes next
    assert s.console.say("yes").speech.startswith("Good & Gather 2% Reduced Fat Milk, one jug, at $3.89 each.")
    assert "Next, bread. Nature's Own Honey Wheat Bread, one loaf" in s.console.say("yes").speech
    s.console.say("yes")
    assert s.orders_since(seen) == [[(EGGS, 1)], [(GOOD_GATHER_2, 1)], [(BREAD, 1)]]


def test_declining_the_product_offered_instead_goes_on_to_the_rest_of_the_list(
    shop: Callable[[Catalog], Shop], short_of_milk_and_charmin: Catalog
) -> None:
    s = shop(short_of_milk_and_charmin)
    offered = s.console.say("order charmin ultra soft and dawn")
    assert offered.speech == (
        "Let's take those one at a time, starting with charmin ultra soft. Sorry, Charmin Ultra Soft Toilet Paper "
        "is out of stock right now. Would you like Charmin Ultra Strong Toilet Paper instead?"
    )
    assert s.console.say("no").speech.startswith("Okay, I'll skip that one. Next, dawn. Dawn Ultra Dish Soap")
    s.console.say("yes")
    assert s.orders_since(()) == [[(DAWN, 1)]]


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("order charmin", "Charmin Ultra Strong Toilet Paper, one pack, at $18.99 each."),
        ("order charmin toilet paper", "Charmin Ultra Strong Toilet Paper, one pack, at $18.99 each."),
        ("order toilet paper", "Did you mean Charmin Ultra Strong Toilet Paper or Scott 1000 Toilet Paper?"),
    ],
)
def test_words_that_fit_an_in_stock_product_as_well_find_it_not_the_one_out_of_stock(
    shop: Callable[[Catalog], Shop], short_of_milk_and_charmin: Catalog, said: str, answer: str
) -> None:
    # GIVEN a shopper who never bought toilet paper, and Charmin Ultra Soft out of stock
    s = shop(short_of_milk_and_charmin)
    # WHEN they ask for it in words that fit other products too
    reply = s.console.say(said)
    # THEN an in-stock one is read back (or only in-stock ones offered), never the one out of stock
    assert reply.speech.startswith(answer)
    assert s.store.orders == {}


def test_a_product_alexa_resolved_that_is_out_of_stock_is_said_and_the_one_most_like_it_offered(
    shop: Callable[[Catalog], Shop], short_of_milk_and_charmin: Catalog
) -> None:
    # GIVEN Charmin Ultra Soft out of stock, and Alexa resolving "charmin ultra soft" to it
    s = shop(short_of_milk_and_charmin)
    console = s.console
    resolved = ((CHARMIN_SOFT, "Charmin Ultra Soft Toilet Paper"),)
    authority = console.envelopes.authority("ProductType")
    product = slot_json("Product", "charmin ultra soft", resolved=resolved, authority=authority)
    # WHEN the shopper orders it
    reply = console.send(console.envelopes.intent("OrderItemIntent", {"Product": product}), intent="OrderItemIntent")
    # THEN they hear it is out of stock, and are offered the other Charmin, with a yes or no reprompt
    assert reply.speech == (
        "Sorry, Charmin Ultra Soft Toilet Paper is out of stock right now. "
        "Would you like Charmin Ultra Strong Toilet Paper instead?"
    )
    assert not reply.ends_session
    # AND a yes reads that one back; only its own yes orders it
    assert console.say("yes").speech.startswith("Charmin Ultra Strong Toilet Paper, one pack, at $18.99 each.")
    assert s.store.orders == {}
    console.say("yes")
    assert s.orders_since(()) == [[(CHARMIN_STRONG, 1)]]


def test_adding_the_shoppers_usual_out_of_stock_to_the_cart_offers_one_like_it_for_the_cart(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog, short_of_milk_and_charmin: Catalog
) -> None:
    s = shop(short_of_milk_and_charmin)
    s.bought(demo_catalog, regular_milk_eggs_and_bread())
    reply = s.console.say("add milk to my cart")
    assert reply.speech == (
        "Sorry, your usual Horizon Organic 2% Milk is out of stock right now. "
        "Should I add Good & Gather 2% Reduced Fat Milk to your cart instead?"
    )
    added = s.console.say("yes")
    assert added.speech.startswith("I've added one jug of Good & Gather 2% Reduced Fat Milk to your cart.")
    cart = s.store.carts[s.console.envelopes.user_id]
    assert [(line.product_id, line.quantity) for line in cart.lines] == [(GOOD_GATHER_2, 1)]


def test_the_price_of_the_shoppers_usual_out_of_stock_offers_one_like_it(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog, short_of_milk_and_charmin: Catalog
) -> None:
    s = shop(short_of_milk_and_charmin)
    s.bought(demo_catalog, regular_milk_eggs_and_bread())
    reply = s.console.say("how much is milk")
    assert reply.speech == (
        "Sorry, your usual Horizon Organic 2% Milk is out of stock right now. "
        "Would you like Good & Gather 2% Reduced Fat Milk instead?"
    )


def test_an_automatic_reorder_of_a_product_out_of_stock_offers_one_like_it_to_set_up(
    shop: Callable[[Catalog], Shop], short_of_milk_and_charmin: Catalog
) -> None:
    # GIVEN Charmin Ultra Soft out of stock, and a shopper who has ordered Charmin Ultra Strong before
    s = shop(short_of_milk_and_charmin)
    s.bought(short_of_milk_and_charmin, [(21, {"pp-0005": 1})])
    # WHEN the shopper asks to reorder it automatically
    reply = s.console.say("reorder charmin ultra soft automatically")
    # THEN they hear it is out of stock, and a yes sets up the one offered instead (its cap asked for first)
    assert reply.speech == (
        "Sorry, Charmin Ultra Soft Toilet Paper is out of stock right now. "
        "Would you like Charmin Ultra Strong Toilet Paper instead?"
    )
    assert s.console.say("yes").speech == (
        "What's the most I should spend on Charmin Ultra Strong Toilet Paper each month?"
    )


# --- gone out of stock before the yes ---------------------------------------------------------------------


def test_an_order_read_back_whose_product_goes_out_of_stock_before_the_yes_is_read_back_again_without_it(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN Dawn and Bounty towels read back for one yes
    s = shop(demo_catalog)
    read_back = s.console.say("order dawn and bounty select a size paper towels")
    assert read_back.speech.startswith("Your order would be one bottle of Dawn Ultra Dish Soap Original Scent and one")
    # WHEN the towels go out of stock before the yes
    s.stock(without(demo_catalog, [TOWELS]))
    again = s.console.say("yes")
    # THEN nothing is ordered: the shopper hears the towels were left out, and the Dawn is read back for a new yes
    assert again.speech.startswith(
        "Sorry, Bounty Select-A-Size Paper Towels is out of stock right now, so I've left it out. "
        "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each."
    )
    assert s.store.orders == {}
    s.console.say("yes")
    assert s.orders_since(()) == [[(DAWN, 1)]]


def test_yes_to_a_reorder_prompt_for_a_product_gone_out_of_stock_offers_one_like_it(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN a shopper asked at launch about the Dawn they buy every week
    s = shop(demo_catalog)
    s.bought(demo_catalog, regular(DAWN, every=7, times=5, last_days_ago=8))
    seen = s.order_ids()
    prompt = s.console.say("open pantry pal")
    assert "Dawn Ultra Dish Soap Original Scent" in prompt.speech
    # WHEN it goes out of stock before their yes
    s.stock(without(demo_catalog, [DAWN]))
    reply = s.console.say("yes")
    # THEN they hear so, and another dish soap is offered instead; nothing is ordered
    assert reply.speech == (
        "Sorry, your usual Dawn Ultra Dish Soap Original Scent is out of stock right now. "
        "Would you like Seventh Generation Free & Clear Dish Liquid instead?"
    )
    assert s.orders_since(seen) == []


def test_a_product_picked_for_the_cart_after_it_went_out_of_stock_is_not_added_and_one_like_it_is_offered(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN a choice of paper towels for the cart
    s = shop(demo_catalog)
    choice = s.console.say("add paper towels to my cart")
    assert choice.speech.startswith("Did you mean Bounty Select-A-Size Paper Towels or ")
    # WHEN the Bounty goes out of stock before the shopper picks it
    s.stock(without(demo_catalog, [TOWELS]))
    reply = s.console.say("the first one")
    # THEN nothing is added: they hear it is out of stock, and another is offered for the cart
    assert reply.speech.startswith("Sorry, Bounty Select-A-Size Paper Towels is out of stock right now. Should I add ")
    assert reply.speech.endswith(" to your cart instead?")
    assert "order" not in reply.speech
    assert s.store.get_cart(s.console.envelopes.user_id).is_empty


def test_a_product_out_of_stock_with_nothing_like_it_in_stock_is_skipped_in_a_list_saying_so(
    shop: Callable[[Catalog], Shop], demo_catalog: Catalog
) -> None:
    # GIVEN every toilet paper (and tissue) out of stock
    s = shop(without(demo_catalog, ["pp-0004", "pp-0005", "pp-0006", "pp-0007", "pp-0008", "pp-0009"]))
    # WHEN the shopper lists Charmin with Dawn
    reply = s.console.say("order charmin ultra soft and dawn")
    # THEN they hear the Charmin is out of stock and skipped, and the Dawn is read back for its yes
    assert reply.speech.startswith(
        "Let's take those one at a time, starting with charmin ultra soft. Sorry, Charmin Ultra Soft Toilet Paper "
        "is out of stock right now. I'll skip it. Next, dawn. Dawn Ultra Dish Soap Original Scent, one bottle,"
    )
    s.console.say("yes")
    assert s.orders_since(()) == [[(DAWN, 1)]]
