"""Errors raised by the catalog package.

Hierarchy::

    CatalogError                  base of every error raised by ``catalog``
    ├── CatalogLoadError          a catalog file is missing, unreadable or malformed
    └── UnknownProductError       a product id is not in the catalog

Matching never raises for odd input (empty, huge, emoji, other scripts, SSML): it returns a
``NOT_FOUND`` :class:`catalog.MatchResult` instead.
"""

from __future__ import annotations

__all__ = ["CatalogError", "CatalogLoadError", "UnknownProductError"]


class CatalogError(Exception):
    """Base class of the errors raised by the catalog package."""


class CatalogLoadError(CatalogError):
    """A catalog file is missing, unreadable or not in the expected format."""


class UnknownProductError(CatalogError, KeyError):
    """A product id was asked for that the catalog does not hold."""
