"""Ports: what the rest of the skill needs from a catalog, as a Protocol (the in-memory
:class:`catalog.Catalog` satisfies it; a DynamoDB-backed one may live in ``skill/``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from catalog.model import MatchResult, Product

__all__ = ["CatalogRepository"]


@runtime_checkable
class CatalogRepository(Protocol):
    """Read-only product lookup and spoken matching."""

    def get(self, product_id: str) -> Product | None:
        """Return the product with this id, or ``None``."""
        ...

    def match(
        self, heard: str, *, history: Sequence[str] = (), limit: int = 5, count: int | None = None
    ) -> MatchResult:
        """Find the product a heard utterance means (``count``: a count heard apart from it)."""
        ...

    def holding(self, heard: str) -> tuple[Product, ...]:
        """Every product whose name holds each content word of the product phrase in ``heard``."""
        ...
