"""Errors raised by the reorder package.

Hierarchy::

    ReorderError                 base class of every error raised on purpose by ``reorder``
    ├── ReorderInputError        a history, ``now``, feedback or fitting input is malformed
    │                            (also a ``ValueError``, so generic callers can catch that)
    ├── ReorderModelFileError    a saved model (dict or JSON file) cannot be read or is invalid
    ├── CapBelowOneOrderError    an automatic reorder's monthly cap would not cover one order
    ├── CapTooHighError          an automatic reorder's monthly cap is more than an order every day would cost
    ├── NeverOrderedError        automatic reorder of a product the shopper has never ordered
    └── StateConflictError       a reorder state was saved by someone else since it was read (also an
                                 ``orders.StorageError``: nothing was saved)

Callers at the edges (``skill/``) catch :class:`ReorderError` and map it to a spoken apology;
the message never contains a shopper identifier, only the offending position or value type.
"""

from __future__ import annotations

from decimal import Decimal

from orders import StorageError

__all__ = [
    "CapBelowOneOrderError",
    "CapTooHighError",
    "NeverOrderedError",
    "ReorderError",
    "ReorderInputError",
    "ReorderModelFileError",
    "StateConflictError",
]


class ReorderError(Exception):
    """Base class of every error raised on purpose by the reorder package."""


class ReorderInputError(ReorderError, ValueError):
    """An order history, ``now``, a feedback record or a fitting input is malformed.

    Raised for non-numeric, NaN, infinite or negative quantities, non-string or empty product
    ids, non-numeric or non-finite days, and items that are neither a list of ids nor a mapping.
    """


class ReorderModelFileError(ReorderError):
    """A saved model (``to_dict`` output or a JSON file) is missing, unreadable or invalid."""


class CapBelowOneOrderError(ReorderError):
    """An automatic reorder's monthly cap is below what one of its orders costs (tax included): every
    order would be skipped. ``one_order`` is that cost, for the shopper to hear."""

    def __init__(self, *, monthly_cap: Decimal, one_order: Decimal) -> None:
        super().__init__(f"monthly cap {monthly_cap} is below one order of {one_order}")
        self.monthly_cap = monthly_cap
        self.one_order = one_order


class CapTooHighError(ReorderError):
    """An automatic reorder's monthly cap is more than an order of it every day of a month would cost (tax
    included): more than anyone means for one product, most likely a misheard amount ("twenty one seventy
    six" heard as 2176). ``one_order`` is what one order costs and ``most`` the highest cap taken."""

    def __init__(self, *, monthly_cap: Decimal, one_order: Decimal, most: Decimal) -> None:
        super().__init__(f"monthly cap {monthly_cap} is above {most}, one order of {one_order} every day")
        self.monthly_cap = monthly_cap
        self.one_order = one_order
        self.most = most


class NeverOrderedError(ReorderError):
    """Automatic reorder of a product the shopper has never ordered: nothing says how often they need it, or
    how many at a time, so an automatic order would be a guess. ``product_id`` is the product."""

    def __init__(self, *, product_id: str) -> None:
        super().__init__(f"product {product_id} was never ordered")
        self.product_id = product_id


class StateConflictError(ReorderError, StorageError):
    """A reorder state was not saved: another writer (the skill, a notifier run) saved it after it was read.
    Nothing of that save was written; :class:`~reorder.service.ReorderService` reads the states again and
    makes its change to them."""
