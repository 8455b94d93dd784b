"""The products a phrase names among those the shopper already has: an order to cancel, a cart line."""

from __future__ import annotations

from collections.abc import Sequence

from catalog import Decision, Product, holding_said_words
from handlers.base import Slot, Turn
from handlers.products import shoppers_candidates

__all__ = ["products_named"]


def products_named(turn: Turn, product: Slot, among: Sequence[Product] = ()) -> list[Product]:
    """Every product the phrase fits, most likely first, not only the top pick.

    "milk" fits the whole milk just ordered as well as the 2% the shopper usually buys, so an order or a
    cart line of either can be the one meant. A candidate fits when it holds each word of the phrase that
    some candidate holds ("the" and a misheard word are passed over); with no such word, only the top
    candidate fits. A phrase that names no product well fits none ("bananas" is no sunscreen).
    ``among`` are products the shopper already has (the cart's), candidates too after the matcher's.
    """
    matched, decision = shoppers_candidates(turn, product)
    if not matched or decision is Decision.NOT_FOUND:
        return []
    seen = {p.id for p in matched}
    candidates = [*matched, *(p for p in among if p.id not in seen)]
    return holding_said_words(product.value or "", candidates) or candidates[:1]
