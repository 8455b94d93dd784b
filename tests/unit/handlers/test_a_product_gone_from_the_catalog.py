"""A product read back and then taken out of the catalog before the yes is refused in words: "that product",
never its internal id, and what the shopper can do instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog import Catalog, Product
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


def test_a_product_gone_from_the_catalog_at_the_yes_is_refused_without_its_id(
    demo_catalog: Catalog, grammar: Grammar, clock: SimulatedClock
) -> None:
    # GIVEN dawn read back for a yes
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
