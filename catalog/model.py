"""Catalog domain model: products and the typed outcomes of matching (no I/O, no speech)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Candidate", "Choice", "Decision", "MatchResult", "Product"]


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
