"""A product read back and then taken out of the catalog before the yes is refused in words: "that product",
never its internal id, and what the shopper can do instead. A cart line whose product left the catalog is said
to be no longer sold and taken out of the cart; the rest of the cart is read, added to and ordered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from catalog import Catalog, Product
from orders import Cart, CartLine
from skill.alexa_app import build_skill, handle
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.conftest import SKILL_ID
from tests.fakes import FakeReorderStore, FakeShopperStore

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
JIF = "pp-0120"  # Jif Creamy Peanut Butter
GONE = "Dawn Ultra Dish Soap Original Scent is no longer sold, so I've taken it out of your cart."


class DelistingCatalog:
    """The demo catalog, from which a test can take a product out between two turns."""

    def __init__(self, base: Catalog) -> None:
        self._base = base
        self.gone: set[str] = set()

    def get(self, product_id: str) -> Product | None:
        return None if product_id in self.gone else self._base.get(product_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


def delisting_console(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> tuple[Console, DelistingCatalog, FakeShopperStore]:
    catalog = DelistingCatalog(demo_catalog)
    store = FakeShopperStore()
    services = build_services(
        Settings(skill_id=SKILL_ID, table_name="t"),
        store=store,
        reorder_store=FakeReorderStore(),
        clock=clock,
        catalog=catalog,  # type: ignore[arg-type]
    )
    skill = build_skill(services)
    console = Console(lambda envelope: handle(envelope, None, skill), grammar, Envelopes(skill_id=SKILL_ID))
    return console, catalog, store


def test_a_product_gone_from_the_catalog_at_the_yes_is_refused_without_its_id(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    # GIVEN dawn read back for a yes
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN it is taken out of the catalog before the shopper says yes
    catalog.gone.add(DAWN)
    reply = console.say("yes")
    # THEN nothing is ordered, and the shopper hears why and what to do, never the product's id
    assert reply.speech == (
        "Sorry, that product isn't available any more, so I can't order it. What would you like instead?"
    )
    assert DAWN not in reply.speech
    assert reply.reprompt
    assert store.orders == {}


def cart_of_dawn_and_jif(console: Console, catalog: DelistingCatalog) -> None:
    """Dawn and Jif in the cart, then Dawn taken out of the catalog."""
    console.say("open pantry pal")
    console.say("add dawn to my cart")
    console.say("add jif creamy peanut butter to my cart")
    catalog.gone.add(DAWN)


def test_a_cart_line_no_longer_sold_is_said_and_taken_out_when_the_cart_is_read(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    # GIVEN a cart with a line whose product then left the catalog
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_of_dawn_and_jif(console, catalog)
    # WHEN the shopper asks what is in the cart
    reply = console.say("what's in my cart")
    # THEN they hear it is no longer sold and was taken out, then the rest of the cart, never an error
    assert reply.speech == f"{GONE} Your cart has one jar of Jif Creamy Peanut Butter. That's $3.80 with tax."
    assert [line.product_id for line in store.carts[console.envelopes.user_id].lines] == [JIF]
    # AND it is said once
    assert console.say("what's in my cart").speech.startswith("Your cart has one jar of Jif")


def test_a_cart_line_no_longer_sold_is_still_said_when_taking_it_out_fails(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    # GIVEN a cart with a line whose product then left the catalog, and the store failing the cart's next write
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_of_dawn_and_jif(console, catalog)
    store.fail_next.add("save_cart")
    # WHEN the shopper asks what is in the cart
    reply = console.say("what's in my cart")
    # THEN the cart read is answered all the same: the line no longer sold, then the rest of the cart
    assert reply.speech == f"{GONE} Your cart has one jar of Jif Creamy Peanut Butter. That's $3.80 with tax."
    assert reply.reprompt
    # AND the line is taken out at the next read
    assert console.say("what's in my cart").speech.startswith(GONE)
    assert [line.product_id for line in store.carts[console.envelopes.user_id].lines] == [JIF]


def test_a_cart_line_no_longer_sold_does_not_block_the_check_out(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_of_dawn_and_jif(console, catalog)
    # WHEN the shopper checks out, THEN the line no longer sold is said, and the rest read back for a yes
    reply = console.say("check out")
    assert reply.speech == (
        f"{GONE} Your cart has one jar of Jif Creamy Peanut Butter, for $3.80 with tax. Should I place the order?"
    )
    console.say("yes")
    assert [(line.product_id, line.quantity) for order in store.orders.values() for line in order.lines] == [(JIF, 1)]
    assert store.carts[console.envelopes.user_id].is_empty


def test_a_cart_line_no_longer_sold_does_not_block_adding_to_the_cart(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_of_dawn_and_jif(console, catalog)
    reply = console.say("add skippy creamy peanut butter to my cart")
    assert reply.speech == (
        "I've added one jar of Skippy Creamy Peanut Butter to your cart. Your cart comes to $7.38 with tax. " + GONE
    )
    assert [line.product_id for line in store.carts[console.envelopes.user_id].lines] == [JIF, "pp-0122"]


def test_a_cart_line_stored_without_its_name_is_said_no_longer_sold_unnamed(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    heard = "Something in your cart is no longer sold, so I've taken it out."
    # GIVEN a cart stored before lines kept their product's name, whose one product left the catalog
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    store.carts[console.envelopes.user_id] = Cart(lines=(CartLine(product_id=DAWN, quantity=2),))
    catalog.gone.add(DAWN)
    console.say("open pantry pal")
    # WHEN the cart is read, THEN it is said, without the product's id, and the cart is now empty
    reply = console.say("what's in my cart")
    assert reply.speech == f"{heard} Your cart is now empty."
    assert DAWN not in reply.speech
    assert store.carts[console.envelopes.user_id].is_empty


def cart_stored_without_names(console: Console, store: FakeShopperStore) -> None:
    """A cart stored before lines kept their product's name: two jars of Jif and one bottle of Dawn."""
    lines = (CartLine(product_id=JIF, quantity=2), CartLine(product_id=DAWN, quantity=1))
    store.carts[console.envelopes.user_id] = Cart(lines=lines)
    console.say("open pantry pal")


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        (
            ["what's in my cart"],
            "Your cart has two jars of Jif Creamy Peanut Butter and one bottle of Dawn Ultra Dish Soap Original "
            "Scent. That's $11.73 with tax.",
        ),
        (
            ["check out"],
            "Your cart has two jars of Jif Creamy Peanut Butter and one bottle of Dawn Ultra Dish Soap Original "
            "Scent, for $11.73 with tax. Should I place the order?",
        ),
        (["remove jif from my cart"], "I've removed Jif Creamy Peanut Butter from your cart."),
        (["change jif to three"], "Your cart now has three jars of Jif Creamy Peanut Butter."),
        (
            ["check out", "remove jif"],
            "I've removed Jif Creamy Peanut Butter from your cart. Your cart has one bottle of Dawn Ultra Dish Soap "
            "Original Scent, for $4.13 with tax. Should I place the order?",
        ),
    ],
)
def test_a_cart_line_stored_without_its_name_is_read_by_the_catalogs_name_while_sold(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock, said: list[str], heard: str
) -> None:
    # GIVEN a cart stored before lines kept their product's name, its products still sold
    console, _catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_stored_without_names(console, store)
    # WHEN its lines are read out (the cart, the check-out's read-back, a removal or change)
    for phrase in said[:-1]:
        console.say(phrase)
    reply = console.say(said[-1])
    # THEN each line is named by the catalog, never "something"
    assert reply.speech == heard


def test_a_cart_line_stored_without_its_name_is_still_named_once_its_product_leaves_the_catalog(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    # GIVEN a cart stored before lines kept their product's name, read while its products were sold
    console, catalog, store = delisting_console(demo_catalog, grammar, clock)
    cart_stored_without_names(console, store)
    console.say("what's in my cart")
    # WHEN Dawn then leaves the catalog and the cart is read again
    catalog.gone.add(DAWN)
    reply = console.say("what's in my cart")
    # THEN the shopper hears which product is no longer sold, by its name, not "something in your cart"
    assert reply.speech == f"{GONE} Your cart has two jars of Jif Creamy Peanut Butter. That's $7.60 with tax."
    assert [line.product_id for line in store.carts[console.envelopes.user_id].lines] == [JIF]
