"""Catalog domain model: products and the typed outcomes of matching (no I/O, no speech)."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Candidate", "Choice", "Decision", "MatchResult", "Product", "pack_count_in"]

# "12 ct", "12 pk 12 fl oz cans", "6 double rolls", "13 gal, 40 ct": a count of items in one pack.
_PACK_COUNT_RE = re.compile(
    r"(?<![\d.])(\d+)\s*(?:(?!(?:oz|fl|lbs?|gal|ml|l|g|kg|qt|pt|in|inch)\b)[a-z]+\s+){0,2}?"
    r"(ct|count|pk|pack|rolls?|cans?|bottles?|bars?|pods?|bags?|pouches?|sticks?|cups?|packets?|pieces?|eggs?"
    r"|tablets?|capsules?|softgels?|wipes?|sheets?|boxes|loads?|tea bags?|k-cups?)\b"
)


@lru_cache(maxsize=4096)
def pack_count_in(size: str) -> int | None:
    """How many items a pack of this size holds ("12 ct" -> 12, "6 double rolls" -> 6); ``None`` if unsaid."""
    found = _PACK_COUNT_RE.search(size.lower())
    return int(found.group(1)) if found else None


class Product(BaseModel):
    """One product the shopper can order.

    Examples
    --------
    >>> Product(id="pp-0001", name="Bounty Paper Towels", price="19.99", category="paper goods").unit
    'item'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    brand: str | None = None
    size: str | None = None
    unit: str = "item"
    price: Decimal = Field(gt=0, decimal_places=2)
    category: str
    synonyms: tuple[str, ...] = ()
    consumable: bool = True
    in_stock: bool = True
    popularity: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("price", mode="before")
    @classmethod
    def _two_places(cls, value: object) -> object:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @property
    def pack_count(self) -> int | None:
        """How many items one pack holds, read from :attr:`size` ("12 ct" -> 12); ``None`` if unsaid.

        Examples
        --------
        >>> Product(id="e", name="Eggs", size="12 ct", price="4.79", category="dairy").pack_count
        12
        >>> Product(id="m", name="Milk", size="1 gal", price="3.99", category="dairy").pack_count is None
        True
        """
        return pack_count_in(self.size) if self.size else None

    def packs_for(self, count: int, *, in_packs: bool) -> int:
        """How many packs a count the shopper said stands for.

        A count said of packs ("two packs of", ``in_packs``) is that many packs. A count of items
        that is a whole number of this product's packs is that many packs: "a dozen eggs" is one
        carton of 12, "two dozen eggs" two. Any other count stays as said ("two paper towels" is
        two packs, as shoppers mean it), and the order read-back lets the shopper correct it.

        Examples
        --------
        >>> eggs = Product(id="e", name="Eggs", size="12 ct", unit="carton", price="4.79", category="dairy")
        >>> eggs.packs_for(12, in_packs=False), eggs.packs_for(24, in_packs=False), eggs.packs_for(12, in_packs=True)
        (1, 2, 12)
        >>> eggs.packs_for(3, in_packs=False)
        3
        """
        per_pack = self.pack_count
        if in_packs or per_pack is None or per_pack < 2 or count < per_pack or count % per_pack:
            return count
        return count // per_pack


class Decision(StrEnum):
    """What the matcher concluded about a heard phrase."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


class Candidate(BaseModel):
    """A product the heard phrase may mean, with a 0-100 score (higher is better)."""

    model_config = ConfigDict(frozen=True)

    product: Product
    score: float = Field(ge=0.0, le=100.0)


class MatchResult(BaseModel):
    """Typed outcome of :meth:`catalog.Catalog.match`.

    ``MATCHED``: the first candidate is the product meant. ``AMBIGUOUS``: the first two or three
    candidates scored too close to choose; ask the shopper. ``NOT_FOUND``: nothing fits well; the
    candidates (possibly none) are the nearest suggestions.
    """

    model_config = ConfigDict(frozen=True)

    decision: Decision
    candidates: tuple[Candidate, ...] = ()
    quantity: int | None = None
    #: The quantity was said of packs ("two packs of"), not of items ("a dozen eggs"): see
    #: :meth:`Product.packs_for`.
    quantity_in_packs: bool = False
    query: str = ""

    @property
    def best(self) -> Candidate | None:
        """The first candidate, or ``None`` when there is none."""
        return self.candidates[0] if self.candidates else None


class Choice(BaseModel):
    """Which of the offered options the shopper picked.

    ``index`` is 0-based into the options offered, ``None`` when no option was understood;
    ``neither`` is true when the shopper rejected all of them ("neither", "none of them").
    """

    model_config = ConfigDict(frozen=True)

    index: int | None = None
    neither: bool = False
