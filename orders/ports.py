"""What the orders service needs from the outside world (adapters live in skill/, fakes in tests/)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from catalog import Product
from orders.model import Cart, Order
from orders.profile import ShopperProfile

__all__ = ["Clock", "ProductLookup", "ShopperStore"]


class Clock(Protocol):
    def now(self) -> datetime: ...


class ProductLookup(Protocol):
    def get(self, product_id: str) -> Product | None: ...


class ShopperStore(Protocol):
    """Per-shopper persistence. Every method raises ``orders.StorageError`` when the store fails."""

    def get_profile(self, shopper_id: str) -> ShopperProfile | None: ...

    def save_profile(self, profile: ShopperProfile) -> None: ...

    def get_cart(self, shopper_id: str) -> Cart: ...

    def save_cart(self, shopper_id: str, cart: Cart) -> None:
        """Save ``cart`` (at the next version) only if the stored cart is still at ``cart.version``, the one it
        was read at; else raise ``orders.CartConflictError`` and change nothing."""
        ...

    def place_order(self, order: Order, *, cart: Cart | None = None) -> bool:
        """Write ``order`` unless one with its id exists (then return False and change nothing).

        With ``cart`` (the cart checked out, as it is to be left: emptied, still knowing the requests that
        changed it), the shopper's cart is saved as it in the same atomic write, only if it is still at the version
        ``cart`` was read at (else ``orders.CartConflictError``, and nothing is written). Raises
        ``orders.OrderOutcomeUnknownError`` when the write was sent but not answered (it may have happened),
        ``orders.StorageError`` when the store refused it (it did not).
        """
        ...

    def claim_follow_up(self, shopper_id: str, order_id: str) -> bool:
        """Mark the order followed up (see ``Order.followed_up``) unless it already is: True when this call
        marked it, so that exactly one caller reports each placement. Raises ``orders.StorageError``."""
        ...

    def mark_listeners_done(self, shopper_id: str, order_id: str) -> None:
        """Mark the order's listeners done (see ``Order.listeners_done``) and its follow-up claimed: only the call
        that holds the follow-up runs the listeners, so a claim whose own write failed is made by this one. One
        conditional write; an order marked already (or stored before the mark was kept) is left as it is. Raises
        ``orders.StorageError``."""
        ...

    def get_order(self, shopper_id: str, order_id: str) -> Order | None: ...

    def recent_orders(self, shopper_id: str, *, limit: int) -> Sequence[Order]:
        """The shopper's orders, newest first."""
        ...

    def shopper_for_user(self, alexa_user_id: str) -> str | None:
        """The shopper an Alexa user id was last seen as (kept when the skill is re-enabled)."""
        ...

    def delete_shopper(self, shopper_id: str, *, alexa_user_id: str, keep_orders: bool) -> None:
        """Delete the shopper's profile, cart and user-id mapping (and orders unless ``keep_orders``)."""
        ...

    def mark_cancelled(self, order: Order, *, at: datetime) -> Order:
        """Cancel ``order`` only if it is still placed; raise ``OrderNotCancellableError`` otherwise."""
        ...
