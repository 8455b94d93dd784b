"""Errors raised by the reorder package.

Hierarchy::

    ReorderError                 base class of every error raised on purpose by ``reorder``
    ├── ReorderInputError        a history, ``now``, feedback or fitting input is malformed
    │                            (also a ``ValueError``, so generic callers can catch that)
    └── ReorderModelFileError    a saved model (dict or JSON file) cannot be read or is invalid

Callers at the edges (``skill/``) catch :class:`ReorderError` and map it to a spoken apology;
the message never contains a shopper identifier, only the offending position or value type.
"""

from __future__ import annotations

__all__ = ["ReorderError", "ReorderInputError", "ReorderModelFileError"]


class ReorderError(Exception):
    """Base class of every error raised on purpose by the reorder package."""


class ReorderInputError(ReorderError, ValueError):
    """An order history, ``now``, a feedback record or a fitting input is malformed.

    Raised for non-numeric, NaN, infinite or negative quantities, non-string or empty product
    ids, non-numeric or non-finite days, and items that are neither a list of ids nor a mapping.
    """


class ReorderModelFileError(ReorderError):
    """A saved model (``to_dict`` output or a JSON file) is missing, unreadable or invalid."""
