"""Pantry Pal catalog: products, spoken-text normalisation and the spoken product matcher.

Examples
--------
>>> from decimal import Decimal
>>> from catalog import Catalog, Decision, Product
>>> towels = Product(id="t", name="Bounty Paper Towels", price=Decimal("9.99"), category="paper")
>>> result = Catalog([towels]).match("add two county paper towels to my cart")
>>> result.decision is Decision.MATCHED, result.quantity
(True, 2)
"""

from __future__ import annotations

from catalog.catalog import SUGGEST_MIN_SCORE, Catalog
from catalog.dialog import (
    Amendment,
    Automatic,
    Later,
    amendment_in,
    amount_said_in,
    automatic_in,
    count_in,
    count_said_in,
    holding_said_words,
    joined_parts,
    later_in,
    list_parts,
    names_apart,
    names_every_part,
    names_kind_said,
    points_at_the_one,
    product_replaced,
    resolve_choice,
    said_without_count,
    split_run,
    spoken_forms,
    with_count_said,
)
from catalog.exceptions import CatalogError, CatalogLoadError, UnknownProductError
from catalog.loaders import load_catalog, load_instacart
from catalog.matcher import Matcher, Normaliser, Scorer
from catalog.model import Candidate, Choice, Decision, MatchResult, Packs, Product, SaidCount
from catalog.normalise import (
    amount_in,
    count_is_part_of_name,
    counted_in_packs,
    digits_said,
    fold,
    names_a_product,
    normalise,
    number_in,
    said_count,
    split_quantity,
)
from catalog.ports import CatalogRepository
from catalog.preference import Preference, preference_in, preferred_alternative, preferred_match

__all__ = [
    "SUGGEST_MIN_SCORE",
    "Amendment",
    "Automatic",
    "Candidate",
    "Catalog",
    "CatalogError",
    "CatalogLoadError",
    "CatalogRepository",
    "Choice",
    "Decision",
    "Later",
    "MatchResult",
    "Matcher",
    "Normaliser",
    "Packs",
    "Preference",
    "Product",
    "SaidCount",
    "Scorer",
    "UnknownProductError",
    "amendment_in",
    "amount_in",
    "amount_said_in",
    "automatic_in",
    "count_in",
    "count_is_part_of_name",
    "count_said_in",
    "counted_in_packs",
    "digits_said",
    "fold",
    "holding_said_words",
    "joined_parts",
    "later_in",
    "list_parts",
    "load_catalog",
    "load_instacart",
    "names_a_product",
    "names_apart",
    "names_every_part",
    "names_kind_said",
    "normalise",
    "number_in",
    "points_at_the_one",
    "preference_in",
    "preferred_alternative",
    "preferred_match",
    "product_replaced",
    "resolve_choice",
    "said_count",
    "said_without_count",
    "split_quantity",
    "split_run",
    "spoken_forms",
    "with_count_said",
]
