"""Errors raised by the orders domain.

Hierarchy::

    OrderError
    ├── LimitExceededError      an order breaks a shopper's quantity or spending limit
    ├── UnavailableError        a product is unknown or out of stock at confirmation time
    ├── NothingToOrderError     checkout of an empty cart
    ├── VoiceCodeLockedError    three wrong voice codes: voice ordering is locked
    └── OrderNotCancellableError the order is gone, already cancelled or past its cancel window
    StorageError                the order store failed; nothing was written
    ├── OrderOutcomeUnknownError an order write was sent but not answered: it may have been placed
    └── CartConflictError        the cart was saved by another request since it was read; nothing was written
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orders.model import Order

__all__ = [
    "CartConflictError",
    "LimitExceededError",
    "NothingToOrderError",
    "OrderError",
    "OrderNotCancellableError",
    "OrderOutcomeUnknownError",
    "StorageError",
    "UnavailableError",
    "VoiceCodeLockedError",
]


class OrderError(Exception):
    """Base class of the orders domain's business errors."""


class LimitExceededError(OrderError):
    """An order line or total is above the shopper's limit; it is refused, never capped."""

    def __init__(
        self,
        *,
        kind: str,
        limit: Decimal | int,
        requested: Decimal | int,
        product_name: str = "",
        product_id: str | None = None,
    ):
        super().__init__(f"{kind} limit {limit} exceeded by {requested}")
        self.kind = kind  # "quantity" or "total"
        self.limit = limit
        self.requested = requested
        self.product_name = product_name
        self.product_id = product_id  # the line over a quantity limit, or the one product over the total


class UnavailableError(OrderError):
    """A product cannot be ordered now (unknown id or out of stock)."""

    def __init__(self, product_name: str | None, *, product_id: str | None = None):
        super().__init__(f"unavailable: {product_name or product_id}")
        self.product_name = product_name  # None when the catalog no longer has it (its id is never said)
        self.product_id = product_id


class NothingToOrderError(OrderError):
    """There is nothing to order (for example the cart is empty)."""


class VoiceCodeLockedError(OrderError):
    """Too many wrong voice codes; ordering by voice stays locked until the code is reset."""


class OrderNotCancellableError(OrderError):
    """The order cannot be cancelled (none, already cancelled, or its window has passed)."""

    def __init__(self, reason: str, *, order: Order | None = None):
        super().__init__(reason)
        self.reason = reason  # "none", "cancelled", "window_passed"
        self.order = order  # the order that can no longer be cancelled, when there is one


class StorageError(Exception):
    """The order store failed (throttled, timed out, conflicting write); nothing was changed (but see
    :class:`OrderOutcomeUnknownError`)."""


class OrderOutcomeUnknownError(StorageError):
    """An order write was sent but no answer came back (a timeout, a dropped connection, a server error):
    the order may have been placed. Placing the same order id again is safe, and finds it if it was."""


class CartConflictError(StorageError):
    """A cart write was refused: another request saved the cart since this one read it (its version moved on).
    Nothing was written; the change is worked out again from the cart as it is now."""
