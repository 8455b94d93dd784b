"""From a Product slot to a product: Alexa's entity resolution first, then the catalog matcher."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from catalog import Decision, MatchResult, Product
from handlers.base import Slot, Turn

__all__ = ["Found", "FoundKind", "find_product", "spoken_quantity"]

MAX_SPOKEN_QUANTITY = 100_000


class FoundKind(enum.Enum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    NOTHING_SAID = "nothing_said"


@dataclass(frozen=True)
class Found:
    kind: FoundKind
    products: tuple[Product, ...] = ()
    quantity: int | None = None  # packs, from a count said inside the product phrase ("two packs of ...")
    heard: str = ""


def _packs(products: Sequence[Product], result: MatchResult) -> int | None:
    """The count said in the phrase as packs of the products offered ("a dozen eggs" is one carton).

    When the products offered would read it differently, it stays as said.
    """
    if result.quantity is None or not products:
        return result.quantity
    readings = {p.packs_for(result.quantity, in_packs=result.quantity_in_packs) for p in products}
    return readings.pop() if len(readings) == 1 else result.quantity


def find_product(turn: Turn, product: Slot) -> Found:
    if product.resolved_id:
        resolved = turn.services.catalog.get(product.resolved_id)
        if resolved is not None:
            quantity = _packs((resolved,), turn.services.catalog.match(product.value)) if product.value else None
            return Found(FoundKind.MATCHED, (resolved,), quantity, product.value or resolved.name)
    if not product.value:
        return Found(FoundKind.NOTHING_SAID)
    history = turn.services.history(turn.shopper_id)
    result = turn.services.catalog.match(product.value, history=history, limit=3)
    products = tuple(c.product for c in result.candidates)
    if result.decision is Decision.MATCHED and products:
        return Found(FoundKind.MATCHED, products[:1], _packs(products[:1], result), product.value)
    if result.decision is Decision.AMBIGUOUS and len(products) > 1:
        return Found(FoundKind.AMBIGUOUS, products[:3], _packs(products[:3], result), product.value)
    return Found(FoundKind.NOT_FOUND, products[:1], _packs(products[:1], result), product.value)


def spoken_quantity(quantity: Slot) -> int | None:
    """The Quantity slot as an int; ``None`` when not said; -1 when said but not a usable whole number."""
    if not quantity.value:
        return None
    text = quantity.value.strip()
    if not text.isdigit():
        return -1
    number = int(text)
    return number if number <= MAX_SPOKEN_QUANTITY else MAX_SPOKEN_QUANTITY
