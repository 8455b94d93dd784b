"""The orders domain: carts, quotes, idempotent orders, cancellation, limits and the voice code.

Plain Python: storage and the catalog come in through the ports in ``orders.ports``.
"""

from __future__ import annotations

from orders.exceptions import (
    CartConflictError,
    LimitExceededError,
    NothingToOrderError,
    OrderError,
    OrderNotCancellableError,
    OrderOutcomeUnknownError,
    StorageError,
    UnavailableError,
    VoiceCodeLockedError,
)
from orders.model import Cart, CartLine, Limits, Order, OrderLine, OrderSource, OrderStatus, money
from orders.profile import ShopperProfile
from orders.service import HISTORY_ORDERS, CartQuote, Placed, Quote, ShoppingService, new_order_id

__all__ = [
    "HISTORY_ORDERS",
    "Cart",
    "CartConflictError",
    "CartLine",
    "CartQuote",
    "LimitExceededError",
    "Limits",
    "NothingToOrderError",
    "Order",
    "OrderError",
    "OrderLine",
    "OrderNotCancellableError",
    "OrderOutcomeUnknownError",
    "OrderSource",
    "OrderStatus",
    "Placed",
    "Quote",
    "ShopperProfile",
    "ShoppingService",
    "StorageError",
    "UnavailableError",
    "VoiceCodeLockedError",
    "money",
    "new_order_id",
]
