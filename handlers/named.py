"""The products a phrase names among those the shopper already has: an order to cancel, a cart line."""

from __future__ import annotations

from collections.abc import Sequence

from catalog import Product, names_every_part, normalise
from handlers.base import Slot, Turn
from handlers.products import FoundKind, find_product, shoppers_candidates

__all__ = ["products_named"]


def products_named(turn: Turn, product: Slot, among: Sequence[Product] = ()) -> list[Product]:
    """Every product the phrase fits, most likely first, not only the top pick.

    "milk" fits the whole milk just ordered as well as the 2% the shopper usually buys, so an order or a
    cart line of either can be the one meant. A candidate fits when it holds each word of the phrase that
    some candidate holds ("the" and a misheard word are passed over); with no such word, only the top
    candidate fits. A phrase that names no product well fits none ("bananas" is no sunscreen).
    ``among`` are products the shopper already has (the cart's), candidates too after the matcher's.
    """
    matched, _ = shoppers_candidates(turn, product)
    if not matched or find_product(turn, product).kind is FoundKind.NOT_FOUND:
        return []
    seen = {p.id for p in matched}
    candidates = [*matched, *(p for p in among if p.id not in seen)]
    words = normalise(product.value or "").split()
    held = [word for word in words if any(names_every_part(p, [word]) for p in candidates)]
    fitting = [p for p in candidates if held and names_every_part(p, held)]
    return fitting or candidates[:1]
